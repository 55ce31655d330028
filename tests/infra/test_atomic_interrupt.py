"""infra.atomic.write_together interrupted (Ctrl+C in --watch) at each move of the second file: both old
files are back in place and no temporary file is left."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import infra.atomic
from infra.atomic import write_together


def _pair(folder: Path) -> dict[Path, bytes]:
    for name in ("briefing.pdf", "briefing.pptx"):
        (folder / name).write_bytes(b"old " + name.encode())
    return {folder / "briefing.pdf": b"new pdf", folder / "briefing.pptx": b"new pptx"}


@pytest.mark.parametrize("moment", ["before the old deck is set aside", "before the new deck is moved in",
                                    "after the new deck is moved in"])
def test_ctrl_c_between_the_moves_puts_both_old_files_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           moment: str) -> None:
    files = _pair(tmp_path)
    real = os.replace

    def replace(src, dst) -> None:
        aside = str(src).endswith("briefing.pptx") and str(dst).endswith(".old.tmp")
        moving_in = str(dst).endswith("briefing.pptx") and ".old." not in str(src)
        if (aside and moment.startswith("before the old")) or (moving_in and moment.startswith("before the new")):
            raise KeyboardInterrupt
        real(src, dst)
        if moving_in and moment.startswith("after"):
            raise KeyboardInterrupt

    monkeypatch.setattr(infra.atomic.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_together(files)
    left = {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir())}
    assert left == {"briefing.pdf": b"old briefing.pdf", "briefing.pptx": b"old briefing.pptx"}, moment
