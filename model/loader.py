"""Load outline + figures + theme once, validate everything, return the model.

The order matters for the messages: each file is first checked on its own
(shape, types, units) so problems name a line; then cross-references (ids in
prose, charts, headline) are checked against the figures; then the lint and
the font coverage.  Every stage collects all its problems before failing.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from model import derive, prose
from model.briefing import (
    Briefing,
    Chart,
    Correction,
    Document,
    Figure,
    MeasureGroup,
    Palette,
    Postscript,
    Quote,
    Result,
    Series,
    Sizes,
    Stage,
    Theme,
    TimelineEntry,
)
from model.errors import Collector, InputError, Problem, display_path
from model.glyphs import embedding_refusal, family_name, font_codepoints, font_families, missing
from model.input_files import read_input
from model.inputs import Inputs
from model.numbers import format_figure
from model.precision import PrecisionError, original, precision, settle
from model.quoting import article_words, inner_quotes
from model.schema import OUTLINE_FIELDS, THEME_FIELDS, FigureRow, OutlineIn, ThemeIn
from model.suggest import closest, did_you_mean
from model.table_source import Row, read_table
from model.yaml_source import YamlDoc, load_yaml

MAX_FIGURES = 2000          # rows of the figures table (the article has ~110)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
EDITOR_MARK = re.compile(r"〔[^〔〕]*〕")


def years(text: str) -> set[str]:
    return set(YEAR.findall(text))


def build_timestamp(edition: dt.date) -> dt.datetime:
    """Dates written into the files: SOURCE_DATE_EPOCH when the packager sets it
    (reproducible-builds convention), else the data's edition date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(Problem("SOURCE_DATE_EPOCH", "", f"`{epoch}` is not a Unix timestamp",
                                     "set it to whole seconds since 1970, e.g. 1529971200, or unset it")) from None
    return dt.datetime.combine(edition, dt.time(0, 0), dt.UTC)


# ---------------------------------------------------------------- pydantic → problems

def _explain(err: Mapping[str, Any], fields: list[str]) -> tuple[str, str]:
    kind = err["type"]
    loc = err["loc"]
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"the required field `{name}` is missing", "add it; the shipped assets/ files show every field"
    if kind == "extra_forbidden":
        return f"unknown field `{name}`", did_you_mean(str(name), fields) or "remove it, or check its indentation"
    message = err["msg"].removeprefix("Value error, ")
    given = err.get("input")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "int_type", "date_type", "date_from_datetime_parsing",
                "int_parsing", "float_parsing", "float_type", "literal_error", "date_parsing"):
        message = f"{message} (got {given!r})" if not isinstance(given, (dict, list)) else message
    if kind in ("string_too_long", "too_long") and isinstance(given, str):
        return (f"the text has {len(given)} characters; this field holds at most {err['ctx']['max_length']}",
                "shorten it (README.md, “Length limits”, lists every field's limit and why)")
    if kind == "too_long" and isinstance(given, list):
        return (f"the list has {len(given)} entries; at most {err['ctx']['max_length']} are allowed here",
                "split it or shorten it (README.md, “Length limits”)")
    hints = {"list_type": "write a list: one `- item` per line",
             "too_short": "this list needs at least one entry",
             "date_from_datetime_parsing": "write the date as YYYY-MM-DD, e.g. 2018-06-26",
             "date_parsing": "write the date as YYYY-MM-DD, e.g. 2018-06-26",
             "literal_error": "use one of the values listed",
             "string_pattern_mismatch": "write a colour as #RRGGBB, e.g. \"#9E1B24\" (with the quotes)"}
    return message, hints.get(kind, "")


def _yaml_problems(exc: ValidationError, doc: YamlDoc, fields: list[str]) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p in ("function-after", "function-before"))))
        message, hint = _explain(err, fields)
        written = doc.source_line(loc).partition(":")[2].strip()
        if err.get("input") is None and written.startswith("#"):      # `primary: #9E1B24`: YAML read a comment
            message = f"the value is empty: YAML reads `{written.split()[0]}` as the start of a comment"
            hint = f'put it in quotes: {loc[-1]}: "{written.split()[0]}"'
        problems.append(Problem(doc.file, doc.where(loc), message, hint))
    return problems


def _walk_strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk_strings(value, path + (index,))


def _tidy_all(data: Any) -> Any:
    if isinstance(data, str):
        return prose.tidy(data)
    if isinstance(data, dict):
        return {k: _tidy_all(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_tidy_all(v) for v in data]
    return data


# ---------------------------------------------------------------- the three files

def load_theme(path: Path) -> Theme:
    doc = load_yaml(path, "--theme")
    try:
        spec = ThemeIn.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(_yaml_problems(exc, doc, THEME_FIELDS)) from None
    base = path.parent
    problems = []
    fonts = {}
    for key in ("regular", "bold"):
        font = (base / getattr(spec.fonts, key)).resolve()
        fonts[key] = font
        if not font.is_file():
            problems.append(Problem(doc.file, doc.where(("fonts", key)), f"font file not found: {font}",
                                    "the bundled fonts live in assets/fonts/; restore them from version control"))
            continue
        try:
            names = font_families(font)
        except ValueError as exc:
            problems.append(Problem(doc.file, doc.where(("fonts", key)), f"{font.name} is not a font file ({exc})",
                                    "point it at a TrueType or OpenType font (.ttf, .otf); the bundled fonts live in assets/fonts/"))
            continue
        if not any(0x4E00 <= c <= 0x9FFF for c in font_codepoints(font)):
            problems.append(Problem(doc.file, doc.where(("fonts", key)), f"the font {font.name} has no Chinese characters",
                                    "use a font with Chinese (the bundled Noto Sans SC: fonts/NotoSansSC-Regular.ttf and -Bold.ttf)"))
            continue
        if spec.fonts.family not in names and not any(p.where == doc.where(("fonts", "family")) for p in problems):
            problems.append(Problem(doc.file, doc.where(("fonts", "family")),
                                    f"`family: {spec.fonts.family}` is not the name the font gives itself "
                                    f"(“{names[0] if names else '?'}”, in {font.name})",
                                    f"write `family: {names[0] if names else '…'}`: the PDF and the charts find the font by this name"))
    embedded = spec.fonts.deck_family == "embedded"
    deck_font = spec.fonts.deck_family
    if embedded and not problems:
        for key in ("regular", "bold"):
            refusal = embedding_refusal(fonts[key])
            if refusal:
                problems.append(Problem(doc.file, doc.where(("fonts", key)), refusal,
                                        "use a font whose licence allows embedding (the bundled Noto Sans SC does), "
                                        "or set fonts.deck_family to a font the presenters' PowerPoint has"))
        deck_font, bold_family = family_name(fonts["regular"]), family_name(fonts["bold"])
        if deck_font != bold_family:
            problems.append(Problem(doc.file, doc.where(("fonts", "bold")),
                                    f"the bold font is of the family “{bold_family}”, the regular one of “{deck_font}”",
                                    "give the regular and bold faces of one family (the deck embeds them as one font)"))
    if problems:
        raise InputError(problems)
    return Theme(Palette(**spec.palette.model_dump(exclude={"series"})), tuple(spec.palette.series), spec.fonts.family,
                 fonts["regular"], fonts["bold"], deck_font,
                 Sizes(**spec.sizes.model_dump()), embedded, origin=f"{doc.file}, {doc.where(('fonts', 'regular'))}",
                 file=doc.file, colour_places=_colour_places(spec, doc))


def _colour_places(spec: ThemeIn, doc: YamlDoc) -> tuple[tuple[str, str], ...]:
    """Each named palette colour with the line that sets it (the series colour only charts)."""
    return tuple((value, doc.where(("palette", key))) for key, value in spec.palette.model_dump(exclude={"series"}).items() if value)


def load_figure_rows(path: Path) -> tuple[str, list[tuple[FigureRow, Row]]]:
    name, rows = read_table(path)
    if not rows:
        raise InputError(Problem(name, "", "the table has a header but no figures", "add one row per figure"))
    if len(rows) > MAX_FIGURES:
        raise InputError(Problem(name, rows[MAX_FIGURES].where, f"the table has {len(rows)} figures; at most {MAX_FIGURES} are allowed",
                                 "a briefing shows a few hundred figures at most; keep the ones the outline uses"))
    problems = Collector()
    parsed: list[tuple[FigureRow, Row]] = []
    first_line: dict[str, str] = {}
    for row in rows:
        try:
            fig = FigureRow.model_validate(row.values)
        except ValidationError as exc:
            for err in exc.errors():
                column = str(err["loc"][0]) if err["loc"] else ""
                message, hint = _explain(err, list(row.values))
                problems.add(name, row.cells.get(column, row.where), message, hint)
            continue
        settled = _at_precision(fig, row, name, problems)
        if settled is None:
            continue
        fig = settled
        if fig.id in first_line:
            problems.add(name, row.cells["id"], f"the figure id `{fig.id}` is used twice (first at {first_line[fig.id]})",
                         "every figure needs its own id; rename one of them")
            continue
        first_line[fig.id] = row.where
        parsed.append((fig, row))
    seen: dict[tuple[str, str], tuple[FigureRow, Row]] = {}
    for fig, row in parsed:
        key = (fig.label, fig.period)
        if key in seen:
            other = seen[key][0]
            problems.add(name, row.cells["label"], f"`{fig.id}` has the same label and period as `{other.id}` "
                         f"({seen[key][1].where}): one fact entered twice?",
                         f"keep one row per fact and refer to it as {{{other.id}}} wherever it is needed; "
                         "if they are different facts, give each a label that says how")
        seen.setdefault(key, (fig, row))
    problems.raise_if_any()
    return name, parsed


def _at_precision(fig: FigureRow, row: Row, name: str, problems: Collector) -> FigureRow | None:
    """The row with its value at the figure's precision (model.precision), or None after adding the problem."""
    places = precision(fig.value, fig.source, fig.unit, fig.decimals)
    try:
        value = settle(fig.value, places)
    except PrecisionError as exc:
        if places is None:
            problems.add(name, row.cells["value"], f"{exc}, and its source phrase “{fig.source}” has no number to take the precision from",
                         "round it to the decimals the publication uses, or add a `decimals` column and give this row its decimals")
        else:
            given = "its `decimals` column" if fig.decimals is not None else f"its source phrase “{fig.source}”"
            problems.add(name, row.cells["value"], f"{exc} (as {given} writes it)",
                         f"round it to {places} decimals as the publication states it (an Excel formula result: "
                         f"=ROUND(…, {places}) before 'Paste Special → Values'); if the new figure really has more "
                         "decimals, add a `decimals` column and give this row its decimals")
        return None
    return fig if str(value) == str(fig.value) else fig.model_copy(update={"value": value})


def _figure(fig: FigureRow, origin: str) -> Figure:
    updated, quoted = original(fig.value, fig.source, fig.unit)
    was = format_figure(Decimal(quoted), fig.unit, fig.approx) if quoted is not None else ""
    return Figure(fig.id, fig.stage, fig.label, fig.value, fig.unit, fig.approx, fig.period, fig.source, origin,
                  period_source=fig.period_source, updated=updated, original=was, source_doc=fig.source_doc)


# ---------------------------------------------------------------- cross-checks and assembly

def _referenced(doc: YamlDoc, outline: OutlineIn) -> set[str]:
    """Every figure id the outline uses: placeholders in its texts, results, headline, charts, formulas."""
    ids = {fid.strip() for _, text in _walk_strings(doc.data) for fid in prose.placeholders(text)}
    ids.update(outline.document.headline_figures)
    ids.update(r.figure for s in outline.stages for r in s.results)
    ids.update(fid for c in outline.charts for s in c.series for fid in s.figures if fid)
    for spec in outline.derived:
        with contextlib.suppress(derive.FormulaError):
            ids.update(derive.names(spec.formula))
    return ids


class _Assembler:
    def __init__(self, doc: YamlDoc, outline: OutlineIn, figures: dict[str, Figure], data_name: str,
                 last_build: Mapping[str, Mapping[str, str]]):
        self.doc, self.outline, self.figures, self.data_name = doc, outline, figures, data_name
        self.last_build = last_build
        self.referenced = _referenced(doc, outline)
        self.not_derived: set[str] = set()      # derived ids whose formula failed: reported once, at the formula
        self.problems = Collector()

    def where(self, path: tuple) -> str:
        return self.doc.where(path)

    def unknown_figure(self, fid: str, path: tuple) -> None:
        if fid in self.not_derived:
            return
        self.problems.add(self.doc.file, self.where(path), f"unknown figure id `{fid}`: it is not in {self.data_name}",
                          self.missing_hint(fid))

    def missing_hint(self, fid: str) -> str:
        """What the last good build knew of the id, and which figure it may have become — never
        another figure without its label and value, so nobody follows a hint to a wrong number."""
        def shown(f: Figure) -> str:
            return f"`{f.id}` ({f.label}, {f.text})"

        unused = [f for f in self.figures.values() if f.id not in self.referenced and not f.derived]
        last = self.last_build.get(fid)
        if last:
            said = f"the last build had `{fid}` = {last['text']} ({last['label']}) at {last['origin'].replace(', line', ' line')}"
            new = [f for f in unused if f.id not in self.last_build]
            new = [f for f in new if f.text == last["text"] or f.label == last["label"]] or new
            if new:
                return (f"{said}; the file now has an unused id {', '.join(shown(f) for f in new)} — renamed? "
                        f"Then write that id here, or rename it back to `{fid}` in {self.data_name}")
            return f"{said}; it is no longer in {self.data_name} — restore its row, or remove `{fid}` here"
        renamed = closest(fid, [f.id for f in unused])          # a row nothing uses yet: most likely the new name
        if renamed:
            return (f"did you mean {shown(self.figures[renamed])}? Nothing else uses that id — a typo here, or a renamed "
                    "row? Check that it is the same figure before using it")
        match = closest(fid, self.figures)
        if match:
            return f"did you mean {shown(self.figures[match])}? Check that it is the same figure before using it"
        return f"add a row with this id to {self.data_name}, or fix the id"

    def figure(self, fid: str, path: tuple) -> Figure | None:
        if fid not in self.figures:
            self.unknown_figure(fid, path)
            return None
        return self.figures[fid]

    def text(self, text: str, path: tuple) -> Any:
        ok = True
        if prose.stray_braces(text):
            self.problems.add(self.doc.file, self.where(path), "unbalanced { or } in the text",
                              "figures are written as {figure_id}; remove the stray brace")
            ok = False
        for fid in prose.placeholders(text):
            if fid.strip() not in self.figures:
                self.unknown_figure(fid.strip(), path)
                ok = False
        for fid, word in prose.doubled_qualifiers(text, self.figures):
            self.problems.add(self.doc.file, self.where(path),
                              f"“{word}” is written twice: the figure `{fid}` already says {self.figures[fid].text}",
                              f"delete the “{word}” next to {{{fid}}}")
            ok = False
        spans, rest = prose.ascii_quoted_numbers(text)
        for span in spans:
            self.problems.add(self.doc.file, self.where(path), f"{span} is written in ASCII quotes, so its numbers count as typed numbers",
                              f"write it with Chinese quotes, “{span[1:-1]}”: names and titles inside “…” or 《…》 may hold numbers")
            ok = False
        for number in prose.typed_numbers(rest):
            ids = prose.matching_figures(number, self.figures)
            if ids:
                self.problems.add(self.doc.file, self.where(path),
                                  f"the number {number} is typed into the text, but the data file holds it as `{ids[0]}`",
                                  f"write {{{ids[0]}}} instead, so the text follows the data")
            else:
                self.problems.add(self.doc.file, self.where(path), f"the number {number} is typed into the text",
                                  f"every figure must come from the data file: add it to {self.data_name} and write {{its_id}}; "
                                  "names and titles may go inside “…” or 《…》")
        return prose.resolve(text, self.figures) if ok else None

    def derive(self) -> None:
        for index, spec in enumerate(self.outline.derived):
            path = ("derived", index)
            if spec.id in self.figures:
                self.problems.add(self.doc.file, self.where(path + ("id",)),
                                  f"the derived id `{spec.id}` is already a figure id", "give it its own id")
                continue
            try:
                ids = derive.names(spec.formula)
                unknown = [i for i in ids if i not in self.figures]
                for fid in unknown:
                    self.unknown_figure(fid, path + ("formula",))
                if unknown:
                    self.not_derived.add(spec.id)
                    continue
                value = derive.evaluate(spec.formula, {i: self.figures[i].value for i in ids}, spec.decimals)
            except derive.FormulaError as exc:
                self.problems.add(self.doc.file, self.where(path + ("formula",)), str(exc))
                self.not_derived.add(spec.id)
                continue
            words = derive.in_words(spec.formula, {i: self.figures[i].label for i in ids})
            self.figures[spec.id] = Figure(spec.id, spec.stage, spec.label, value, spec.unit, "", spec.period,
                                           words, f"{self.doc.file}, {self.where(path)}", spec.formula,
                                           spec.period_source)

    def periods(self) -> None:
        """A period is a fact: it is justified by the article's words (every year it names is in them),
        or it is the period of the figure's own stage heading taken whole (`section`).  Resolves the
        basis a reader is shown next to each figure."""
        stages = {s.id: s for s in self.outline.stages}
        published = self.outline.document.published
        hint_none = ("write in `period_source` the article's words that state the period, or `section` when it is "
                     "the period of the stage's heading taken whole; if the article states no time, leave `period` empty")
        for fid, fig in list(self.figures.items()):
            file, where = fig.origin.split(", ", 1)
            where += "" if fig.derived else ", column `period_source`"
            source = fig.period_source.strip()
            basis = ""
            if not fig.period:
                if source:
                    self.problems.add(file, where, f"figure `{fid}` has a period_source but no period",
                                      "write the period its words state, or clear period_source")
            elif not source:
                self.problems.add(file, where, f"the period `{fig.period}` of figure `{fid}` says nowhere where it comes from",
                                  hint_none)
            elif source == "section":
                stage = stages.get(fig.stage)
                if stage is None:
                    pass                    # reported by assemble(): unknown stage
                elif not stage.period:
                    self.problems.add(file, where, f"figure `{fid}` takes its period from its stage's heading, "
                                      f"but stage `{stage.id}` has no heading period", hint_none.replace(", or `section` when it is "
                                      "the period of the stage's heading taken whole", ""))
                elif fig.period != stage.period:
                    self.problems.add(file, where, f"figure `{fid}` is dated `{fig.period}`, which is not its stage's heading "
                                      f"period `{stage.period}` taken whole",
                                      f"write {stage.period}, or quote the article's words that state {fig.period}")
                else:
                    basis = f"第{stage.numeral}部分标题（{stage.numeral}、{stage.title}，{stage.period}）"
            else:
                allowed = years(source) | ({str(published.year)} if fig.period.startswith("截至发稿") else set())
                for year in sorted(years(fig.period) - allowed):
                    self.problems.add(file, where, f"the period `{fig.period}` of figure `{fid}` names {year}, "
                                      f"but its period_source does not", "quote the article's words that give this year, "
                                      "or correct the period: a figure's period is what the article states, nothing guessed")
                basis = f"原文“{inner_quotes(article_words(source))}”"
            self.figures[fid] = dataclasses.replace(fig, period_basis=basis)

    def corrections(self) -> tuple[Correction, ...]:
        """The editor's marks 〔…〕 and the corrections the sources page lists must agree."""
        listed = [c.corrected for c in self.outline.corrections]
        strings = [(path, text) for path, text in _walk_strings(self.doc.data) if path[:1] != ("corrections",)]
        for path, text in strings:
            for mark in EDITOR_MARK.findall(text):
                if not any(mark in c for c in listed):
                    self.problems.add(self.doc.file, self.where(path), f"the editor's mark {mark} is not listed under `corrections:`",
                                      "add a correction (original, corrected, reason) so the sources page says what was changed")
        for fig in self.figures.values():
            for mark in EDITOR_MARK.findall(fig.label):
                if not any(mark in c for c in listed):
                    file, where = fig.origin.split(", ", 1)
                    self.problems.add(file, where, f"the editor's mark {mark} is not listed under `corrections:` in {self.doc.file}",
                                      "add a correction (original, corrected, reason) so the sources page says what was changed")
        everywhere = " ".join(t for _, t in strings) + " ".join(f.label for f in self.figures.values())
        for index, c in enumerate(self.outline.corrections):
            marks = EDITOR_MARK.findall(c.corrected)
            if not marks:
                self.problems.add(self.doc.file, self.where(("corrections", index, "corrected")),
                                  "a correction must mark the editor's words with 〔…〕", "e.g. 〔市〕统筹")
            for mark in marks:
                if mark not in everywhere:
                    self.problems.add(self.doc.file, self.where(("corrections", index, "corrected")),
                                      f"the correction {mark} is listed but the briefing never prints it",
                                      "remove the correction, or use it where the text needs it")
        return tuple(Correction(c.original, c.corrected, c.reason) for c in self.outline.corrections)

    def chart(self, index: int, source_line: str) -> Chart | None:
        spec = self.outline.charts[index]
        path = ("charts", index)
        series = []
        for s_index, s in enumerate(spec.series):
            members = tuple(None if fid is None else self.figure(fid, path + ("series", s_index, "figures")) for fid in s.figures)
            series.append(Series(s.name, members))
        figs = [f for s in series for f in s.figures if f is not None]
        if all(fid is None for s in spec.series for fid in s.figures):
            self.problems.add(self.doc.file, self.where(path), "the chart has no figures, only nulls", "give it at least one figure id")
        units = sorted({f.unit for f in figs})
        if len(units) > 1:
            self.problems.add(self.doc.file, self.where(path + ("series",)),
                              f"the chart `{spec.id}` mixes units on one axis ({'、'.join(units)})",
                              "a chart's figures all have one unit: split it into one chart per unit")
        elif units and spec.unit != units[0]:
            self.problems.add(self.doc.file, self.where(path + ("unit",)),
                              f"the chart's axis unit `{spec.unit}` is not its figures' unit `{units[0]}`",
                              f"write unit: \"{units[0]}\"")
        checks: list[tuple[tuple[str | int, ...], str, list[Figure]]] = [(("title",), spec.title, figs)]
        checks += [(("categories", i), c, [f for s in series if (f := s.figures[i]) is not None])
                   for i, c in enumerate(spec.categories)]
        checks += [(("series", i, "name"), s.name, [f for f in series[i].figures if f is not None])
                   for i, s in enumerate(spec.series)]
        for where, words, named in checks:
            for year in sorted(years(words)):
                for f in named:
                    if year not in years(f.period):
                        self.problems.add(self.doc.file, self.where(path + where),
                                          f"`{words}` names {year}, but figure `{f.id}` is dated `{f.period or '（未注明）'}`",
                                          "a chart's title, category or series names only a year the periods of all its "
                                          "figures name: drop the year or chart other figures")
        note = spec.note or ""
        caption = source_line
        if any(f.derived for f in figs):
            caption += "；标“推算”者由原文数据计算"
        if any(f is None for s in series for f in s.figures):
            caption += "；空缺表示原文未报告"
        return Chart(spec.id, spec.type, spec.stage, spec.title, spec.unit, tuple(spec.categories), tuple(series),
                     note, caption + "。", spec.key)

    def assemble(self, theme: Theme) -> Briefing:
        o = self.outline
        stage_ids = [s.id for s in o.stages]
        for index, stage in enumerate(o.stages):
            if stage.id in stage_ids[:index]:
                self.problems.add(self.doc.file, self.where(("stages", index, "id")), f"the stage id `{stage.id}` is used twice",
                                  "give every stage its own id")
        self.problems.raise_if_any()       # every figure, chart and list of the second stage would follow: one message
        for fig in self.figures.values():
            if fig.stage not in stage_ids and fig.stage != "postscript":
                file, where = fig.origin.split(", ", 1)
                self.problems.add(file, where, f"figure `{fig.id}` names the stage `{fig.stage}`, which the outline does not have",
                                  did_you_mean(fig.stage, stage_ids) or f"the stages are: {', '.join(stage_ids)}")
        doc = o.document
        headline = tuple(f for i, fid in enumerate(doc.headline_figures)
                         if (f := self.figure(fid, ("document", "headline_figures", i))) is not None)
        document = Document(doc.title, doc.subtitle, doc.source, doc.published, doc.author, doc.unit, doc.language,
                            doc.edition, tuple(doc.keywords), headline, build_timestamp(doc.edition), doc.deck)
        source_line = f"资料来源：{document.citation}"
        charts: dict[str, Chart] = {}
        for index, spec in enumerate(o.charts):
            if spec.id in charts:
                self.problems.add(self.doc.file, self.where(("charts", index, "id")), f"the chart id `{spec.id}` is used twice",
                                  "give every chart its own id")
                continue
            if spec.stage not in stage_ids:
                self.problems.add(self.doc.file, self.where(("charts", index, "stage")), f"unknown stage `{spec.stage}`",
                                  did_you_mean(spec.stage, stage_ids) or f"the stages are: {', '.join(stage_ids)}")
            chart = self.chart(index, source_line)
            if chart:
                charts[spec.id] = chart
        listed: set[str] = set()
        stages = []
        for index, s in enumerate(o.stages):
            path = ("stages", index)
            stage_charts = []
            for c_index, cid in enumerate(s.charts):
                where = self.where(path + ("charts", c_index))
                if cid not in charts:
                    if cid not in [c.id for c in o.charts]:
                        self.problems.add(self.doc.file, where, f"unknown chart id `{cid}`",
                                          did_you_mean(cid, [c.id for c in o.charts]) or "declare it under `charts:`")
                    continue
                if charts[cid].stage != s.id:
                    self.problems.add(self.doc.file, where, f"the chart `{cid}` belongs to stage `{charts[cid].stage}`, not `{s.id}`",
                                      "list it under its own stage, or change the chart's `stage`")
                listed.add(cid)
                stage_charts.append(charts[cid])
            stages.append(Stage(
                s.id, s.numeral, s.title, s.period, self.text(s.summary, path + ("summary",)),
                tuple(MeasureGroup(g.group, tuple(self.text(item, path + ("measures", g_i, "items", i_i))
                                                  for i_i, item in enumerate(g.items)), g.key)
                      for g_i, g in enumerate(s.measures)),
                tuple(Result(f, self.text(r.note, path + ("results", r_i, "note")) if r.note else None, r.key)
                      for r_i, r in enumerate(s.results) if (f := self.figure(r.figure, path + ("results", r_i, "figure")))),
                tuple(self.text(c, path + ("challenges", i)) for i, c in enumerate(s.challenges)),
                tuple(Quote(self.text(q.text, path + ("quotes", i, "text")), q.by) for i, q in enumerate(s.quotes)),
                tuple(stage_charts)))
        for index, spec in enumerate(o.charts):
            if spec.id in charts and spec.id not in listed:
                self.problems.add(self.doc.file, self.where(("charts", index)), f"the chart `{spec.id}` is declared but no stage lists it",
                                  f"add `{spec.id}` to the `charts:` list of stage `{spec.stage}`, or delete it")
        timeline = tuple(TimelineEntry(t.when, self.text(t.text, ("timeline", i, "text"))) for i, t in enumerate(o.timeline))
        overview = self.text(o.overview, ("overview",))
        postscript = None
        if o.postscript:
            p = o.postscript
            postscript = Postscript(p.title, p.date, self.text(p.summary, ("postscript", "summary")),
                                    tuple(self.text(x, ("postscript", "points", i)) for i, x in enumerate(p.points)))
        conclusion = self.text(o.conclusion, ("conclusion",)) if o.conclusion else None
        corrections = self.corrections()
        self.problems.raise_if_any()
        return Briefing(document, overview, timeline, tuple(stages), postscript, tuple(charts[c] for c in charts),
                        MappingProxyType(dict(self.figures)), theme, corrections, MappingProxyType(self.places()),
                        conclusion=conclusion)

    def places(self) -> dict[str, str]:
        """Every text the user wrote → where, so a builder's message about a text can name its file and field."""
        found: dict[str, str] = {}
        for path, text in _walk_strings(self.doc.data):
            found.setdefault(text, f"{self.doc.file}, {self.where(path)}")
        for fig in self.figures.values():
            if not fig.derived:
                found.setdefault(fig.label, f"{fig.origin}, column `label`")
        return found


_last_outline: dict[Path, tuple[YamlDoc, OutlineIn]] = {}   # the last outline parsed and validated, by path


def _read_outline(path: Path, problems: list[Problem]) -> tuple[YamlDoc, OutlineIn | None]:
    """The outline parsed and validated (None, with ``problems``, if it is not valid).

    In a ``--watch`` process a save usually changes the figures, not the outline: an outline whose
    text is the one parsed last time is not parsed again (~25 ms of a rebuild's 40–60 ms load).
    Both are read-only from here on (the schema's models are frozen; the document is only read),
    and the text compared is the one parsed, so a file changed meanwhile is never mistaken for it."""
    raw = read_input(path, "--outline")
    kept = _last_outline.get(path)
    with contextlib.suppress(UnicodeDecodeError):
        if kept and kept[0].text == raw.decode("utf-8-sig") and kept[0].file == display_path(path):
            return kept
    doc = load_yaml(path)
    doc.data = _tidy_all(doc.data)
    try:
        outline = OutlineIn.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_yaml_problems(exc, doc, OUTLINE_FIELDS))
        return doc, None
    _last_outline.clear()
    _last_outline[path] = (doc, outline)
    return doc, outline


WRONG_FONT = 20     # a font that cannot draw this many different characters of the text is the wrong font


def _check_glyphs(doc: YamlDoc, rows: list[tuple[FigureRow, Row]], data_name: str, theme: Theme) -> None:
    codepoints = font_codepoints(theme.font_regular)
    texts = [text for _, text in _walk_strings(doc.data)] + [getattr(f, c) for f, _ in rows for c in ("label", "source", "period")]
    lacking = missing("".join(texts), codepoints)
    if len(lacking) >= WRONG_FONT:                # one message about the font, not one per character and field
        file, _, where = theme.origin.partition(", ")
        raise InputError(Problem(file, where, f"the font {theme.font_regular.name} cannot draw {len(lacking)} different characters "
                                              f"of the text ({''.join(lacking[:8])}…): it has no Chinese",
                                 "use a font with Chinese (the bundled Noto Sans SC: fonts/NotoSansSC-Regular.ttf and -Bold.ttf)"))
    problems = Collector()
    hint = (f"the bundled font ({theme.font_family}) cannot draw it and the PDF would show an empty box; "
            "use a common character instead")
    for path, text in _walk_strings(doc.data):
        for ch in missing(text, codepoints):
            problems.add(doc.file, doc.where(path), f"the character {ch} (U+{ord(ch):04X}) is not in the bundled font", hint)
    for fig, row in rows:
        for column in ("label", "source", "period", "period_source"):
            for ch in missing(getattr(fig, column), codepoints):
                problems.add(data_name, row.cells[column], f"the character {ch} (U+{ord(ch):04X}) is not in the bundled font", hint)
    problems.raise_if_any()


def load(inputs: Inputs, last_build: Mapping[str, Mapping[str, str]] | None = None) -> Briefing:
    """Read and validate the three input files into one immutable :class:`Briefing`.

    ``last_build``: the figures the last good build showed (app.changes.last_build), which
    lets a missing id be explained ("the last build had `cadres_2016` = 5977名 …")."""
    problems: list[Problem] = []
    theme = rows = doc = outline = None
    data_name = str(inputs.data)
    for step in ("theme", "data", "outline"):
        try:
            if step == "theme":
                theme = load_theme(inputs.theme)
            elif step == "data":
                data_name, rows = load_figure_rows(inputs.data)
            else:
                doc, outline = _read_outline(inputs.outline, problems)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    assert theme is not None and rows is not None and doc is not None and outline is not None
    _check_glyphs(doc, rows, data_name, theme)
    figures = {fig.id: _figure(fig, f"{data_name}, {row.where}") for fig, row in rows}
    assembler = _Assembler(doc, outline, figures, data_name, last_build or {})
    assembler.derive()
    assembler.periods()
    return assembler.assemble(theme)


