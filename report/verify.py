"""The rendered PDF checked against the model before it may be written.

Escaping keeps the outline's text out of the stylesheet, but a PDF that lost
its body (a rule that hides it, a layout that drops a section) would still be
a valid file and the build would report success.  So after layout the pages
are compared with what the model says they must hold: the cover, the
contents and one chapter per stage at least; every stage's chapter and every
chart on a page (their element ids) with its heading or title in the laid-out
text; every figure occurrence the HTML was given an anchor for, on some page.
"""
from __future__ import annotations

import re

from model.briefing import Briefing
from model.errors import InputError, Problem

_SPACE = re.compile(r"\s+")


def laid_out_text(document) -> str:  # weasyprint.Document
    """The text of every line WeasyPrint placed on a page, whitespace removed."""
    parts = []
    for page in document.pages:
        for box in page._page_box.descendants():
            text = getattr(box, "text", None)
            if isinstance(text, str):
                parts.append(text)
    return _SPACE.sub("", "".join(parts))


def missing_from(briefing: Briefing, pages: int, text: str, anchors: set[str], expected_anchors: list[str]) -> list[str]:
    """What the model says the PDF shows but the laid-out pages do not hold."""
    lost = []
    least = 3 + len(briefing.stages)              # cover, contents, overview, one chapter per stage
    if pages < least:
        lost.append(f"{pages} pages (the briefing has at least {least})")
    for stage in briefing.stages:                 # its chapter (the section's id) and its heading
        if f"stage-{stage.id}" not in anchors or _SPACE.sub("", stage.heading) not in text:
            lost.append(f"the chapter “{stage.heading}”")
    for chart in briefing.charts:
        if f"chart-{chart.id}" not in anchors or _SPACE.sub("", chart.title) not in text:
            lost.append(f"the chart “{chart.title}”")
    absent = [name for name in expected_anchors if name not in anchors]
    if absent:
        lost.append(f"{len(absent)} of {len(expected_anchors)} figure occurrences (first: {absent[0]})")
    return lost


def check_complete(briefing: Briefing, pages: int, text: str, anchors: set[str], expected_anchors: list[str]) -> None:
    lost = missing_from(briefing, pages, text, anchors, expected_anchors)
    if lost:
        raise InputError(Problem(
            "the rendered PDF", "after layout", "the PDF does not show what the outline says: missing " + "; ".join(lost),
            "nothing was written; look for unusual characters in the outline's titles "
            "(generate.py --check names them), and report this if --check finds nothing"))
