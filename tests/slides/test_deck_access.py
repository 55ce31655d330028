"""Accessibility of the deck: contrast of every run against its fill, decorative shapes, reading order, alt text."""
from __future__ import annotations

import dataclasses
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import project_inputs
from deckcheck import A, C, open_deck
from lightness import MIN_LIGHTNESS_STEP, lightness

from model.briefing import Briefing
from model.errors import InputError
from model.loader import load
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
    runs = list(run_contrasts(prs, shipped_briefing.theme.palette.text))
    assert len(runs) > 500
    fills = {r.fill.upper() for r in runs}
    pal = shipped_briefing.theme.palette
    assert {c.upper() for c in (pal.primary, pal.secondary, pal.tint, pal.paper)} <= fills    # dark and light slides, cards
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
    palette = dataclasses.replace(mini_briefing.theme.palette, highlight="#C08A2E")     # the old gold on the dark slides
    theme = dataclasses.replace(mini_briefing.theme, palette=palette)
    with pytest.raises(InputError) as err:
        build_deck(dataclasses.replace(mini_briefing, theme=theme), template=None)
    text = str(err.value)
    assert "#C08A2E on #9E1B24 has contrast 2.62:1" in text and "#C08A2E on #263445 has contrast 4.17:1" in text


def test_low_contrast_names_the_theme_lines_that_set_the_colours(mini: Path) -> None:
    theme = mini / "theme.yaml"
    lines = theme.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("tint:")) + 1
    lines.insert(at, '  highlight: "#C08A2E"')
    theme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_deck(load(project_inputs(mini)), template=None)
    first = err.value.problems[0]
    assert first.file.endswith("theme.yaml")
    assert f"line {at + 1}, field `palette.highlight`" in first.where      # the line just written
    assert "field `palette.primary`" in first.where                          # the red it stands on
    assert "palette colours" in first.hint




def _fill_and_edge(sp_pr) -> tuple[str | None, str | None]:
    fill = sp_pr.find(f"{A}solidFill/{A}srgbClr") if sp_pr is not None else None
    edge = sp_pr.find(f"{A}ln/{A}solidFill/{A}srgbClr") if sp_pr is not None else None
    return (None if fill is None else "#" + fill.get("val"), None if edge is None else "#" + edge.get("val"))


def test_deck_charts_read_in_black_and_white(shipped_rendered, shipped_briefing: Briefing) -> None:
    """As in the PDF: neighbouring series differ in lightness, and a derived (推算) bar, point or series is
    an outline on paper in its series colour — never a tint that may match its neighbour's grey."""
    prs = open_deck(shipped_rendered.data)
    specs = {c.id: c for c in shipped_briefing.charts}
    paper = shipped_briefing.theme.palette.paper.upper()
    derived_seen = 0
    for slide in prs.slides:
        for frame in (s for s in slide.shapes if s.has_chart):
            spec = specs[frame.name.removeprefix("Chart ")]
            xml_series = frame.chart._chartSpace.findall(f".//{C}ser")
            colours = []
            for ser, model in zip(xml_series, spec.series, strict=True):
                main, edge = _fill_and_edge(ser.find(f"{C}spPr"))
                if spec.type == "line":
                    main = edge
                    marker_fill, _ = _fill_and_edge(ser.find(f"{C}marker/{C}spPr"))
                if all(f is None or f.derived for f in model.figures) and any(model.figures):
                    assert (marker_fill if spec.type == "line" else main).upper() == paper, spec.id
                    colour = edge
                    derived_seen += 1
                else:
                    colour = main
                    for dpt in ser.findall(f"{C}dPt"):
                        index = int(dpt.find(f"{C}idx").get("val"))
                        assert model.figures[index] is not None and model.figures[index].derived, spec.id
                        fill, point_edge = _fill_and_edge(dpt.find(f"{C}spPr"))
                        assert (str(fill).upper(), str(point_edge).upper()) == (paper, colour.upper()), spec.id
                        derived_seen += 1
                    assert len(ser.findall(f"{C}dPt")) == sum(1 for f in model.figures if f is not None and f.derived)
                colours.append(colour)
            for a, b in pairwise(colours):
                assert abs(lightness(a) - lightness(b)) >= MIN_LIGHTNESS_STEP, (spec.id, a, b)
            for colour in colours:
                assert lightness(paper) - lightness(colour) >= MIN_LIGHTNESS_STEP, (spec.id, colour)
    assert derived_seen >= 1            # the shipped content has 推算 figures on a chart
