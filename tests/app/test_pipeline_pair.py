"""A build killed (SIGKILL) between the two final renames: the new PDF is in place beside the old deck.
The manifest is written after both renames, so the next build sees both outputs as stale, builds both
again and still reports the change; it never answers "up to date" for the mismatched pair."""
from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.test_pipeline import NEW, NEW_TEXT, OLD_TEXT, args_for, build, deck_text, temp_files
from tests.conftest import ROOT, set_value
from tests.report.pdfcheck import pdf_text

# a real build that kills itself at the moment the old deck would be set aside (the new PDF already moved in)
KILLED = r"""
import os, signal, sys
sys.path.insert(0, os.getcwd())
real = os.replace

def replace(src, dst):
    if str(src).endswith("briefing.pptx") and str(dst).endswith(".old.tmp"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(src, dst)

os.replace = replace
from app.cli import main
sys.exit(main(sys.argv[1:], ""))
"""


@pytest.mark.slow
def test_a_kill_between_the_renames_is_seen_and_healed_by_the_next_build(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out)[0] == 0
    old_deck = (out / "briefing.pptx").read_bytes()
    set_value(mini, "parks_invest_2016", NEW)
    killed = subprocess.run([sys.executable, "-c", KILLED, *args_for(mini, out)], cwd=ROOT, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    # what a user sees until the next build: the new PDF beside the old deck
    assert NEW_TEXT in pdf_text((out / "briefing.pdf").read_bytes())
    assert (out / "briefing.pptx").read_bytes() == old_deck and OLD_TEXT in deck_text(old_deck)

    code, console = build(capsys, mini, out)
    assert code == 0, console
    assert "up to date" not in console and " pdf " in console and " pptx " in console, console
    assert NEW_TEXT in deck_text((out / "briefing.pptx").read_bytes())
    assert "changed: parks_invest_2016" in console                  # the manifest still holds the old figures
    assert temp_files(out) == []
    assert "up to date" in build(capsys, mini, out)[1]
