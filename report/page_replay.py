"""``--watch``: a kept page is not painted again; what its painting wrote is replayed.

WeasyPrint 70.0 (with pydyf 0.13) paints every page of a document into a PDF content stream
each time the document is written, kept pages too (report/parts.py hands the writer the same
``Page`` objects as the last build); painting was about 0.35–0.6 s of a 33-page watch rebuild
for seven new pages.  Painting a page (``Page.paint`` into a ``weasyprint.pdf.stream.Stream``)
has these effects, and no others, which this module records once and replays:

- the operators appended to the page's content stream;
- glyphs registered in the document's fonts (``Font.widths`` and ``Font.to_unicode``, first
  touch wins) and the fonts themselves (``Stream.add_font``, in order of first use);
- resources added to the shared page resources: alpha states (``a0.5``, ``A1``, by value) and
  groups, patterns and shadings, named by a counter (``x12``, ``p0``, ``s3``);
- the page's marked-content ids, by box (``stream._tags``, which the tag builder consumes).

A record is replayed only where replaying gives exactly what painting would: the same page
object, scale, stream prefix and colour space; for a counter-named resource the same resource
names before the page; for every other shared name at least those present when it was recorded
(each one the page touched then is present now, so painting would add it no more than the
replay does); and each glyph the page looked up that another page had registered is registered
now (the page's own value of such a glyph is unknown, so without it the page is painted).
Anything else — a missing glyph drawn, an image, an overwritten width, a warning logged, an
object the copy does not know — and the page is painted and nothing is kept.  The bytes are
those of a whole build (tests/report/test_pdf_write_reuse.py, test_pdf_parts.py).

:func:`memo_compression` also keeps each stream's compressed bytes by its uncompressed bytes:
pydyf compresses every stream twice (once more to hash the file for its /ID) and a watch
rebuild writes mostly the streams of the last one; zlib gives the same bytes for the same input.
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pydyf

_UNKNOWN = object()              # a glyph the page looked up that was already registered
_PENDING = object()              # looked up, absent: the page's own value follows
_SHARED = ("ExtGState", "XObject", "Pattern", "Shading")


class _Unsupported(Exception):
    """The page's painting did something this module does not replay."""


class _Journal(dict):
    """A font's ``widths`` or ``to_unicode``, noting what the page being recorded looks up and sets."""

    def __contains__(self, key: object) -> bool:
        present = dict.__contains__(self, key)
        if _recording is not None:
            _recording.looked_up(self, key, present)
        return present

    def __setitem__(self, key: object, value: object) -> None:
        if _recording is not None:
            _recording.set(self, key, value, dict.__contains__(self, key))
        dict.__setitem__(self, key, value)


class _Recording:
    def __init__(self) -> None:
        self.fonts: list[object] = []                  # pango fonts, in order of first use
        self.glyphs: dict[int, tuple[_Journal, dict]] = {}
        self.broken = False

    def looked_up(self, journal: _Journal, key: object, present: bool) -> None:
        seen = self.glyphs.setdefault(id(journal), (journal, {}))[1]
        if key not in seen:
            seen[key] = _UNKNOWN if present else _PENDING

    def set(self, journal: _Journal, key: object, value: object, present: bool) -> None:
        seen = self.glyphs.setdefault(id(journal), (journal, {}))[1]
        if present or seen.get(key, _PENDING) is not _PENDING:
            self.broken = True                         # an overwrite: not first-touch-wins
        seen[key] = value


_recording: _Recording | None = None


@dataclass
class _Record:
    scale: float
    prefix: bytes                    # the content stream before the page was painted
    color_space: object
    tagged: bool
    before: dict[str, tuple[str, ...]]   # shared resource names before the page
    counted: frozenset[str]          # the shared dicts the page added counter-named entries to
    added: dict[str, dict[str, object]]  # pristine copies of what it added
    fonts: list[object]
    glyphs: list[tuple[int, int, dict]]  # (font index in ``fonts`` order of keys, 0 widths / 1 to_unicode, journal)
    font_keys: list[int]
    content: bytes
    tags: dict


class _Warned(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.any = False

    def emit(self, record: logging.LogRecord) -> None:
        self.any = True


def _copy(obj: object, memo: dict[int, object]) -> object:
    """A fresh copy of a resource the writer will number and edit, sharing what the original shared."""
    if isinstance(obj, (bytes, str, int, float, type(None))):
        return obj
    if id(obj) in memo:
        return memo[id(obj)]
    new: object
    if isinstance(obj, pydyf.Stream):
        new = pydyf.Stream([], None, obj.compress)
        memo[id(obj)] = new
        new.stream = [_copy(item, memo) for item in obj.stream]
        new.extra = _copy(obj.extra, memo)
    elif isinstance(obj, pydyf.Dictionary):
        new = memo[id(obj)] = pydyf.Dictionary()
        new.update({key: _copy(value, memo) for key, value in obj.items()})
    elif isinstance(obj, pydyf.Array):
        new = memo[id(obj)] = pydyf.Array()
        new.extend(_copy(value, memo) for value in obj)
    elif type(obj) is dict:
        new = memo[id(obj)] = {key: _copy(value, memo) for key, value in obj.items()}
    elif type(obj) in (tuple, list):
        new = memo[id(obj)] = type(obj)(_copy(value, memo) for value in obj)
    else:
        raise _Unsupported(type(obj).__name__)
    return new


def _counted(name: str) -> bool:
    """A resource named by a counter (``s3``, ``x12``, ``p0``) rather than by its value (``a0.5``)."""
    return name[:1] in "sxp" and name[1:].isdigit()


def _record(page, stream, scale: float, paint) -> None:  # weasyprint Page, Stream
    global _recording
    resources = stream._resources
    before = {name: tuple(resources[name]) for name in _SHARED}
    prefix = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    start, images = len(stream.stream), len(stream._images)
    recording, warned = _Recording(), _Warned()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(warned)
    _recording = recording
    try:
        paint(page, stream, scale)
    finally:
        _recording = None
        logger.removeHandler(warned)
    page._painted = None
    if recording.broken or warned.any or len(stream._images) != images \
            or any(font.missing for font in stream._fonts.values()):
        return
    added = {name: {key: value for key, value in resources[name].items() if key not in before[name]} for name in _SHARED}
    try:
        memo: dict[int, object] = {}
        pristine = {name: {key: _copy(value, memo) for key, value in entries.items()} for name, entries in added.items()}
        content = b"\n".join(pydyf._to_bytes(item) for item in stream.stream[start:])
    except _Unsupported:
        return
    fonts = list(dict.fromkeys(recording.fonts))
    font_keys = list(dict.fromkeys(_font_key(font) for font in fonts))
    by_journal = {id(getattr(font, attr)): (font_keys.index(key), which)
                  for key, font in stream._fonts.items() if key in font_keys
                  for which, attr in enumerate(("widths", "to_unicode"))}
    glyphs = []
    for journal, seen in recording.glyphs.values():
        if id(journal) not in by_journal or any(value is _PENDING for value in seen.values()):
            return
        glyphs.append((*by_journal[id(journal)], dict(seen)))
    page._painted = _Record(scale, prefix, resources["ColorSpace"], stream._tags is not None, before,
                            frozenset(name for name, entries in added.items() if any(map(_counted, entries))),
                            pristine, fonts, glyphs, font_keys,
                            content, {box: dict(tag) for box, tag in (stream._tags or {}).items()})


def _font_key(pango_font) -> int:
    from weasyprint.text.fonts import get_pango_font_key

    return get_pango_font_key(pango_font)[0]


def _replay(record: _Record, stream, scale: float) -> bool:
    """Replay ``record`` into ``stream``, or False (nothing done) when painting could give other bytes."""
    resources = stream._resources
    if record.scale != scale or record.color_space != resources["ColorSpace"] \
            or record.tagged != (stream._tags is not None) or stream._tags \
            or record.prefix != b"\n".join(pydyf._to_bytes(item) for item in stream.stream):
        return False
    for name in _SHARED:
        now = tuple(resources[name])
        if now != record.before[name] if name in record.counted else not set(record.before[name]) <= set(now):
            return False
    fonts = stream._fonts
    for index, which, seen in record.glyphs:
        font = fonts.get(record.font_keys[index])
        present = set() if font is None else (font.widths, font.to_unicode)[which]
        if any(value is _UNKNOWN and key not in present for key, value in seen.items()):
            return False
    for pango_font in record.fonts:
        stream.add_font(pango_font)
    for index, which, seen in record.glyphs:
        font = fonts[record.font_keys[index]]
        target = (font.widths, font.to_unicode)[which]
        for key, value in seen.items():
            if value is not _UNKNOWN and not dict.__contains__(target, key):
                dict.__setitem__(target, key, value)
    memo: dict[int, object] = {}
    for name, entries in record.added.items():
        for key, value in entries.items():
            if key not in resources[name]:
                resources[name][key] = _copy(value, memo)
    stream.stream.append(record.content)
    if stream._tags is not None:
        stream._tags.update({box: dict(tag) for box, tag in record.tags.items()})
    return True


@contextmanager
def replayed_pages() -> Iterator[None]:
    """While a document is written, a page painted before with a record is replayed, any other one
    painted and recorded (on the ``Page``: the record lives as long as the kept page)."""
    from weasyprint.document import Page
    from weasyprint.pdf.stream import Stream

    paint, add_font, add_image = Page.paint, Stream.add_font, Stream.add_image

    def recorded_add_font(self, pango_font):
        font, size = add_font(self, pango_font)
        if type(font.widths) is dict:
            font.widths, font.to_unicode = _Journal(font.widths), _Journal(font.to_unicode)
        if _recording is not None:
            _recording.fonts.append(pango_font)
        return font, size

    def recorded_add_image(self, *args, **kwargs):
        if _recording is not None:
            _recording.broken = True               # the writer numbers images: not replayed
        return add_image(self, *args, **kwargs)

    def replayed_paint(self, stream, scale=1):
        record = getattr(self, "_painted", None)
        if record is None or not _replay(record, stream, scale):
            _record(self, stream, scale, paint)

    Page.paint, Stream.add_font, Stream.add_image = replayed_paint, recorded_add_font, recorded_add_image
    try:
        yield
    finally:
        Page.paint, Stream.add_font, Stream.add_image = paint, add_font, add_image


_compressed: dict[bytes, bytes] = {}


@contextmanager
def memo_compression(keep: bool) -> Iterator[None]:
    """While a document is written, each distinct stream is compressed once; ``keep``: the
    compressed streams of this write are kept for the next one (and only they)."""
    global _compressed
    data = pydyf.Stream.data
    used: dict[bytes, bytes] = {}
    last = _compressed if keep else {}

    def compressed(self) -> bytes:
        if not self.compress:
            return data.fget(self)
        stream = b"\n".join(pydyf._to_bytes(item) for item in self.stream)
        packed = used.get(stream)
        if packed is None:
            packed = last.get(stream)
            if packed is None:
                compressor = zlib.compressobj(level=9)
                packed = compressor.compress(stream) + compressor.flush()
            used[stream] = packed
        extra = pydyf.Dictionary(self.extra.copy())
        extra["Filter"] = "/FlateDecode"
        extra["Length"] = len(packed)
        return b"\n".join((extra.data, b"stream", packed, b"endstream"))

    pydyf.Stream.data = property(compressed)
    try:
        yield
    finally:
        pydyf.Stream.data = data
        _compressed = used if keep else {}
