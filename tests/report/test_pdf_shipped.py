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
    quoted = [f for f in shipped_briefing.figures.values() if not f.derived]       # the sources page counts them by period basis
    section = sum(f.period_source == "section" for f in quoted)
    undated = sum(not f.period for f in quoted)
    counts |= {str(n) for n in (section, undated, len(quoted) - section - undated, len(shipped_briefing.corrections),
                                sum(f.period.startswith("截至发稿") for f in quoted))}
    pages = page_texts(shipped_pdf.data)
    entries = ["概述", *(s.heading + (s.period or "") for s in shipped_briefing.stages), "资料来源与说明", "附表数据一览"]
    entries += [shipped_briefing.postscript.title] if shipped_briefing.postscript else []
    for entry in entries:                                   # the contents page: each entry, then its page number
        match = re.search(re.escape(entry) + r"(\d+)", text)
        assert match and 1 <= int(match.group(1)) <= len(pages), entry
        text = text.replace(match.group(), "", 1)
    body = re.sub(r"第\s*\d+\s*页|共\s*\d+\s*页|图\d+", "", text)      # page numbers, 图1
    stray = [m.group() for m in re.finditer(r"\d+(?:\.\d+)?", body)
             if m.group() not in figures | counts
             and not re.match(r"[年月日—–-]", body[m.end():m.end() + 1])                  # 2018年6月26日, 2013—2015
             and m.group() != str(shipped_briefing.document.edition.year)]               # the cover kicker
    assert stray == []
    assert f"{len(shipped_briefing.figures) - derived}项原文数据逐项摘自原文" in text


def test_cards_and_charts_link_to_their_appendix_rows(shipped_pdf, shipped_briefing) -> None:
    """A reader can check every card and every chart: each links (an internal PDF link) to the appendix
    row that quotes the article's words and the basis of the period."""
    pdf = reader(shipped_pdf.data)
    names = pdf.named_destinations
    appendix = pdf.get_destination_page_number(names["appendix"])
    linked: set[str] = set()
    for number, page in enumerate(pdf.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = str(annot.get("/Dest", ""))
            if annot.get("/Subtype") == "/Link" and dest.startswith("fig-") and number < appendix:
                linked.add(dest.removeprefix("fig-"))
    for fid in shipped_briefing.figures:
        assert pdf.get_destination_page_number(names[f"fig-{fid}"]) >= appendix, fid
    cards = {r.figure.id for s in shipped_briefing.stages for r in s.results} | {f.id for f in shipped_briefing.document.headline}
    charted = {f.id for c in shipped_briefing.charts for f in c.figures}
    assert cards | charted <= linked
    text = pdf_text(shipped_pdf.data)
    assert "出处与时期依据" in text and "原文未注明" in text and "时期依据：第四部分标题" in text
