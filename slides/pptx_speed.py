"""Three of python-pptx's slow paths, replaced by equivalents that answer the same.

A profile of a warm deck rebuild after one figure changed (cProfile, 1.95 s) put a third of the
time in two places that do not depend on the deck at all:

* ``BaseOxmlElement.xpath`` hands its string to lxml's ``_Element.xpath``, which parses and
  compiles the expression again on every call.  The shipped deck asks ~18,600 such queries (mostly
  "is this shape a placeholder?", for every shape each time a slide's shapes are walked): 0.45 s.
  Here: the same query through a compiled ``etree.XPath`` kept per expression string (python-pptx
  uses a handful), same namespaces, same results (smart strings included).
* ``OpcPackage.next_partname`` (a new notes slide, chart or workbook) collects the package's part
  names by walking every relationship with nested generators: 77 calls, 0.12 s, growing with the
  square of the slide count.  Here: the same set of names by one iterative walk.
* ``NotesSlidePart.new`` clones the notes master's placeholders through python-pptx's shape API for
  every slide (58 times, 0.06 s of 0.6).  Here: the first notes slide of a package is made that way,
  the next ones start from a copy of its (still empty) tree.

Warm in-process deck: 0.86–0.93 → 0.63 s with the first.  The deck's bytes do not change;
tests/slides/test_pptx_speed.py checks every query and part name a build asks for against
python-pptx's own methods (kept as :data:`PLAIN_XPATH`, :data:`PLAIN_NEXT_PARTNAME`).
python-pptx is pinned in requirements.txt.
"""
from __future__ import annotations

import copy
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.package import OpcPackage
from pptx.opc.packuri import PackURI
from pptx.oxml import xmlchemy
from pptx.oxml.ns import _nsmap
from pptx.parts.slide import NotesSlidePart

_COMPILED: dict[str, etree.XPath] = {}
PLAIN_XPATH = xmlchemy.BaseOxmlElement.xpath
PLAIN_NEXT_PARTNAME = OpcPackage.next_partname
PLAIN_NEW_NOTES = NotesSlidePart.new
_FIRST_NOTES = "_briefing_first_notes"          # attribute of a notes master part: the tree of its first notes slide


def xpath(element: etree._Element, expression: str) -> Any:
    """``element.xpath(expression)`` with python-pptx's namespace prefixes, compiled once per expression."""
    query = _COMPILED.get(expression)
    if query is None:
        query = _COMPILED[expression] = etree.XPath(expression, namespaces=_nsmap)
    return query(element)


def part_names(package: OpcPackage) -> set[str]:
    """The names of every part reachable from the package's relationships (what ``iter_parts`` yields).
    Read from the objects' own dicts: python-pptx keeps a part's relationships, and a relationship
    collection's mapping, in the instance ``__dict__`` once made (its ``lazyproperty``), and a part whose
    relationships were never made has none; going through the descriptors cost 3× more."""
    names: set[str] = set()
    seen: set[int] = set()
    pending = [package.__dict__.get("_rels")]
    while pending:
        rels = pending.pop()
        for rel in (rels.__dict__.get("_rels") or {}).values() if rels is not None else ():
            if rel._target_mode == RTM.EXTERNAL:
                continue
            part = rel._target
            if id(part) in seen:
                continue
            seen.add(id(part))
            names.add(part.partname)
            pending.append(part.__dict__.get("_rels"))
    return names


def next_partname(package: OpcPackage, tmpl: str) -> PackURI:
    """python-pptx's rule: the highest free ``tmpl % n`` with n from (names matching the prefix) + 1 down."""
    prefix = tmpl[: (tmpl % 42).find("42")]
    taken = {name for name in part_names(package) if name.startswith(prefix)}
    for n in range(len(taken) + 1, 0, -1):
        if tmpl % n not in taken:
            return PackURI(tmpl % n)
    raise AssertionError("no free part name")          # n = len + 1 … 1 cannot all be taken


def new_notes(cls, package, slide_part) -> NotesSlidePart:
    """python-pptx's new notes slide: related to the notes master and ``slide_part``, holding the master's
    slide image, body and slide number placeholders — copied from the first one made for that master."""
    master = package.presentation_part.notes_master_part
    first = getattr(master, _FIRST_NOTES, None)
    if first is None:
        part = PLAIN_NEW_NOTES.__func__(cls, package, slide_part)  # type: ignore[attr-defined]
        setattr(master, _FIRST_NOTES, copy.deepcopy(part._element))     # before any text is written into it
        return part
    part = cls._add_notes_slide_part(package, slide_part, master)
    part._element = copy.deepcopy(first)
    return part


def install() -> None:
    """Make python-pptx use :func:`xpath`, :func:`next_partname` and :func:`new_notes` (idempotent)."""
    xmlchemy.BaseOxmlElement.xpath = xpath  # type: ignore[method-assign,assignment]
    OpcPackage.next_partname = next_partname  # type: ignore[method-assign,assignment]
    NotesSlidePart.new = classmethod(new_notes)  # type: ignore[method-assign,assignment]
