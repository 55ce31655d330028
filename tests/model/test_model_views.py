"""What the builders used to work out for themselves, now said once by the model (issue 15)."""
from __future__ import annotations

import dataclasses
from types import MappingProxyType

from model.briefing import DERIVED_PREFIX, Briefing


def test_text_parts_put_the_text_back_together(shipped_briefing: Briefing) -> None:
    for f in shipped_briefing.figures.values():
        before, number, after = f.text_parts
        assert before + number + after == f.text and number == f.number, f.id


def test_a_derived_source_is_stored_without_the_label_and_cited_with_it(shipped_briefing: Briefing) -> None:
    derived = shipped_briefing.derived_figures
    assert derived
    for f in derived:
        assert not f.source.startswith(DERIVED_PREFIX) and f.source_line == DERIVED_PREFIX + f.source, f.id
    quoted = next(f for f in shipped_briefing.figures.values() if not f.derived)
    assert quoted.source_line == quoted.source


def test_charts_by_figure_lists_every_chart_of_a_figure_once(shipped_briefing: Briefing) -> None:
    shown = shipped_briefing.charts_by_figure
    for chart in shipped_briefing.charts:
        for f in chart.figures:
            assert chart.id in shown[f.id]
    assert all(len(ids) == len(set(ids)) for ids in shown.values())
    assert set(shown) == {f.id for c in shipped_briefing.charts for f in c.figures}


def test_the_appendix_names_the_postscript_by_its_title(mini_briefing: Briefing) -> None:
    """A figure of the postscript (stage: postscript) is grouped under the postscript's own title."""
    from report.html import render_html

    b = mini_briefing
    first = next(iter(b.figures.values()))
    figures = MappingProxyType({**b.figures, first.id: dataclasses.replace(first, stage="postscript")})
    renamed = dataclasses.replace(b, figures=figures, postscript=dataclasses.replace(b.postscript, title="结语与展望"))
    html, _ = render_html(renamed, {c.id: "x.svg" for c in b.charts})
    assert '<th colspan="4" scope="row">结语与展望</th>' in html


def test_a_charts_maximum_is_its_largest_reported_value(shipped_briefing: Briefing) -> None:
    for chart in shipped_briefing.charts:
        values = [f.value for f in chart.figures]
        assert chart.maximum == float(max(values)), chart.id


def test_the_article_is_cited_from_the_document(mini_briefing: Briefing) -> None:
    """The citation forms are the document's (one place); a chart's caption cites it too."""
    doc = mini_briefing.document
    day = f"{doc.published.year}年{doc.published.month}月{doc.published.day}日"
    assert doc.date == day
    assert doc.work == f"{doc.source}《{doc.subtitle}》" and doc.citation == f"{doc.work}（{day}）"
    assert doc.compiled_from == f"根据{doc.work}整理" and doc.published_in == f"{doc.source}{day}刊发的《{doc.subtitle}》"
    assert mini_briefing.charts and all(c.source_note.startswith(f"资料来源：{doc.citation}") for c in mini_briefing.charts)

