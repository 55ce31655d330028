"""One page of a part that is a long table, laid out again alone (report/parts.py, ``--watch``).

The appendix is one table over ten pages and shows every figure: a changed figure
changes one of its rows, and laying out the whole appendix again took longer
(~1 s) than the stage chapter showing the figure.  So when only rows of such a
part changed, each page holding a changed row is laid out alone, as a table
with the same head: the row before the page (on a page of its own, so that the
border collapsed between the two rows is the whole render's), a forced page
break, the page's rows, and the first row of the next page.  The page is used
only if it holds exactly the rows it held (so the page still ends where it did,
and the pages after it are unchanged), with the same column widths, and the
rows set no named string; otherwise the caller lays out the whole part.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .parts import page_strings

_TABLE = re.compile(r"(?s)\A(<section\b[^>]*>)(.*?)(<table\b[^>]*>)\s*(<thead>.*?</thead>)(.*)(</table>\s*</section>)\Z")
_GROUP = re.compile(r"(?s)(<tbody\b[^>]*>)(.*?)</tbody>")
_ROW = re.compile(r"(?s)<tr\b.*?</tr>")
_BREAK = ' style="break-before: page"'


class Table(NamedTuple):
    """A part that is a section holding one table: what comes before the table, its head, its rows."""
    section: str                      # the section's start tag
    before: str                       # what precedes the table in it (heading, note)
    table: str                        # the table's start tag
    head: str                         # <thead>…</thead>
    groups: tuple[str, ...]           # the <tbody> start tags
    rows: tuple[tuple[int, str], ...]  # (group, the row's HTML), in order
    end: str

    def html(self, indices: list[int], broken: int | None, before: bool) -> str:
        """The section with the rows ``indices`` only (``broken``: that row starts a new page)."""
        out, group = [self.section, self.before if before else "", self.table, self.head], None
        for index in indices:
            row_group, row = self.rows[index]
            if row_group != group:
                out.append("</tbody>" if group is not None else "")
                out.append(self.groups[row_group])
                group = row_group
            out.append(row.replace("<tr", "<tr" + _BREAK, 1) if index == broken else row)
        out.append("</tbody>")
        out.append(self.end)
        return "".join(out)


def parse(part: str) -> Table | None:
    match = _TABLE.match(part.strip())
    if match is None:
        return None
    section, before, table, head, body, end = match.groups()
    groups, rows = [], []
    for start, inner in _GROUP.findall(body):
        if _ROW.sub("", inner).strip():
            return None
        rows += [(len(groups), row) for row in _ROW.findall(inner)]
        groups.append(start)
    if _GROUP.sub("", body).strip() or "<table" in body or any(re.match(r"<tr\b[^>]*\bstyle=", r) for _, r in rows):
        return None
    return Table(section, before, table, head, tuple(groups), tuple(rows), end)


def page_rows(pages: list) -> list[list[int]] | None:
    """The body rows each page shows, as indices in document order; None when a row spans two pages."""
    from weasyprint.formatting_structure.boxes import TableRowGroupBox

    seen: dict[int, int] = {}
    shown = []
    for page in pages:
        rows = []
        for box in page._page_box.descendants():
            if isinstance(box, TableRowGroupBox) and box.element_tag == "tbody":
                for row in box.children:
                    if id(row.element) in seen:
                        return None
                    seen[id(row.element)] = len(seen)
                    rows.append(seen[id(row.element)])
        shown.append(rows)
    return shown


def _columns(page) -> list:
    from weasyprint.formatting_structure.boxes import TableBox

    return [(box.column_widths, box.column_positions) for box in page._page_box.descendants() if isinstance(box, TableBox)]


def relay(old: str, new: str, pages: list, first_page: int, in_force: Callable[[int], list[tuple[str, str]]],
          lay_out: Callable[[str, int, list[tuple[str, str]]], object]) -> tuple[list, list[int]] | None:
    """The part's pages with those holding a changed row laid out again, and their indices; None
    when the part is not such a table, something besides rows changed, or a check fails.

    ``in_force(k)``: the named strings in force where page k starts (the part's own first: its
    literals as a part); ``lay_out(section, first page number, strings)``: the section alone."""
    before, after = parse(old), parse(new)
    if before is None or after is None or len(pages) < 2 or before._replace(rows=()) != after._replace(rows=()) \
            or [g for g, _ in before.rows] != [g for g, _ in after.rows]:
        return None
    shown = page_rows(pages)
    if shown is None or sum(map(len, shown)) != len(after.rows) or any(not rows for rows in shown[1:]):
        return None
    changed = {i for i, (a, b) in enumerate(zip(before.rows, after.rows, strict=True)) if a != b}
    redo = [k for k, rows in enumerate(shown) if changed & set(rows)]
    if not redo or 2 * len(redo) > len(pages):
        return None
    new_pages = list(pages)
    for k in redo:
        rows = shown[k]
        following = [rows[-1] + 1] if rows[-1] + 1 < len(after.rows) else []
        if k == 0:
            sent = rows + following
            document = lay_out(after.html(sent, None, True), first_page, in_force(0))
            expect, target = [rows, following], 0
        else:
            sent = [rows[0] - 1, *rows, *following]
            document = lay_out(after.html(sent, rows[0], False), first_page + k - 1, in_force(k))
            expect, target = [[rows[0] - 1], rows, following], 1
            if any(page_strings(page) for page in document.pages):
                return None
        got = page_rows(document.pages)          # indices among the rows sent
        if got is None or [[sent[i] for i in r] for r in got] != [r for r in expect if r] \
                or _columns(document.pages[target]) != _columns(pages[k]):
            return None
        new_pages[k] = document.pages[target]
    return new_pages, redo
