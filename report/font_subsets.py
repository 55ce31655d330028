"""Reuse WeasyPrint's font subsets from one build to the next.

WeasyPrint embeds each font cut down to the glyphs the document draws.  Without
the HarfBuzz-Subset system library (not on PyPI, and our setup has no apt step)
it cuts with fontTools, which spends ~1 s on our two 3.4 MB CJK fonts in every
build — although an edited figure or sentence almost never brings a glyph the
last build did not draw.  The cut depends only on the font file, the glyph
ids, the subsetting options, the cutting code and its version (WeasyPrint,
fontTools, or HarfBuzz where WeasyPrint uses it) and ``SOURCE_DATE_EPOCH``
(fontTools stamps ``head.modified`` with it), so it is kept under a hash of
exactly those: in memory for ``--watch``, and on disk in the build cache for
the next run.  A hit gives the very bytes a fresh cut would, so outputs stay
reproducible whether or not the cache was warm.  On disk the subset's own hash is
part of its name (core.cache_files): a damaged file is cut again, never embedded.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from infra.atomic import write_cached
from infra.cache_files import lookup, name_for

KEEP_ON_DISK = 8                   # subsets kept in <cache>/fonts (a few glyph sets for a few fonts)
_memory: dict[str, bytes] = {}     # key → subset, this process (a watch session)


def subset_key(font_bytes: bytes, index: int, glyph_ids: object, hinting: bool, notdef_outline: bool) -> str:
    """Everything a fresh cut depends on."""
    import fontTools
    import weasyprint
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

    cutter = f"fontTools {fontTools.version}"
    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):          # WeasyPrint's own test (pdf/fonts.py)
        cutter = f"HarfBuzz {ffi.string(harfbuzz.hb_version_string()).decode()}"
    parts = [hashlib.blake2b(font_bytes, digest_size=16).hexdigest(), str(index), ",".join(map(str, sorted(glyph_ids))),
             str(hinting), str(notdef_outline), os.environ.get("SOURCE_DATE_EPOCH", ""), weasyprint.__version__, cutter]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _read(folder: Path, key: str) -> bytes | None:
    if key in _memory:
        _memory[key] = _memory.pop(key)      # recently used: evicted last
        return _memory[key]
    hit = lookup(folder, key, ".ttf")
    if hit is None:
        return None
    path, data = hit
    try:
        os.utime(path)                       # recently used: pruned last (a read-only cache still serves)
    except OSError:
        pass
    _remember(key, data)
    return data


def _remember(key: str, data: bytes) -> None:
    if len(_memory) >= KEEP_ON_DISK:
        _memory.pop(next(iter(_memory)))     # the least recently used
    _memory[key] = data


def _store(folder: Path, key: str, data: bytes) -> None:
    """Best effort: a cache that cannot be written (disk full) only makes the next build slower."""
    _remember(key, data)
    write_cached(folder / name_for(key, data, ".ttf"), data, KEEP_ON_DISK)


def forget(folder: Path) -> None:
    """Drop every kept subset (``--force``)."""
    _memory.clear()
    for path in Path(folder).glob("*.ttf"):
        path.unlink(missing_ok=True)


@contextmanager
def reused_subsets(folder: Path) -> Iterator[None]:
    """While the PDF is written, WeasyPrint's ``Font.subset`` looks in the cache first."""
    from weasyprint.pdf.fonts import Font

    original = Font.subset

    def subset(font: Font, to_unicode: dict, hinting: bool) -> None:
        if not to_unicode:
            return original(font, to_unicode, hinting)
        key = subset_key(font.file_content, font.index, to_unicode, hinting, bool(font.missing))
        data = _read(folder, key)
        if data is None:
            original(font, to_unicode, hinting)
            data = font.file_content
            _store(folder, key, data)
        font.file_content = data
        return None

    Font.subset = subset
    try:
        yield
    finally:
        Font.subset = original
