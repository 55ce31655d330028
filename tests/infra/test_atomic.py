"""Atomic writes: the new bytes or the old file, never a mix, and sensible permissions."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from infra.atomic import write_atomic


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


# ---------------------------------------------------------------- both outputs or neither (issue 12)

def _pair(tmp_path: Path) -> dict[Path, bytes]:
    for name in ("briefing.pdf", "briefing.pptx"):
        (tmp_path / name).write_bytes(b"old " + name.encode())
    return {tmp_path / "briefing.pdf": b"new pdf", tmp_path / "briefing.pptx": b"new pptx"}


def _left(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir()) if p.is_file()}


def test_both_files_are_replaced_together(tmp_path: Path) -> None:
    from infra.atomic import write_together

    write_together(_pair(tmp_path))
    assert _left(tmp_path) == {"briefing.pdf": b"new pdf", "briefing.pptx": b"new pptx"}


def test_a_folder_in_the_way_replaces_neither_and_names_the_file(tmp_path: Path) -> None:
    from infra.atomic import WriteFailed, write_together

    files = _pair(tmp_path)
    (tmp_path / "briefing.pptx").unlink()
    (tmp_path / "briefing.pptx").mkdir()
    with pytest.raises(WriteFailed) as caught:
        write_together(files)
    assert caught.value.path == tmp_path / "briefing.pptx"
    assert _left(tmp_path) == {"briefing.pdf": b"old briefing.pdf"}


def test_a_failed_move_puts_the_first_file_back(tmp_path: Path, monkeypatch) -> None:
    """The deck's move fails (on Windows: the deck is open in PowerPoint) after the PDF's succeeded."""
    import infra.atomic
    from infra.atomic import WriteFailed, write_together

    files = _pair(tmp_path)
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("briefing.pptx") and str(src).endswith(".tmp") and ".old." not in str(src):
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(infra.atomic.os, "replace", replace)
    with pytest.raises(WriteFailed) as caught:
        write_together(files)
    assert caught.value.path.name == "briefing.pptx"
    assert _left(tmp_path) == {"briefing.pdf": b"old briefing.pdf", "briefing.pptx": b"old briefing.pptx"}
