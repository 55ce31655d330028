"""The shipped outline and data file: faithful to the article, complete, free of the page's spam."""
from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from core.model import Briefing
from core.prose import PLACEHOLDER
from tests.conftest import ASSETS, ROOT

ARTICLE = ROOT.parent / "shared" / "source" / "article.txt"
SPAM = ["88必发", "必发", "民生车车", "信用卡", "贵阳头条", "更多资讯", "关闭", "网友评论", "用户名", "密码", "匿名发表", "责任编辑"]


def text_files() -> list[Path]:
    return [p for p in ASSETS.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv", ".md", ".txt")]


@pytest.mark.parametrize("spam", SPAM)
def test_no_spam_or_site_chrome_in_assets(spam: str) -> None:
    for path in text_files():
        assert spam not in path.read_text(encoding="utf-8", errors="replace"), f"{spam} in {path}"


def figure_rows() -> list[dict[str, str]]:
    with (ASSETS / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_well_over_a_hundred_figures(shipped_briefing: Briefing) -> None:
    assert len(figure_rows()) >= 100
    assert len(shipped_briefing.figures) == len(figure_rows()) + len(shipped_briefing.derived_figures)


@pytest.mark.skipif(not ARTICLE.exists(), reason="../shared/source/article.txt is not beside the checkout")
def test_every_figure_is_quoted_from_the_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    for row in figure_rows():
        assert row["source"] in article, f"{row['id']}: source phrase not in the article"
        assert row["value"] in row["source"].replace(",", ""), f"{row['id']}: {row['value']} not in {row['source']!r}"


def test_every_referenced_figure_exists(shipped_briefing: Briefing) -> None:
    outline = (ASSETS / "outline.yaml").read_text(encoding="utf-8")
    ids = set(PLACEHOLDER.findall(outline)) | set(re.findall(r"figure: (\w+)", outline))
    assert ids, "the outline refers to no figures"
    assert ids <= set(shipped_briefing.figures)
    for chart in shipped_briefing.charts:
        assert chart.figures and all(f.id in shipped_briefing.figures for f in chart.figures)


def test_every_figure_is_shown_somewhere(shipped_briefing: Briefing) -> None:
    shown = {f.id for p in shipped_briefing.prose() for f in p.figures}
    shown |= {r.figure.id for s in shipped_briefing.stages for r in s.results}
    shown |= {f.id for c in shipped_briefing.charts for f in c.figures}
    assert set(shipped_briefing.figures) - shown == set()


def test_required_charts_are_declared(shipped_briefing: Briefing) -> None:
    ids = {c.id for c in shipped_briefing.charts}
    assert {"parks_2016", "assistance_forces", "agri_entities", "income_thresholds", "infra_2016"} <= ids


def test_derived_figures_are_computed_and_labelled(shipped_briefing: Briefing) -> None:
    figures = shipped_briefing.figures
    plan = figures["parks_invest_plan_2016"]
    assert plan.derived and plan.source.startswith("推算")
    expected = (figures["parks_invest_2016"].value / figures["parks_invest_pct_2016"].value * 100).quantize(Decimal("0.01"))
    assert plan.value == expected
    assert all(f.derived for f in shipped_briefing.derived_figures)
    raw = (ASSETS / "figures.csv").read_text(encoding="utf-8")
    assert all(f.id not in raw for f in shipped_briefing.derived_figures), "a derived figure was typed into the data file"


def test_each_stage_has_measures_results_and_charts(shipped_briefing: Briefing) -> None:
    assert [s.numeral for s in shipped_briefing.stages] == ["四", "五", "六"]
    for stage in shipped_briefing.stages:
        assert stage.measures and stage.results and stage.charts
    assert any(stage.challenges for stage in shipped_briefing.stages)
    assert shipped_briefing.postscript is not None
