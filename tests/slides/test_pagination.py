"""No overflow, ever: long synthetic content continues on （续） slides, and Chinese line breaking holds."""
from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from deckcheck import open_deck, overflowing, run_sizes, titles

from model.briefing import Briefing, MeasureGroup, Prose, Quote, Result, Segment
from slides import build_deck
from slides.measure import NO_END, NO_START, Metrics, Run

PHRASE = "推进农村产业发展、完善基础设施建设、强化就业技能培训并健全长效帮扶机制（含“结对帮扶”与“驻村帮扶”），"


def prose(text: str) -> Prose:
    return Prose((Segment(text),))


@pytest.fixture(scope="module")
def long_briefing(mini_briefing: Briefing) -> Briefing:
    figures = list(mini_briefing.figures.values())
    stage = mini_briefing.stages[0]
    groups = tuple(MeasureGroup(f"第{g + 1}组：超长的举措分组标题用于测试换行", tuple(
        prose(f"措施{g}-{i}：" + PHRASE * (1 + (i % 3)) + "确保群众稳定增收。") for i in range(10))) for g in range(4))
    results = tuple(Result(figures[i % len(figures)], prose(PHRASE * (1 + i % 2)) if i % 3 else None) for i in range(30))
    results += (Result(figures[0], prose(PHRASE * 40)),)          # a note no card can hold
    summary = prose((PHRASE * 40)[:2000])
    long_stage = dataclasses.replace(
        stage, title="一个相当长的阶段标题用来检验标题在两行之内自动缩小字号", summary=summary, measures=groups,
        results=results, challenges=tuple(prose(PHRASE * 5) for _ in range(6)),
        quotes=tuple(Quote(prose(PHRASE * 6), "某某同志") for _ in range(3)))
    return dataclasses.replace(mini_briefing, stages=(long_stage,) + mini_briefing.stages[1:])


@pytest.fixture(scope="module")
def long_deck(long_briefing: Briefing):
    return open_deck(build_deck(long_briefing, template=None, mode="full").data)


def test_long_content_fits_every_box(long_deck, long_briefing) -> None:
    theme = long_briefing.theme
    assert overflowing(long_deck, Metrics.for_theme(theme), theme.sizes.deck_body_pt) == []


def test_long_content_never_shrinks_below_the_minimum(long_deck) -> None:
    sizes = list(run_sizes(long_deck))
    assert sizes
    for number, shape, size, is_title in sizes:
        assert size >= (28 if is_title else 18), f"slide {number} {shape.name}: {size} pt"


def test_long_content_continues_on_new_slides(long_deck, long_briefing) -> None:
    names = titles(long_deck)
    heading = long_briefing.stages[0].heading
    assert names.count(f"{heading}（续）") >= 2                        # the 2000-character summary
    assert names.count(f"{heading}：主要举措（续）") >= 2
    assert names.count(f"{heading}：主要成效（续）") >= 7              # 31 cards, at most 4 per slide
    assert f"{heading}：重要论述（续）" in names
    assert f"{heading}：存在的差距（续）" in names


def test_no_text_is_lost(long_deck, long_briefing) -> None:
    stage = long_briefing.stages[0]
    body = "".join(shape.text_frame.text.replace("\n", "").replace("\v", "") for slide in long_deck.slides for shape in slide.shapes
                   if shape.has_text_frame and not shape.is_placeholder)
    for group in stage.measures:                   # an item may continue in the next box, under its heading （续）
        body = body.replace(f"{group.title}（续）", "")
    for group in stage.measures:
        for item in group.items:
            assert str(item) in body
    flat = body.replace(stage.period, "")
    assert str(stage.summary) in flat
    for result in stage.results:
        assert result.figure.label in body


def test_results_slides_hold_three_or_four_cards(long_deck, long_briefing) -> None:
    heading = long_briefing.stages[0].heading
    counts = [sum(1 for sh in s.shapes if sh.name.endswith("Text") and sh.name.startswith("Card"))
              for s in long_deck.slides if s.shapes.title.text_frame.text.startswith(f"{heading}：主要成效")]
    assert max(counts) <= 4 and min(counts) >= 1
    assert len(counts) <= 20, counts          # 31 cards, long notes: mostly 2–4 a slide (Han–Latin gaps measured)


# ---------------------------------------------------------------- line breaking


def test_kinsoku_rules(metrics: Metrics) -> None:
    rng = random.Random(7)
    words = ["贵阳市", "精准扶贫", "脱贫", "攻坚", "农村产业发展", "162.31亿元", "2016年", "169.07%", "项目"]
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(3, 30)):
            word = rng.choice(words)
            if rng.random() < 0.2:
                word = rng.choice("（《「“") + word + rng.choice("）》」”")
            parts.append(word + rng.choice(["", "", "，", "。", "、", "；", "：", "？", "！", "……", "——"]))
        text = "".join(parts)
        width = rng.uniform(200, 500)                      # ≥ 10 characters, the narrowest box the deck uses
        lines = metrics.lines((Run(text, 20),), width)
        assert "".join(lines) == text
        for i, line in enumerate(lines):
            if i > 0:
                assert line[0] not in NO_START, (text, lines)
            if i < len(lines) - 1:
                assert line[-1] not in NO_END, (text, lines)


def test_numbers_are_not_broken(metrics: Metrics) -> None:
    text = "省级园区完成投资162.31亿元，占计划任务的169.07%，总产值233.91亿元"
    for width in range(130, 500, 7):
        for line in metrics.lines((Run(text, 20),), width):
            assert line[:1] not in NO_START
        joined = "|".join(metrics.lines((Run(text, 20),), width))
        for number in ("162.31", "169.07%", "233.91"):
            assert number in joined


def test_measured_width_uses_real_metrics(metrics: Metrics) -> None:
    assert metrics.width("贵阳", 20) == pytest.approx(40, abs=0.5)          # Han: one em each
    assert metrics.width("1111", 20) < metrics.width("贵阳贵阳", 20)
    assert metrics.width("贵阳", 20, bold=True) == pytest.approx(40, abs=0.5)


def test_metrics_of_the_same_fonts_share_one_wrap_cache(mini_briefing: Briefing, tmp_path: Path) -> None:
    """Wraps are cached by the font files' bytes and margin, not per Metrics object (a build or a watch rebuild
    makes a new one); the widths are the model's engine (model.glyphs.advances), the one the PDF measures with."""
    from model.glyphs import advances
    from slides import measure

    theme = mini_briefing.theme
    copy = tmp_path / "copy.ttf"
    copy.write_bytes(theme.font_regular.read_bytes())
    first, second = Metrics(theme.font_regular, theme.font_bold), Metrics(copy, theme.font_bold)
    assert first.faces == (advances(theme.font_regular), advances(theme.font_bold))
    assert first == second and hash(first) == hash(second)
    assert first != Metrics(theme.font_regular, theme.font_bold, exact=True)       # another margin wraps differently
    runs = (Run(PHRASE * 3, 20),)
    lines = first.lines(runs, 311.5)
    hits = measure._wrapped.cache_info().hits
    assert second.lines(runs, 311.5) == lines and measure._wrapped.cache_info().hits == hits + 1
