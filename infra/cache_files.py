"""Cache files that prove their own integrity: the content's hash is part of the name.

A chart SVG or a font subset is kept under ``<key>.<hash of its bytes><suffix>``,
where the key says what it was made from.  A file whose bytes no longer match
its name (a disk error, a half-copied cache, someone's editor) is deleted and
made again, never embedded: a damaged SVG would silently become a PDF without
its chart.
"""
from __future__ import annotations

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
        try:
            path.unlink()                    # damaged: never served again
        except OSError:
            pass
    return None


def store(folder: Path, key: str, suffix: str, data: bytes) -> Path:
    path = Path(folder) / name_for(key, data, suffix)
    write_atomic(path, data)
    return path
