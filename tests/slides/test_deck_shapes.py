"""Shapes made or read without python-pptx's slow paths: copied rectangles, kept placeholder boxes."""
from __future__ import annotations

from lxml import etree

from model.briefing import Briefing


def test_a_copied_rectangle_is_what_python_pptx_writes(mini_briefing: Briefing) -> None:
    from slides.frames import Frames
    from slides.template import Rect

    frames = Frames(mini_briefing, None)
    copied = frames.new_slide("Big Numbers", "标题", footer=False)
    made = frames.new_slide("Big Numbers", "标题", footer=False)
    frames.rect_shape(copied, Rect(1, 2, 3, 4), "#123456", "First")       # made, then kept as the model
    pairs = [(Rect(10, 20, 300, 400), "#9E1B24", "Card 1"), (Rect(0, 0, 5, 5), "#F2CF86", "Band & <bar>")]
    for rect, color, name in pairs:
        frames.rect_shape(copied, rect, color, name)
    frames.rect_shape(made, Rect(1, 2, 3, 4), "#123456", "First")
    for rect, color, name in pairs:
        frames._rect_model = None                                           # through python-pptx's API each time
        frames.rect_shape(made, rect, color, name)
    assert etree.tostring(copied.shapes._spTree) == etree.tostring(made.shapes._spTree)
    assert [s.name for s in copied.shapes][-3:] == ["First", "Card 1", "Band & <bar>"]
    assert len({s.shape_id for s in copied.shapes}) == len(copied.shapes)


def test_kept_boxes_are_python_pptx_own_answers_for_every_shape(mini_briefing: Briefing) -> None:
    from slides.deck import laid_out
    from slides.template import Boxes

    boxes, inherited = Boxes(), 0
    for slide in laid_out(mini_briefing, None).prs.slides:
        for shape in slide.shapes:
            expected = tuple(v or 0 for v in (shape.left, shape.top, shape.width, shape.height))
            assert boxes(shape) == boxes(shape) == expected, shape.name
            inherited += shape.is_placeholder and shape._element.xfrm is None
    assert inherited > 5 and len(boxes._inherited) >= 2          # titles of several layouts, kept once each
