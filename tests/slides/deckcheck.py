"""Helpers for the deck tests: open the .pptx with python-pptx and read what a viewer would see."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from slides.frame_reading import frame_overflow
from slides.measure import EMU_PER_PT, Metrics

# spelled out here, not imported from slides/: a wrong namespace in the builder must fail these tests
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]")
DECORATION = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def title_of(slide) -> str:
    shape = slide.shapes.title
    return shape.text_frame.text if shape is not None else ""


def titles(prs) -> list[str]:
    return [title_of(s) for s in prs.slides]


def charts(prs) -> Iterator[tuple[int, object]]:
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_chart:
                yield number, shape


def is_decoration(shape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type in DECORATION


def text_frames(prs) -> Iterator[tuple[int, object]]:
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield number, shape


def overflowing(prs, metrics: Metrics, default_pt: float) -> list[str]:
    """Every text frame whose measured text needs more height than its box offers."""
    bad = []
    for number, shape in text_frames(prs):
        needed, available = frame_overflow(metrics, shape.text_frame._txBody, shape.width, shape.height, default_pt)
        if needed > available + 0.5:
            bad.append(f"slide {number} {shape.name}: needs {needed:.1f} pt, has {available:.1f} pt")
    return bad


def run_sizes(prs) -> Iterator[tuple[int, object, float, bool]]:
    """(slide, shape, size in pt, is title) for every run with text on every slide."""
    for number, shape in text_frames(prs):
        if is_decoration(shape):
            continue
        is_title = shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        for r in shape.text_frame._txBody.iter(f"{A}r"):
            if (r.findtext(f"{A}t") or "").strip():
                sz = r.find(f"{A}rPr").get("sz")
                yield number, shape, int(sz) / 100, is_title


def emu_to_pt(v: int) -> float:
    return v / EMU_PER_PT
