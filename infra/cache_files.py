"""Cache files that prove their own integrity: the content's hash is part of the name.

A chart SVG or a font subset is kept under ``<key>.<hash of its bytes><suffix>``,
where the key says what it was made from.  A file whose bytes no longer match
its name (a disk error, a half-copied cache, someone's editor) is deleted and
made again, never embedded: a damaged SVG would silently become a PDF without
its chart.
"""
from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from infra.atomic import write_atomic


def name_for(key: str, data: bytes, suffix: str) -> str:
    return f"{key}.{hashlib.blake2b(data, digest_size=8).hexdigest()}{suffix}"


def lookup(folder: Path, key: str, suffix: str) -> tuple[Path, bytes] | None:
    """The intact cached file for ``key`` and its bytes, or None (absent or damaged)."""
    for path in Path(folder).glob(f"{key}.*{suffix}"):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if path.name == name_for(key, data, suffix):
            return path, data
        with contextlib.suppress(OSError):
            path.unlink()                    # damaged: never served again
    return None


def store(folder: Path, key: str, suffix: str, data: bytes) -> Path:
    path = Path(folder) / name_for(key, data, suffix)
    write_atomic(path, data)
    return path


def prune(folder: Path, suffix: str, used: set[Path], keep: int) -> None:
    """Best effort: delete the ``suffix`` files of ``folder`` that the current build did not use, but
    the ``keep`` most recently written of them (switching back to a previous theme or figure stays
    cheap).  Without this the folder grows by one file per edit of a chart's data, forever."""
    try:
        unused = [p for p in Path(folder).glob(f"*{suffix}") if p.resolve() not in used]
        unused.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in unused[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
