"""Our line breaks are the only ones: explicit a:br where the measurement breaks, figures never split,
no stranded last line; plus the deck's style points (derived series tinted, 年月日 dates, top-aligned cards)."""
from __future__ import annotations

import random

import pytest
from deckcheck import A, C, charts, is_decoration, open_deck, text_frames

from slides.charts import all_derived
from slides.frame_reading import frame_overflow, frame_paras
from slides.measure import NO_START, Metrics, Run


@pytest.fixture(scope="module")
def shipped(shipped_rendered):
    return open_deck(shipped_rendered.data)


def body_paragraphs(prs):
    """(slide, shape, [line texts]) for every paragraph of every non-title, non-decoration text frame."""
    for number, shape in text_frames(prs):
        if is_decoration(shape) or shape.name.startswith("Title"):
            continue
        for p in shape.text_frame._txBody.findall(f"{A}p"):
            lines, current = [], ""
            for child in p:
                if child.tag == f"{A}br":
                    lines.append(current)
                    current = ""
                elif child.tag == f"{A}r":
                    current += child.findtext(f"{A}t") or ""
            lines.append(current)
            yield number, shape, lines


def test_no_line_splits_a_figure(shipped, shipped_briefing) -> None:
    texts = {f.text for f in shipped_briefing.figures.values()}
    checked = 0
    for number, shape, lines in body_paragraphs(shipped):
        joined = "".join(lines)
        for text in texts:
            if text in joined:
                checked += 1
                assert any(text in line for line in lines), f"slide {number} {shape.name}: {text} split in {lines}"
    assert checked > 50


def test_no_stranded_last_line(shipped) -> None:
    multi = 0
    for number, shape, lines in body_paragraphs(shipped):
        if len(lines) > 1:
            multi += 1
            core = [c for c in lines[-1] if not c.isspace() and c not in NO_START]
            assert len(core) > 1, f"slide {number} {shape.name}: last line {lines[-1]!r} of {lines}"
    assert multi > 30


def test_explicit_breaks_are_the_measured_ones(shipped, shipped_briefing) -> None:
    """Re-measuring a frame as written finds exactly one line between breaks: no viewer needs to wrap."""
    metrics = Metrics.for_theme(shipped_briefing.theme)        # the embedded font, measured exactly
    for number, shape in text_frames(shipped):
        if is_decoration(shape) or shape.name.startswith("Title"):
            continue
        body = shape.text_frame._txBody.find(f"{A}bodyPr")
        if body.get("lIns") is None:                       # not a frame the builder wrote
            continue
        width = (shape.width - int(body.get("lIns")) - int(body.get("rIns"))) / 12700
        for para in frame_paras(shape.text_frame._txBody, 20):
            breaks = sum(r.text == "\n" for r in para.runs)
            assert len(metrics.lines(para.runs, width - para.indent)) == breaks + 1, (number, shape.name, para.text)


def test_numbers_keep_their_units_and_figures_stay_whole(metrics) -> None:
    rng = random.Random(11)
    head = "对照市第九次党代会消除绝对贫困的要求有差距：2015年初人均可支配收入低于"
    for _ in range(200):
        width = rng.uniform(200, 500)
        runs = (Run(head[:rng.randint(5, len(head))], 20), Run("4317.4元", 20, True, keep=True),
                Run("的；另有150个贫困村、“十一五”期间安排资金", 20), Run("5000万元", 20, True, keep=True), Run("。", 20))
        lines = metrics.lines(runs, width)
        assert "".join(lines) == "".join(r.text for r in runs)
        joined = "|".join(lines)
        for piece in ("4317.4元", "5000万元", "150个", "“十一五”"):
            assert piece in joined, (width, lines)
        core = [c for c in lines[-1] if c not in NO_START]
        assert len(lines) == 1 or len(core) > 1, lines


def test_derived_series_are_named(shipped, shipped_briefing) -> None:
    """A 推算 series says so in its legend name (how it is drawn: test_deck_access)."""
    specs = {c.id: c for c in shipped_briefing.charts}
    seen = 0
    for _, frame in charts(shipped):
        spec = specs[frame.name.removeprefix("Chart ")]
        for ser, model in zip(frame.chart._chartSpace.iter(f"{C}ser"), spec.series, strict=True):
            name = "".join(ser.find(f"{C}tx").itertext())
            if all_derived(model):
                seen += 1
                assert "推算" in name, (spec.id, model.name)
    assert seen >= 1


def test_dates_are_written_in_chinese(shipped, shipped_briefing) -> None:
    doc = shipped_briefing.document
    day = f"{doc.published.year}年{doc.published.month}月{doc.published.day}日"
    title = " ".join(s.text_frame.text for s in shipped.slides[0].shapes if s.has_text_frame)
    assert day in title and f"《{doc.subtitle}》" in title and "数据版次" in title
    for number, shape in text_frames(shipped):
        text = shape.text_frame.text
        assert doc.published.isoformat() not in text or shape.name == "Chart Source", (number, shape.name, text)
        assert "数据版本" not in text and "编辑数据" not in text, (number, text)
        if is_decoration(shape) and "·" in text:
            assert day in text


def test_cards_are_top_aligned(shipped) -> None:
    cards = [shape for _, shape in text_frames(shipped) if shape.name.startswith("Card") and shape.name.endswith("Text")]
    assert cards
    for shape in cards:
        assert shape.text_frame._txBody.find(f"{A}bodyPr").get("anchor") == "t"


def test_thin_continuations_are_rebalanced(shipped, shipped_briefing, metrics) -> None:
    """The sources fit one slide (two columns rather than a near-empty （续）), and no measures
    continuation slide is left under half full."""
    names = [s.shapes.title.text_frame.text for s in shipped.slides]
    assert "资料来源与说明" in names and "资料来源与说明（续）" not in names
    for slide, name in zip(shipped.slides, names, strict=True):
        if not name.endswith("主要举措（续）"):
            continue
        boxes = [sh for sh in slide.shapes if sh.name.startswith("Text ")]
        used = sum(frame_overflow(metrics, sh.text_frame._txBody, sh.width, sh.height, 20)[0] for sh in boxes)
        room = frame_overflow(metrics, boxes[0].text_frame._txBody, boxes[0].width, boxes[0].height, 20)[1]
        assert used >= 0.5 * 2 * room, (name, used, room)


def test_loose_fill_splits_a_group_between_items(metrics) -> None:
    from slides.filling import fill
    from slides.measure import Para
    head = Para((Run("分组标题", 20, True),), pitch=1.3, keep_with_next=True, block=6)
    items = [Para((Run(f"举措{i}：推进农村产业发展", 20),), pitch=1.3, repeat=head) for i in range(6)]
    height = metrics.height([head] + items, 300) + 1       # the group alone fits a box
    first = Para((Run("前一组的内容", 20),), pitch=1.3)
    while metrics.height([first, head] + items[:4], 300) <= height:      # leave room for three of its items
        first = Para((Run(first.text + "前一组的内容", 20),), pitch=1.3)
    assert metrics.height([first, head] + items[:3], 300) <= height
    strict, _ = fill(metrics, [first, head] + items, 300, height)
    loose, rest = fill(metrics, [first, head] + items, 300, height, loose=True)
    assert strict == [first]                               # the group moves whole to the next box
    assert loose == [first, head] + items[:3]              # or is split between items
    assert rest[0].text.endswith("（续）") and rest[1:] == items[3:]
