"""``--watch``: lay out again only the parts of the briefing whose HTML changed.

WeasyPrint cannot lay out part of a document again, but it writes the pages of
separate renders as one file (``Document.copy(pages)``): links, named
destinations, bookmarks and the tag tree are made from the pages handed to the
writer, page by page.  So a warm process keeps the last render's pages grouped
by part — the page-starting ``<section>``s of the HTML: cover, contents,
overview, each stage, postscript, sources, appendix — and on the next build lays
out alone only the parts whose HTML or chart files changed, then writes the
kept and the new pages together.  Of a part that is a long table (the appendix)
whose rows alone changed, only the pages holding those rows (report/part_rows.py).

What a whole render counts across parts is given to a part laid out alone as
literals from the previous pass (part.css.j2): its first page number, the page
count, the contents' page numbers, and the named strings (the running header)
in force where it starts.  Everything else — a new stylesheet, other font cuts,
another head, parts added or removed, a part whose page count changed, a
literal the merged pages contradict, a named string that leaves a part with
another value, pages that do not map one to one onto parts — lays the document
out whole, as every normal build and the first build of a watch do.  Either way
the PDF has the bytes of a whole render (tests/report/test_pdf_parts.py).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

_SECTION = re.compile(r"<section\b.*?</section>", re.S)
_ID = re.compile(r'<section\b[^>]*?\bid="([^"]*)"')
_CLASS = re.compile(r'<section\b[^>]*?\bclass="([^" ]*)')
_TARGET = re.compile(r'\bdata-target="(#[^"]*)"')
_COUNTERS = re.compile(r"counter-(?:reset|set|increment)")


class Split(NamedTuple):
    """The HTML as a head (up to ``<body>``), the parts (each a top-level section) and a tail."""
    head: str
    parts: tuple[str, ...]
    tail: str

    def alone(self, section: str) -> str:
        """The HTML of one part (or a section made of some of its rows) laid out alone: the same head."""
        return f"{self.head}\n{section}\n</body>{self.tail}"


def split(html: str) -> Split | None:
    """The page-starting sections of the body, or None when the body holds anything else."""
    head, body_start, rest = html.partition("<body>")
    body, body_end, tail = rest.rpartition("</body>")
    parts = tuple(_SECTION.findall(body))
    if not body_start or not body_end or not parts or _SECTION.sub("", body).strip() \
            or any(part.count("<section") != 1 for part in parts):
        return None
    return Split(head + body_start, parts, tail)


def part_name(part: str) -> str:
    """How the step line names a part: its id, else its first class (``stage-s5``, ``cover``)."""
    match = _ID.match(part) or _CLASS.match(part)
    return match.group(1) if match else "?"


@dataclass
class _Part:
    key: str                           # its HTML and the digests of the chart files it shows
    html: str
    pages: list                        # weasyprint Page
    first: frozenset[str]              # the named strings assigned on its first page
    assigned: frozenset[str]           # … and on any of its pages
    leaves: dict[str, str]             # name → the last value assigned in it
    shows: dict[str, int]              # contents target (``#id``) → the page number it shows


@dataclass
class _Kept:
    frame: dict[str, object]           # what every part depends on, by name (stylesheet, fonts, head, …)
    parts: list[_Part]
    document: object                   # weasyprint Document: its metadata heads a merged copy
    anchors: dict[str, int]            # anchor → page number (1-based)


_kept: _Kept | None = None


def forget() -> None:
    """Keep no pages (``--force``, a build that does not keep them)."""
    global _kept
    _kept = None


class Layout(NamedTuple):
    document: object                   # weasyprint Document
    note: str                          # for the step line: what was laid out
    keep: Callable[[], None]           # call when the build succeeded: its pages are kept for the next one


def lay_out(html: str, css: str, frame: dict[str, object], digests: dict[str, str],
            render: Callable[[str, str | None], object]) -> Layout:
    """The laid-out document, re-laying out only the parts that changed since the kept pages.

    ``frame``: everything besides the HTML that the pages depend on (stylesheet, font cuts, base
    URL, font configuration); ``digests``: chart file URL → digest of its bytes;
    ``render(html, extra_css)``: a whole WeasyPrint render with print.css (and the extra sheet)."""
    pieces = split(html)
    splittable = pieces is not None and not _COUNTERS.search(css)
    frame = {**frame, "stylesheet": css, "head": pieces.head if pieces else None, "end": pieces.tail if pieces else None}
    keys = [part + "".join(d for url, d in digests.items() if url in part) for part in pieces.parts] if pieces else []
    why = "first build" if _kept is None else _incompatible(_kept, frame, keys)
    if not why and pieces is not None:
        assert _kept is not None
        merged = _incremental(_kept, pieces, keys, render)
        if isinstance(merged, Layout):
            return merged
        why = merged
    forget()                           # the kept pages are of no use now: not two documents in memory at once
    document = render(html, None)
    grouped = _grouped(document.pages, len(keys)) if splittable and pieces and not _root_strings(document.pages) else None

    def keep() -> None:
        global _kept
        _kept = None
        if grouped is not None and pieces is not None:
            anchors = _anchors(document.pages)
            parts = [_part(key, text, pages, {t: anchors[t[1:]] for t in _targets(text) if t[1:] in anchors})
                     for key, pages, text in zip(keys, grouped, pieces.parts, strict=True)]
            _kept = _Kept(frame, parts, document, anchors)
    return Layout(document, f"layout whole ({why})", keep)


def _incompatible(kept: _Kept, frame: dict[str, object], keys: list[str]) -> str:
    if kept.frame != frame:
        return " and ".join(name for name in frame if kept.frame.get(name) != frame[name]) + " changed"
    if len(kept.parts) != len(keys):
        return "parts added or removed"
    return ""


def _incremental(kept: _Kept, pieces: Split, keys: list[str], render: Callable[[str, str | None], object]) -> Layout | str:
    """The merged document, or why it must be laid out whole."""
    from .html import render_part_css
    from .part_rows import relay

    total = sum(len(p.pages) for p in kept.parts)
    parts: list[_Part] = []
    first_page = 1
    entry: dict[str, str] = {}                      # named strings in force where a part starts
    changed = []
    for index, (old, key) in enumerate(zip(kept.parts, keys, strict=True)):
        if key == old.key:
            part = old
        else:
            inherited = {name: value for name, value in entry.items() if name not in old.assigned}
            if any(name not in old.first for name in old.assigned & entry.keys()):
                return f"a named string set after the first page of {part_name(pieces.parts[index])}"

            def alone(section: str, first: int, strings: list[tuple[str, str]]):  # -> weasyprint.Document
                targets = {t: kept.anchors[t[1:]] for t in _targets(section) if t[1:] in kept.anchors}
                return render(pieces.alone(section), render_part_css(first, total, sorted(strings), sorted(targets.items())))

            def in_force(page: int, old: _Part = old, inherited: dict[str, str] = inherited) -> list[tuple[str, str]]:
                if page == 0:
                    return list(inherited.items())
                strings = dict(entry)
                for before in old.pages[:page]:
                    strings.update(page_strings(before))
                return list(strings.items())

            text, name = pieces.parts[index], part_name(pieces.parts[index])
            shows = {t: kept.anchors[t[1:]] for t in _targets(text) if t[1:] in kept.anchors}
            rows = relay(old.html, text, old.pages, first_page, in_force, alone)
            if rows is not None:                     # only rows of a long table changed: those pages alone
                part = _Part(key, text, rows[0], old.first, old.assigned, old.leaves, shows)
                changed.append((index, f"{name}: {len(rows[1])} of {len(old.pages)}", len(rows[1])))
            else:
                grouped = _grouped(alone(text, first_page, list(inherited.items())).pages, 1)
                if grouped is None:
                    return f"{name} does not lay out as one part"
                part = _part(key, text, grouped[0], shows)
                if len(part.pages) != len(old.pages):
                    return f"{name}: {len(old.pages)} → {len(part.pages)} pages"
                if part.assigned != old.assigned or part.first != old.first or part.leaves != old.leaves:
                    return f"the running header's strings changed in {name}"
                changed.append((index, name, len(part.pages)))
        parts.append(part)
        entry.update(part.leaves)
        first_page += len(part.pages)
    pages = [page for part in parts for page in part.pages]
    anchors = _anchors(pages)
    if any(anchors.get(target[1:]) != page for part in parts for target, page in part.shows.items()):
        return "a contents page number moved"
    document = kept.document.copy(pages)
    names = ", ".join(name for _, name, _ in changed) or "none"
    relaid = sum(count for *_, count in changed)

    def keep() -> None:
        global _kept
        _kept = _Kept(kept.frame, parts, document, anchors)
    return Layout(document, f"layout {relaid} of {len(pages)} pages ({names})", keep)


def _part(key: str, html: str, pages: list, shows: dict[str, int]) -> _Part:
    strings = [page_strings(page) for page in pages]
    leaves: dict[str, str] = {}
    for assignments in strings:
        leaves.update(assignments)
    return _Part(key, html, pages, frozenset(name for name, _ in strings[0]),
                 frozenset(name for assignments in strings for name, _ in assignments), leaves, shows)


def _targets(part: str) -> list[str]:
    """The contents targets (``#id``) a part's HTML shows page numbers of, once each, in order."""
    return list(dict.fromkeys(_TARGET.findall(part)))


def page_strings(page) -> list[tuple[str, str]]:
    """The named strings assigned on a page, in order (as WeasyPrint collects them), without the root's:
    those are the literals a part laid out alone is given (part.css.j2)."""
    root = page._page_box.children[0]
    return [item for box in root.descendants() if box is not root and box.string_set and box.string_set != "none"
            for item in box.string_set]


def _root_strings(pages: list) -> bool:
    """Named strings set on the root element: the literals of a part laid out alone would replace them."""
    return any(page._page_box.children[0].string_set for page in pages)


def _body(page):
    root = page._page_box.children[0]
    return next((child for child in getattr(root, "children", ()) if child.element_tag == "body"), None)


def _grouped(pages: list, count: int) -> list[list] | None:
    """The pages grouped by the top-level section they show, or None unless every page shows exactly
    one, each section's pages follow each other, and there are ``count`` sections."""
    groups: list[list] = []
    sections: list[object] = []
    for page in pages:
        body = _body(page)
        elements = {id(child.element): child.element for child in getattr(body, "children", ()) if child.element is not None}
        if len(elements) != 1:
            return None
        (element,) = elements.values()
        if getattr(element, "tag", None) != "section":
            return None
        if not sections or sections[-1] is not element:
            if any(s is element for s in sections):
                return None
            sections.append(element)
            groups.append([])
        groups[-1].append(page)
    return groups if len(groups) == count else None


def _anchors(pages: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for name in page.anchors:
            found.setdefault(name, number)
    return found
