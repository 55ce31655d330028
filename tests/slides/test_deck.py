"""The deck built from the mini fixture: structure, native charts, Chinese runs, notes, fit, bytes."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import math
import zipfile

import pytest
from deckcheck import HAN, A, charts, is_decoration, open_deck, overflowing, run_sizes, title_of, titles

from model.briefing import Briefing, Result
from model.quoting import inner_quotes
from slides import build_deck
from slides.charts import TYPES, number_format
from slides.cjk import LANG
from slides.measure import Metrics


@pytest.fixture(scope="module")
def mini_deck(mini_briefing: Briefing):
    """The full deck (every slide visible, outline order): the summary deck is tested in test_summary_deck."""
    rendered = build_deck(mini_briefing, template=None, mode="full")
    return rendered.data, dict(rendered.where)


def run_is_chinese_ready(rpr, typeface: str) -> bool:
    """What every run must carry: lang zh-CN and an a:ea naming the deck font."""
    if rpr is None or rpr.get("lang") != LANG:
        return False
    ea = rpr.find(f"{A}ea")
    return ea is not None and ea.get("typeface") == typeface


def expected_slides(b: Briefing) -> int:
    count = 4 if b.timeline else 3                   # title, agenda, overview (+ timeline)
    for stage in b.stages:
        count += 1 + bool(stage.measures) + math.ceil(len(stage.results) / 4) + len(stage.charts)
        count += bool(stage.quotes) + bool(stage.challenges)
    return count + bool(b.postscript) + 1            # postscript, sources


def test_slide_count_follows_the_model(mini_deck, mini_briefing) -> None:
    prs = open_deck(mini_deck[0])
    assert len(prs.slides) == expected_slides(mini_briefing)


def test_16_9(mini_deck) -> None:
    prs = open_deck(mini_deck[0])
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


def test_every_stage_has_its_slides(mini_deck, mini_briefing) -> None:
    names = titles(open_deck(mini_deck[0]))
    for stage in mini_briefing.stages:
        assert stage.heading in names, f"no section slide for {stage.id}"
        if stage.measures:
            assert f"{stage.heading}：主要举措" in names
        if stage.results:
            assert f"{stage.heading}：主要成效" in names
        for chart in stage.charts:
            assert chart.title in names
        if stage.quotes:
            assert f"{stage.heading}：重要论述" in names
        if stage.challenges:
            assert f"{stage.heading}：存在的差距" in names
    assert names[0] == mini_briefing.document.title
    assert names[-1] == "资料来源与说明"


def test_charts_are_native_and_hold_the_model_values(mini_deck, mini_briefing) -> None:
    prs = open_deck(mini_deck[0])
    found = {shape.name.removeprefix("Chart "): shape for _, shape in charts(prs)}
    assert set(found) == {c.id for c in mini_briefing.charts}
    for spec in mini_briefing.charts:
        chart = found[spec.id].chart
        assert chart.chart_type == TYPES[spec.type]
        assert list(chart.plots[0].categories) == list(spec.categories)
        for series, model in zip(chart.plots[0].series, spec.series, strict=True):
            assert series.name == model.name
            assert tuple(series.values) == model.values            # None stays a gap
        fmt = number_format(spec)
        assert f'"{spec.unit}"' in fmt and chart.plots[0].data_labels.number_format == fmt
        assert chart.plots[0].has_data_labels
        xml = chart._chartSpace.xml
        assert 'dispBlanksAs val="gap"' in xml
        assert found[spec.id]._element.nvGraphicFramePr.cNvPr.get("descr") == spec.alt_text


def test_chart_workbook_is_embedded(mini_deck) -> None:
    prs = open_deck(mini_deck[0])
    for _, shape in charts(prs):
        blob = shape.chart.part.chart_workbook.xlsx_part.blob
        assert zipfile.ZipFile(io.BytesIO(blob)).testzip() is None


def test_every_chinese_run_has_ea_and_lang(mini_deck, mini_briefing) -> None:
    font = mini_briefing.theme.deck_font
    prs = open_deck(mini_deck[0])
    checked = 0
    trees = []
    for slide in prs.slides:
        trees.append(slide._element)
        trees.append(slide.notes_slide._element)
    trees += [shape.chart._chartSpace for _, shape in charts(prs)]
    for tree in trees:
        for run in tree.iter(f"{A}r"):
            if HAN.search(run.findtext(f"{A}t") or ""):
                assert run_is_chinese_ready(run.find(f"{A}rPr"), font), run.findtext(f"{A}t")
                checked += 1
    for _, shape in charts(prs):                    # chart text properties (axes, labels, legend)
        for rpr in shape.chart._chartSpace.iter(f"{A}defRPr"):
            assert run_is_chinese_ready(rpr, font)
    assert checked > 50


def test_theme_fonts_are_the_deck_font(mini_deck, mini_briefing) -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    prs = open_deck(mini_deck[0])
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode()
    font = mini_briefing.theme.deck_font
    for kind in ("majorFont", "minorFont"):
        block = theme.split(f"<a:{kind}>")[1].split(f"</a:{kind}>")[0]
        assert f'<a:latin typeface="{font}"' in block and f'<a:ea typeface="{font}"' in block
        assert f'script="Hans" typeface="{font}"' in block
    master = prs.slide_master._element.xml
    assert 'lang="zh-CN"' in master


def test_notes_on_every_slide_name_the_sources(mini_deck, mini_briefing) -> None:
    data, where = mini_deck
    prs = open_deck(data)
    notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else "" for s in prs.slides]
    assert all("讲解要点" in n for n in notes)
    assert all(n.count("。") >= 1 for n in notes)
    assert where, "the builder reports where figures landed"
    for fid, places in where.items():
        fig = mini_briefing.figures[fid]
        for place in places:
            number = int(place.split()[1])
            text = notes[number - 1]
            assert fig.text in text
            assert (fig.formula in text) if fig.derived else (f"原文作“{inner_quotes(fig.quote)}”" in text), (fid, place)
            assert f"时期：{fig.period or '原文未注明'}" in text, (fid, place)


def test_where_names_every_chart_figure(mini_deck, mini_briefing) -> None:
    where = mini_deck[1]
    for chart in mini_briefing.charts:
        for fig in chart.figures:
            assert any(f"(chart {chart.id})" in p for p in where[fig.id])
    for stage in mini_briefing.stages:
        for result in stage.results:
            assert result.figure.id in where


def test_results_cards_show_number_unit_and_derived_mark(mini_briefing) -> None:
    """Each result card: the figure's text (number and unit) on the first line, its label on the second, and
    a derived figure whose label does not say so marked （推算）; a measured figure is not."""
    plan = dataclasses.replace(mini_briefing.figures["parks_invest_plan_2016"], label="省级园区计划投资")
    assert plan.derived
    s4, s5 = mini_briefing.stages
    briefing = dataclasses.replace(mini_briefing, stages=(s4, dataclasses.replace(s5, results=(*s5.results, Result(plan, None)))))
    prs = open_deck(build_deck(briefing, template=None, mode="full").data)
    cards = [shape.text_frame.text.split("\n") for slide in prs.slides if title_of(slide) != "概述" for shape in slide.shapes
             if shape.name.startswith("Card") and shape.name.endswith(" Text")]
    expected = [[r.figure.text, r.figure.label + ("（推算）" if r.figure is plan else "")] for st in briefing.stages for r in st.results]
    assert [card[:2] for card in cards] == expected


def test_text_fits_and_sizes_hold(mini_deck, mini_briefing) -> None:
    theme = mini_briefing.theme
    prs = open_deck(mini_deck[0])
    assert overflowing(prs, Metrics.for_theme(theme), theme.sizes.deck_body_pt) == []
    for number, shape, size, is_title in run_sizes(prs):
        assert size >= (28 if is_title else 18), f"slide {number} {shape.name}: {size} pt"


def test_footer_and_slide_number_on_content_slides(mini_deck, mini_briefing) -> None:
    prs = open_deck(mini_deck[0])
    for number, slide in enumerate(prs.slides, 1):
        texts = {shape.placeholder_format.type: shape.text_frame.text for shape in slide.placeholders}
        from pptx.enum.shapes import PP_PLACEHOLDER as PH
        if number == 1:
            continue
        assert mini_briefing.document.source in texts.get(PH.FOOTER, ""), number
        assert texts.get(PH.SLIDE_NUMBER) == str(number)
    doc = mini_briefing.document
    assert doc.compiled_from in "".join(shape.text_frame.text for shape in prs.slides[0].shapes if shape.has_text_frame)
    assert prs.core_properties.comments == f"{doc.citation}，{doc.unit}"


def test_two_builds_are_byte_identical(mini_deck, mini_briefing) -> None:
    again = build_deck(mini_briefing, template=None, mode="full").data
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(mini_deck[0]).hexdigest()


def test_package_metadata_is_fixed(mini_deck, mini_briefing) -> None:
    doc = mini_briefing.document
    z = zipfile.ZipFile(io.BytesIO(mini_deck[0]))
    assert z.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in z.infolist()} == {(doc.edition.year, doc.edition.month, doc.edition.day, 0, 0, 0)}
    core = z.read("docProps/core.xml").decode()
    assert doc.edition.isoformat() in core and doc.title in core and doc.author in core
    embedded = [n for n in z.namelist() if n.endswith(".xlsx")]
    assert embedded
    for name in embedded:
        inner = zipfile.ZipFile(io.BytesIO(z.read(name)))
        assert {i.date_time[:3] for i in inner.infolist()} == {(doc.edition.year, doc.edition.month, doc.edition.day)}
        xml = inner.read("docProps/core.xml").decode()
        assert f"{doc.edition.isoformat()}T00:00:00Z" in xml
    prs = open_deck(mini_deck[0])
    props = prs.core_properties
    assert props.created.date() == doc.edition and props.revision == 1


def test_deck_titles_are_short_of_the_edge(mini_deck) -> None:
    """Every slide has a title, its box lies on the slide, and no other text box of the slide reaches into it
    (a title that grew to three lines would run into the body; text fitting its box is test_text_fits_and_sizes_hold)."""
    prs = open_deck(mini_deck[0])
    for number, slide in enumerate(prs.slides, 1):
        title = slide.shapes.title
        assert title is not None and title_of(slide).strip(), number
        assert title.left >= 0 and title.left + title.width <= prs.slide_width, number
        assert title.top >= 0 and title.top + title.height <= prs.slide_height, number
        for shape in slide.shapes:
            if shape.shape_id == title.shape_id or not shape.has_text_frame or is_decoration(shape) or not shape.text_frame.text.strip():
                continue
            apart = (shape.left >= title.left + title.width or shape.left + shape.width <= title.left
                     or shape.top >= title.top + title.height or shape.top + shape.height <= title.top)
            assert apart, f"slide {number}: {shape.name} overlaps the title"
