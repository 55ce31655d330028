"""Fonts for the PDF: cut to the document first, then to the glyphs drawn, both cached.

Two cuts, both by HarfBuzz (infra.font_cut, the PyPI wheel): WeasyPrint would
otherwise cut with fontTools (without the HarfBuzz-Subset system library, not
on PyPI, and our setup has no apt step), ~1 s for our two 3.4 MB CJK fonts in
every build, ~1 s even on a font already cut small.

1. :func:`document_font`: before WeasyPrint sees a bundled font, it is cut to
   the characters the document can show (the URL fetcher serves the cut), so
   WeasyPrint loads, hashes and copies ~200 KB instead of 3.4 MB.
2. :func:`reused_subsets`: while the PDF is written, WeasyPrint's
   ``Font.subset`` (the glyph ids actually drawn) is HarfBuzz's, the same cut
   WeasyPrint makes itself when libharfbuzz-subset is present.

Each cut depends only on the font bytes, what is kept (characters, or glyph
ids and options) and the cutter's version, so it is kept under a hash of
exactly those: in memory for ``--watch``, and on disk in the build cache for
the next run.  A hit gives the very bytes a fresh cut would, so outputs stay
reproducible whether or not the cache was warm.  On disk each cut's own hash is
part of its name (infra.cache_files): a damaged file is cut again, never embedded.
"""
from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from infra.atomic import write_cached
from infra.cache_files import lookup, name_for
from infra.font_cut import cut_to_characters, cut_to_glyphs, cutter

KEEP_ON_DISK = 12                  # cuts kept in <cache>/fonts (two document cuts and a few glyph sets per build)
_memory: dict[str, bytes] = {}     # key → subset, this process (a watch session)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n]?")
_GENERATED = {chr(c) for c in range(0x20, 0x7F)} | set("\u00a0\u2022\u25e6\u25aa\u25b8\u25be\u2010\u2011"
                                                         "\u2026\u201c\u201d\u2018\u2019\u3000")


def subset_key(font_bytes: bytes, index: int, glyph_ids: object, hinting: bool, notdef_outline: bool) -> str:
    """Everything a fresh cut to glyph ids depends on."""
    parts = ["glyphs", hashlib.blake2b(font_bytes, digest_size=16).hexdigest(), str(index),
             ",".join(map(str, sorted(glyph_ids))), str(hinting), str(notdef_outline), cutter()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def document_characters(*texts: str) -> set[str]:
    """Every character the PDF can draw from these sources (the HTML, the CSS, the chart SVGs), taken
    wide: markup and attribute text as well, HTML and CSS escapes decoded, plus printable ASCII
    (counters, page numbers) and what WeasyPrint writes by itself (list markers, quotes, hyphen,
    ellipsis).  Missing one is never silent: the PDF's glyph checks fail, and the caller renders
    again with the whole fonts."""
    chars = set(_GENERATED)
    for text in texts:
        chars.update(text)
        chars.update(html.unescape(text))
        chars.update(_CSS_ESCAPE.sub(lambda m: _css_char(m.group(1)), text))
    return {c for c in chars if c not in "\n\r\t\f"}


def _css_char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""


def document_font(font_bytes: bytes, chars: set[str], folder: Path) -> bytes:
    """The font cut to ``chars`` (:func:`infra.font_cut.cut_to_characters`), from the cache when it has it."""
    parts = ["characters", hashlib.blake2b(font_bytes, digest_size=16).hexdigest(), "".join(sorted(chars)), cutter()]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()
    data = _read(folder, key)
    if data is None:
        data = cut_to_characters(font_bytes, chars)
        _store(folder, key, data)
    return data


def _read(folder: Path, key: str) -> bytes | None:
    if key in _memory:
        _memory[key] = _memory.pop(key)      # recently used: evicted last
        return _memory[key]
    hit = lookup(folder, key, ".ttf")
    if hit is None:
        return None
    path, data = hit
    with contextlib.suppress(OSError):
        os.utime(path)                       # recently used: pruned last (a read-only cache still serves)
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
    """While the PDF is written, WeasyPrint's ``Font.subset`` looks in the cache first and cuts with HarfBuzz."""
    from weasyprint.pdf.fonts import Font

    original = Font.subset

    def subset(font: Font, to_unicode: dict, hinting: bool) -> None:
        if not to_unicode:
            return original(font, to_unicode, hinting)
        key = subset_key(font.file_content, font.index, to_unicode, hinting, bool(font.missing))
        data = _read(folder, key)
        if data is None:
            data = cut_to_glyphs(font.file_content, font.index, to_unicode, hinting=hinting,
                                 notdef_outline=bool(font.missing))
            _store(folder, key, data)
        font.file_content = data
        return None

    Font.subset = subset
    try:
        yield
    finally:
        Font.subset = original
