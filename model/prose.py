"""Prose that refers to figures by id, and the lint that keeps numbers out of it.

Writers type ``{rural_income_2015}``; the reader sees ``12001元``.  A number
typed by hand would silently go stale after the next data update, so the lint
refuses any bare Arabic number in prose except years and dates, and names the
figure id to use when the number is one the data file holds.  Text inside
“…” and 《…》 is exempt: it holds names and titles (“9+3”, 《…(2014—2015年)》).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from model.briefing import Figure, Prose, Segment

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_CJK = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201d"
_GAP = re.compile(rf"(?<=[{_CJK}}}])\s+(?=[{_CJK}{{])")      # a placeholder counts as Chinese: it ends in a unit
_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|‘[^’]*’")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def tidy(text: str) -> str:
    """Drop the space YAML puts where a folded line break fell between two
    Chinese characters (it would print as a visible gap), keep it elsewhere.
    A line break YAML keeps (a ``|`` block, a ``\\n``) is folded the same way:
    the PDF would join the lines and the deck would break there, so neither
    may decide; both wrap the text themselves."""
    return _BREAK.sub(" ", _GAP.sub("", text.strip()))


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def stray_braces(text: str) -> bool:
    return "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text)


def _range_start(text: str, end: int, figure: Figure, figures: Mapping[str, Figure]) -> bool:
    """“{a}至{b}” with one unit is written as Chinese writes a range, 1至2门: the unit once, at the end
    (not for %, which Chinese keeps on both ends: 6%至8%; not when a qualifier would be lost)."""
    following = PLACEHOLDER.match(text, end + 1) if text[end:end + 1] == "至" else None
    other = figures.get(following.group(1).strip()) if following else None
    return bool(other and other.unit == figure.unit and figure.unit != "%" and not figure.approx)


def resolve(text: str, figures: Mapping[str, Figure]) -> Prose:
    """Split text into plain and figure segments; ids must already be checked."""
    segments: list[Segment] = []
    pos = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > pos:
            segments.append(Segment(text[pos:match.start()]))
        figure = figures[match.group(1).strip()]
        shown = figure.number if _range_start(text, match.end(), figure, figures) else figure.text
        segments.append(Segment(shown, figure))
        pos = match.end()
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return Prose(tuple(segments))


def _is_year_or_date(text: str, start: int, end: int, number: str) -> bool:
    after = text[end:end + 1]
    before = text[start - 1:start] if start else ""
    if after in ("月", "日", "时") or before in ("月",):
        return True
    if "." not in number and len(number) == 4 and 1900 <= int(number) <= 2100:
        return after in ("年", "-", "–", "—", "至", "、", "") or before in ("-", "–", "—", "至")
    return False


_ASCII_QUOTED = re.compile(r'"[^"\n]*"' + r"|'[^'\n]*'")


def ascii_quoted_numbers(text: str) -> tuple[list[str], str]:
    """Spans in ASCII quotes ("9+3") that hold a number, and the text with them blanked: such a span is
    almost always a name typed with the wrong quotes, so it gets one message suggesting “…”, not one per number."""
    blank = lambda m: " " * len(m.group())   # noqa: E731
    scrubbed = _QUOTED.sub(blank, PLACEHOLDER.sub(blank, text))        # “…” and 《…》 are names already
    found = [m for m in _ASCII_QUOTED.finditer(scrubbed) if _NUMBER.search(m.group())]
    blanked = text
    for m in found:
        blanked = blanked[:m.start()] + " " * (m.end() - m.start()) + blanked[m.end():]
    return [m.group() for m in found], blanked


def typed_numbers(text: str) -> list[str]:
    """Bare numbers in prose that are neither years nor dates."""
    scrubbed = _QUOTED.sub(lambda m: " " * len(m.group()), PLACEHOLDER.sub(lambda m: " " * len(m.group()), text))
    return [m.group() for m in _NUMBER.finditer(scrubbed)
            if not _is_year_or_date(scrubbed, m.start(), m.end(), m.group())]


def doubled_qualifiers(text: str, figures: Mapping[str, Figure]) -> list[tuple[str, str]]:
    """(figure id, word) where the prose repeats the figure's own 近/约/以上…:
    “近{x}” with approx 近 would print 近近11.2万户."""
    doubled = []
    for match in PLACEHOLDER.finditer(text):
        figure = figures.get(match.group(1).strip())
        word = figure.approx if figure else ""
        if figure and word and (text[:match.start()].endswith(word) or text[match.end():].startswith(word)):
            doubled.append((figure.id, word))
    return doubled


def matching_figures(number: str, figures: Mapping[str, Figure]) -> list[str]:
    value = Decimal(number)
    return [f.id for f in figures.values() if f.value == value]
