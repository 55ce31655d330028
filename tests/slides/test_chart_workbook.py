"""The chart's embedded workbook ("Edit Data") holds text as text (issue 12): a category or a series name
that starts with = + - @ or looks like a URL is a string cell, never a formula or a hyperlink."""
from __future__ import annotations

import dataclasses
import io

from openpyxl import load_workbook
from pptx import Presentation

from model.briefing import Briefing, Series
from slides.charts import add_chart
from slides.template import SHIPPED, Rect

HOSTILE = ['=HYPERLINK("http://127.0.0.1/x","y")', "=1+2", "+1+2", "-1+2", "@SUM(A1:A2)", "http://127.0.0.1/z",
           "{=A1}", "12"]


def test_chart_text_is_stored_as_text(mini_briefing: Briefing) -> None:
    chart = mini_briefing.charts[0]
    figure = next(f for f in chart.figures if not f.derived)
    hostile = dataclasses.replace(chart, categories=tuple(HOSTILE),
                                  series=tuple(Series(name, (figure,) * len(HOSTILE)) for name in HOSTILE[:3]))
    prs = Presentation(str(SHIPPED))
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    frame = add_chart(slide, hostile, Rect(0, 0, 6_000_000, 4_000_000), mini_briefing.theme)
    book = load_workbook(io.BytesIO(frame.chart.part.chart_workbook.xlsx_part.blob))
    sheet = book.worksheets[0]
    cells = {cell.coordinate: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert [c.data_type for c in cells.values() if c.data_type not in ("s", "n")] == []
    assert [cells[f"A{i + 2}"].value for i in range(len(HOSTILE))] == HOSTILE       # literally, "12" too
    assert [cells[f"{col}1"].value for col in "BCD"] == HOSTILE[:3]
    assert not any(c.hyperlink for c in cells.values())
    assert sheet._hyperlinks == []
