"""Content hashes that decide what needs rebuilding.

Kept free of heavy imports: the "up to date" answer must come in well under
50 ms, before pydantic, WeasyPrint or matplotlib are loaded.  Input files are
hashed by content (saving without changes is not a change); the code and the
bundled assets by size and modification time, which is cheap and only ever
errs towards rebuilding.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_CODE = ("app", "infra", "model")        # every output depends on these; each also on its builder's package
CODE_SUFFIXES = {".py", ".j2", ".css", ".pptx", ".yaml", ".txt"}


def _stat_line(path: Path) -> str:
    st = path.stat()
    return f"{path}:{st.st_size}:{st.st_mtime_ns}\n"


def code_digest(*folders: str) -> str:
    """Size and mtime of every code file in ``folders`` (relative to the project root)."""
    h = hashlib.sha256()
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(ROOT / folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if os.path.splitext(name)[1] in CODE_SUFFIXES:
                    h.update(_stat_line(Path(dirpath) / name).encode())
    h.update(_stat_line(ROOT / "requirements.txt").encode())
    return h.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


# What a build can read beside the three inputs: fonts and images.  Anything else in assets/ —
# the other data file, Excel's lock file ~$figures.xlsx, .DS_Store, Thumbs.db, a notes.txt —
# is not an input and must not make a build stale.
ASSET_SUFFIXES = {".ttf", ".otf", ".ttc", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".svg"}


def is_asset(name: str) -> bool:
    return not name.startswith(("~$", ".")) and os.path.splitext(name)[1].lower() in ASSET_SUFFIXES


def folder_digest(folder: Path, skip: tuple[Path, ...] = ()) -> str:
    """Every font or image beside the inputs (see ASSET_SUFFIXES) by size and mtime.

    ``skip``: the input files themselves (hashed by content, so re-saving one
    unchanged must not count) and the output folder (rewritten by every build).
    """
    skipped = {str(Path(p).resolve()) for p in skip}
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(Path(folder).resolve()):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and os.path.join(dirpath, d) not in skipped)
        for name in sorted(filenames):
            if is_asset(name) and os.path.join(dirpath, name) not in skipped:
                h.update(_stat_line(Path(dirpath) / name).encode())
    return h.hexdigest()


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
