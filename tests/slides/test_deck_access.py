"""Accessibility of the deck: contrast of every run against its fill, decorative shapes, reading order, alt text."""
from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest
from deckcheck import open_deck

from core.errors import InputError
from core.model import Briefing
from slides import build_deck
from slides.access import MIN_CONTRAST, contrast, is_decorative, run_contrasts

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
DECORATIVE_NAMES = ("Card", "Quote Bar")


def test_contrast_formula_matches_wcag() -> None:
    assert round(contrast("#000000", "#FFFFFF"), 2) == 21.0
    assert round(contrast("#777777", "#FFFFFF"), 2) == 4.48          # WCAG's classic just-failing grey
    assert round(contrast("#C08A2E", "#9E1B24"), 2) == 2.62          # the old gold on red of the title slide


def test_every_run_has_enough_contrast(shipped_rendered, shipped_briefing: Briefing) -> None:
    prs = open_deck(shipped_rendered.data)
    runs = list(run_contrasts(prs, shipped_briefing.theme.palette["text"]))
    assert len(runs) > 500
    fills = {r.fill.upper() for r in runs}
    pal = shipped_briefing.theme.palette
    assert {pal[k].upper() for k in ("primary", "secondary", "tint", "paper")} <= fills    # dark and light slides, cards
    low = [r for r in runs if r.ratio < MIN_CONTRAST]
    assert not low, low[:5]


def test_decoration_is_marked_and_text_is_not(shipped_rendered) -> None:
    prs = open_deck(shipped_rendered.data)
    marked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            decorative = is_decorative(shape._element)
            if shape.name.startswith(DECORATIVE_NAMES) and not shape.name.endswith("Text"):
                assert decorative, shape.name
                marked += 1
            else:
                assert not decorative, shape.name
    assert marked > 20
    for layout in prs.slide_layouts:                  # the template's bands and rules
        for shape in layout.shapes:
            assert is_decorative(shape._element) == (not shape.is_placeholder), (layout.name, shape.name)


def test_reading_order_is_title_content_footer(shipped_rendered) -> None:
    prs = open_deck(shipped_rendered.data)
    for number, slide in enumerate(prs.slides, 1):
        shapes = [s for s in slide.shapes if not is_decorative(s._element)]
        kinds = ["title" if s == slide.shapes.title else
                 "footer" if s.is_placeholder and s.placeholder_format.type in (13, 15) else "content" for s in shapes]
        kinds = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]
        assert kinds in (["title", "content", "footer"], ["title", "content"]), (number, kinds)


def test_charts_keep_their_alt_text(shipped_rendered, shipped_briefing: Briefing) -> None:
    prs = open_deck(shipped_rendered.data)
    specs = {c.id: c for c in shipped_briefing.charts}
    frames = [shape for slide in prs.slides for shape in slide.shapes if shape.has_chart]
    assert len(frames) == len(specs)
    for frame in frames:
        assert frame._element.find(f".//{P}cNvPr").get("descr") == specs[frame.name.removeprefix("Chart ")].alt_text


def test_a_palette_without_contrast_is_refused(mini_briefing: Briefing) -> None:
    palette = {**mini_briefing.theme.palette, "highlight": "#C08A2E"}       # the old gold on the dark slides
    theme = dataclasses.replace(mini_briefing.theme, palette=MappingProxyType(palette))
    with pytest.raises(InputError) as err:
        build_deck(dataclasses.replace(mini_briefing, theme=theme), template=None)
    text = str(err.value)
    assert "#C08A2E on #9E1B24 has contrast 2.62:1" in text and "#C08A2E on #263445 has contrast 4.17:1" in text
