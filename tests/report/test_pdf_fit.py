"""Content stays inside its card, cover box or table cell whatever its length: the fixed columns do
not grow to fit, so a long number is set smaller (at the extreme its unit goes below it) and a long
Latin word breaks."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import project_inputs

from model.loader import load
from report import allowed_roots, draw_charts
from report.fetcher import SafeFetcher
from report.html import render_css, render_html
from report.pdf import font_config

LONG = {"rural_income_2015": ("1234567890.12", "万元", "以上"),      # 13 characters: the unit must wrap
        "poor_reduced_2015": ("9876543.21", "万人", "")}             # 10 characters: smaller, one line
LONG_LABEL = "Reduction_of_poverty_alleviation_targets"     # 40: the longest label allowed (issue 12)


def _boxes(box) -> Iterator:  # WeasyPrint boxes
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _classes(box) -> set[str]:
    return set((box.element.get("class") or "").split()) if box.element is not None and box.element_tag else set()


@pytest.fixture
def long_figures(mini: Path) -> Path:
    data = mini / "figures.csv"
    header, *rows = list(csv.reader(io.StringIO(data.read_text(encoding="utf-8"))))
    col = {name: i for i, name in enumerate(header)}
    for cells in rows:
        if cells[col["id"]] in LONG:
            value, unit, approx = LONG[cells[col["id"]]]
            cells[col["value"]], cells[col["unit"]], cells[col["approx"]] = value, unit, approx
            if cells[col["id"]] == "poor_reduced_2015":
                cells[col["label"]] = LONG_LABEL
            cells[col["source"]] = f"{value}{unit}{approx}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    data.write_text(out.getvalue(), encoding="utf-8")
    return mini


def test_long_figures_stay_inside_their_boxes(long_figures: Path, tmp_path: Path) -> None:
    from weasyprint import CSS, HTML

    briefing = load(project_inputs(long_figures))
    charts, _ = draw_charts(briefing, tmp_path)
    html, _ = render_html(briefing, charts)
    base = (tmp_path / "charts").resolve().as_uri() + "/"
    fetcher = SafeFetcher(allowed_roots(briefing, tmp_path / "charts"))
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=render_css(briefing), base_url=base, url_fetcher=fetcher, font_config=font_config())],
        font_config=font_config())
    checked: set[str] = set()
    tops: dict[str, list[float]] = {}
    for page in document.pages:
        for box in _boxes(page._page_box):
            kind = _classes(box) & {"card", "headline-item"} or ({"td"} if box.element_tag == "td" else set())
            if not kind:
                continue
            right = box.content_box_x() + box.width
            for inner in _boxes(box):
                if type(inner).__name__ == "TextBox":
                    assert inner.position_x + inner.width <= right + 0.5, (kind, inner.text)
                    checked.add(inner.text)
                    if "card" in kind:
                        tops.setdefault(inner.text, []).append(inner.position_y)
    assert {"1234567890.12", "9876543.21", "万人"} <= checked
    assert tops["万元以上"][0] > tops["1234567890.12"][0] + 5             # the 13-character one's unit went below it
    assert abs(tops["万人"][0] - tops["9876543.21"][0]) < 15              # the 10-character one kept its unit beside it
    assert any(text in LONG_LABEL and len(text) < len(LONG_LABEL) for text in checked)   # the label broke
