"""Finishing WeasyPrint 70's tagged PDF so that it passes PDF/UA-1 and reads well aloud.

Two steps, both deterministic (same input, same bytes):

:func:`finisher` runs inside ``write_pdf`` (WeasyPrint's documented finisher hook), where the
boxes behind the link annotations are still known:

- a link's ``/Contents`` is its visible text and the page it leads to (WeasyPrint writes the
  anchor id, "stage-s4"), and links get the print flag (``/F 4``);
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


def finisher(document, pdf) -> None:  # noqa: ANN001 - weasyprint.Document, pydyf.PDF
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
            text = re.sub(r"[ \t\n\r\f]+", " ", "".join(box.element.itertext())).strip(" ") if box.element is not None else ""
            if kind == "internal" and target in pages:
                text = f"{text}（第 {pages[target]} 页）" if text else f"第 {pages[target]} 页"
            annotation["Contents"] = pydyf.String(text or target)
            annotation["F"] = _PRINT
    if "Metadata" not in pdf.catalog:
        document.metadata.include_in_pdf(pdf, "ua", None, None, compress=False)


def finish(data: bytes) -> bytes:
    """The tagged PDF with the structure fixes above; a PDF without a structure tree is returned as is."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        _Fixer(pdf, root).run()
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _kids(element: pikepdf.Dictionary) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


class _Fixer:
    def __init__(self, pdf: pikepdf.Pdf, root: pikepdf.Dictionary) -> None:
        self.pk = pikepdf
        self.pdf = pdf
        self.root = root
        self.nums = root.ParentTree.Nums

    def run(self) -> None:
        top = self.root.K
        top = list(top) if isinstance(top, self.pk.Array) else [top]
        reachable: set[tuple[int, int]] = set()
        for element in top:
            self._collect(element, reachable)
        self._artifacts(reachable)
        for element in top:
            self._links(element, linked=False)
            self._prune(element)
            self._scopes(element, in_head=False)

    def _is_elem(self, obj) -> bool:  # noqa: ANN001
        return isinstance(obj, self.pk.Dictionary) and obj.get("/Type") != "/OBJR" and "/S" in obj

    def _collect(self, element, seen: set) -> None:  # noqa: ANN001
        seen.add(element.objgen)
        for kid in _kids(element):
            if self._is_elem(kid):
                self._collect(kid, seen)

    def _artifacts(self, reachable: set) -> None:
        """Marked content whose structure element is not in the tree (margin boxes) → pagination artifacts."""
        pk = self.pk
        by_key = {int(self.nums[i]): self.nums[i + 1] for i in range(0, len(self.nums), 2)}
        for page in self.pdf.pages:
            key = page.obj.get("/StructParents")
            mapping = by_key.get(int(key)) if key is not None else None
            if not isinstance(mapping, pk.Array):
                continue
            orphans = {mcid for mcid, ref in enumerate(mapping)
                       if isinstance(ref, pk.Dictionary) and ref.objgen not in reachable}
            if not orphans:
                continue
            ops = pk.parse_content_stream(page)
            for index, (operands, operator) in enumerate(ops):
                if str(operator) == "BDC" and isinstance(operands[1], pk.Dictionary) \
                        and int(operands[1].get("/MCID", -1)) in orphans:
                    ops[index] = pk.ContentStreamInstruction(
                        [pk.Name.Artifact, pk.Dictionary(Type=pk.Name.Pagination)], pk.Operator("BDC"))
            page.obj.Contents = self.pdf.make_stream(pk.unparse_content_stream(ops))
            for mcid in orphans:
                mapping[mcid] = None

    def _links(self, element, linked: bool) -> None:  # noqa: ANN001
        """One link annotation per link: the outermost Link element's; nested ones go."""
        kept = []
        has_link = False
        for kid in _kids(element):
            if isinstance(kid, self.pk.Dictionary) and kid.get("/Type") == "/OBJR" and kid.Obj.get("/Subtype") == "/Link":
                if linked:
                    self._drop_annotation(kid)
                    continue
                has_link = True
            kept.append(kid)
        if len(kept) != len(_kids(element)):
            element.K = self.pk.Array(kept)
        if has_link:
            element.S = self.pk.Name.Link
        elif element.get("/S") == "/Link":
            element.S = self.pk.Name.Span      # a box inside a link whose annotation went
        for kid in kept:
            if self._is_elem(kid):
                self._links(kid, linked or has_link)

    def _drop_annotation(self, objr) -> None:  # noqa: ANN001
        annotation = objr.Obj
        page = objr.Pg
        page.Annots = self.pk.Array([a for a in page.Annots if a.objgen != annotation.objgen])
        key = annotation.get("/StructParent")
        if key is not None:
            pairs = [(self.nums[i], self.nums[i + 1]) for i in range(0, len(self.nums), 2) if int(self.nums[i]) != int(key)]
            self.nums = self.root.ParentTree.Nums = self.pk.Array([x for pair in pairs for x in pair])

    def _prune(self, element) -> bool:  # noqa: ANN001
        """Remove empty Span/NonStruct/Div descendants; True when ``element`` itself is one."""
        kids = _kids(element)
        kept = [kid for kid in kids if not (self._is_elem(kid) and self._prune(kid))]
        if len(kept) != len(kids):
            element.K = self.pk.Array(kept)
        return not kept and element.get("/S") in _EMPTYABLE

    def _scopes(self, element, in_head: bool) -> None:  # noqa: ANN001
        tag = element.get("/S")
        if tag == "/TH":
            attributes = element.get("/A")
            if not isinstance(attributes, self.pk.Dictionary):
                attributes = element.A = self.pk.Dictionary(O=self.pk.Name.Table)
            attributes.Scope = self.pk.Name.Column if in_head else self.pk.Name.Row
        for kid in _kids(element):
            if self._is_elem(kid):
                self._scopes(kid, in_head or tag == "/THead")
