"""WeasyPrint: HTML → PDF bytes, with the guards that make the file trustworthy.

- One :class:`FontConfiguration` per process and set of fonts: WeasyPrint
  caches ``@font-face`` fonts in it by their URL, so a second build
  (``--watch``, tests) showing the same characters does not load the fonts
  again, and one whose fonts were cut to other characters
  (report.font_subsets) gets a fresh configuration (~30 ms).
- A ``.notdef`` warning (a character no font can draw: an empty box in
  print) fails the build with the characters named; so does any glyph drawn
  with a font other than the bundled one (fontconfig's silent fallback to a
  system font, which would embed e.g. DejaVu).
- Dates come from the model (``dcterms.created`` = the data edition, or
  SOURCE_DATE_EPOCH when set), never the clock, and the PDF identifier is derived from the content, so the same
  input gives the same bytes.  Font cuts are HarfBuzz's (report.font_subsets), which
  keep ``head.modified``; but WeasyPrint re-saves a variable font (a theme may name
  one) with fontTools, which stamps it with the current time unless
  ``SOURCE_DATE_EPOCH`` is set: it is set to the model's timestamp while writing.
- The tagging is finished in report.pdf_tags (artifacts, links, list and table structure)
  so that the file passes PDF/UA-1.
- Where each figure landed: every occurrence has an anchor id, and the
  pages' anchors give its page numbers.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from model.errors import InputError, Problem

_NOTDEF = re.compile(r'unsupported by fonts: "(.+)" \(U\+([0-9A-F]+)\)', re.S)
_font_config: tuple[str, object] | None = None      # (the fonts it holds, FontConfiguration)


def font_config(faces: str | None = ""):  # weasyprint.text.fonts.FontConfiguration
    """The process's font configuration for the fonts named by ``faces`` (a key of their bytes);
    ``None``: the one there is, whichever fonts it holds (warming up must not replace the
    configuration the pages kept by report.parts were laid out with)."""
    global _font_config
    if _font_config is None or faces is not None and _font_config[0] != faces:
        from weasyprint.text.fonts import FontConfiguration
        _font_config = (faces or "", FontConfiguration())
    return _font_config[1]


class _GlyphWatch(logging.Handler):
    """Collects WeasyPrint's missing-glyph warnings while a document is drawn."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef" in message or "glyph" in message.lower() and "missing" in message.lower():
            match = _NOTDEF.search(message)
            char = match.group(1) if match else message
            if char not in self.missing:
                self.missing.append(char)


@contextmanager
def watch_glyphs() -> Iterator[_GlyphWatch]:
    logger = logging.getLogger("weasyprint")
    handler = _GlyphWatch()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@contextmanager
def source_date(moment: dt.datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH = the model's timestamp while the fonts are written."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def _describe(chars: list[str]) -> str:
    return "、".join(f"“{c}” (U+{ord(c[0]):04X})" if len(c) == 1 else c for c in chars)


def glyph_problem(chars: list[str], why: str) -> InputError:
    return InputError(Problem(
        "the briefing text", "PDF rendering",
        f"{why}: {_describe(chars)}",
        "replace the character in assets/outline.yaml or the figures file with a common one "
        "(generate.py --check lists where each character occurs)"))


def _nothing() -> None:
    pass


@dataclass(frozen=True)
class Output:
    data: bytes
    pages: int
    anchors: dict[str, int]          # anchor id → page number (1-based)
    text: str                        # the laid-out text, whitespace removed (report.verify)
    note: str = ""                   # with ``keep``: what was laid out (report.parts), for the step line
    keep: Callable[[], None] = _nothing   # with ``keep``: call once the PDF passed every check


def render(html: str, css: str, *, seed: str, base_url: str, fetcher, family: str, timestamp: dt.datetime,
           variant: str | None, font_cache: Path, faces: str = "", keep: bool = False,
           digests: dict[str, str] | None = None) -> Output:
    """Lay out and write the PDF; raise InputError on a character the bundled font cannot draw.
    ``faces`` names the fonts the fetcher serves (a new key: a new font configuration).  ``keep``
    (``--watch``): lay out only the parts that changed since the pages kept by the last build
    (report.parts; ``digests``: chart file URL → digest of its bytes), and keep these pages once
    ``Output.keep`` is called."""
    from weasyprint import CSS, HTML

    from . import parts
    from .font_subsets import reused_subsets
    from .page_replay import memo_compression, replayed_pages
    from .pdf_tags import finish, finisher
    from .verify import laid_out_text

    fc = font_config(faces)
    with watch_glyphs() as watch, source_date(timestamp):
        stylesheet = CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fc)

        def lay_out(text: str, extra: str | None):  # -> weasyprint.Document
            sheets = [stylesheet] if extra is None else [
                stylesheet, CSS(string=extra, base_url=base_url, url_fetcher=fetcher, font_config=fc)]
            return HTML(string=text, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=sheets, font_config=fc, pdf_tags=True)
        if keep:
            layout = parts.lay_out(html, css, {"base URL": base_url, "fonts": faces, "font configuration": fc},
                                   digests or {}, lay_out)
        else:
            layout = parts.Layout(lay_out(html, None), "", _nothing)
        document = layout.document
        for page in document.pages:          # kept pages were written before: no annotation of that file
            for *_, box in page.links:
                box.link_annotation = None
        identifier = hashlib.md5(seed.encode("utf-8"), usedforsecurity=False).hexdigest().encode()
        options = {"pdf_tags": True, "pdf_identifier": identifier, "uncompressed_pdf": False}
        if variant:
            options["pdf_variant"] = variant
        with reused_subsets(font_cache), memo_compression(keep), replayed_pages() if keep else nullcontext():
            data = finish(document.write_pdf(finisher=_finished_by_pikepdf(finisher), **options), identifier)
    if watch.missing:
        raise glyph_problem(watch.missing, "the bundled font cannot draw these characters (the PDF would show empty boxes)")
    foreign = _foreign_glyphs(document, family)
    if foreign:
        raise glyph_problem(foreign, f"these characters are not in the bundled font ({family}) and would be drawn with a system font")
    anchors = {name: number for number, page in enumerate(document.pages, start=1) for name in page.anchors}
    return Output(data, len(document.pages), anchors, laid_out_text(document), layout.note, layout.keep)


def _finished_by_pikepdf(finisher: Callable) -> Callable:
    """The finisher, and pydyf told to write the objects plain rather than packed into compressed
    object streams, and without a /ID: report.pdf_tags.finish opens every tagged file with pikepdf
    and saves it with object streams of its own, so pydyf's packing (~0.1 s of a 33-page write) was
    thrown away; and for the /ID pydyf serialised every object a second time to hash it, for a
    second element that qpdf's deterministic save replaces anyway (finish sets the first).  The
    streams themselves stay compressed by pydyf; the saved file has the same bytes
    (tests/report/test_pdf_parts.py, test_pdf_shipped.py)."""
    def finish(document, pdf) -> None:  # weasyprint.Document, pydyf.PDF
        finisher(document, pdf)
        if "StructTreeRoot" in pdf.catalog:          # else pdf_tags.finish returns the file as written
            write = pdf.write
            pdf.write = lambda output, version, identifier, compress: write(output, version, False, False)
    return finish


def _foreign_glyphs(document, family: str) -> list[str]:
    """Characters that fontconfig drew with a font other than ours."""
    wanted = family.replace(" ", "").lower()
    chars: list[str] = []
    for font in document.fonts.values():
        name = font.name.decode("latin-1", "replace").split("+", 1)[-1].replace("-", "").lower()
        if name.startswith(wanted):
            continue
        for text in font.to_unicode.values():
            for ch in str(text):
                if not ch.isspace() and ch not in chars:
                    chars.append(ch)
        if not font.to_unicode:
            chars.append(f"(font {font.name.decode('latin-1', 'replace')})")
    return chars


def locations(anchors: dict[str, int], chart_figures: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """figure id → ("p. 4", "p. 7", "chart parks_2016 (p. 7)"), pages in order, for build/changes.md."""
    pages: dict[str, set[int]] = defaultdict(set)
    for name, page in anchors.items():
        if name.startswith("f-"):
            fid = name[2:].rsplit("-", 1)[0]
            pages[fid].add(page)
    def chart(c: str) -> str:
        return f"chart {c} (p. {anchors[f'chart-{c}']})" if f"chart-{c}" in anchors else f"chart {c}"

    where: dict[str, tuple[str, ...]] = {}
    for fid in set(pages) | set(chart_figures):
        where[fid] = tuple(f"p. {p}" for p in sorted(pages.get(fid, ()))) + tuple(
            chart(c) for c in chart_figures.get(fid, ()))
    return dict(sorted(where.items()))
