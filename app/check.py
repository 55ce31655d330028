"""``--check``: everything the build would find, without writing anything.

The inputs are loaded and validated (model.loader), then every builder that has
a ``check`` step runs it (app/builders.py): the deck is laid out in memory with
the chosen template and its fit checked — a stage title too long for its slide,
a card or chart note that does not fit, a template that is not usable are input
errors found here, not by a build.  The PDF has none: every limit it depends on
is checked at load.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from model.inputs import Inputs
from model.options import BuildOptions


def check(options: BuildOptions, inputs: Inputs, say: Callable[[str], None]) -> None:
    """Raise InputError on any problem; say one summary line when there is none."""
    from app.builders import BUILDERS
    from app.changes import last_build
    from app.pipeline import Manifest
    from model.loader import load

    started = time.perf_counter()
    briefing = load(inputs, last_build=last_build(Manifest(options.out).data.get("figures")))   # what a build would say
    checked = [check(briefing, options) for builder in BUILDERS if (check := getattr(builder.module, "check", None))]
    say(f"ok: {len(briefing.figures)} figures ({len(briefing.derived_figures)} derived), "
        f"{len(briefing.stages)} stages, {len(briefing.charts)} charts{''.join(', ' + words for words in checked)}"
        f" · {time.perf_counter() - started:.2f}s · {inputs.describe()}")
