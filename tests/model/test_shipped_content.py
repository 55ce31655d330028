"""The shipped outline and data file: faithful to the article, complete, free of the page's spam."""
from __future__ import annotations

import csv
import difflib
import functools
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from model.briefing import Briefing
from model.loader import EDITOR_MARK, years
from model.prose import PLACEHOLDER
from model.quoting import article_words
from tests.conftest import ARTICLE, ASSETS

needs_article = pytest.mark.skipif(not ARTICLE.exists(), reason="shared/source/article.txt is not beside the checkout")
# the gambling spam injected into the capture, longest first; once it replaced a word inside a sentence of 四
ARTICLE_SPAM = ("贵阳头条88必发官方唯一网站_88必发手机网页版_88必发手机网页版客户端上线", "民生车车信用卡", "88必发官方唯一网站")
GAP = "〔原文此处有缺字〕"
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


@needs_article
def test_every_figure_is_quoted_from_the_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    for row in figure_rows():
        assert row["source"] in article, f"{row['id']}: source phrase not in the article"
        assert row["value"] in row["source"].replace(",", ""), f"{row['id']}: {row['value']} not in {row['source']!r}"


def test_every_figure_the_outline_names_reaches_the_model(shipped_briefing: Briefing) -> None:
    """The ids typed in the outline's text — {placeholders} in prose, `figure:` in results — are exactly the
    ones the model's prose and result cards show: parsing dropped or invented none.  (Unknown ids are the
    loader's refusal, tested in test_bad_inputs; this checks the other direction, on the real outline.)"""
    outline = (ASSETS / "outline.yaml").read_text(encoding="utf-8")
    placeholders = set(PLACEHOLDER.findall(outline))
    assert placeholders, "the outline refers to no figures"
    assert placeholders == {f.id for p in shipped_briefing.prose() for f in p.figures}
    assert set(re.findall(r"figure: (\w+)", outline)) == {r.figure.id for s in shipped_briefing.stages for r in s.results}


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
    assert plan.derived and plan.source_line.startswith("推算")
    expected = (figures["parks_invest_2016"].value / figures["parks_invest_pct_2016"].value * 100).quantize(Decimal("0.01"))
    assert plan.value == expected
    raw = (ASSETS / "figures.csv").read_text(encoding="utf-8")
    assert all(f.id not in raw for f in shipped_briefing.derived_figures), "a derived figure was typed into the data file"


def test_each_stage_has_measures_results_and_charts(shipped_briefing: Briefing) -> None:
    assert [s.numeral for s in shipped_briefing.stages] == ["四", "五", "六"]
    for stage in shipped_briefing.stages:
        assert stage.measures and stage.results and stage.charts
    assert any(stage.challenges for stage in shipped_briefing.stages)
    assert shipped_briefing.postscript is not None


# ---------------------------------------------------------------- facts as the article states them

@functools.lru_cache(maxsize=1)
def paragraphs() -> tuple[str, ...]:
    """The article's paragraphs as the checks compare them: spam removed, the capture's stray spaces
    dropped and its half-width punctuation set full-width (model.quoting.article_words, as print shows quotes)."""
    text = ARTICLE.read_text(encoding="utf-8")
    for spam in ARTICLE_SPAM:
        text = text.replace(spam, "")
    return tuple(p for p in (article_words(line) for line in text.splitlines()) if p)


def headings() -> dict[str, str]:
    """Numeral → the period its heading gives (四、精准脱贫新阶段(2013年-2015年) → 2013—2015年), "" for none."""
    found = {}
    for p in paragraphs():
        m = re.fullmatch(r"([四五六])、[^（]+(?:（(\d{4})年[-—](\d{4})年）)?", p)
        if m:
            found[m.group(1)] = f"{m.group(2)}—{m.group(3)}年" if m.group(2) else ""
    return found


def in_one_paragraph(quote: str) -> bool:
    """The quote is in the article; an elision “…” joins pieces that follow each other in one paragraph."""
    pieces = [article_words(p) for p in quote.split("…")]
    for p in paragraphs():
        at = 0
        for piece in pieces:
            at = p.find(piece, at)
            if at < 0:
                break
            at += len(piece)
        else:
            return True
    return False


def outline() -> dict:
    return yaml.safe_load((ASSETS / "outline.yaml").read_text(encoding="utf-8"))


def dated_facts() -> list[dict[str, str]]:
    """Every data-file row and every derived figure: id, stage, period, period_source."""
    return figure_rows() + [{k: str(d.get(k, "")) for k in ("id", "stage", "period", "period_source")} for d in outline()["derived"]]


@needs_article
def test_stage_periods_are_the_article_headings() -> None:
    heads = headings()
    assert heads == {"四": "2013—2015年", "五": "2016—2017年", "六": ""}
    for stage in outline()["stages"]:
        assert stage.get("period", "") == heads[stage["numeral"]], stage["id"]


@needs_article
def test_every_period_is_stated_by_the_article() -> None:
    """A period is the article's: its words (and every year it names) are in the quoted period_source, which
    is in the article; or it is its stage heading's period taken whole; “截至目前” is dated by the article's
    publication; no time in the article, no period."""
    heads = headings()
    numerals = {s["id"]: s["numeral"] for s in outline()["stages"]}
    published = re.search(r"发布时间：(\d{4})-(\d{2})", "".join(paragraphs()[:8]))
    for row in dated_facts():
        fid, period, basis = row["id"], row["period"], row["period_source"]
        if not period:
            assert not basis, fid
            continue
        assert basis, f"{fid}: {period} has no period_source"
        if basis == "section":
            assert heads[numerals[row["stage"]]] == period, f"{fid}: {period} is not its heading's period"
            continue
        assert in_one_paragraph(basis), f"{fid}: period_source not in the article: {basis}"
        if period.startswith("截至发稿"):
            assert "目前" in basis and period == f"截至发稿（{published.group(1)}年{int(published.group(2))}月）", fid
            continue
        assert years(period) <= years(basis), f"{fid}: {period} names a year its period_source lacks"
        for words in period.split("比"):              # 2015年比2010年: both the article's words
            assert article_words(words) in article_words(basis), f"{fid}: {words} is not in {basis}"


@needs_article
def test_known_periods_are_the_articles() -> None:
    """The periods the review found guessed, as the article states them."""
    rows = {r["id"]: r for r in figure_rows()}
    assert rows["poor_reduced_2015"]["period"] == rows["reduction_multiple_2015"]["period"] == "至2015年"
    for fid in ("cadres_2016", "work_teams_2016", "first_secretaries_2016", "village_projects_2016", "village_funds_2016"):
        assert rows[fid]["period"] == "精准扶贫阶段", fid
    assert rows["collective_min_2017"]["period"].startswith("截至发稿")
    assert rows["edu_cut_city"]["period"] == "2016—2017年" and rows["edu_cut_city"]["period_source"] == "section"
    assert rows["poor_villages_2013"]["period"] != "2013年"                   # “目前全市仍有330个贫困村”
    assert rows["taiwan_parks_per_county"]["period"] == "2016年"               # its own sentence starts 2016年


def test_no_fact_entered_twice() -> None:
    """One fact, one row: two rows with one value and unit and nearly the same label are the same fact
    (the article states some facts twice, in different words)."""
    rows = figure_rows()
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if (Decimal(a["value"]), a["unit"]) == (Decimal(b["value"]), b["unit"]):
                similar = difflib.SequenceMatcher(None, a["label"], b["label"]).ratio()
                assert similar < 0.6, f"{a['id']} and {b['id']}: one fact entered twice? ({a['label']} / {b['label']})"


def test_charts_say_only_what_their_figures_show(shipped_briefing: Briefing) -> None:
    for chart in shipped_briefing.charts:
        assert {f.unit for f in chart.figures} == {chart.unit}, chart.id
        for f in chart.figures:
            assert years(chart.title) <= years(f.period), (chart.id, f.id)
        for series in chart.series:
            assert not ("计划" in series.name and any("目标" in f.source for f in series.figures if f)), chart.id
            assert not ("计划" in series.name and any("目标" in f.label for f in series.figures if f)), chart.id


# ---------------------------------------------------------------- claims and wording

def outline_strings() -> list[str]:
    found: list[str] = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, str) and key != "corrections":
            found.append(node)
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, k if key != "corrections" else key)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
    walk(outline())
    return found


@needs_article
def test_spam_sentence_keeps_its_subject_and_marks_the_lost_word() -> None:
    """四 says “建立了市领导[spam]有扶贫开发任务的乡(镇)和部门帮村工作机制”: the briefing keeps 市领导
    and marks the word the spam replaced, or leaves the item out; it never makes 乡（镇） the helper."""
    assert any("建立了市领导有扶贫开发任务的乡（镇）和部门帮村工作机制" in p for p in paragraphs())
    for text in outline_strings():
        if "帮村工作机制" in text:
            assert f"市领导{GAP}有扶贫开发任务的乡（镇）和部门帮村工作机制" in text, text


@needs_article
def test_corrections_quote_the_article_and_are_marked() -> None:
    data = outline()
    for c in data["corrections"]:
        assert in_one_paragraph(c["original"]), c["original"]
        assert EDITOR_MARK.search(c["corrected"]), c["corrected"]
    marks = {m for t in outline_strings() + [r["label"] for r in figure_rows()] for m in EDITOR_MARK.findall(t)}
    assert marks == {m for c in data["corrections"] for m in EDITOR_MARK.findall(c["corrected"])}


@needs_article
def test_quoted_words_are_the_articles() -> None:
    """Every “…” and 《…》 in the outline holds the article's own words."""
    article = "".join(paragraphs())
    for text in outline_strings():
        for quoted in re.findall(r"“([^“”]*)”|《([^《》]*)》", EDITOR_MARK.sub("", text)):
            words = article_words("".join(quoted))
            assert words in article, f"“{words}” is not in the article ({text})"


def test_editorial_rules(shipped_briefing: Briefing) -> None:
    """The rules of assets/README.md that a machine can check."""
    raw = (ASSETS / "outline.yaml").read_text(encoding="utf-8")
    strings = outline_strings() + [r["label"] for r in figure_rows()]
    for text in strings:
        assert "”、“" not in text, f"no 顿号 between quoted items: {text}"
        assert "三创" not in text and "中旬" not in text and "印发" not in text, text
    prose = [str(p) for p in shipped_briefing.prose()]
    for text in prose:
        assert not re.search(r"\d([^\d\s%，、；。]+)至\d+\1", text), f"a range names its unit once: {text}"
    assert "〔原文此处有缺字〕" in raw


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"“": 1, "”": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_quoted_sources_have_balanced_quotation_marks() -> None:
    """The appendix prints each source and period basis inside “…” (inner marks become ‘…’): a quote that cuts
    a quotation in half, or copies the capture's stray ” (”短板”), prints as ’短板’ or an unclosed ‘."""
    for row in figure_rows():
        for field in ("source", "period_source"):
            if row[field] and row[field] != "section":
                for piece in row[field].split("…"):
                    assert _balanced(article_words(piece)), (row["id"], field, piece)
