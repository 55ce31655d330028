"""What a stage shows in the deck's main flow, and what waits in the hidden appendix.

A 20-minute talk has room for about 25 slides: per stage a section slide, its measures at a glance,
one slide of key results and the one or two charts that tell its story.  The curator decides with
``key: true`` (or ``false``) on measure groups, results and charts in the outline; where a stage marks
nothing, the default is

* measures: every group's title on one slide (the items are in the appendix);
* charts: the stage's first two charts;
* results: the first four whose figure is neither a headline figure nor shown by a main-flow chart
  of the stage (so the main flow does not say the same number twice), topped up in outline order.

Everything not picked goes to the appendix, so the deck as a whole still holds all the outline has.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from model.briefing import Chart, Figure, MeasureGroup, Result, Stage

CARDS_PER_SLIDE = 4
DEFAULT_CHARTS = 2


@dataclass(frozen=True)
class Pick:
    """One stage split between the main flow and the appendix (each in outline order)."""
    key_groups: tuple[MeasureGroup, ...]        # shown with their items in the main flow
    results: tuple[Result, ...]
    charts: tuple[Chart, ...]
    other_results: tuple[Result, ...]
    other_charts: tuple[Chart, ...]


def _chosen(items: Sequence, default: Sequence) -> list:
    """Items marked key, else the default (never one marked ``key: false``)."""
    marked = [item for item in items if item.key]
    return marked if marked else [item for item in default if item.key is not False]


def pick(stage: Stage, headline: Sequence[Figure]) -> Pick:
    charts = _chosen(stage.charts, [c for c in stage.charts if c.key is not False][:DEFAULT_CHARTS])
    shown = {f.id for f in headline} | {f.id for c in charts for f in c.figures}
    if any(r.key for r in stage.results):
        results = [r for r in stage.results if r.key]
    else:
        allowed = [r for r in stage.results if r.key is not False]
        fresh = [r for r in allowed if r.figure.id not in shown][:CARDS_PER_SLIDE]
        results = fresh + [r for r in allowed if r not in fresh][:CARDS_PER_SLIDE - len(fresh)]
        results = [r for r in stage.results if r in results]            # outline order
    return Pick(tuple(g for g in stage.measures if g.key), tuple(results), tuple(charts),
                tuple(r for r in stage.results if r not in results), tuple(c for c in stage.charts if c not in charts))
