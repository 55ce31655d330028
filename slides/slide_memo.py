"""Slides kept between builds: what one slide type made (its slides, their notes and charts), under a hash of
what it was given, so a rebuild after one figure changed makes only the slides whose inputs changed.

Each slide-type method of :class:`slides.slide_types.SlideTypes` that the deck's order calls is wrapped by
:func:`kept`.  Its key holds the method's name and arguments (the model's frozen dataclasses: their
``repr`` names every field, nested), the deck's state the method reads (the number of slides so far —
footers and notes name slide numbers —, whether slides are hidden, a pending link anchor, whether a
section is open), the briefing attributes it declares it reads (``@kept(reads=("document", "stages"))``:
while it runs it sees only those — any other read fails, in every build), and :meth:`Frames.memo_base`:
the theme, the footer, the bytes of the template and of both fonts (the measuring), the deck code (every
module of this package and of model/) and the python-pptx, XlsxWriter, uharfbuzz and lxml versions.  A miss
runs the method and keeps what it made; a hit adds the kept parts with python-pptx's own steps, in the
order the method made them (the same part names, relationship ids and slide ids) and replays what the
method did to the deck's state (slide sections, link anchors, hidden count, where each figure appears,
warnings).  Link targets are still resolved, and the fit, font and contrast checks still run, over
every slide, kept or made.

Measured on the shipped deck (58 slides): making every slide 0.25 s CPU; adding all 58 slides and their
notes from kept XML 0.03 s.  One changed figure (rural_roads_2016) changes 2 slides, 2 notes and 1 chart;
what is made again is every slide-type call whose arguments or declared reads hold it: 10 of 38 calls
(its stage's, and the title and agenda, which read every stage), 18 of 58 slides; the warm deck rebuild
0.50 → 0.37 s CPU, most of the rest being the checks, the package write and the font embedding.
"""
from __future__ import annotations

import functools
import hashlib
import json
import struct
from pathlib import Path

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.slide import NotesSlidePart, SlidePart

from infra.atomic import write_atomic
from infra.cache_files import lookup, name_for

from .chart_parts import chart_blobs, load_chart_part

SUFFIX = ".slides"
KEEP_UNUSED = 120              # two decks' worth of slide-type calls (the shipped deck makes ~45)
NOTES_TEMPLATE = "/ppt/notesSlides/notesSlide%d.xml"


def code_digest() -> str:
    """The deck code and the libraries that shape a slide."""
    import pptx
    import uharfbuzz
    import xlsxwriter
    from lxml import etree

    root = Path(__file__).resolve().parent.parent
    versions = (pptx.__version__, xlsxwriter.__version__, uharfbuzz.__version__, etree.__version__)
    digest = hashlib.sha256("|".join(versions).encode())
    for folder in ("slides", "model"):
        for path in sorted((root / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _pack(header: dict, blobs: list[bytes]) -> bytes:
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return b"".join([struct.pack("<I", len(head)), head] + [struct.pack("<I", len(b)) + b for b in blobs])


def _unpack(data: bytes) -> tuple[dict, list[bytes]]:
    (size,) = struct.unpack_from("<I", data)
    header = json.loads(data[4:4 + size])
    blobs, at = [], 4 + size
    while at < len(data):
        (n,) = struct.unpack_from("<I", data, at)
        blobs.append(data[at + 4:at + 4 + n])
        at += 4 + n
    return header, blobs


class _Reads:
    """The briefing as a kept slide type sees it: only the attributes it declares (``place_of`` for messages).
    Reading another one is a bug in the declaration — its slides could be kept while that changed — so it
    fails at once, in every build, not only in the cached ones."""

    def __init__(self, briefing, names: tuple[str, ...], method: str):
        self._briefing, self._names, self._method = briefing, names, method

    def __getattr__(self, name: str):
        if name in self._names or name == "place_of":
            return getattr(self._briefing, name)
        raise AttributeError(f"slide type {self._method} reads briefing.{name}: add it to its @kept(reads=…)")


def kept(*, reads: tuple[str, ...] = ()):
    """Wrap a slide-type method (one that returns nothing and only adds slides): see the module docstring.
    ``reads``: the briefing attributes the method reads (part of its key); its arguments are the rest."""
    def wrap(method):
        @functools.wraps(method)
        def run(self, *args, **kwargs) -> None:
            folder = self.slide_cache
            if self.memo_depth:
                return method(self, *args, **kwargs)
            if folder is None:
                return _direct(self, method, args, kwargs, reads)
            key = _key(self, method.__name__, args, kwargs, reads)
            if key is None:
                return _direct(self, method, args, kwargs, reads)
            hit = lookup(folder, key, SUFFIX)
            if hit is not None:
                header, blobs = _unpack(hit[1])
                _replay(self, header, blobs)
                self.cache_used.add(hit[0].resolve())
                return None
            before = _state(self)
            _direct(self, method, args, kwargs, reads)
            made = _capture(self, before)
            if made is not None:
                path = folder / name_for(key, made, SUFFIX)
                try:
                    write_atomic(path, made)
                    self.cache_used.add(path.resolve())
                except OSError:
                    pass                                # best effort: the next build makes them again
            return None
        return run
    return wrap


def _direct(self, method, args, kwargs, reads: tuple[str, ...]) -> None:
    briefing = self.b
    self.memo_depth += 1
    self.b = _Reads(briefing, reads, method.__name__)
    try:
        method(self, *args, **kwargs)
    finally:
        self.memo_depth -= 1
        self.b = briefing


def _key(self, name: str, args, kwargs, reads: tuple[str, ...]) -> str | None:
    text = repr((name, args, sorted(kwargs.items()), len(self.prs.slides), self.hiding, self._anchor,
                 bool(self.sections), [(attr, getattr(self.b, attr)) for attr in reads]))
    if " at 0x" in text:                      # an argument without a value repr: never the same key, so not kept
        return None
    return hashlib.sha256((self.memo_base() + text).encode("utf-8")).hexdigest()


def _state(self) -> dict:
    return {"slides": len(self.prs.slides), "where": {fid: len(places) for fid, places in self.where.items()},
            "notes": len(self.notes), "hidden": self.hidden}


def _capture(self, before: dict) -> bytes | None:
    """What the method made and did, or None when it made something this module cannot replay."""
    new = list(self.prs.slides)[before["slides"]:]
    by_layout = {layout.part.partname: name for name, layout in self.layouts.items()}
    blobs: list[bytes] = []
    slides = []
    for slide in new:
        part = slide.part
        rels = []
        for rid, rel in part.rels.items():
            if rel.is_external:
                return None
            target = rel.target_part
            if rel.reltype == RT.SLIDE_LAYOUT and target.partname in by_layout:
                rels.append([rid, "layout", by_layout[target.partname]])
            elif rel.reltype == RT.CHART and list(target.rels) == ["rId1"]:
                blobs.extend(chart_blobs(target))
                rels.append([rid, "chart", len(blobs) - 2])
            elif rel.reltype == RT.NOTES_SLIDE and [r.reltype for r in target.rels.values()] == [RT.NOTES_MASTER, RT.SLIDE]:
                blobs.append(target.blob)
                rels.append([rid, "notes", len(blobs) - 1])
            else:
                return None
        if not rels or rels[0][1] != "layout":
            return None
        blobs.append(part.blob)
        slides.append({"xml": len(blobs) - 1, "rels": rels})
    parts = {id(s.part): i for i, s in enumerate(new)}
    anchors = [[name, parts[id(s.part)]] for name, s in self.anchors.items() if id(s.part) in parts]
    where = [[fid, places[before["where"].get(fid, 0):]] for fid, places in self.where.items()
             if len(places) > before["where"].get(fid, 0)]
    header = {"slides": slides, "anchors": anchors, "anchor_after": self._anchor, "where": where,
              "notes": self.notes[before["notes"]:], "hidden": self.hidden - before["hidden"]}
    return _pack(header, blobs)


def _replay(self, header: dict, blobs: list[bytes]) -> None:
    """python-pptx's add_slide, chart and notes steps with the kept bytes, in the order they were made."""
    pres = self.prs.part
    package = pres.package
    new = []
    for record in header["slides"]:
        (rid, _, layout), *others = record["rels"]
        part = SlidePart.load(pres._next_slide_partname, CT.PML_SLIDE, package, blobs[record["xml"]])
        made = [part.relate_to(self.layouts[layout].part, RT.SLIDE_LAYOUT)]
        self.prs.slides._sldIdLst.add_sldId(pres.relate_to(part, RT.SLIDE))
        for _, kind, index in others:
            if kind == "chart":
                made.append(part.relate_to(load_chart_part(package, blobs[index], blobs[index + 1]), RT.CHART))
            else:
                notes = NotesSlidePart.load(package.next_partname(NOTES_TEMPLATE), CT.PML_NOTES_SLIDE, package, blobs[index])
                notes.relate_to(pres.notes_master_part, RT.NOTES_MASTER)     # made on first use, as python-pptx does
                notes.relate_to(part, RT.SLIDE)
                made.append(part.relate_to(notes, RT.NOTES_SLIDE))
        if made != [r[0] for r in record["rels"]]:
            raise AssertionError(f"kept slide: relationships {made}, its XML names {[r[0] for r in record['rels']]}")
        slide = part.slide
        if self.sections:
            self.sections[-1][1].append(slide.slide_id)
        new.append(slide)
    for name, index in header["anchors"]:
        self.anchors[name] = new[index]
    self._anchor = header["anchor_after"]
    for fid, places in header["where"]:
        self.where.setdefault(fid, []).extend(places)
    self.notes.extend(header["notes"])
    self.hidden += header["hidden"]


def memo_base(theme, footer: str, template: Path) -> str:
    """What every kept slide depends on besides its slide type's arguments."""
    digest = hashlib.sha256("|".join([code_digest(), repr(theme), footer]).encode("utf-8"))
    for path in (template, theme.font_regular, theme.font_bold):
        digest.update(hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest())
    return digest.hexdigest()
