"""Regression: pagination always makes progress.

A measure item's tail that fits an empty box on its own, but not under its repeated “…（续）”
group heading, used to be moved to the next box, which starts with the same heading: the deck
builder then added slides for ever (found with a 50,000-character measure, issue 6).
"""
from __future__ import annotations

from pathlib import Path

from slides.filling import continued, fill
from slides.measure import Metrics, Para, Run

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"


def test_a_tail_that_fits_only_without_its_heading_is_split_not_moved_for_ever() -> None:
    metrics = Metrics(FONTS / "NotoSansSC-Regular.ttf", FONTS / "NotoSansSC-Bold.ttf")
    head = Para((Run("六大扶贫工程", 20, True, "em"),), pitch=1.3, before=10, after=4, keep_with_next=True, block=1)
    item = Para((Run("推进产业扶贫项目建设，完善农村基础设施，" * 8, 20, False),), pitch=1.3, after=3, repeat=head)
    width = 300.0
    alone = metrics.para_height(item, width, first=True)
    height = alone + 1.0                                    # the item fits an empty box, not under a heading
    assert metrics.height([continued(head), item], width) > height

    rest = [continued(head), item]
    boxes = 0
    while rest:
        taken, rest = fill(metrics, rest, width, height)
        boxes += 1
        assert any(not p.keep_with_next for p in taken), f"box {boxes} holds only the heading"
        assert boxes < 10, "pagination does not make progress"
    assert boxes == 2
