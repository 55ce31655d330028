"""Cut a font down with HarfBuzz's subsetter (the PyPI wheel ``uharfbuzz``, self-contained).

WeasyPrint cuts fonts with HarfBuzz only when the system's libharfbuzz-subset is
installed (our setup has no apt step) and otherwise with fontTools: about 1 s for
our two 3.4 MB CJK fonts in every cold build.  HarfBuzz does the same cut in
~10 ms.  Both cuts here are pure functions of their inputs and the HarfBuzz
version (no timestamps are written), so the same input gives the same bytes.
"""
from __future__ import annotations

import io
import struct
from collections.abc import Iterable, Sequence

import uharfbuzz as hb

# WeasyPrint drops these when it cuts a font for the PDF (pdf/fonts.py, _harfbuzz_subset): the PDF
# positions every glyph itself, so shaping tables and bitmaps are dead weight.
_PDF_DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT",
                       b"SVG ")


def cutter() -> str:
    """Names the code that cuts, for cache keys: another version may cut other bytes."""
    return f"uharfbuzz {hb.__version__} / HarfBuzz {hb.version_string()}"


def _tag(name: bytes) -> int:
    return int.from_bytes(name, "big")


def cut_to_characters(font: bytes, chars: Iterable[str], index: int = 0) -> bytes:
    """The font with only what ``chars`` need: their glyphs and whatever the shaping tables
    (GSUB/GPOS, kept) reach from them, metrics and names as they were (bounds made tight).  Text made of these
    characters lays out exactly as with the whole font."""
    plan = hb.SubsetInput()
    unicodes = plan.unicode_set
    for ch in sorted(set(chars)):
        unicodes.add(ord(ch))
    plan.flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
    return tight_bounds(bytes(hb.subset(hb.Face(hb.Blob(font), index), plan).blob.data))


def tight_bounds(font: bytes) -> bytes:
    """``head``'s bounding box and ``hhea``'s extremes recomputed for the glyphs the cut kept, as fontTools
    does when it cuts: HarfBuzz keeps the whole font's, and a viewer that sizes its glyph cache from the
    box (poppler) then rasterises large glyphs along another path, a few edge pixels apart."""
    from fontTools.ttLib import TTFont

    ttf = TTFont(io.BytesIO(font), recalcBBoxes=False, recalcTimestamp=False, lazy=True)
    head, hhea = ttf["head"], ttf["hhea"]
    count = ttf["maxp"].numGlyphs
    raw_loca, glyf = ttf.reader["loca"], ttf.reader["glyf"]
    offsets: Sequence[int]
    if head.indexToLocFormat:
        offsets = struct.unpack(f">{count + 1}I", raw_loca[:4 * (count + 1)])
    else:
        offsets = [2 * o for o in struct.unpack(f">{count + 1}H", raw_loca[:2 * (count + 1)])]
    long_metrics = hhea.numberOfHMetrics
    raw_hmtx = ttf.reader["hmtx"]
    pairs = struct.unpack(f">{2 * long_metrics}h", raw_hmtx[:4 * long_metrics])
    advances = [pairs[i] & 0xFFFF for i in range(0, len(pairs), 2)]
    bearings = list(pairs[1::2]) + list(struct.unpack(f">{count - long_metrics}h",
                                                      raw_hmtx[4 * long_metrics:4 * long_metrics + 2 * (count - long_metrics)]))
    box = [0x7FFF, 0x7FFF, -0x8000, -0x8000]
    lsbs, rsbs, extents = [], [], []
    for gid in range(count):
        if offsets[gid + 1] - offsets[gid] < 10:
            continue
        contours, x0, y0, x1, y1 = struct.unpack(">hhhhh", glyf[offsets[gid]:offsets[gid] + 10])
        if contours == 0:
            continue
        box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
        advance, lsb = advances[min(gid, long_metrics - 1)], bearings[gid]
        lsbs.append(lsb)
        rsbs.append(advance - lsb - (x1 - x0))
        extents.append(lsb + (x1 - x0))
    if not lsbs:
        return font
    head.xMin, head.yMin, head.xMax, head.yMax = box
    hhea.advanceWidthMax = max(advances)
    hhea.minLeftSideBearing, hhea.minRightSideBearing, hhea.xMaxExtent = min(lsbs), min(rsbs), max(extents)
    out = io.BytesIO()
    ttf.save(out, reorderTables=False)
    return out.getvalue()


def cut_to_glyphs(font: bytes, index: int, glyph_ids: Iterable[int], *, hinting: bool, notdef_outline: bool) -> bytes:
    """The font for embedding in a PDF: only ``glyph_ids``, at their ids (the PDF's text refers
    to them), without shaping tables; WeasyPrint's own HarfBuzz cut, in one pass."""
    plan = hb.SubsetInput()
    glyphs = plan.glyph_set
    for gid in sorted(glyph_ids):
        glyphs.add(gid)
    flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if not hinting:
        flags |= hb.SubsetFlags.NO_HINTING
    if notdef_outline:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    plan.flags = flags
    dropped = plan.drop_table_tag_set
    for name in _PDF_DROPPED_TABLES:
        dropped.add(_tag(name))
    return tight_bounds(bytes(hb.subset(hb.Face(hb.Blob(font), index), plan).blob.data))
