"""What the bundled font can draw, and how wide it draws it.

Which characters it lacks: WeasyPrint only logs a warning and prints an empty
box (tofu) for such a character; we check before rendering and say where the
character is.  How wide a string is, in em — the one text-width engine of both
builders: the PDF sizes a big figure so it fits its card whatever its length, the
deck breaks its lines (slides.measure) with the same widths.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def _cmap(path: str, mtime_ns: int) -> frozenset[int]:
    """The characters the font maps, as HarfBuzz reads its cmap (the shaper WeasyPrint's Pango uses; 5 ms
    a face where fontTools' getBestCmap, which also decodes the glyph names, took 25–50 ms)."""
    import uharfbuzz as hb

    return frozenset(hb.Face(hb.Blob.from_file_path(path)).unicodes)


def font_codepoints(path: Path) -> frozenset[int]:
    return _cmap(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _families(path: str, mtime_ns: int) -> tuple[str, ...]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            found = tuple(dict.fromkeys(n for i in (16, 1) if (n := names.getDebugName(i))))
        if not _cmap(path, mtime_ns):
            raise ValueError("it maps no characters")
    except ValueError:
        raise
    except Exception as exc:  # fontTools raises many types for a file that is not a font
        raise ValueError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from None
    return found


def font_families(path: Path) -> tuple[str, ...]:
    """The family names a font file gives itself (typographic family first); ValueError if it is not a usable font."""
    return _families(str(path), path.stat().st_mtime_ns)


class Advances:
    """One font file's advance widths in em, as HarfBuzz reads them from the font (``hmtx``): the widths
    WeasyPrint (Pango) and LibreOffice shape text with.  Summed per character, without kerning or
    ligatures — on the shipped content that equals the shaped width of every figure's text and every
    deck run but the two quote attributions, whose “——” HarfBuzz sets 0.11 em narrower: an upper
    bound, never too narrow.  A character the font lacks counts as its .notdef box (the loader
    refuses those before a builder measures)."""

    def __init__(self, data: bytes, digest: str):
        import uharfbuzz as hb

        face = hb.Face(hb.Blob(data))
        self.digest = digest             # the font file's bytes, hashed: what the caches key on
        self._font, self._upem = hb.Font(face), face.upem
        self._em: dict[str, float] = {}

    def em(self, ch: str) -> float:
        width = self._em.get(ch)
        if width is None:
            glyph = self._font.get_nominal_glyph(ord(ch)) or 0
            width = self._em[ch] = self._font.get_glyph_h_advance(glyph) / self._upem
        return width

    def text(self, text: str) -> float:
        return sum(self.em(ch) for ch in text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Advances) and self.digest == other.digest

    def __hash__(self) -> int:
        return hash(self.digest)


_ADVANCES: dict[str, Advances] = {}                        # bytes digest → widths (newest last)
_DIGESTS: dict[tuple[str, int, int], str] = {}             # (path, mtime, size) → bytes digest: read each file once
_KEEP = 8


def advances(path: Path) -> Advances:
    """The widths of this font file, cached by its bytes (a file changed in place during --watch is measured
    again; two copies of one font share one table)."""
    import hashlib

    stat = path.stat()
    where = (str(path), stat.st_mtime_ns, stat.st_size)
    digest = _DIGESTS.get(where)
    if digest is None or digest not in _ADVANCES:
        data = path.read_bytes()
        digest = _DIGESTS[where] = hashlib.blake2b(data, digest_size=16).hexdigest()
        if digest not in _ADVANCES:
            _ADVANCES[digest] = Advances(data, digest)
        for stale in list(_ADVANCES)[:-_KEEP]:
            del _ADVANCES[stale]
        for place in list(_DIGESTS)[:-_KEEP]:
            del _DIGESTS[place]
    return _ADVANCES[digest]


def text_em(text: str, path: Path) -> float:
    """Advance width of ``text`` in em (:class:`Advances`: no kerning, a safe upper bound)."""
    return advances(path).text(text)


def missing(text: str, codepoints: frozenset[int]) -> list[str]:
    seen: list[str] = []
    for ch in text:
        if ord(ch) not in codepoints and not ch.isspace() and ch not in seen:
            seen.append(ch)
    return seen


# OS/2 fsType bits (OpenType spec): what the font's licence lets a document do with it
FS_RESTRICTED, FS_PREVIEW_PRINT, FS_EDITABLE, FS_NO_SUBSET, FS_BITMAP_ONLY = 0x0002, 0x0004, 0x0008, 0x0100, 0x0200


def family_name(path: Path) -> str:
    """The font's own family name (typographic family, else the legacy one): what the deck's runs must name
    for a viewer to match them with the embedded font."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        names = font["name"]
        record = names.getName(16, 3, 1, 0x409) or names.getName(1, 3, 1, 0x409) or names.getName(1, 3, 1)
        return str(record) if record is not None else ""


def fs_type(path: Path) -> int:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return font["OS/2"].fsType


def embedding_refusal(path: Path) -> str:
    """Why the deck may not carry this font ("" when it may): restricted licence, bitmap-only or
    no-subsetting embedding (the deck embeds a subset).  Preview & print is allowed (the viewer opens
    the deck read-only); :func:`embedding_note` says so."""
    bits = fs_type(path)
    if bits & FS_RESTRICTED and not bits & (FS_PREVIEW_PRINT | FS_EDITABLE):
        return f"the font {path.name} forbids embedding (OS/2 fsType {bits:#06x}: restricted licence)"
    if bits & FS_BITMAP_ONLY:
        return f"the font {path.name} allows only bitmap embedding (OS/2 fsType {bits:#06x})"
    if bits & FS_NO_SUBSET:
        return f"the font {path.name} may not be subset (OS/2 fsType {bits:#06x}), and the deck embeds a subset"
    return ""


def embedding_note(path: Path) -> str:
    """A warning for fonts whose licence allows only preview & print embedding ("" otherwise)."""
    bits = fs_type(path)
    if bits & FS_PREVIEW_PRINT and not bits & FS_EDITABLE:
        return (f"warning: {path.name} allows only preview & print embedding (OS/2 fsType {bits:#06x}): "
                "PowerPoint will open the deck read-only")
    return ""
