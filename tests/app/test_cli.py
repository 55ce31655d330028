"""The command line as a user meets it: a manual in --help, exit codes 0 / 2 / 1, no tracebacks."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import cli
from tests.conftest import cli_for, run_cli


def test_help_reads_like_a_manual() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for text in ("--check", "--watch", "--only", "--force", "--out", "exit codes", "assets/"):
        assert text in result.stdout


def test_check_passes_on_shipped_content() -> None:
    result = run_cli("--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_bad_input_exits_2_without_traceback(mini: Path) -> None:
    (mini / "figures.csv").write_text("id,stage\n", encoding="utf-8")
    result = cli_for(mini, "--check")
    assert result.returncode == 2
    assert "figures.csv" in result.stderr and "Traceback" not in result.stderr


def test_internal_error_is_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import model.loader

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(model.loader, "load", broken)
    assert cli.main(["--check"], "") == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err and "--debug" in err
    assert cli.main(["--check", "--debug"], "") == 1
    assert "Traceback" in capsys.readouterr().err


def test_quiet_prints_nothing_on_success() -> None:
    result = run_cli("--check", "--quiet")
    assert result.returncode == 0 and result.stdout == ""


def test_help_is_as_wide_as_the_terminal(monkeypatch) -> None:
    import os

    from app.cli import parser

    monkeypatch.delenv("COLUMNS", raising=False)
    widths = {}
    for columns in (200, 60):
        monkeypatch.setattr(os, "get_terminal_size", lambda *a, c=columns: os.terminal_size((c, 50)))
        widths[columns] = max(map(len, parser("Build the briefing.").format_help().splitlines()))
    assert 120 < widths[200] <= 198 and 50 < widths[60] <= 58    # filled to the terminal less argparse's 2 free columns
