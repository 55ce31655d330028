"""What the bundled font can draw, and how wide it draws it.

Which characters it lacks: WeasyPrint only logs a warning and prints an empty
box (tofu) for such a character; we check before rendering and say where the
character is.  How wide a string is, in em: the PDF sizes a big figure so it
fits its card whatever its length.
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


@lru_cache(maxsize=8)
def _families(path: str, mtime_ns: int) -> tuple[str, ...]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            found = tuple(dict.fromkeys(n for i in (16, 1) if (n := names.getDebugName(i))))
            if not font.getBestCmap():
                raise ValueError("it maps no characters")
    except ValueError:
        raise
    except Exception as exc:  # fontTools raises many types for a file that is not a font
        raise ValueError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from None
    return found


def font_families(path: Path) -> tuple[str, ...]:
    """The family names a font file gives itself (typographic family first); ValueError if it is not a usable font."""
    return _families(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _advances(path: str, mtime_ns: int) -> dict[int, float]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        em, metrics = font["head"].unitsPerEm, font["hmtx"]
        return {cp: metrics[glyph][0] / em for cp, glyph in font.getBestCmap().items()}


def text_em(text: str, path: Path) -> float:
    """Advance width of ``text`` in em (no kerning: a safe upper bound for digits and CJK)."""
    advances = _advances(str(path), path.stat().st_mtime_ns)
    return sum(advances.get(ord(ch), 1.0) for ch in text)


def missing(text: str, codepoints: frozenset[int]) -> list[str]:
    seen: list[str] = []
    for ch in text:
        if ord(ch) not in codepoints and not ch.isspace() and ch not in seen:
            seen.append(ch)
    return seen
