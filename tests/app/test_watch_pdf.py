"""``--watch`` (a warm process) hands the PDF builder ``keep``: after the first build, a changed figure
lays out again only the parts that show it, and the file written is the one a normal build writes.
In-process through app.pipeline.build, as app.watch runs it; the mini fixture, PDF only."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import inputs_from
from app.pipeline import build
from model.options import BuildOptions
from tests.conftest import set_value

pytestmark = pytest.mark.usefixtures("no_kept_pages")


def run(folder: Path, out: Path, watch: bool) -> str:
    options = BuildOptions(out=out, outline=folder / "outline.yaml", data=folder / "figures.csv",
                           theme=folder / "theme.yaml", only="pdf", watch=watch)
    lines: list[str] = []
    build(options, inputs_from(options), lines.append)
    return lines[0]


def test_watch_rebuild_relays_only_the_changed_parts_and_writes_a_normal_builds_bytes(mini: Path, tmp_path: Path) -> None:
    assert "layout whole (first build)" in run(mini, tmp_path / "watch", watch=True)
    set_value(mini, "parks_output_2016", "241.5")           # s5 and its chart, the appendix
    line = run(mini, tmp_path / "watch", watch=True)
    assert " pages (stage-s5, " in line and "whole" not in line, line
    normal = run(mini, tmp_path / "normal", watch=False)
    assert "layout " not in normal                          # a normal build lays out whole, keeping nothing
    assert (tmp_path / "watch" / "briefing.pdf").read_bytes() == (tmp_path / "normal" / "briefing.pdf").read_bytes()
