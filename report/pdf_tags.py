"""Finishing WeasyPrint 70's tagged PDF so that it passes PDF/UA-1 and reads well aloud.

Two steps, both deterministic (same input, same bytes):

:func:`finisher` runs inside ``write_pdf`` (WeasyPrint's documented finisher hook), where the
boxes behind the link annotations are still known:

- a link's ``/Contents`` is its ``title`` attribute or else its visible text, and the page it
  leads to (WeasyPrint writes the anchor id, "stage-s4"); links get the print flag (``/F 4``);
- the default PDF gets an XMP metadata stream too (the PDF/A and PDF/UA variants have one);
  it carries no PDF/UA or PDF/A identification, as that file claims neither;

and, still on pydyf's objects before they are written (this was done on the written file with
pikepdf, ~0.07 s of a watch rebuild, most of it reaching each object through pikepdf):

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

:func:`finish` then saves the file with qpdf (pikepdf): object streams and a deterministic /ID.
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
    if "StructTreeRoot" in pdf.catalog:
        _Fixer(pdf).run()


def finish(data: bytes, identifier: bytes) -> bytes:
    """The tagged PDF saved by qpdf with object streams and a deterministic /ID; a PDF without a
    structure tree is returned as is.  ``identifier``: the first element of its /ID, where the file
    has none (report.pdf writes it without; the second is made by qpdf's save from the content)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return data
        if "/ID" not in pdf.trailer:
            pdf.trailer.ID = pikepdf.Array([pikepdf.String(identifier), pikepdf.String(identifier)])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


# A marked-content start as WeasyPrint writes it ("/Span\n<</MCID 3>>\nBDC").
_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


class _Fixer:
    """The structure edits, on the pydyf objects before they are written (walking them in Python
    is ~10× faster than through pikepdf after): one walk over the tree, then the pages."""

    def __init__(self, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        self.root = self._get(pdf.catalog["StructTreeRoot"])
        self.tree = self._get(self.root["ParentTree"])
        self.reachable: set[int] = set()

    def _get(self, value):  # -> the object a reference ("12 0 R") names, else the value itself
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.pdf.objects[int(value.split(b" ", 1)[0])]
        return value

    def run(self) -> None:
        for element in self.root["K"]:
            self._fix(self._get(element), linked=False, in_head=False)
        self._artifacts()

    def _fix(self, element: pydyf.Dictionary, linked: bool, in_head: bool) -> bool:
        """Fix ``element`` and its descendants; True when it is an empty Span/NonStruct/Div to remove.

        Links: only the outermost Link element of a link keeps its annotation (``linked`` says an
        ancestor has one); a box holding a link annotation is a Link, a Link holding none a Span.
        Table headers: /Scope Column inside THead, Row elsewhere."""
        self.reachable.add(element.number)
        tag = element.get("S")
        kept, has_link, changed = [], False, False
        for kid in element.get("K", ()):
            target = self._get(kid)
            if isinstance(target, pydyf.Dictionary) and target.get("Type") == "/OBJR" \
                    and self._get(target["Obj"]).get("Subtype") == "/Link":
                if linked:
                    self._drop_annotation(target)
                    changed = True
                    continue
                has_link = True
            kept.append(kid)
        if has_link:
            element["S"] = tag = "/Link"
        elif tag == "/Link":
            element["S"] = tag = "/Span"              # a box inside a link, whose annotation went
        if tag == "/TH":
            attributes = element.get("A")
            if not isinstance(attributes, pydyf.Dictionary):
                attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
            attributes["Scope"] = "/Column" if in_head else "/Row"
        remaining = []
        for kid in kept:
            target = self._get(kid)
            if isinstance(target, pydyf.Dictionary) and "S" in target \
                    and self._fix(target, linked or has_link, in_head or tag == "/THead"):
                changed = True
                continue
            remaining.append(kid)
        if changed:
            element["K"] = pydyf.Array(remaining)
        return not remaining and tag in _EMPTYABLE

    def _drop_annotation(self, objr: pydyf.Dictionary) -> None:
        annotation = objr["Obj"]
        page = self._get(objr["Pg"])
        page["Annots"] = pydyf.Array([a for a in page["Annots"] if a != annotation])
        key = self._get(annotation).get("StructParent")
        if key is not None:
            nums = self.tree["Nums"]
            self.tree["Nums"] = pydyf.Array([x for i in range(0, len(nums), 2) if nums[i] != key for x in nums[i:i + 2]])

    def _artifacts(self) -> None:
        """Marked content whose structure element is not in the tree (margin boxes) → pagination
        artifacts.  Their content stream is handed to qpdf uncompressed, as pikepdf's edit did."""
        nums = self.tree["Nums"]
        by_key = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
        for number in self.pdf.pages["Kids"][::3]:
            page = self.pdf.objects[number]
            mapping = by_key.get(page.get("StructParents"))
            if not isinstance(mapping, pydyf.Array):
                continue
            orphans = {mcid for mcid, ref in enumerate(mapping)
                       if isinstance(ref, bytes) and ref.endswith(b" R") and int(ref.split(b" ", 1)[0]) not in self.reachable}
            if not orphans:
                continue
            content = self._get(page["Contents"])
            data = b"\n".join(pydyf._to_bytes(item) for item in content.stream)
            content.stream = [_MARKED.sub(lambda m, orphans=orphans: _PAGINATION if int(m.group(1)) in orphans else m.group(0), data)]
            content.compress = False
            for mcid in orphans:
                mapping[mcid] = b"null"
