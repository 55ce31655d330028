"""``--watch``: a warm process that rebuilds whenever an input is saved.

Staying warm is what makes a rebuild fast: WeasyPrint, python-pptx, fonts
and the chart cache are loaded once.  An error never ends the watch; it is
printed and the last good outputs stay in place (writes are atomic).
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from model.errors import InputError, display_path
from model.inputs import DATA_NAMES, Inputs
from model.options import BuildOptions


def _rebuild(options: BuildOptions, inputs: Inputs, say: Callable[[str], None], reason: str) -> None:
    from app.pipeline import build

    stamp = time.strftime("%H:%M:%S")
    lines: list[str] = []
    try:
        if options.check:                # --check --watch checks on every save and never writes
            from app.check import check
            check(options, inputs, lines.append)
        else:
            build(options, inputs, lines.append)
        say(f"{stamp} {reason}: " + "\n".join(lines))
    except InputError as exc:
        say(f"{stamp} {reason}: not rebuilt, the last good outputs are kept\n{exc}")
    except Exception as exc:  # keep watching whatever happens
        say(f"{stamp} {reason}: internal error {type(exc).__name__}: {exc}")
    gc.collect()              # after the line, while waiting: a build collects little (app.render.fewer_collections)


def _warm_up(inputs: Inputs) -> None:
    """Load the builders now, so the first save after an 'up to date' start is as fast as the rest;
    then freeze what is loaded, so the collection after each line is short (app.render.freeze_loaded)."""
    from app.builders import BUILDERS
    from app.render import freeze_loaded
    from model.loader import load_theme

    try:
        theme = load_theme(inputs.theme)
    except InputError:
        theme = None                  # the theme is broken: the next rebuild will say so
    for builder in BUILDERS:
        builder.module.warm_up(theme)
    freeze_loaded()


def _watched(options: BuildOptions, inputs: Inputs) -> set[Path]:
    """The inputs, the template, and — when the data file is chosen by the rule (no --data) —
    both candidate data files, so an xlsx that appears or disappears is noticed.  Nothing else:
    Excel's lock file (~$figures.xlsx), .DS_Store or a notes.txt beside them never rebuilds."""
    files = {p.resolve() for p in inputs.files} | ({options.template.resolve()} if options.template else set())
    if not options.data:
        files |= {(inputs.data.parent / name).resolve() for name in DATA_NAMES}
    return files


def watch(options: BuildOptions, inputs: Inputs, say: Callable[[str], None]) -> int:
    from watchfiles import watch as watch_files

    from app.cli import inputs_from

    watched = _watched(options, inputs)
    folders = sorted({p.parent for p in watched})
    _rebuild(options, inputs, say, "start")
    _warm_up(inputs)
    say(f"watching {', '.join(display_path(p) for p in sorted(watched))} (Ctrl+C to stop)")
    for batch in watch_files(*folders, step=30, debounce=400, rust_timeout=0, yield_on_timeout=False):
        touched = sorted({Path(path).resolve() for _, path in batch} & watched)
        if not touched:
            continue
        now = inputs_from(options)                  # the same choice of data file as a build makes
        reason = ", ".join(p.name for p in touched) + " changed"
        if now.data != inputs.data:
            reason += f" (now reading {display_path(now.data)})"
        inputs = now
        _rebuild(options, inputs, say, reason)
    return 0
