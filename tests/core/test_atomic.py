"""Atomic writes: the new bytes or the old file, never a mix, and sensible permissions."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from core.atomic import write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "briefing.pdf", b"new")
        os.umask(0o077)
        write_atomic(tmp_path / "private" / "briefing.pdf", b"new")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "briefing.pdf") == 0o644          # not the temp file's 0600
    assert _mode(tmp_path / "private" / "briefing.pdf") == 0o600
    assert (tmp_path / "briefing.pdf").read_bytes() == b"new"


def test_a_rewritten_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """Also an output an earlier version left private (0600, the temp file's mode)."""
    path = tmp_path / "briefing.pptx"
    path.write_bytes(b"old")
    path.chmod(0o600)
    old = os.umask(0o022)
    try:
        write_atomic(path, b"new")
    finally:
        os.umask(old)
    assert _mode(path) == 0o644 and path.read_bytes() == b"new"


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(b"old")

    def broken_replace(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.pdf"]
