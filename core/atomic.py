"""Write outputs so a failed or killed build never leaves a half-written file.

The bytes go to a temporary file in the destination folder (same filesystem,
so the rename is atomic), are flushed to disk, then renamed over the old file.
The temporary file is private (0600) while it is written; the finished file
gets the old file's permissions, or the usual ones for a new file (0666 less
the umask), so a briefing copied to a shared folder stays readable.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
