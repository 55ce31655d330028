"""Finishing WeasyPrint 70's tagged PDF so that it passes PDF/UA-1 and reads well aloud.

Two steps, both deterministic (same input, same bytes):

:func:`finisher` runs inside ``write_pdf`` (WeasyPrint's documented finisher hook), where the
boxes behind the link annotations are still known:

- a link's ``/Contents`` is its ``title`` attribute or else its visible text, and the page it
  leads to (WeasyPrint writes the anchor id, "stage-s4"); links get the print flag (``/F 4``);
- the default PDF gets an XMP metadata stream too (the PDF/A and PDF/UA variants have one);
  it carries no PDF/UA or PDF/A identification, as that file claims neither.

:func:`finish` then edits the written file with pikepdf:

- margin boxes (running header, footer, "第 N 页 / 共 M 页"): WeasyPrint marks their text as
  ``/Span`` content whose structure elements it never links into the tree ("could be included
  in tree as Artifact, but that's only allowed in PDF 2.0").  That content becomes
  ``/Artifact /Pagination`` and leaves the parent tree, so readers skip it on every page;
- WeasyPrint gives every box inside a link its own link annotation (a span in an ``<a>``:
  a second, overlapping annotation, tagged Span).  Only the outermost Link element of a link
  keeps one; a box the tagger did not call Link but that holds a link becomes a Link;
- empty Span, NonStruct and Div elements (a box that drew no text) are removed;
- table header cells get ``/Scope``: a header in the table head heads its column, one in
  the body heads its row (the template writes ``scope="col"`` and ``scope="row"`` alike).
"""
from __future__ import annotations

import io
import re

import pikepdf
import pydyf

_EMPTYABLE = {"/Span", "/NonStruct", "/Div"}
_PRINT = 4                                  # annotation flag bit 3: print


def finisher(document, pdf) -> None:  # weasyprint.Document, pydyf.PDF
    """Readable link descriptions with the print flag, and XMP metadata where there is none."""
    pages: dict[str, int] = {}              # anchor → the page it starts on (a section's box is on all of its pages)
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    for page in document.pages:
        for kind, target, _rect, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            if annotation is None:
                continue
            element = box.element
            text = "" if element is None else element.get("title") or "".join(element.itertext())
            text = re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")
            if kind == "internal" and target in pages:
                text = f"{text}（第 {pages[target]} 页）" if text else f"第 {pages[target]} 页"
            annotation["Contents"] = pydyf.String(text or target)
            annotation["F"] = _PRINT
    if "Metadata" not in pdf.catalog:
        document.metadata.include_in_pdf(pdf, "ua", None, None, compress=False)


def finish(data: bytes, identifier: bytes) -> bytes:
    """The tagged PDF with the structure fixes above; a PDF without a structure tree is returned as is.
    ``identifier``: the first element of its /ID, where the file has none (report.pdf writes it without;
    the second is made by qpdf's deterministic save from the content)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        if "/ID" not in pdf.trailer:
            pdf.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])
        _Fixer(pdf, root).run()
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _kids(element: pikepdf.Dictionary) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


# A marked-content start as WeasyPrint writes it ("/Span\n<</MCID 3>>\nBDC").
_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


class _Fixer:
    """The structure edits of :func:`finish`, on one open file: one walk over the tree, then the pages."""

    def __init__(self, pdf: pikepdf.Pdf, root: pikepdf.Dictionary) -> None:
        self.pdf = pdf
        self.root = root
        self.nums = root.ParentTree.Nums
        self.reachable: set[tuple[int, int]] = set()

    def run(self) -> None:
        top = self.root.K
        for element in (list(top) if isinstance(top, pikepdf.Array) else [top]):
            self._fix(element, linked=False, in_head=False)
        self._artifacts()

    def _fix(self, element: pikepdf.Dictionary, linked: bool, in_head: bool) -> bool:
        """Fix ``element`` and its descendants; True when it is an empty Span/NonStruct/Div to remove.

        Links: only the outermost Link element of a link keeps its annotation (``linked`` says an
        ancestor has one); a box holding a link annotation is a Link, a Link holding none a Span.
        Table headers: /Scope Column inside THead, Row elsewhere."""
        self.reachable.add(element.objgen)
        tag = element.get("/S")
        kids = _kids(element)
        kept, has_link, changed = [], False, False
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and kid.Obj.get("/Subtype") == "/Link":
                if linked:
                    self._drop_annotation(kid)
                    changed = True
                    continue
                has_link = True
            kept.append(kid)
        if has_link:
            element.S = tag = pikepdf.Name.Link
        elif tag == "/Link":
            element.S = tag = pikepdf.Name.Span      # a box inside a link, whose annotation went
        if tag == "/TH":
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = element.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
            attributes.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
        remaining = []
        for kid in kept:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid \
                    and self._fix(kid, linked or has_link, in_head or tag == "/THead"):
                changed = True
                continue
            remaining.append(kid)
        if changed:
            element.K = pikepdf.Array(remaining)
        return not remaining and tag in _EMPTYABLE

    def _drop_annotation(self, objr: pikepdf.Dictionary) -> None:
        annotation = objr.Obj
        page = objr.Pg
        page.Annots = pikepdf.Array([a for a in page.Annots if a.objgen != annotation.objgen])
        key = annotation.get("/StructParent")
        if key is not None:
            pairs = [(self.nums[i], self.nums[i + 1]) for i in range(0, len(self.nums), 2) if int(self.nums[i]) != int(key)]
            self.nums = self.root.ParentTree.Nums = pikepdf.Array([x for pair in pairs for x in pair])

    def _artifacts(self) -> None:
        """Marked content whose structure element is not in the tree (margin boxes) → pagination artifacts."""
        by_key = {int(self.nums[i]): self.nums[i + 1] for i in range(0, len(self.nums), 2)}
        for page in self.pdf.pages:
            key = page.obj.get("/StructParents")
            mapping = by_key.get(int(key)) if key is not None else None
            if not isinstance(mapping, pikepdf.Array):
                continue
            orphans = {mcid for mcid, ref in enumerate(mapping)
                       if isinstance(ref, pikepdf.Dictionary) and ref.objgen not in self.reachable}
            if not orphans:
                continue
            content = page.obj.Contents
            data = _MARKED.sub(lambda m, orphans=orphans: _PAGINATION if int(m.group(1)) in orphans else m.group(0), content.read_bytes())
            content.write(data)
            for mcid in orphans:
                mapping[mcid] = None
