"""Which characters of the content the bundled font cannot draw.

WeasyPrint only logs a warning and prints an empty box (tofu) for such a
character; we check before rendering and say where the character is.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def _cmap(path: str, mtime_ns: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def font_codepoints(path: Path) -> frozenset[int]:
    return _cmap(str(path), path.stat().st_mtime_ns)


def missing(text: str, codepoints: frozenset[int]) -> list[str]:
    seen: list[str] = []
    for ch in text:
        if ord(ch) not in codepoints and not ch.isspace() and ch not in seen:
            seen.append(ch)
    return seen
