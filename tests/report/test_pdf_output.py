"""The PDF built from the mini fixture: structure, fonts, metadata, figures, reproducibility."""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import pytest
from pdfcheck import bookmarks, build, embedded_fonts, pdf_text, reader, shown_figures

from model.briefing import Briefing
from report import build_pdf


@pytest.fixture(scope="module")
def mini_pdf(mini_briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict]:
    rendered = build_pdf(mini_briefing, cache_dir=tmp_path_factory.mktemp("cache"), variant=None)
    return rendered.data, dict(rendered.where)


def test_page_count_is_sane(mini_pdf, mini_briefing) -> None:
    pages = len(reader(mini_pdf[0]).pages)
    # cover, contents, overview, one page or more per stage, postscript, sources, appendix
    assert 3 + len(mini_briefing.stages) + 3 <= pages <= 20


def test_bookmarks_follow_headings(mini_pdf, mini_briefing) -> None:
    marks = bookmarks(mini_pdf[0])
    top = [title for level, title in marks if level == 1]
    for stage in mini_briefing.stages:
        assert stage.heading in top
    assert top.index(mini_briefing.stages[0].heading) < top.index(mini_briefing.stages[-1].heading)
    assert "后记" in top and "资料来源与说明" in top
    assert all(level <= 2 for level, _ in marks), "measure groups (h3) must not clutter the bookmarks"
    assert any(level == 2 and title == "主要成效" for level, title in marks)


def test_only_the_bundled_font_is_embedded(mini_pdf) -> None:
    names = embedded_fonts(mini_pdf[0])
    assert names, "no fonts found"
    for name in names:
        assert "+" in name, f"{name} is not a subset"
        assert name.split("+", 1)[1].replace("-", "") in ("NotoSansSC", "NotoSansSCBold"), name


def test_metadata(mini_pdf, mini_briefing) -> None:
    doc = mini_briefing.document
    r = reader(mini_pdf[0])
    meta = r.metadata
    assert meta.title == doc.title
    assert doc.author in meta.author and doc.unit in meta.author
    assert meta.subject == doc.subtitle
    for word in doc.keywords:
        assert word in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:" + doc.edition.strftime("%Y%m%d"))
    root = r.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root   # tagged PDF by default


def test_every_shown_figure_is_in_the_text(mini_pdf, mini_briefing) -> None:
    text = pdf_text(mini_pdf[0])
    missing = [f"{f.id}: {f.text}" for f in shown_figures(mini_briefing) if f.text not in text]
    assert not missing


def test_derived_figures_are_marked(mini_pdf, mini_briefing) -> None:
    text = pdf_text(mini_pdf[0])
    for f in mini_briefing.derived_figures:
        assert f.text + "（推算）" in text
        assert re.sub(r"\s", "", f.source_line) in re.sub(r"\s", "", text)   # the formula in words, labelled 推算：


def test_header_footer_and_contents(mini_pdf, mini_briefing) -> None:
    text = pdf_text(mini_pdf[0])
    pages = len(reader(mini_pdf[0]).pages)
    assert f"第2页/共{pages}页" in text
    assert "目录" in text
    assert mini_briefing.document.compiled_from in text              # the cover cites the article as the model does


def test_where_lists_pages_and_charts(mini_pdf, mini_briefing) -> None:
    where = mini_pdf[1]
    pages = len(reader(mini_pdf[0]).pages)
    headline = mini_briefing.document.headline[0]
    assert where[headline.id][0] == "p. 1"                       # on the cover
    for locs in where.values():
        for loc in locs:
            assert loc.startswith("chart ") or 1 <= int(loc.removeprefix("p. ")) <= pages
    chart = [loc for loc in where["parks_invest_2016"] if loc.startswith("chart parks (p. ")]
    assert chart, where["parks_invest_2016"]
    page = int(chart[0].removeprefix("chart parks (p. ").rstrip(")"))
    assert "计划（推算）" in reader(mini_pdf[0]).pages[page - 1].extract_text()      # the chart's legend is on that page


def test_same_input_same_bytes(mini_briefing, tmp_path: Path) -> None:
    """Also when the project is elsewhere: the fonts in another folder (the /ID once hashed their paths)."""
    import shutil

    theme = mini_briefing.theme
    fonts = tmp_path / "elsewhere" / "assets" / "fonts"
    fonts.mkdir(parents=True)
    moved = dataclasses.replace(theme, font_regular=Path(shutil.copy(theme.font_regular, fonts)),
                                font_bold=Path(shutil.copy(theme.font_bold, fonts)))
    first = build(mini_briefing, tmp_path / "a")
    second = build(dataclasses.replace(mini_briefing, theme=moved), tmp_path / "b")   # charts drawn again too
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_no_clock_in_the_file(mini_briefing, tmp_path: Path) -> None:
    doc = mini_briefing.document
    later = dataclasses.replace(doc, edition=doc.edition.replace(year=2019), timestamp=doc.timestamp.replace(year=2019))
    data = build(dataclasses.replace(mini_briefing, document=later), tmp_path)
    assert reader(data).metadata["/CreationDate"].startswith("D:2019")


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b"])
def test_variants(mini_briefing, tmp_path: Path, variant: str) -> None:
    data = build(mini_briefing, tmp_path, variant)
    r = reader(data)
    assert len(r.pages) > 3
    xmp = r.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    key = "pdfuaid:part" if variant == "pdf/ua-1" else "pdfaid:part"
    assert key in xmp


def test_cards_and_measures_sit_in_full_rows_of_fixed_columns(mini_briefing: Briefing) -> None:
    """The fixed table layout takes its columns from the first row: a short row must be padded
    with empty cells, or a stage with three results would draw three wide cards instead of four columns."""
    import tinyhtml5

    from report.html import render_html

    html, _ = render_html(mini_briefing, {c.id: "x.svg" for c in mini_briefing.charts})
    root = tinyhtml5.parse(html)
    ns = "{http://www.w3.org/1999/xhtml}"

    def rows(css: str) -> list[list[str]]:
        return [[cell.get("class") for cell in row] for row in root.iter(f"{ns}div") if row.get("class") == css]

    cards = rows("cards-row")
    assert len(cards) == sum((len(s.results) + 3) // 4 for s in mini_briefing.stages)
    assert any("card-gap" in row for row in cards)                   # the fixture has a short row
    assert all(len(row) == 4 and set(row) <= {"card", "card derived", "card-gap"} for row in cards)
    measures = rows("measure-row")
    assert len(measures) == sum((len(s.measures) + 1) // 2 for s in mini_briefing.stages)
    assert all(len(row) == 2 and set(row) <= {"measure-group", "measure-gap"} for row in measures)
