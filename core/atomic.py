"""Write outputs so a failed or killed build never leaves a half-written file.

The bytes go to a temporary file in the destination folder (same filesystem,
so the rename is atomic), are flushed to disk, then renamed over the old file.
The file gets the usual permissions of a new file (0666 less the umask), not
mkstemp's private 0600, so a briefing copied to a shared folder stays
readable — also one an earlier version of this tool left at 0600.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _usual_mode() -> int:
    umask = os.umask(0o022)          # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _usual_mode())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_cached(path: Path, data: bytes, keep: int) -> None:
    """Best effort, for caches: write atomically, then keep only the ``keep`` most recently used files of
    the folder with the same suffix.  A cache that cannot be written (disk full) only makes the next build slower."""
    try:
        write_atomic(path, data)
        kept = sorted(path.parent.glob(f"*{path.suffix}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
