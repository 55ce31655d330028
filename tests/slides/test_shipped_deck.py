"""The deck built from the shipped assets: every chart native with the data file's values, nothing overflows."""
from __future__ import annotations

import hashlib

import pytest
from deckcheck import charts, open_deck, overflowing, run_sizes, titles

from slides import build_deck
from slides.measure import Metrics

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shipped_deck(shipped_rendered):
    return shipped_rendered.data, dict(shipped_rendered.where)


def test_shipped_charts_hold_the_data_file_values(shipped_deck, shipped_briefing) -> None:
    prs = open_deck(shipped_deck[0])
    found = {shape.name.removeprefix("Chart "): shape.chart for _, shape in charts(prs)}
    assert set(found) == {c.id for c in shipped_briefing.charts}
    for spec in shipped_briefing.charts:
        for series, model in zip(found[spec.id].plots[0].series, spec.series, strict=True):
            assert tuple(series.values) == tuple(None if f is None else float(f.value) for f in model.figures)


def test_shipped_deck_fits_and_is_complete(shipped_deck, shipped_briefing) -> None:
    theme = shipped_briefing.theme
    prs = open_deck(shipped_deck[0])
    assert overflowing(prs, Metrics.for_theme(theme), theme.sizes.deck_body_pt) == []
    assert all(size >= (28 if is_title else 18) for _, _, size, is_title in run_sizes(prs))
    names = titles(prs)
    for stage in shipped_briefing.stages:
        assert stage.heading in names and f"{stage.heading}：主要举措" in names and f"{stage.heading}：主要成效" in names
    where = shipped_deck[1]
    for stage in shipped_briefing.stages:
        for result in stage.results:
            assert result.figure.id in where
    assert all(s.has_notes_slide for s in prs.slides)


def test_shipped_deck_is_reproducible(shipped_deck, shipped_briefing) -> None:
    again = build_deck(shipped_briefing, template=None).data
    assert hashlib.sha256(again).digest() == hashlib.sha256(shipped_deck[0]).digest()


def test_speaker_notes_are_sentences_a_presenter_can_say(shipped_deck, shipped_briefing) -> None:
    """Each talking point ends with 。 (also after a closing ”), never nests “…” in “…”, and quotes the
    article with full-width punctuation, not the web capture's half-width fragments."""
    import re

    prs = open_deck(shipped_deck[0])
    for number, slide in enumerate(prs.slides, 1):
        for line in slide.notes_slide.notes_text_frame.text.splitlines():
            if not line.startswith("· "):
                continue
            assert line.endswith(("。", "。”", "！”", "？”")), (number, line)     # 。 also after a closing ”
            assert not re.search(r"“[^”]*“", line), (number, line)
            assert not re.search(r"[,():;]", re.sub(r"（公式：[^）]*）", "", line)), (number, line)
            for fig in shipped_briefing.figures.values():                # no “label为figure” template sentences
                assert f"{fig.label}为{fig.text}" not in line, (number, line)


def test_sources_notes_explain_every_correction(shipped_deck, shipped_briefing) -> None:
    """The slides print the editor's 〔…〕 marks; the sources slide's notes say what each one changed and why."""
    prs = open_deck(shipped_deck[0])
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    sources = next(n for n in notes if "本页列出资料来源" in n)
    assert shipped_briefing.corrections
    assert f"简报对原文作了{len(shipped_briefing.corrections)}处校订" in sources
    for c in shipped_briefing.corrections:
        assert f"简报作“{c.corrected}”：{c.reason}" in sources
