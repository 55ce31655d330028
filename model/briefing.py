"""The one immutable model both builders render.

Everything here is resolved: placeholders are already replaced by formatted
figures (kept as segments so a builder can emphasise the numbers), charts
hold their figures, derived figures are computed.  Builders never parse,
compute or format a number themselves, which is what keeps the PDF, the deck
and the charts saying the same thing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from model.numbers import decimals_of, format_date, format_figure, format_number
from model.quoting import article_words

NO_PERIOD = "原文未注明"       # the one term for a figure whose period the article does not state
DERIVED_PREFIX = "推算："      # labels a derived figure's source where it is cited (Figure.source_line)

@dataclass(frozen=True)
class Figure:
    id: str
    stage: str
    label: str
    value: Decimal
    unit: str
    approx: str
    period: str
    source: str                 # the article's phrase, or — derived — the calculation in words (unlabelled)
    origin: str                 # "assets/figures.csv, line 12": where to edit it
    formula: str = ""           # non-empty ⇔ derived by code
    period_source: str = ""     # as the data file writes it: the article's words, `section`, or empty
    period_basis: str = ""      # for readers: the article's words that state the period, or which heading it
                                # is taken from; empty when the article states none (shown as 原文未注明)
    updated: bool = False       # the value is not the number its source phrase states (model.precision)
    original: str = ""          # then: the phrase's number as prose shows it ("12001元"), if the phrase tells which
    source_doc: str = ""        # the publication an updated value comes from (optional data-file column)

    @property
    def derived(self) -> bool:
        return bool(self.formula)

    @property
    def period_line(self) -> str:
        """The period as every surface shows it (PDF cards and appendix, the deck's cards and notes): one
        text, so no builder words a period, an inference or its absence by itself."""
        return self.period or NO_PERIOD

    @property
    def update_note(self) -> str:
        """Shown wherever the source phrase is shown: "更新值；原文为12001元；数据来源：…" (empty: the article's own value)."""
        parts = []
        if self.updated:
            parts.append(f"更新值；原文为{self.original}" if self.original else "更新值；原文语句中没有此数")
        if self.source_doc:
            parts.append(f"数据来源：{self.source_doc}")
        return "；".join(parts)

    @property
    def text(self) -> str:
        """The figure as prose shows it: 38.35万人, 近11.2万户, 100余个."""
        return format_figure(self.value, self.unit, self.approx)

    @property
    def quote(self) -> str:
        """The article's words for this figure as print shows them: the web capture's half-width
        punctuation set full-width (the words themselves are unchanged)."""
        return article_words(self.source)

    @property
    def number(self) -> str:
        """The bare number for big-number callouts, where the unit is set smaller."""
        return format_number(self.value)

    @property
    def source_line(self) -> str:
        """The source as a source column or a speaker note cites it: the article's phrase, or “推算：” and
        the calculation in words — the one place a derived figure's source gets its label (the
        derived-figures table and the deck's appendix head their lists with it and show :attr:`source`)."""
        return f"{DERIVED_PREFIX}{self.source}" if self.derived else self.source

    @property
    def text_parts(self) -> tuple[str, str, str]:
        """:attr:`text` as (before, number, after) — 近 · 11.2 · 万户 — for the builders that set
        the number apart (the PDF's callouts, the deck's cards and chart data labels).  Should the
        number not be in the text (format_figure always puts it there), the whole text is the
        number, so nothing is hidden."""
        before, number, after = self.text.partition(self.number)
        return (before, number, after) if number else ("", self.text, "")

    @property
    def decimals(self) -> int:
        return decimals_of(self.value)


@dataclass(frozen=True)
class Segment:
    text: str
    figure: Figure | None = None


@dataclass(frozen=True)
class Prose:
    """Text with its figures resolved; str() gives the plain text."""
    segments: tuple[Segment, ...]

    def __str__(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(s.figure for s in self.segments if s.figure is not None)


@dataclass(frozen=True)
class MeasureGroup:
    title: str
    items: tuple[Prose, ...]
    key: bool | None = None     # the outline's `key:` (None: unset; the deck applies its default)


@dataclass(frozen=True)
class Result:
    figure: Figure
    note: Prose | None
    key: bool | None = None


@dataclass(frozen=True)
class Quote:
    text: Prose
    by: str


@dataclass(frozen=True)
class Series:
    name: str
    figures: tuple[Figure | None, ...]

    @property
    def values(self) -> tuple[float | None, ...]:
        return tuple(None if f is None else float(f.value) for f in self.figures)


@dataclass(frozen=True)
class Chart:
    id: str
    type: str                   # bar | grouped_bar | hbar | line
    stage: str
    title: str
    unit: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    note: str
    source_note: str            # caption line: where the figures come from, what is derived or missing
    key: bool | None = None

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(f for s in self.series for f in s.figures if f is not None)

    @property
    def decimals(self) -> int:
        return max((f.decimals for f in self.figures), default=0)

    @property
    def maximum(self) -> float:
        """The largest value shown (0 when none is reported): both builders scale the value axis by it."""
        return max((v for s in self.series for v in s.values if v is not None), default=0.0)

    @property
    def has_derived(self) -> bool:
        return any(f.derived for f in self.figures)

    @property
    def alt_text(self) -> str:
        """A screen-reader description naming every value, for PDF alt text and slide descriptions."""
        parts = []
        for s in self.series:
            cells = [f"{c} {f.text if f else '未报告'}" for c, f in zip(self.categories, s.figures, strict=True)]
            prefix = f"{s.name}：" if len(self.series) > 1 else ""
            parts.append(prefix + "，".join(cells))
        return f"{self.title}。" + "；".join(parts) + "。"


@dataclass(frozen=True)
class Stage:
    id: str
    numeral: str
    title: str
    period: str
    summary: Prose
    measures: tuple[MeasureGroup, ...]
    results: tuple[Result, ...]
    challenges: tuple[Prose, ...]
    quotes: tuple[Quote, ...]
    charts: tuple[Chart, ...]

    @property
    def heading(self) -> str:
        return f"{self.numeral}、{self.title}"


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    text: Prose


@dataclass(frozen=True)
class Postscript:
    title: str
    date: str
    summary: Prose
    points: tuple[Prose, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    source: str
    published: dt.date
    author: str
    unit: str
    language: str
    edition: dt.date
    keywords: tuple[str, ...]
    headline: tuple[Figure, ...]
    timestamp: dt.datetime      # for file metadata: the edition date, or SOURCE_DATE_EPOCH; never the clock
    deck: str = "summary"       # summary (main flow + hidden appendix) | full (every slide visible)

    # How the outputs cite the article, written once here (the builders only lay these out)
    @property
    def date(self) -> str:
        """The article's date as prose writes it: 2018年6月26日."""
        return format_date(self.published)

    @property
    def work(self) -> str:
        """The publication and the article: 贵阳网《贵阳市脱贫攻坚历史进程纪实(下)》."""
        return f"{self.source}《{self.subtitle}》"

    @property
    def citation(self) -> str:
        """The article with its date, 贵阳网《…》（2018年6月26日）: chart captions, the deck's file properties."""
        return f"{self.work}（{self.date}）"

    @property
    def compiled_from(self) -> str:
        """根据贵阳网《…》整理: the covers' subtitle (the PDF's, the deck's and its thumbnail's)."""
        return f"根据{self.work}整理"

    @property
    def published_in(self) -> str:
        """贵阳网2018年6月26日刊发的《…》: how speaker notes name the article."""
        return f"{self.source}{self.date}刊发的《{self.subtitle}》"


@dataclass(frozen=True)
class Palette:
    """The theme's colours (#RRGGBB), read by name by both builders: a typo is a type error, not a KeyError."""
    primary: str
    secondary: str
    accent: str
    text: str
    muted: str
    rule: str
    paper: str
    tint: str
    highlight: str | None = None       # emphasis on the deck's dark slides; None: the tint

    @property
    def emphasis(self) -> str:
        return self.highlight or self.tint


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points (theme.yaml `sizes`), validated by the schema's ranges."""
    body_pt: float
    small_pt: float
    h1_pt: float
    h2_pt: float
    h3_pt: float
    figure_pt: float
    deck_title_pt: float
    deck_body_pt: float
    deck_figure_pt: float


@dataclass(frozen=True)
class Theme:
    palette: Palette
    series_colors: tuple[str, ...]
    font_family: str
    font_regular: Path
    font_bold: Path
    deck_font: str              # the typeface runs name (a:latin, a:ea)
    sizes: Sizes
    deck_embedded: bool = False     # the deck carries font_regular/font_bold as deck_font: measure exactly
    origin: str = ""            # "theme.yaml, line 14, field `fonts.regular`": where the font is chosen
    file: str = ""              # the theme file as messages name it
    colour_places: tuple[tuple[str, str], ...] = ()   # (palette colour, "line 7, field `palette.muted`"), for messages

    def places_of(self, colour: str) -> list[str]:
        """Where the theme sets this colour: a message about a colour can send the user to the line."""
        return [where for value, where in self.colour_places if value.upper() == colour.upper()]


@dataclass(frozen=True)
class Correction:
    original: str               # what the article says
    corrected: str              # what the briefing prints; the editor's words in 〔…〕
    reason: str


@dataclass(frozen=True)
class Briefing:
    document: Document
    overview: Prose
    timeline: tuple[TimelineEntry, ...]
    stages: tuple[Stage, ...]
    postscript: Postscript | None
    charts: tuple[Chart, ...]
    figures: Mapping[str, Figure]       # read-only view, data-file order
    theme: Theme
    corrections: tuple[Correction, ...] = ()
    # a text as the user wrote it → "file, line 18, field `…`"
    places: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    conclusion: Prose | None = None     # the article's conclusion (outline `conclusion:`), for the PDF and the deck's closing

    def place_of(self, text: str) -> tuple[str, str]:
        """(file, place) of the user's text that a builder's message is about — the longest one the
        message's text holds (a slide title “四、{title}：主要成效” names the stage title) — or ("", "")."""
        hits = [t for t in self.places if len(t) >= 2 and t in text]
        if not hits and len(text) >= 10:              # a message may quote only the start of a long text
            hits = [t for t in self.places if t.startswith(text.rstrip("…"))]
        if not hits:
            return "", ""
        file, _, where = self.places[max(hits, key=len)].partition(", ")
        return file, where

    @property
    def derived_figures(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures.values() if f.derived)

    @property
    def charts_by_figure(self) -> dict[str, list[str]]:
        """Figure id → the ids of the charts that show it, each once, in chart order (where a
        figure appears, for changes.md)."""
        shown: dict[str, list[str]] = {}
        for chart in self.charts:
            for f in chart.figures:
                if chart.id not in shown.setdefault(f.id, []):
                    shown[f.id].append(chart.id)
        return shown

    def prose(self) -> Iterator[Prose]:
        """Every piece of resolved prose, for checks that span the document."""
        yield self.overview
        for entry in self.timeline:
            yield entry.text
        for stage in self.stages:
            yield stage.summary
            for group in stage.measures:
                yield from group.items
            for result in stage.results:
                if result.note:
                    yield result.note
            yield from stage.challenges
            for quote in stage.quotes:
                yield quote.text
        if self.postscript:
            yield self.postscript.summary
            yield from self.postscript.points
