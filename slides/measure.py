"""Text measurement with the bundled font's real metrics, and Chinese line breaking.

The deck never lets PowerPoint shrink or overflow text: every paragraph is
measured here with the model's text-width engine (model.glyphs.advances: the
theme's font files' own advances, as HarfBuzz sets them), wrapped per character with the
Chinese line-break rules (禁则: no line starts with 。，、；：？！）》」 …, no
line ends with （《「“ …), and the number of lines × the exact line pitch the
builder writes into the file decides whether a text box holds it.  When it
does not, the builder continues on a new slide.

Filling a box from these measurements is slides.filling; reading a finished
text frame back from the XML is slides.frame_reading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from model.glyphs import Advances, advances

EMU_PER_PT = 12700
WIDTH_SAFETY = 0.95      # a deck font that is not the measuring font (theme deck_family names one, e.g.
#                          Microsoft YaHei): keep 5 % slack per line.
EXACT_SAFETY = 0.99      # the font embedded, measured exactly: 1 % only for renderers rounding glyph positions to
#                          their device units (LibreOffice wraps a line filled to the last tenth of a point)
LATIN_SLACK = 1.2        # Latin letters and digits: a viewer without the deck font sets them in its own fallback
#                          (DejaVu Sans in LibreOffice: digits ~18 % wider than Noto Sans SC's); since our line
#                          breaks are explicit and final, measure them as that wide so no viewer re-wraps a line
SPACE_SLACK = 1.5        # the same for the space (DejaVu's is 42 % wider)

# 行首禁则 / 行尾禁则 (GB/T 15834 practice, plus the ASCII forms that occur in mixed text)
NO_START = frozenset("。，、；：？！）》」』”’…—～·．%‰℃°,.;:?!)]}〉】〕〗〙〛｝/")
NO_END = frozenset("（《「『“‘([{〈【〔〖〘〚｛")
OPERATORS = frozenset("×÷＝=+＋−")
# Unbreakable pieces: a short quoted term (“十一五”), a short parenthesis (（占计划）), a number or
# Latin word with the Han character right after it (150个, 2015年 — a number never ends a line without its unit),
# —— and ……, else one character.
_TOKEN = re.compile(r"“[^“”\n]{1,3}”|（[^（）\n]{1,4}）|[0-9A-Za-z][0-9A-Za-z.+\-%]*[\u4e00-\u9fff]?|——|……|.", re.S)


NBSP = "\u00a0"
AUTOSPACE = 0.25         # em: LibreOffice (and PowerPoint's East Asian typography) set a gap where Han meets Latin/digits


def _script(ch: str) -> str:
    """"han", "latin" or "" (punctuation, spaces, no character: no gap either side)."""
    if not ch:
        return ""
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
        return "han"
    if ch.isascii() and (ch.isalnum() or ch in "+-%.=/"):
        return "latin"
    return ""


def _hangs(text: str) -> bool:
    """A space that may hang past the line end (not a no-break space)."""
    return text.isspace() and NBSP not in text


def is_widow(line: str) -> bool:
    """A last line that would look stranded: at most one character besides closing punctuation and spaces,
    or a bare operation such as “× 100”."""
    core = [c for c in line if not c.isspace() and c not in NO_START and c not in OPERATORS]
    start = line.lstrip()[:1]
    return len(core) <= 1 or (start in OPERATORS and len(core) <= 4)


@dataclass(frozen=True)
class Run:
    text: str
    size: float                      # points
    bold: bool = False
    color: str | None = None         # a role of the ink scheme ("text", "em", "muted", …); None = inherit
    keep: bool = False               # one unbreakable piece when it fits a line (a figure: 5000万元, 3个百分点以上)
    link: str | None = field(default=None, compare=False)   # a slide this run jumps to (the builder's anchor name)


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    pitch: float = 1.35              # line pitch as a multiple of the largest run size (written as exact points)
    before: float = 0.0              # points
    after: float = 0.0               # points
    indent: float = 0.0              # left margin in points (hanging bullet sits in it)
    bullet: str | None = None
    bullet_color: str | None = None
    align: str = "l"                 # l | ctr | r
    keep_with_next: bool = False     # a heading: never the last paragraph of a box
    block: int = 0                   # a heading: keep it and this many following paragraphs in one box when they fit one
    repeat: Para | None = field(default=None, compare=False)   # heading to repeat (with （续）) when this starts a box
    note: str = field(default="", compare=False)                   # the talking point this paragraph stands for
    figures: tuple = field(default=(), compare=False)               # figures shown in it (for notes and locations)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)

    @property
    def line_pt(self) -> float:
        """The exact line pitch written to the file (hundredths of a point, like the XML)."""
        return round(self.size * self.pitch * 100) / 100


class Metrics:
    """Character widths from the bundled regular and bold faces (model.glyphs), with the deck's slack."""

    def __init__(self, regular: Path, bold: Path, *, exact: bool = False):
        self.faces: tuple[Advances, Advances] = (advances(regular), advances(bold))
        self.safety = EXACT_SAFETY if exact else WIDTH_SAFETY

    # Equal when they measure alike (same font bytes, same margin): the wrap cache (:func:`_wrapped`) is
    # keyed by that, so every Metrics of a theme — one per build, several per watch session — shares it.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Metrics) and (self.faces, self.safety) == (other.faces, other.safety)

    def __hash__(self) -> int:
        return hash((self.faces, self.safety))

    @classmethod
    def for_theme(cls, theme) -> Metrics:
        """The deck's metrics: exact when the deck embeds the measuring font, with the margin otherwise."""
        return cls(theme.font_regular, theme.font_bold, exact=theme.deck_embedded)

    def _width(self, bold: bool, ch: str) -> float:
        """One character's width in em as the deck measures it: the font's advance, Latin and spaces with
        the fallback slack, line breaks nothing."""
        if ch in "\n\r":
            return 0.0
        width = self.faces[bold].em(ch)
        if ch == " ":
            return width * SPACE_SLACK
        return width * LATIN_SLACK if ord(ch) < 0x250 else width

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return sum(self._width(bold, ch) for ch in text) * size

    # ---------------------------------------------------------------- wrapping

    def _tokens(self, runs: tuple[Run, ...], usable: float = float("inf")) -> list[tuple[str, float]]:
        """Unbreakable pieces (a figure run, a number with its unit, a Latin word, one Han character, ——) with widths."""
        tokens: list[tuple[str, float]] = []
        stretch: list[tuple[str, float]] = []

        def flush() -> None:
            text, pos = "".join(c for c, _ in stretch), 0
            for m in _TOKEN.finditer(text):
                n = len(m.group())
                tokens.append((m.group(), sum(w for _, w in stretch[pos:pos + n])))
                pos += n
            stretch.clear()

        prev = ""
        for run in runs:
            chars = []
            for ch in run.text:
                w = self._width(run.bold, ch) * run.size
                if _script(ch) and _script(prev) and _script(ch) != _script(prev):
                    w += AUTOSPACE * run.size                 # a viewer's gap between Han and Latin text
                chars.append((ch, w))
                prev = ch
            width = sum(w for _, w in chars)
            if run.keep and run.text and "\n" not in run.text and width <= usable:
                flush()
                tokens.append((run.text, width))
            else:
                stretch.extend(chars)
        flush()
        return tokens

    def breaks(self, runs: tuple[Run, ...], width: float) -> list[int]:
        """Character offsets where lines 2, 3, … start when wrapped to ``width`` points."""
        lines = self.lines(runs, width)
        out, pos = [], 0
        for line in lines[:-1]:
            pos += len(line)
            out.append(pos)
        return out

    def lines(self, runs: tuple[Run, ...], width: float) -> list[str]:
        """Wrap to ``width`` points; returns the text of each line (a copy: callers may change it)."""
        return list(_wrapped(self, runs, width))

    def _wrap(self, runs: tuple[Run, ...], width: float) -> tuple[str, ...]:
        """Wrap to ``width`` points; returns the text of each line.

        Breaks obey 禁则, never fall inside an unbreakable piece that fits a line, let spaces hang at a
        line end (a line never starts with one), honour explicit breaks (\\n), and never leave a stranded
        last line (:func:`is_widow`): one more piece is pulled down from the line before."""
        usable = width * self.safety
        tokens = self._tokens(runs, usable)
        if not tokens:
            return ("",)
        def bad(b: int) -> bool:
            """No break before token b: 禁则, a line starting with a space, or next to a no-break space."""
            return (tokens[b][0][0] in NO_START or tokens[b - 1][0][-1] in NO_END or _hangs(tokens[b][0])
                    or tokens[b][0][0] == NBSP or tokens[b - 1][0][-1] == NBSP)

        starts, hard = [0], set()
        start = 0
        while start < len(tokens):
            end, used, forced = start, 0.0, False
            while end < len(tokens):
                text, w = tokens[end]
                if text in ("\n", "\r"):
                    end += 1
                    forced = True
                    break
                if end == start or _hangs(text) or used + w <= usable:
                    used += w
                    end += 1
                else:
                    break
            if not forced and end < len(tokens) and bad(end):
                # 禁则: pull pieces down until the break is legal
                brk = end
                while brk > start + 1 and bad(brk):
                    brk -= 1
                if not bad(brk):
                    end = brk
                else:                                  # no legal break in reach: let the punctuation hang
                    while end < len(tokens) and bad(end):
                        end += 1
            if not forced and end == start + 1 and tokens[start][1] > usable and len(tokens[start][0]) > 1:
                # a single piece wider than the line (a very long number or word): break it per character
                word = tokens[start][0]
                per = tokens[start][1] / len(word)
                fit = max(1, int(usable // per))
                tokens[start:start + 1] = [(word[:fit], per * fit), (word[fit:], per * (len(word) - fit))]
                end = start + 1
            start = end
            if start < len(tokens):
                starts.append(start)
                if forced:
                    hard.add(start)

        def text_of(a: int, b: int) -> str:
            return "".join(t for t, _ in tokens[a:b])

        if len(starts) > 1 and starts[-1] not in hard and is_widow(text_of(starts[-1], len(tokens))):
            prev, last = starts[-2], starts[-1]
            for b in range(last - 1, prev, -1):
                if sum(w for _, w in tokens[b:]) > usable:
                    break
                if bad(b):
                    continue
                if not is_widow(text_of(b, len(tokens))):
                    starts[-1] = b
                    break
        starts.append(len(tokens))
        return tuple(text_of(a, b) for a, b in pairwise(starts))

    def para_height(self, para: Para, width: float, *, first: bool = False) -> float:
        n = len(self.lines(para.runs, width - para.indent))
        return (0.0 if first else para.before) + n * para.line_pt + para.after

    def height(self, paras: list[Para] | tuple[Para, ...], width: float) -> float:
        return sum(self.para_height(p, width, first=i == 0) for i, p in enumerate(paras))

    def split(self, para: Para, width: float, room: float, *, first: bool) -> tuple[Para | None, Para | None]:
        """The longest head of ``para`` that fits in ``room`` points, and the rest (kept as paragraphs, no breaks)."""
        lines = self.lines(para.runs, width - para.indent)
        fixed = (0.0 if first else para.before) + para.after
        n = int((room - fixed + 1e-6) // para.line_pt)
        if n >= len(lines):
            return para, None
        if n <= 0:
            return None, para
        cut = sum(len(line) for line in lines[:n])
        head_runs, tail_runs, pos = [], [], 0
        for run in para.runs:
            lo, hi = pos, pos + len(run.text)
            if hi <= cut:
                head_runs.append(run)
            elif lo >= cut:
                tail_runs.append(run)
            else:
                head_runs.append(replace(run, text=run.text[:cut - lo]))
                tail_runs.append(replace(run, text=run.text[cut - lo:]))
            pos = hi
        return replace(para, runs=tuple(head_runs), after=0.0), replace(para, runs=tuple(tail_runs), before=0.0, note="")


@lru_cache(maxsize=1024)        # pagination asks about the same paragraph several times per box
def _wrapped(metrics: Metrics, runs: tuple[Run, ...], width: float) -> tuple[str, ...]:
    """:meth:`Metrics._wrap`, cached by the font files' bytes and margin (what Metrics compares by), not per instance."""
    return metrics._wrap(runs, width)
