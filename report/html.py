"""The model → HTML + CSS, through Jinja2 templates.

Autoescaping is on for the HTML template, so whatever the outline says
(``<script>``, ``</style>``, ``<img src=…>``) prints as literal text; it is
off for the CSS template, whose only inputs are the theme's validated
colours, sizes, font family and font paths (strings through :func:`css_string`);
no outline or data text reaches the stylesheet — except, in ``--watch``, the running
header's title laid out by the previous pass, through :func:`css_string` in the sheet
of a part laid out alone (:func:`render_part_css`).  Every figure shown gets its own anchor id
(``f-<figure id>-<n>``) so the PDF step can tell on which pages it landed.
"""
from __future__ import annotations

import functools
import math
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from model.briefing import Briefing, Figure, Prose
from model.glyphs import text_em
from model.numbers import format_date
from model.quoting import article_words, inner_quotes

TEMPLATES = Path(__file__).resolve().parent / "templates"
MM = 72 / 25.4                    # points per millimetre


class Geometry(NamedTuple):
    """The millimetres print.css lays the page out with, given to the stylesheet from here so the
    big figures below are sized from the very same numbers."""
    page_width: float = 210           # A4
    margin_top: float = 26
    margin_right: float = 20
    margin_bottom: float = 24
    margin_left: float = 22
    card_gap: float = 4               # between result cards, across and down
    card_pad: float = 4               # a card's left and right padding
    card_unit_gap: float = 0.4        # before a card figure's unit (and after its qualifier)
    headline_width: float = 79        # a cover headline box
    headline_pad: float = 5
    headline_unit_gap: float = 0.6

    @property
    def column(self) -> float:
        return self.page_width - self.margin_left - self.margin_right


GEOMETRY = Geometry()


class BigBox(NamedTuple):
    """Where a big figure is set: the width its line has, the number's size, how much smaller a long
    number is set, the unit's size and the margin before it, the smallest number allowed, the bold font."""
    room_pt: float
    number_pt: float
    long_scale: float
    unit_pt: float
    unit_gap_pt: float
    min_pt: float
    font: Path


def big_boxes(briefing: Briefing, g: Geometry = GEOMETRY) -> dict[str, BigBox]:
    s, bold = briefing.theme.sizes, briefing.theme.font_bold
    card = (g.column - 3 * g.card_gap) / 4 - 2 * g.card_pad
    headline = g.headline_width - 2 * g.headline_pad
    return {"card": BigBox(card * MM, s.figure_pt, 0.8, s.body_pt, g.card_unit_gap * MM, s.body_pt, bold),
            "headline": BigBox(headline * MM, s.figure_pt * 1.45, 1.0, s.h3_pt, g.headline_unit_gap * MM,
                               s.body_pt, bold)}


_CLOSING = set("。，、；：！？）》”’」』】…—·.,;:!?)%")


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html.j2"], default=False),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["keep_end"] = keep_end
    env.filters["css_string"] = css_string
    env.filters["cn_date"] = format_date
    env.filters["article_words"] = article_words
    env.filters["inner_quotes"] = inner_quotes
    env.tests["startingwith"] = lambda text, prefix: str(text).startswith(prefix)
    return env


def keep_end(text: object, count: int = 2) -> Markup:
    """Keep the last characters of a short line together (no lone character on the
    last wrapped line of a title or card); closing punctuation does not count."""
    s = str(text)
    trailing = len(s) - len(s.rstrip("".join(_CLOSING)))
    n = trailing + count
    if len(s) <= n + 1:
        return Markup('<span class="nb">{}</span>').format(s)
    return Markup('{}<span class="nb">{}</span>').format(s[:-n], s[-n:])


def css_string(text: object) -> str:
    """A CSS string literal, escaped by the CSS syntax rules (CSS Syntax 3, §4.3.5 and §2.1): a quote or
    backslash, and every character that is not a printable one (C0/C1 controls such as a form feed,
    line and paragraph separators, unassigned and private code points), is written as ``\\HEX `` — so
    no value can end the string, the rule or the block it stands in.  Only theme values reach the
    stylesheet (the font family, file URLs); text from the outline is kept out of CSS entirely
    (the running header takes the title from the cover by ``string-set``)."""
    out = []
    for ch in str(text):
        if ch in '"\'\\' or (ch != " " and unicodedata.category(ch)[0] in "CZ"):
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class Anchors:
    """Hands out one anchor id per figure occurrence, in document order."""

    def __init__(self) -> None:
        self.count: dict[str, int] = defaultdict(int)

    def next(self, figure: Figure) -> str:
        self.count[figure.id] += 1
        return f"f-{figure.id}-{self.count[figure.id]}"

    def handed_out(self) -> list[str]:
        """Every anchor id given out, so the PDF can be checked to show each occurrence."""
        return [f"f-{fid}-{n}" for fid, count in self.count.items() for n in range(1, count + 1)]

    def figure(self, figure: Figure, css: str = "fig", text: str | None = None) -> Markup:
        """A figure inline, as the prose shows it (Figure.text, or the segment's text: 1 in “1至2门”)."""
        mark = Markup('<span class="derived-mark">（推算）</span>') if figure.derived else Markup("")
        return Markup('<span class="{}" id="{}">{}</span>{}').format(css, self.next(figure), text or figure.text, mark)

    def big(self, figure: Figure, box: BigBox) -> Markup:
        """The big-number callout: the number large, the unit and qualifier smaller;
        read in order it is exactly Figure.text.  The number is set smaller when it is
        long, and smaller still if that is what it takes to fit its box on one line."""
        before, number, after = figure.text_parts
        size = box.number_pt * (box.long_scale if len(number) >= 6 or len(figure.text) >= 9 else 1)
        room = box.room_pt * 0.97          # the widths are summed without kerning: keep a margin
        number_em = text_em(number, box.font)
        one_line = (room - text_em(before + after, box.font) * box.unit_pt - 2 * box.unit_gap_pt) / number_em
        wrap = ""
        if one_line >= box.min_pt:
            size = min(size, one_line)
        else:                       # an extreme figure: the number fills the line, the unit goes below it
            size, wrap = max(box.min_pt, min(size, room / number_em)), " wrap"
        return Markup('<span class="big{}" id="{}"><span class="q">{}</span><span class="n" style="font-size: {}pt">{}</span>'
                      '<span class="u">{}</span></span>').format(wrap, self.next(figure), before, math.floor(size * 10) / 10,
                                                                 number, after)

    def prose(self, prose: Prose | None, keep: bool = False) -> Markup:
        """Prose with its figures marked; ``keep`` holds the last characters together (short texts)."""
        if prose is None:
            return Markup("")
        parts = []
        last = len(prose.segments) - 1
        for index, seg in enumerate(prose.segments):
            if seg.figure is not None:
                parts.append(self.figure(seg.figure, text=seg.text))
            elif keep and index == last:
                parts.append(keep_end(seg.text))
            else:
                parts.append(escape(seg.text))
        return Markup("").join(parts)


def render_html(briefing: Briefing, charts: dict[str, str]) -> tuple[str, Anchors]:
    """The document's HTML; ``charts`` maps chart id → the SVG's file URL."""
    anchors = Anchors()
    numbers = {c.id: i for i, c in enumerate((c for s in briefing.stages for c in s.charts), start=1)}
    stage_figures = defaultdict(list)
    for f in briefing.figures.values():
        stage_figures[f.stage].append(f)
    html = environment().get_template("briefing.html.j2").render(
        b=briefing, doc=briefing.document, a=anchors, charts=charts, chart_number=numbers, box=big_boxes(briefing),
        stage_figures=stage_figures, stage_names={s.id: s.heading for s in briefing.stages}
        | ({"postscript": briefing.postscript.title} if briefing.postscript else {}))
    return html, anchors


def render_css(briefing: Briefing) -> str:
    t = briefing.theme
    return environment().get_template("print.css.j2").render(
        p=t.palette, s=t.sizes, g=GEOMETRY, family=t.font_family, regular=t.font_regular.as_uri(),
        bold=t.font_bold.as_uri())


def render_part_css(first_page: int, total: int, strings: list[tuple[str, str]], targets: list[tuple[str, int]]) -> str:
    """The stylesheet laid over print.css for one part laid out alone (report/parts.py): its first page
    number, the document's page count, the named strings in force where it starts (name, value) and
    the page of each contents target it shows (``#id``, page).  The strings are the running header's,
    laid out by the previous pass (the cover's title): they reach the sheet only through
    :func:`css_string`."""
    return environment().get_template("part.css.j2").render(first_page=first_page, total=total, strings=strings,
                                                            targets=targets)
