"""Flowing text over slides: what does not fit continues on a “（续）” slide.

:class:`Flow` fills one or more columns per slide, balances the text over the pages it needs
and avoids a thin last page.
"""
from __future__ import annotations

from collections.abc import Sequence

from pptx.util import Inches

from .filling import fill
from .frames import CONT, GAP, INSET_Y, Frames, Ink
from .measure import EMU_PER_PT, Para
from .template import Rect


class Flow(Frames):
    """Text that flows over as many slides (and columns) as it needs."""

    # ================================================================ flowing text over slides

    def flow(self, title: str, paras: list[Para], *, layout: str = "Title and Content", next_layout: str | None = None,
             columns: int = 1, ink: Ink | None = None, next_ink: Ink | None = None, lead: Sequence[str] = (),
             title_sizes: Sequence[float] = (), anchor: str = "t",
             bar: str | None = None, spread: bool = False) -> int:
        """Fill the layout's content area (in columns) and continue on “（续）” slides. Returns the slide count.

        Groups and paragraphs are kept whole in a box when they fit one; when that leaves the last slide
        thin (under half full), the text is laid out again splitting them where a box is full (and, with
        ``spread``, in two columns), and that layout is taken if it needs fewer slides.  A last slide still
        thin is avoided by filling every box to the same lower height, so the slides share the text evenly."""
        plans = [(columns, self._plan(paras, layout, next_layout, columns, loose=False))]
        if len(plans[0][1]) > 1 and self._thin(plans[0][1][-1], next_layout or layout, columns):
            for cols in (columns, 2) if spread and columns == 1 else (columns,):
                for tidy in (True, False):
                    plans.append((cols, self._plan(paras, layout, next_layout, cols, loose=True, tidy=tidy)))
        columns, pages = min(plans, key=lambda plan: len(plan[1]))       # the first of the shortest
        if len(pages) > 1 and self._thin(pages[-1], next_layout or layout, columns):
            balanced = self._balanced(paras, layout, next_layout, columns, pages)
            if not self._thin(balanced[-1], next_layout or layout, columns):
                pages = balanced
        for page, boxes in enumerate(pages):
            lay = layout if page == 0 else (next_layout or layout)
            pink = (ink or self.light) if page == 0 else (next_ink or ink or self.light)
            region = self.region(lay)
            col_w = (region.w - (columns - 1) * GAP) // columns
            slide = self.new_slide(lay, title if page == 0 else title + CONT, title_sizes=title_sizes)
            shown: list[Para] = []
            for col, taken in enumerate(boxes):
                rect = Rect(region.x + col * (col_w + GAP), region.y, col_w, region.h)
                width, _ = self._inner(rect)
                self.textbox(slide, rect, taken, pink, anchor=anchor, name=f"Text {col + 1}")
                if bar:                               # a rule beside the text, as tall as the text
                    used = int((self.metrics.height(taken, width) + 2 * INSET_Y / EMU_PER_PT) * EMU_PER_PT)
                    top = rect.y + (rect.h - used) // 2 if anchor == "ctr" else rect.y
                    self.rect_shape(slide, Rect(rect.x - int(Inches(0.35)), top, int(Inches(0.08)), used),
                                    pink(bar), "Quote Bar")
                shown.extend(taken)
            points = list(lead) if page == 0 else []
            points += [p.note for p in shown if p.note]
            self.finish(slide, points, [f for p in shown for f in p.figures])
        return len(pages)

    def _box(self, layout: str, columns: int) -> tuple[float, float]:
        """Inner width and height (pt) of one column box of a layout's content area."""
        region = self.region(layout)
        col_w = (region.w - (columns - 1) * GAP) // columns
        return self._inner(Rect(region.x, region.y, col_w, region.h))

    def _balanced(self, paras: list[Para], layout: str, next_layout: str | None, columns: int,
                  pages: list[list[list[Para]]]) -> list[list[list[Para]]]:
        """The same number of slides with every box filled (groups split between items) only to the
        lowest common height that still needs no more slides (bisection)."""
        lo, hi, best = 0.5, 1.0, pages
        for _ in range(8):
            mid = (lo + hi) / 2
            try:
                plan = self._plan(paras, layout, next_layout, columns, loose=True, scale=mid)
            except OverflowError:                      # a paragraph that cannot start in so low a box
                lo = mid
                continue
            if len(plan) <= len(pages):
                hi, best = mid, plan
            else:
                lo = mid
        return best

    def _plan(self, paras: list[Para], layout: str, next_layout: str | None, columns: int, *,
              loose: bool, tidy: bool = True, scale: float = 1.0) -> list[list[list[Para]]]:
        """Slides → column boxes → paragraphs, filled in order (to ``scale`` × each box's height)."""
        rest = list(paras)
        pages: list[list[list[Para]]] = []
        while rest or not pages:
            width, height = self._box(layout if not pages else (next_layout or layout), columns)
            height *= scale
            boxes = []
            for _ in range(columns):
                if not rest:
                    break
                taken, rest = fill(self.metrics, rest, width, height, loose=loose, tidy=tidy)
                boxes.append(taken)
            pages.append(boxes)
        return pages

    def _thin(self, boxes: list[list[Para]], layout: str, columns: int) -> bool:
        width, height = self._box(layout, columns)
        return sum(self.metrics.height(taken, width) for taken in boxes) < 0.5 * columns * height
