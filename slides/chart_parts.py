"""A chart's parts kept between builds: its chart XML and embedded workbook, under a hash of what it shows.

A native chart costs python-pptx's chart XML writer, an XlsxWriter workbook and our styling through
python-pptx's chart API — about 5 ms a chart, most of it spent again on every rebuild although one
changed figure changes at most the charts that show it.  :func:`chart_frame` adds the chart to its slide
as :func:`slides.charts.add_chart` does when the cache has nothing for it (and keeps the two parts in
the build cache's deck-charts/), else from the kept bytes: the same parts, the same relationships in
the same order, the same bytes in the saved deck (tests/slides/test_deck_incremental.py).

The key holds everything a chart part can depend on: the chart as the model gives it (every figure,
every field), the theme, the frame's size, the code that writes chart parts (this package's charts,
cjk and ooxml modules) and the python-pptx and XlsxWriter versions.  Files are named by the hash
of their bytes (infra.cache_files), so a damaged one is made again, never embedded.
"""
from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart

from infra.atomic import write_atomic
from infra.cache_files import lookup, name_for
from model.briefing import Chart, Theme

from .charts import add_chart, label_frame
from .reproducible import fixed_zip
from .template import Rect

SUFFIX = ".chart"
KEEP_UNUSED = 24          # charts of earlier values kept for switching back (the shipped deck has 9)
_CODE = ("charts.py", "cjk.py", "ooxml.py", "chart_parts.py")
_code_digest: list[str] = []


def _code() -> str:
    if not _code_digest:
        import pptx
        import xlsxwriter

        here = Path(__file__).resolve().parent
        digest = hashlib.sha256(f"{pptx.__version__}|{xlsxwriter.__version__}".encode())
        for name in _CODE:
            digest.update((here / name).read_bytes())
        _code_digest.append(digest.hexdigest())
    return _code_digest[0]


def cache_key(spec: Chart, rect: Rect, theme: Theme) -> str:
    """The model's own representation of the chart and theme (frozen dataclasses: every field, nested)."""
    return hashlib.sha256(repr((spec, theme, rect.w, rect.h, _code())).encode("utf-8")).hexdigest()


def _pack(chart_xml: bytes, workbook: bytes) -> bytes:
    return struct.pack("<I", len(chart_xml)) + chart_xml + workbook


def _unpack(data: bytes) -> tuple[bytes, bytes]:
    (size,) = struct.unpack_from("<I", data)
    return data[4:4 + size], data[4 + size:]


def chart_blobs(part: ChartPart) -> tuple[bytes, bytes]:
    """What is kept of a chart part: its XML and its workbook.  XlsxWriter stamps the workbook with the clock;
    the deck's save dates it (reproducible.fixed_zip), so it is kept dated 1980-01-01: the same chart, the same bytes."""
    return part.blob, fixed_zip(part.chart_workbook.xlsx_part.blob, (1980, 1, 1))


def load_chart_part(package, chart_xml: bytes, workbook: bytes) -> ChartPart:
    """ChartPart.new's steps with kept bytes: the chart part, then its workbook (rId1, as the XML says)."""
    chart_part = ChartPart.load(package.next_partname(ChartPart.partname_template), CT.DML_CHART, package, chart_xml)
    rid = chart_part.relate_to(EmbeddedXlsxPart.new(workbook, package), RT.PACKAGE)
    if rid != chart_part._element.xlsx_part_rId:
        raise AssertionError(f"kept chart part: workbook relationship {rid}, the XML names {chart_part._element.xlsx_part_rId}")
    return chart_part


def chart_frame(slide, spec: Chart, rect: Rect, theme: Theme, folder: Path | None, used: set[Path]):
    """The chart's graphic frame on ``slide``; ``folder``: the deck-charts cache (None: no cache).
    ``used`` collects the cache files this build read or wrote (for :func:`infra.cache_files.prune`)."""
    key = cache_key(spec, rect, theme) if folder is not None else ""
    hit = lookup(folder, key, SUFFIX) if folder is not None else None
    if hit is None:
        frame = add_chart(slide, spec, rect, theme)
        if folder is not None:
            data = _pack(*chart_blobs(frame.chart.part))
            path = folder / name_for(key, data, SUFFIX)
            try:
                write_atomic(path, data)
                used.add(path.resolve())
            except OSError:
                pass                                    # best effort: the next build makes it again
        return frame
    used.add(hit[0].resolve())
    chart_part = load_chart_part(slide.part.package, *_unpack(hit[1]))
    shapes = slide.shapes
    frame = shapes._shape_factory(shapes._add_chart_graphicFrame(slide.part.relate_to(chart_part, RT.CHART),
                                                                 rect.x, rect.y, rect.w, rect.h))
    shapes._recalculate_extents()
    label_frame(frame, spec)
    return frame
