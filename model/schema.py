"""The shape of the user's files, declared once with pydantic.

These are *input* schemas: they say what a well-formed outline, figures row
and theme look like.  Cross-references (does this figure id exist?) are
checked by the loader, which has the whole picture.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic.fields import FieldInfo

from model.suggest import did_you_mean
from model.units import APPROX, UNITS

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _text(value: object) -> object:
    """YAML turns `when: 2013` into an int; a label is text either way."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


CLEAN = BeforeValidator(_text)


def up_to(limit: int) -> FieldInfo:
    """At most ``limit`` characters (text: ``Annotated[str, CLEAN, up_to(n)]``).  Every field has a limit sized
    to what it is (a card label is a label, a summary a paragraph), so everything allowed lays out in both
    outputs in bounded time; README.md ("Length limits") lists them."""
    return Field(min_length=1, max_length=limit)


Text = Annotated[str, CLEAN, up_to(200)]
Label = Annotated[str, CLEAN, up_to(40)]          # card, appendix and chart labels; one to three lines in a card
Short = Annotated[str, CLEAN, up_to(20)]          # a period, a date, a numeral, a chart category, a unit
Name = Annotated[str, CLEAN, up_to(30)]           # a name: author, group, series, stage title, quote author
Title = Annotated[str, CLEAN, up_to(40)]          # a document or chart title
Paragraph = Annotated[str, CLEAN, up_to(600)]     # a summary
Item = Annotated[str, CLEAN, up_to(300)]          # a bullet: a measure, a challenge, a point, a quote
Note = Annotated[str, CLEAN, up_to(120)]          # a result card's note


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(f"`{value}` is not a valid id: use lowercase letters, digits and _ , starting with a letter")
    return value


Id = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=40),
               BeforeValidator(lambda v: _check_id(v) if isinstance(v, str) else v)]


def _check_unit(value: str) -> str:
    if value not in UNITS:
        hint = did_you_mean(value, UNITS)
        raise ValueError(f"unknown unit `{value}`" + (f"; {hint}" if hint else f"; known units: {' '.join(UNITS)}"))
    return value


def _check_approx(value: str) -> str:
    if value and value not in APPROX:
        raise ValueError(f"`{value}` is not a known qualifier; use one of {' '.join(sorted(APPROX))} or leave it empty")
    return value


Unit = Annotated[str, AfterValidator(_check_unit)]
Approx = Annotated[str, AfterValidator(_check_approx)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---------------------------------------------------------------- figures table

def parse_value(text: str) -> Decimal:
    """A plain number as the article writes it.  Refuses what Excel users
    commonly paste (units, thousands separators, percent signs) with a fix."""
    raw = text.strip()
    if not raw:
        raise ValueError("the value is empty; write the number as the article states it, e.g. 38.35")
    if len(raw) > 30:
        raise ValueError(f"`{raw[:20]}…` has {len(raw)} characters; a figure is a number of at most 30")
    if re.search(r"[,，]", raw):
        raise ValueError(f"`{raw}` has a thousands separator; write it without commas, e.g. 12001")
    if raw.endswith("%"):
        raise ValueError(f"`{raw}` has a percent sign; write 29.8 and put % in the `unit` column")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"`{raw}` is not a number; write a plain number such as 38.35 (the unit goes in the `unit` column)") from None
    if not value.is_finite() or not math.isfinite(float(value)):
        raise ValueError(f"`{raw}` is not a finite number; write the figure the article states")
    if value < 0:
        raise ValueError(f"`{raw}` is negative; the article's figures are counts, amounts and rates, never negative")
    if "e" in raw.lower():
        raise ValueError(f"`{raw}` uses scientific notation; write it out in full, as the article does")
    return value


class FigureRow(Strict):
    id: Id
    stage: Id
    label: Label
    value: Decimal
    unit: Unit
    approx: Approx = ""
    period: str = Field("", max_length=20)
    period_source: str = Field("", max_length=200)     # the article's words stating the period, or `section` (the stage heading's)
    source: Text
    decimals: int | None = Field(default=None, ge=0, le=6)   # optional: the figure's precision (model.precision)
    source_doc: str = ""                                       # optional: the publication an updated value comes from

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: object) -> Decimal:
        return parse_value(str(v))

    @field_validator("decimals", mode="before")
    @classmethod
    def _decimals(cls, v: object) -> object:
        return None if isinstance(v, str) and not v.strip() else v



# ---------------------------------------------------------------- outline

def _plausible_year(day: dt.date) -> dt.date:
    """A typo such as 0218-06-26 is a valid ISO date; file metadata and Chinese dates are not made for it."""
    if not 1900 <= day.year <= 2100:
        raise ValueError(f"the year {day.year:04d} is not plausible for this article (expected 1900–2100); "
                         "write the date as YYYY-MM-DD, e.g. 2018-06-26")
    return day


Day = Annotated[dt.date, AfterValidator(_plausible_year)]


class DocumentIn(Strict):
    """The cover and the deck's title slide and footer hold these together: the limits are what fits there."""
    title: Annotated[str, CLEAN, up_to(24)]
    subtitle: Annotated[str, CLEAN, up_to(30)]
    source: Annotated[str, CLEAN, up_to(12)]
    published: Day
    author: Annotated[str, CLEAN, up_to(12)]
    unit: Short
    language: Literal["zh-CN"]
    edition: Day
    keywords: list[Short] = Field([], max_length=10)
    headline_figures: list[Id] = Field(min_length=1, max_length=4)
    deck: Literal["summary", "full"] = "summary"   # summary: ≤ 25 slides + hidden appendix; full: all visible


class TimelineIn(Strict):
    when: Short
    text: Text


class MeasureGroupIn(Strict):
    group: Name
    items: list[Item] = Field(min_length=1, max_length=30)
    key: bool | None = None             # the deck's main flow shows its items (unset: its title only)


class ResultIn(Strict):
    figure: Id
    note: Note | None = None
    key: bool | None = None             # in the deck's main flow (unset: see README, "The deck")


class QuoteIn(Strict):
    text: Item
    by: Name


class StageIn(Strict):
    id: Id
    numeral: Annotated[str, CLEAN, up_to(4)]
    title: Name
    period: str = Field("", max_length=20)   # the period the article's heading gives this part; empty when it gives none
    summary: Paragraph
    measures: list[MeasureGroupIn] = Field([], max_length=20)
    results: list[ResultIn] = Field([], max_length=24)
    challenges: list[Item] = Field([], max_length=20)
    quotes: list[QuoteIn] = Field([], max_length=10)
    charts: list[Id] = Field([], max_length=12)

    @model_validator(mode="after")
    def _not_empty(self) -> StageIn:
        if not self.measures and not self.results:
            raise ValueError(f"the stage `{self.id}` has neither measures nor results; add at least one, or remove the stage")
        return self


class PostscriptIn(Strict):
    title: Name
    date: Name
    summary: Paragraph
    points: list[Item] = Field([], max_length=20)


ChartType = Literal["bar", "grouped_bar", "hbar", "line"]


class SeriesIn(Strict):
    name: Name
    figures: list[Id | None] = Field(min_length=1)


class ChartIn(Strict):
    id: Id
    type: ChartType
    stage: Id
    title: Title
    unit: Short                 # the figures' unit (checked against them by the loader)
    categories: list[Short] = Field(min_length=1, max_length=12)
    series: list[SeriesIn] = Field(min_length=1, max_length=6)
    note: Annotated[str, CLEAN, up_to(150)] | None = None      # under the chart on its slide
    key: bool | None = None             # in the deck's main flow (unset: the stage's first two charts)

    @model_validator(mode="after")
    def _shape(self) -> ChartIn:
        for s in self.series:
            if len(s.figures) != len(self.categories):
                raise ValueError(f"series `{s.name}` has {len(s.figures)} figures but the chart has "
                                 f"{len(self.categories)} categories; give one figure id (or null) per category")
        if self.type in ("bar", "hbar") and len(self.series) != 1:
            raise ValueError(f"a `{self.type}` chart has exactly one series; use `grouped_bar` for several")
        return self


class DerivedIn(Strict):
    id: Id
    stage: Id
    label: Label
    formula: Annotated[str, CLEAN, up_to(300)]
    unit: Unit
    decimals: int = Field(ge=0, le=6)
    period: str = Field("", max_length=20)
    period_source: str = Field("", max_length=200)


class CorrectionIn(Strict):
    """An editor's correction of the source text: what the article says, what the briefing prints
    (with the editor's words in 〔…〕), and why — listed on the sources page."""
    original: Text
    corrected: Text
    reason: Text


class OutlineIn(Strict):
    document: DocumentIn
    overview: Annotated[str, CLEAN, up_to(800)]
    timeline: list[TimelineIn] = Field([], max_length=40)
    stages: list[StageIn] = Field(min_length=1, max_length=12)
    postscript: PostscriptIn | None = None
    conclusion: Annotated[str, CLEAN, up_to(400)] = ""     # the article's own conclusion, as a reader should get it
    charts: list[ChartIn] = Field([], max_length=60)
    derived: list[DerivedIn] = Field([], max_length=100)
    corrections: list[CorrectionIn] = Field([], max_length=100)


# ---------------------------------------------------------------- theme

Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class PaletteIn(Strict):
    primary: Color
    secondary: Color
    accent: Color
    text: Color
    muted: Color
    rule: Color
    paper: Color
    tint: Color
    highlight: Color | None = None      # emphasis on dark slides (title, sections, closing); default: tint
    series: list[Color] = Field(min_length=2)


class FontsIn(Strict):
    family: Title
    regular: Annotated[str, CLEAN, up_to(300)]
    bold: Annotated[str, CLEAN, up_to(300)]
    deck_family: Title = "embedded"      # "embedded": the deck carries `family` (subset); else a font PowerPoint has


class SizesIn(Strict):
    body_pt: float = Field(ge=10.5, le=16)
    small_pt: float = Field(ge=7, le=12)
    h1_pt: float = Field(ge=14, le=48)
    h2_pt: float = Field(ge=12, le=32)
    h3_pt: float = Field(ge=11, le=24)
    figure_pt: float = Field(ge=14, le=48)
    deck_title_pt: float = Field(ge=28, le=60)
    deck_body_pt: float = Field(ge=18, le=40)
    deck_figure_pt: float = Field(ge=28, le=96)


class ThemeIn(Strict):
    palette: PaletteIn
    fonts: FontsIn
    sizes: SizesIn


OUTLINE_FIELDS = sorted({name for model in (DocumentIn, TimelineIn, MeasureGroupIn, ResultIn, QuoteIn, StageIn,
                                             PostscriptIn, SeriesIn, ChartIn, DerivedIn, CorrectionIn, OutlineIn)
                         for name in model.model_fields})
THEME_FIELDS = sorted({name for model in (PaletteIn, FontsIn, SizesIn, ThemeIn) for name in model.model_fields})
