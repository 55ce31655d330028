"""The PDF of the shipped content (slow: a full build, shared through tests/conftest.py)."""
from __future__ import annotations


import pytest
from pdfcheck import bookmarks, embedded_fonts, page_texts, pdf_text, reader, shown_figures

pytestmark = pytest.mark.slow


def test_size_pages_fonts(shipped_pdf) -> None:
    assert len(shipped_pdf.data) <= 800 * 1024
    assert 12 <= len(reader(shipped_pdf.data).pages) <= 40
    assert {n.split("+", 1)[1] for n in embedded_fonts(shipped_pdf.data)} <= {"Noto-Sans-SC", "Noto-Sans-SC-Bold"}


def test_every_shown_figure_is_printed(shipped_pdf, shipped_briefing) -> None:
    text = pdf_text(shipped_pdf.data)
    assert [f.id for f in shown_figures(shipped_briefing) if f.text not in text] == []
    assert [f.id for f in shipped_briefing.figures.values() if f.text not in text] == []   # the appendix lists all


def test_stage_bookmarks_and_chapter_pages(shipped_pdf, shipped_briefing) -> None:
    top = [t for level, t in bookmarks(shipped_pdf.data) if level == 1]
    assert [t for t in top if t in {s.heading for s in shipped_briefing.stages}] == [s.heading for s in shipped_briefing.stages]
    pages = page_texts(shipped_pdf.data)
    for stage in shipped_briefing.stages:          # each chapter starts a page with its heading
        assert any(p.startswith(f"第{stage.numeral}部分") or stage.heading in p[:80] for p in pages)


def test_where_has_every_shown_figure(shipped_pdf, shipped_briefing) -> None:
    for f in shown_figures(shipped_briefing):
        assert any(loc.startswith("p. ") for loc in shipped_pdf.where[f.id])


def test_every_number_printed_comes_from_the_data(shipped_pdf, shipped_briefing) -> None:
    """Besides the figures, the PDF prints only dates, page numbers and counts of the data itself;
    and it does not claim the derived figures were quoted from the article."""
    import re

    text = pdf_text(shipped_pdf.data)
    figures = {f.number for f in shipped_briefing.figures.values()}
    derived = len(shipped_briefing.derived_figures)
    counts = {str(len(shipped_briefing.figures)), str(len(shipped_briefing.figures) - derived), str(derived)}
    pages = page_texts(shipped_pdf.data)
    contents = next(p for p in pages if "目录" in p[:40])
    undated = [m.group() for m in re.finditer(r"\d+", contents) if not re.match(r"[年月日—–-]", contents[m.end():m.end() + 1])]
    assert undated and all(1 <= int(n) <= len(pages) for n in undated)          # the contents page: page numbers
    body = re.sub(r"第\s*\d+\s*页|共\s*\d+\s*页|图\d+", "", text.replace(contents, ""))   # page numbers, 图1
    stray = [m.group() for m in re.finditer(r"\d+(?:\.\d+)?", body)
             if m.group() not in figures | counts
             and not re.match(r"[年月日—–-]", body[m.end():m.end() + 1])                  # 2018年6月26日, 2013—2015
             and m.group() != str(shipped_briefing.document.edition.year)]               # the cover kicker
    assert stray == []
    assert f"{len(shipped_briefing.figures) - derived}项原文数据逐项摘自原文" in text
