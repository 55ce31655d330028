"""Filling one text box with measured paragraphs: what fits (the last one split at a line
boundary if need be) and the rest for the next box, keeping a group's heading with its items
and marking a repeated heading （续）.  The flow over slides (slides.flow) calls it box by box.
"""
from __future__ import annotations

from dataclasses import replace

from .measure import Metrics, Para


def continued(head: Para) -> Para:
    """A repeated group heading: the same heading marked （续）."""
    runs = head.runs[:-1] + (replace(head.runs[-1], text=head.runs[-1].text + "（续）"),)
    return replace(head, runs=runs, before=0.0, note="", figures=(), block=0)


def _group_break(taken: list[Para], rest: list[Para]) -> None:
    """Where a group is split between two boxes, keep at least two items on each side (or none here)."""
    group = rest[0].repeat
    here = 0
    while here < len(taken) and taken[-1 - here].repeat is group:
        here += 1
    there = 0
    while there < len(rest) and rest[there].repeat is group:
        there += 1
    head_here = here < len(taken) and taken[-1 - here] is group
    if head_here and here == 1 and len(taken) > 2:                 # heading and one item: move both on
        rest[:0] = taken[-2:]
        del taken[-2:]
    elif there == 1 and here >= 3:                                 # one item alone over there: send another
        rest.insert(0, taken.pop())
    elif there == 1 and here == 2 and head_here and len(taken) > 3:  # … or the whole group
        rest[:0] = taken[-3:]
        del taken[-3:]


def fill(metrics: Metrics, paras: list[Para], width: float, height: float, *,
         loose: bool = False, tidy: bool = True) -> tuple[list[Para], list[Para]]:
    """Fill one box: the paragraphs that fit (splitting the last one at a line
    boundary if needed), and the rest for the next box.  ``loose``: split a group (a heading
    and its items) between items wherever the box is full, rather than moving it whole to a fresh
    box (the builder's fallback when keeping groups whole would leave a nearly empty slide); ``tidy``
    then keeps a heading with two items and never sends one item alone to the next box."""
    taken: list[Para] = []
    used = 0.0
    rest = list(paras)
    while rest:
        para = rest[0]
        first = not taken
        if taken and para.block and not loose:
            group = rest[:1 + para.block]
            alone = metrics.height(group, width)
            if used + para.before + alone > height + 1e-6 and alone <= height:
                break                               # the whole group fits a fresh box: start it there
        need = metrics.para_height(para, width, first=first)
        if used + need <= height + 1e-6:
            taken.append(rest.pop(0))
            used += need
            continue
        if (taken and not all(p.keep_with_next for p in taken)
                and metrics.para_height(para, width, first=True) <= height):
            break                                   # it fits a fresh box whole: move it rather than split it
            #                                         (not when only its heading is here: the fresh box would
            #                                         start with the same （续） heading, for ever)
        head, tail = metrics.split(para, width, height - used, first=first)
        if head is not None and (not para.keep_with_next or not taken):
            taken.append(head)
            rest[0] = tail  # type: ignore[assignment]
        break
    while len(taken) > 1 and taken[-1].keep_with_next and rest:       # no orphaned headings
        rest.insert(0, taken.pop())
    if loose and tidy and taken and rest and rest[0].repeat is not None:
        _group_break(taken, rest)
    if rest and taken and rest[0].repeat is not None and not rest[0].keep_with_next:
        rest.insert(0, continued(rest[0].repeat))
    if not taken and rest:
        raise OverflowError(f"a paragraph cannot start in a box of {width:.0f}×{height:.0f} pt: {rest[0].text[:30]}…")
    return taken, rest
