"""The summary deck: a main flow a presenter can run in 20 minutes, everything else in a hidden appendix."""
from __future__ import annotations

import dataclasses
import re

import pytest
from deckcheck import A, open_deck, title_of

from model.briefing import Briefing
from slides import build_deck
from slides.package import is_hidden
from slides.selection import pick

P14 = "{http://schemas.microsoft.com/office/powerpoint/2010/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


def slide_text(slide) -> str:
    """All text of a slide, line breaks and spaces dropped (a measured line break is an a:br)."""
    return re.sub(r"\s", "", "".join(t.text or "" for t in slide._element.iter(f"{A}t")))


def split(prs):
    slides = list(prs.slides)
    closing = next(i for i, s in enumerate(slides) if title_of(s) == "谢谢")
    return slides[:closing + 1], slides[closing + 1:]


def test_main_flow_is_short_and_covers_every_stage(shipped_rendered, shipped_briefing: Briefing) -> None:
    prs = open_deck(shipped_rendered.data)
    main, appendix = split(prs)
    assert 10 <= len(main) <= 25
    assert not any(is_hidden(s) for s in main)
    names = [title_of(s) for s in main]
    assert names[:2] == [shipped_briefing.document.title, "目录"] and names[-3:] == [
        shipped_briefing.postscript.title, "资料来源与说明", "谢谢"]
    chart_ids = {shape.name.removeprefix("Chart ") for s in main for shape in s.shapes if shape.has_chart}
    for stage in shipped_briefing.stages:
        assert stage.heading in names
        assert f"{stage.heading}：主要举措" in names and f"{stage.heading}：主要成效" in names
        assert chart_ids & {c.id for c in stage.charts}, f"no chart of {stage.id} in the main flow"
    assert appendix and all(is_hidden(s) for s in appendix)


def test_the_deck_still_holds_everything_the_outline_has(shipped_rendered, shipped_briefing: Briefing) -> None:
    prs = open_deck(shipped_rendered.data)
    main, appendix = split(prs)
    every = "".join(slide_text(s) for s in prs.slides)
    backup = "".join(slide_text(s) for s in appendix)
    texts = []
    for stage in shipped_briefing.stages:
        texts += [str(item) for group in stage.measures for item in group.items]
        texts += [str(c) for c in stage.challenges] + [str(q.text) for q in stage.quotes]
        for result in stage.results:
            assert result.figure.id in shipped_rendered.where
    assert texts
    for text in texts:                         # an item split between two slides keeps its head and tail
        text = re.sub(r"\s", "", text)
        assert text[:12] in backup and text[-12:] in backup, text
    charts = {shape.name.removeprefix("Chart ") for s in prs.slides for shape in s.shapes if shape.has_chart}
    assert charts == {c.id for c in shipped_briefing.charts}
    main_charts = {shape.name for s in main for shape in s.shapes if shape.has_chart}
    backup_charts = {shape.name for s in appendix for shape in s.shapes if shape.has_chart}
    assert backup_charts and not main_charts & backup_charts           # each chart once
    assert every


def test_sections_cover_the_deck_in_order(shipped_rendered, shipped_briefing: Briefing) -> None:
    prs = open_deck(shipped_rendered.data)
    ext = prs.part._element.find(f".//{{http://schemas.openxmlformats.org/presentationml/2006/main}}ext[@uri='{SECTIONS_URI}']")
    assert ext is not None
    sections = ext.findall(f"{P14}sectionLst/{P14}section")
    names = [s.get("name") for s in sections]
    assert names == ["开篇", *[s.heading for s in shipped_briefing.stages], "结语", "附录"]
    ids = [int(i.get("id")) for s in sections for i in s.iter(f"{P14}sldId")]
    assert ids == [s.slide_id for s in prs.slides]
    assert all(re.fullmatch(r"\{[0-9A-F-]{36}\}", s.get("id")) for s in sections)


def test_agenda_links_to_the_hidden_appendix(shipped_rendered) -> None:
    prs = open_deck(shipped_rendered.data)
    agenda = next(s for s in prs.slides if title_of(s) == "目录")
    targets = {}
    for r in agenda._element.iter(f"{A}r"):
        link = r.find(f"{A}rPr/{A}hlinkClick")
        if link is not None:
            assert link.get("action") == "ppaction://hlinksldjump"
            targets[r.findtext(f"{A}t")] = agenda.part.related_part(link.get(f"{R}id"))
    assert "附录" in targets
    first = next(s for s in prs.slides if s.part is targets["附录"])
    assert title_of(first) == "附录：备用资料" and is_hidden(first)
    assert len(targets) >= 4                          # every stage, the postscript, sources, appendix
    index = [r.find(f"{A}rPr/{A}hlinkClick") for r in first._element.iter(f"{A}r")]
    assert sum(link is not None for link in index) >= 3   # the appendix index jumps to its parts


def test_full_mode_keeps_every_slide_visible(mini_briefing: Briefing) -> None:
    stage = mini_briefing.stages[0]
    group = dataclasses.replace(stage.measures[0], key=True)             # its items join the main flow
    stages = (dataclasses.replace(stage, measures=(group, *stage.measures[1:])), *mini_briefing.stages[1:])
    full = dataclasses.replace(mini_briefing, stages=stages,
                               document=dataclasses.replace(mini_briefing.document, deck="full"))
    prs = open_deck(build_deck(full, template=None).data)
    assert not any(is_hidden(s) for s in prs.slides)
    assert title_of(list(prs.slides)[-1]) == "资料来源与说明"
    summary = open_deck(build_deck(full, template=None, mode="summary").data)   # the CLI's --deck overrides
    assert any(is_hidden(s) for s in summary.slides)
    main, _ = split(summary)
    measures = next(s for s in main if title_of(s) == f"{stage.heading}：主要举措")
    assert all(re.sub(r"\s", "", str(item)) in slide_text(measures) for item in group.items)


def test_key_marks_decide_the_main_flow(shipped_briefing: Briefing) -> None:
    stage = max(shipped_briefing.stages, key=lambda s: len(s.results))
    headline = shipped_briefing.document.headline
    default = pick(stage, headline)
    assert 1 <= len(default.results) <= 4 and len(default.charts) == min(2, len(stage.charts))
    assert not {r.figure.id for r in default.results} & {f.id for f in headline} or len(stage.results) <= 4
    assert set(default.results) | set(default.other_results) == set(stage.results)
    marked = dataclasses.replace(stage, results=tuple(dataclasses.replace(r, key=i in (2, 5))
                                                      for i, r in enumerate(stage.results)),
                                 charts=tuple(dataclasses.replace(c, key=False) if i == 0 else c
                                              for i, c in enumerate(stage.charts)))
    chosen = pick(marked, headline)
    assert [r.figure.id for r in chosen.results] == [stage.results[2].figure.id, stage.results[5].figure.id]
    first = stage.charts[0].id                                          # marked key: false
    assert first not in [c.id for c in chosen.charts] and first in [c.id for c in chosen.other_charts]
    assert [c.id for c in chosen.charts] == [c.id for c in stage.charts[1:3]]


def test_deck_option_reaches_the_build_and_its_cache_key(tmp_path) -> None:
    from app.cli import inputs_from, options_from
    from app.pipeline import plan

    keys = {}
    for mode in ("summary", "full", None):
        extra = ["--deck", mode] if mode else []
        args = options_from(["--only", "pptx", "--out", str(tmp_path), *extra], __doc__ or "")
        assert args.deck == mode
        keys[mode] = plan(args, inputs_from(args)).keys["pptx"]
    assert keys["summary"] != keys["full"] != keys[None]     # switching --deck rebuilds instead of "up to date"


def test_outline_keys_and_deck_mode_load(mini) -> None:
    from conftest import project_inputs

    from model.errors import InputError
    from model.loader import load

    outline = mini / "outline.yaml"
    text = outline.read_text(encoding="utf-8")
    marked = (text.replace("  headline_figures:", "  deck: full\n  headline_figures:", 1)
              .replace("      - figure: poor_reduced_2015\n", "      - figure: poor_reduced_2015\n        key: true\n", 1)
              .replace("      - group: 六大扶贫工程\n", "      - group: 六大扶贫工程\n        key: false\n", 1))
    outline.write_text(marked, encoding="utf-8")
    briefing = load(project_inputs(mini))
    assert briefing.document.deck == "full"
    stage = briefing.stages[0]
    assert [r.key for r in stage.results][:1] == [True] and stage.measures[0].key is False
    assert all(c.key is None for c in briefing.charts)
    outline.write_text(marked.replace("deck: full", "deck: short"), encoding="utf-8")
    with pytest.raises(InputError, match="deck"):
        load(project_inputs(mini))
