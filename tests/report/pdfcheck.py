"""Shared helpers for the PDF tests: build once per module, read PDFs without poppler, read the tagged structure."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2

from model.briefing import Briefing, Figure


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


# ---------------------------------------------------------------- tagged structure (pikepdf)

@dataclass
class Node:
    """A structure element: its tag, its kids, its marked-content ids and link annotations."""
    tag: str
    parent: Node | None
    kids: list[Node] = field(default_factory=list)
    mcids: list[int] = field(default_factory=list)
    annotations: list = field(default_factory=list)           # pikepdf annotation dictionaries
    attributes: dict = field(default_factory=dict)

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def empty(self) -> bool:
        return not self.mcids and not self.annotations and all(k.empty for k in self.kids)


def structure(pdf: pikepdf.Pdf) -> Node:
    """The structure tree below StructTreeRoot, as Nodes."""
    def build_node(element: pikepdf.Dictionary, parent: Node | None) -> Node:
        attributes = element.get("/A")
        node = Node(str(element.get("/S")), parent,
                    attributes={str(k): str(v) for k, v in attributes.items()} if isinstance(attributes, pikepdf.Dictionary) else {})
        k = element.get("/K")
        kids = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                node.annotations.append(kid.Obj)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                node.mcids.append(int(kid.MCID))
            elif isinstance(kid, pikepdf.Dictionary):
                node.kids.append(build_node(kid, node))
            else:
                node.mcids.append(int(kid))
        return node

    root = Node("StructTreeRoot", None)
    top = pdf.Root.StructTreeRoot.K
    for element in (list(top) if isinstance(top, pikepdf.Array) else [top]):
        root.kids.append(build_node(element, root))
    return root


_SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def marked_texts(data: bytes, *, artifacts: bool) -> list[str]:
    """Each page's text drawn inside Artifact marked content (``artifacts=True``) or outside it: the
    other text-showing operators are dropped from a copy of the file, which pdfium then reads."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            kept, stack = [], []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    stack.append(str(operands[0]))
                elif op == "EMC" and stack:
                    stack.pop()
                if op in _SHOW_TEXT and ("/Artifact" in stack) != artifacts:
                    continue
                kept.append(pikepdf.ContentStreamInstruction(operands, operator))
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        out = io.BytesIO()
        pdf.save(out)
    return page_texts(out.getvalue())
