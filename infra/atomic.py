"""Write outputs so a failed or killed build never leaves a half-written file.

The bytes go to a temporary file in the destination folder (same filesystem,
so the rename is atomic), are flushed to disk, then renamed over the old file.
The file gets the usual permissions of a new file (0666 less the umask), not
mkstemp's private 0600, so a briefing copied to a shared folder stays
readable — also one an earlier version of this tool left at 0600.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def _usual_mode() -> int:
    umask = os.umask(0o022)          # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _staged(path: Path, data: bytes) -> str:
    """The bytes in a temporary file beside ``path``, on disk; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _usual_mode())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = _staged(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


class WriteFailed(Exception):
    """Writing ``path`` failed with ``error``; none of the files written together was replaced."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(f"{path}: {error}")
        self.path, self.error = path, error


def write_together(files: dict[Path, bytes]) -> None:
    """Replace all the files or none (the PDF and the deck say the same thing; a new one beside an old
    one would not).  Every file is first written in full beside its destination; only then are they
    moved into place, each old file kept aside until all are in, and put back if one move fails or the
    process is interrupted (Ctrl+C) between two moves.  Only a kill (SIGKILL, power loss) between the
    moves can leave a new file beside an old one; app.pipeline writes its manifest after this, so the
    next build sees both outputs as stale and builds them again."""
    staged: dict[Path, str] = {}
    moved: list[tuple[Path, str | None]] = []
    try:
        for path, data in files.items():
            try:
                if path.exists() and not path.is_file():
                    raise IsADirectoryError(errno.EISDIR, "a folder of that name is in the way", str(path))
                staged[path] = _staged(path, data)
            except OSError as exc:
                raise WriteFailed(path, exc) from None
        try:
            for path, tmp in staged.items():
                current = path
                old = f"{path.parent / ('.' + path.name)}.old.tmp" if path.exists() else None
                try:
                    if old:
                        os.replace(path, old)
                    os.replace(tmp, path)
                except BaseException:
                    if old and os.path.exists(old):     # set aside (and maybe replaced): put it back
                        os.replace(old, path)
                    raise
                moved.append((path, old))
        except BaseException as exc:     # a failed move, or Ctrl+C (KeyboardInterrupt) between two of them
            for path, old in reversed(moved):
                if old:
                    os.replace(old, path)
                else:
                    path.unlink()
            if isinstance(exc, OSError):
                raise WriteFailed(current, exc) from None
            raise
        for _, old in moved:
            if old:
                _unlink(old)
    finally:
        for tmp in staged.values():
            _unlink(tmp)


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
