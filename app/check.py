"""``--check``: everything the build would find, without writing anything.

The inputs are loaded and validated (model.loader), then the deck is laid out
in memory with the chosen template and its fit checked (slides.check_deck):
a stage title too long for its slide, a card or chart note that does not fit,
a template that is not usable are input errors found here, not by a build.
The PDF is not rendered: every limit it depends on is checked at load.
"""
from __future__ import annotations

import time
from collections.abc import Callable

from model.inputs import Inputs
from model.options import BuildOptions


def check(options: BuildOptions, inputs: Inputs, say: Callable[[str], None]) -> None:
    """Raise InputError on any problem; say one summary line when there is none."""
    from app.changes import last_build
    from app.pipeline import Manifest
    from model.loader import load
    from slides import check_deck

    started = time.perf_counter()
    briefing = load(inputs, last_build=last_build(Manifest(options.out).data.get("figures")))   # what a build would say
    check_deck(briefing, template=options.template)
    say(f"ok: {len(briefing.figures)} figures ({len(briefing.derived_figures)} derived), "
        f"{len(briefing.stages)} stages, {len(briefing.charts)} charts, the deck fits"
        f"{' the template ' + str(options.template) if options.template else ''} · {time.perf_counter() - started:.2f}s"
        f" · {inputs.describe()}")
