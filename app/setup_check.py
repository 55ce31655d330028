"""Before anything heavy is imported: are the Python packages and the system libraries there?

Run outside the project's virtual environment, the first import of a missing
package used to surface as "internal error: ModuleNotFoundError: No module named
'fontTools'".  WeasyPrint also needs Pango, HarfBuzz, GObject and fontconfig
from the operating system, which pip cannot install; without them it fails at
import with a long OSError.  Both are setup problems with a one-line fix, so they
are found first (``importlib.util.find_spec`` imports nothing; the libraries are
opened the way WeasyPrint opens them) and reported with that fix, exit code 2.
"""
from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import os
import sys

from model.errors import SetupError

# import name → pip name (requirements.txt)
PACKAGES = {"weasyprint": "weasyprint", "pptx": "python-pptx", "jinja2": "Jinja2", "matplotlib": "matplotlib",
            "pydantic": "pydantic", "yaml": "PyYAML", "openpyxl": "openpyxl", "watchfiles": "watchfiles",
            "fontTools": "fonttools", "PIL": "Pillow", "lxml": "lxml"}

# library → the file names WeasyPrint tries (weasyprint/text/ffi.py), Linux, macOS, Windows
LIBRARIES = {
    "Pango": ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll", "pango-1.0"),
    "PangoFT2": ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll", "pangoft2-1.0"),
    "HarfBuzz": ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll", "harfbuzz"),
    "GObject": ("libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll", "gobject-2.0"),
    "fontconfig": ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll", "fontconfig"),
}

INSTALL = ("install them with your system's package manager, then run the command again:\n"
           "      Debian/Ubuntu:     sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1\n"
           "      Fedora:            sudo dnf install pango fontconfig\n"
           "      macOS (Homebrew):  brew install pango  (on Apple silicon also: export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib)\n"
           "      Windows:           install MSYS2, then in its shell: pacman -S mingw-w64-x86_64-pango\n"
           "    (https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)")


def missing_packages() -> list[str]:
    return [pip for name, pip in PACKAGES.items() if importlib.util.find_spec(name) is None]


def _loads(names: tuple[str, ...]) -> bool:
    for name in names:
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            continue
    from ctypes.util import find_library  # slow to import (subprocess): only when the names failed

    found = find_library(names[-1])                    # a non-standard location the loader knows
    if found:
        try:
            ctypes.CDLL(found)
            return True
        except OSError:
            pass
    return False


def missing_libraries() -> list[str]:
    if hasattr(os, "add_dll_directory"):              # Windows: where WeasyPrint looks too (weasyprint/text/ffi.py)
        default = r"C:\msys64\ucrt64\bin;C:\msys64\mingw64\bin;C:\Program Files\GTK3-Runtime Win64\bin"
        for folder in os.getenv("WEASYPRINT_DLL_DIRECTORIES", default).split(";"):
            with contextlib.suppress(OSError):
                os.add_dll_directory(folder)
    return [lib for lib, names in LIBRARIES.items() if not _loads(names)]


def _weasyprint_loads() -> bool:
    """The final word when our own look failed: WeasyPrint's import (its banner silenced)."""
    import contextlib
    import io

    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


def require() -> None:
    """Raise SetupError naming what is missing and how to get it."""
    packages = missing_packages()
    if packages:
        in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
        where = "this Python has" if in_venv else f"this Python ({sys.executable}) is not the project's .venv and has"
        raise SetupError(f"Setup problem: {where} no {', '.join(packages)}.\n"
                         "    → run `make` first (it creates .venv and installs the pinned packages), "
                         "then `.venv/bin/python generate.py`")
    libraries = missing_libraries()
    if libraries and not _weasyprint_loads():          # never refuse a machine on which WeasyPrint works
        raise SetupError(f"Setup problem: WeasyPrint (the PDF engine) needs the system libraries "
                         f"{', '.join(libraries)}, which this machine cannot load.\n    → {INSTALL}")
