"""Shared helpers for the PDF tests: build once per module, read PDFs without poppler."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pypdfium2

from core.model import Briefing, Figure


def pdf_text(data: bytes) -> str:
    """All text of the PDF (pypdfium2 handles CJK well), whitespace removed so that a
    figure wrapped across lines still matches."""
    pdf = pypdfium2.PdfDocument(data)
    try:
        parts = []
        for index in range(len(pdf)):
            page = pdf[index]
            parts.append(page.get_textpage().get_text_range())
        return re.sub(r"\s+", "", "".join(parts))
    finally:
        pdf.close()


def page_texts(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [re.sub(r"\s+", "", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def embedded_fonts(data: bytes) -> set[str]:
    """BaseFont names of every font the PDF uses (descendant fonts included)."""
    names: set[str] = set()
    for page in reader(data).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            for desc in font.get("/DescendantFonts", []):
                d = desc.get_object()
                names.add(str(d["/BaseFont"]))
                assert "/FontFile2" in d["/FontDescriptor"] or "/FontFile3" in d["/FontDescriptor"], "font not embedded"
    return names


def bookmarks(data: bytes) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title))

    walk(reader(data).outline, 1)
    return out


def shown_figures(b: Briefing) -> list[Figure]:
    """Every figure the outline shows: headline, results, and placeholders in prose."""
    seen: dict[str, Figure] = {}
    for f in b.document.headline:
        seen[f.id] = f
    for stage in b.stages:
        for r in stage.results:
            seen[r.figure.id] = r.figure
    for prose in b.prose():
        for f in prose.figures:
            seen[f.id] = f
    return list(seen.values())


def build(b: Briefing, cache: Path, variant: str | None = None) -> bytes:
    from report import build_pdf
    return build_pdf(b, cache_dir=cache, variant=variant).data
