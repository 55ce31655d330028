"""The figures table, from CSV or Excel, as rows that remember where they came from.

Users keep the data in Excel.  Excel on Chinese Windows saves CSV as GB18030,
elsewhere as UTF-8 with a BOM; both must load identically.  Other encodings
are refused with a fix rather than guessed, because a wrong guess silently
turns labels into mojibake.
"""
from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from model.characters import HINT as CHARACTER_HINT
from model.characters import LINE_BREAKS, describe, unwanted
from model.errors import InputError, Problem, display_path
from model.input_files import check_input, read_input
from model.suggest import did_you_mean

REQUIRED_COLUMNS = ("id", "stage", "label", "value", "unit", "period", "source")
OPTIONAL_COLUMNS = ("approx", "period_source", "decimals", "source_doc")
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


@dataclass(frozen=True)
class Row:
    values: dict[str, str]
    where: str                      # "line 12" or "sheet `figures`, row 12"
    cells: dict[str, str]           # column → "line 12, column `value`" / "cell figures!D12 (column `value`, row of `x`)"


SAVE_AS_HINT = ("in Excel: File → Save As → 'CSV UTF-8 (Comma delimited)'; "
                "GB18030 (the Chinese-Windows default) also works")


def decode_csv(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(Problem(name, "", "the file is UTF-16 text ('Unicode Text' in Excel)", SAVE_AS_HINT))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "??" in text and not _HAN.search(text):
            raise InputError(Problem(name, "", "the Chinese text was replaced by question marks (“???”) when the file was saved: "
                                               "Excel's plain “CSV” on a Windows without Chinese does that", SAVE_AS_HINT))
        return text
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(Problem(name, f"line {line}", "the file's encoding is neither UTF-8 nor GB18030 "
                                                       f"(the first character that is not: byte {exc.start}, on this line)",
                                 SAVE_AS_HINT)) from None
    raise AssertionError("unreachable: UTF-8 decoded on the second try")


_HAN = re.compile(r"[\u3400-\u9fff]")
SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _one_line_problems(header: list[str], name: str, where: str) -> Problem | None:
    """One message for a header that is wrong as a whole, instead of one per column: another separator
    (Excel in many European locales writes ``;``), or a header row in another language."""
    joined = ",".join(header)
    for sep, what in SEPARATORS.items():
        if len(header) <= 2 and sep in joined and sum(c in joined.split(sep) for c in REQUIRED_COLUMNS) >= 3:
            return Problem(name, where, f"the columns are separated by {what}, not commas",
                           "in Excel: File → Save As → 'CSV UTF-8 (Comma delimited)'; or set the list separator to a comma")
    if not any(column.strip() in ALL_COLUMNS for column in header):
        found = "Chinese column names" if _HAN.search(joined) else "none of the expected column names"
        return Problem(name, where, f"the header row has {found} ({joined[:60]})",
                       f"the first row must be exactly: {','.join(ALL_COLUMNS)} (in English; the rows below hold the Chinese)")
    return None


def _check_header(header: list[str], name: str, where: str) -> dict[str, int]:
    whole = _one_line_problems(header, name, where)
    if whole:
        raise InputError(whole)
    problems = []
    positions: dict[str, int] = {}
    for index, column in enumerate(header):
        column = column.strip()
        for ch in unwanted(column):
            problems.append(Problem(name, where, f"the column name `{column}` holds {describe(ch)}", CHARACTER_HINT))
            column = column.replace(ch, "").strip()
        if not column and index == len(header) - 1:
            continue
        if column in positions:
            problems.append(Problem(name, where, f"the column `{column}` appears twice", "delete one of them"))
        elif column not in ALL_COLUMNS:
            hint = did_you_mean(column, ALL_COLUMNS) or f"the columns are: {', '.join(ALL_COLUMNS)}"
            problems.append(Problem(name, where, f"unknown column `{column}`", hint))
        positions[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            problems.append(Problem(name, where, f"the required column `{column}` is missing",
                                    f"the header must name: {', '.join(REQUIRED_COLUMNS)}"))
    if problems:
        raise InputError(problems)
    return {c: i for c, i in positions.items() if c in ALL_COLUMNS}


def cell_problems(name: str, values: dict[str, str], refs: dict[str, str]) -> list[Problem]:
    """A cell is one line of visible text.  An Alt+Enter line break is refused rather than joined: in a
    label it is a layout the author wanted and the outputs cannot honour (they wrap text themselves);
    in an id, unit or number it is a mistake.  Control and invisible characters are named (model.characters)."""
    problems = []
    for column, value in values.items():
        if any(ch in value for ch in LINE_BREAKS):
            problems.append(Problem(name, refs[column], "the cell holds a line break (Alt+Enter in Excel)",
                                    "a cell is one line: remove the break (the briefing and the deck wrap text themselves)"))
        for ch in unwanted(value):
            problems.append(Problem(name, refs[column], f"the cell holds {describe(ch)}", CHARACTER_HINT))
    return problems


def _without_sep_line(text: str, name: str) -> tuple[str, int]:
    """Excel's ``sep=,`` first line (a hint for Excel itself) is skipped; another separator gets one message."""
    first, newline, rest = text.partition("\n")
    if not first.strip().lower().startswith("sep="):
        return text, 0
    sep = first.strip()[4:5]
    if sep not in (",", ""):
        raise InputError(Problem(name, "line 1", f"the file says `{first.strip()}`: its columns are separated by "
                                               f"{SEPARATORS.get(sep, repr(sep))}, not commas",
                                 "in Excel: File → Save As → 'CSV UTF-8 (Comma delimited)'"))
    return rest, 1


def read_csv(path: Path) -> tuple[str, list[Row]]:
    name = display_path(path)
    raw = read_input(path, "--data")
    text = decode_csv(raw, name)
    text, skipped = _without_sep_line(text, name)
    if not text.strip():
        raise InputError(Problem(name, "", "the file is empty", f"the first line must be the header: {','.join(ALL_COLUMNS)}"))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    try:
        header = next(reader)
        positions = _check_header(header, name, f"line {1 + skipped} (header)")
        start = reader.line_num + 1 + skipped
        problems = []
        for record in reader:
            where = f"line {start}"
            start = reader.line_num + 1 + skipped
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                problems.append(Problem(name, where, f"this row has {len(record)} cells but the header has {len(header)}",
                                        "a comma inside a text must be in double quotes; check for a missing or extra comma"))
                continue
            values = {c: record[i].strip() for c, i in positions.items()}
            refs = {c: f"{where}, column `{c}`" for c in positions}
            problems.extend(cell_problems(name, values, refs))
            rows.append(Row(values, where, refs))
    except csv.Error as exc:
        raise InputError(Problem(name, f"line {reader.line_num}", f"the CSV is malformed ({exc})",
                                 "check for an unclosed double quote")) from None
    if problems:
        raise InputError(problems)
    return name, rows


_QUOTED = re.compile(r'"[^"]*"|[\\!].|\[[^\]]*\]|_.|\*.')     # literal text, escapes, [Red]/[$-804], padding
_SCALE_WORDS = re.compile(r"[万亿千百]")
_SCALING_COMMA = re.compile(r"[0#?],+(?![0#?])")


def format_problem(number_format: str, unit: str) -> tuple[str, str] | None:
    """What an Excel number format does to the figure, when it is not "the number as stored".

    Returns ``("percent", "")`` for a percentage format (the shown number is the stored one
    ×100), ``(message, hint)`` for a format that shows another number than the cell holds
    (万/亿 display tricks, thousands scaling by trailing commas, an escaped decimal point),
    and None for a format that shows the stored number (General, 0.00, #,##0, text …)."""
    bare = _QUOTED.sub("", number_format)
    literal = "".join(m.group(0).strip('"\\!') for m in _QUOTED.finditer(number_format) if m.group(0)[0] in '"\\!')
    if (_SCALE_WORDS.search(literal) and literal != unit) or "!." in number_format or "\\." in number_format:
        return (f"the cell's number format `{number_format}` shows the number in another scale than the cell holds",
                "set the cell's format to Number or General (Home → Number Format) and type the figure "
                "in the data file's unit, e.g. 38.35 with unit 万人")
    scaling = _SCALING_COMMA.search(bare)
    if scaling:
        divisor = 1000 ** (len(scaling.group(0)) - 1)
        return (f"the cell's number format `{number_format}` divides the shown number by {divisor} (a trailing comma)",
                "set the cell's format to Number or General (Home → Number Format) and type the figure "
                "as the article states it, in the `unit` column's unit")
    if "%" in bare:
        if unit == "%":
            return ("percent", "")
        return (f"the cell is formatted as a percentage (`{number_format}`) but the figure's unit is `{unit}`",
                "Excel shows the cell ×100: set its format to Number or General (Home → Number Format) and type the figure as the "
                "article states it, or set the unit to % if it is a percentage")
    return None


def _cell_text(value: object) -> str:
    """A cell's value as the table's text; numbers in plain positional notation (no 1e-05)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value).strip()


def read_xlsx(path: Path) -> tuple[str, list[Row]]:
    """Each cell is read with its number format, so the value is the one Excel shows:
    a %-formatted cell (29.8% is stored as 0.298) with unit % is taken ×100, exactly;
    formats that show another number than the cell holds are refused naming the cell."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    name = display_path(path)
    check_input(path, "--data")
    try:
        book = load_workbook(path, data_only=False)
    except FileNotFoundError:
        raise InputError(Problem(name, "", "file not found", "check the path, or pass another file with --data")) from None
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(Problem(name, "", f"this is not a readable .xlsx workbook ({type(exc).__name__})",
                                 "open it in Excel and save it again as .xlsx")) from None
    sheet = book["figures"] if "figures" in book.sheetnames else book.worksheets[0]
    label = f"sheet `{sheet.title}`"
    problems = [Problem(name, f"{label}, cells {rng}", "merged cells are not allowed in the figures table",
                        "select the range and choose 'Unmerge cells', then fill every cell")
                for rng in sheet.merged_cells.ranges]
    grid = list(sheet.iter_rows())
    if not grid or all(c.value is None for c in grid[0]):
        raise InputError(Problem(name, label, "the sheet is empty",
                                 f"the first row must be the header: {', '.join(ALL_COLUMNS)}"))
    header = ["" if c.value is None else str(c.value) for c in grid[0]]
    while header and not header[-1]:
        header.pop()
    positions = _check_header(header, name, f"{label}, row 1 (header)")
    rows: list[Row] = []
    for row in grid[1:]:
        cells = list(row)
        if all(c.value is None for c in cells):
            continue
        number = cells[0].row
        where = f"{label}, row {number}"
        id_cell = cells[positions["id"]] if positions["id"] < len(cells) else None
        fid = _cell_text(id_cell.value) if id_cell is not None else ""
        values: dict[str, str] = {}
        refs: dict[str, str] = {}
        found: dict[str, Any] = {}                # openpyxl cells (openpyxl ships no types)
        for column, index in positions.items():
            cell = cells[index] if index < len(cells) else None
            row_name = f", row of `{fid}`" if fid and column != "id" else ""
            refs[column] = f"cell {sheet.title}!{get_column_letter(index + 1)}{number} (column `{column}`{row_name})"
            value = None if cell is None else cell.value
            if cell is not None and cell.data_type == "f":
                problems.append(Problem(name, refs[column], f"the cell holds a formula ({value})",
                                        "copy the column and 'Paste Special → Values'; "
                                        "derived figures belong in the outline's `derived:` list"))
                value = None
            found[column] = cell
            values[column] = _cell_text(value)
        value_cell = found.get("value")
        if value_cell is not None and isinstance(value_cell.value, (int, float)) and not isinstance(value_cell.value, bool):
            verdict = format_problem(value_cell.number_format or "General", values.get("unit", ""))
            if verdict == ("percent", ""):
                values["value"] = format(Decimal(values["value"]).scaleb(2), "f")      # exact: 0.298 → 29.8
            elif verdict is not None:
                problems.append(Problem(name, refs["value"], f"{verdict[0]} (the cell holds {values['value']})", verdict[1]))
        problems.extend(cell_problems(name, values, refs))
        rows.append(Row(values, where, refs))
    if problems:
        raise InputError(problems)
    return name, rows


def read_table(path: Path) -> tuple[str, list[Row]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if path.suffix.lower() == ".xls":
        raise InputError(Problem(display_path(path), "", "old .xls workbooks are not supported",
                                 "save it as .xlsx or as CSV UTF-8"))
    return read_csv(path)


def same_figures(a: Path, b: Path) -> bool:
    """Whether two data files hold the same figures (values compared as numbers, so 12001 in
    Excel and "12001" in a CSV agree); a file that cannot be read counts as different."""
    def table(path: Path) -> list[dict[str, object]]:
        rows = read_table(path)[1]
        out = []
        for row in rows:
            values: dict[str, object] = dict(row.values)
            with contextlib.suppress(ArithmeticError):
                values["value"] = Decimal(str(values.get("value", "")))
            out.append({k: v for k, v in values.items() if v != ""})
        return out

    try:
        return table(a) == table(b)
    except InputError:
        return False
