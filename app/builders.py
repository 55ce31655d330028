"""The registry of outputs: the one place that knows there is a PDF and a deck.

``--only``'s choices, the files written, the code each output is fingerprinted by, its cache
key, ``--force``, the scheduler (app/render.py) and ``changes.md``'s labels all read
:data:`BUILDERS`.  A third output (a handout, say) is a new package implementing the builder
interface below and one line here.

The builder interface — module-level functions of the package named by ``package``:

* ``build(briefing, options, cache_dir) -> infra.rendered.Rendered`` — the output's bytes,
  where each figure landed and its timing notes;
* ``warm_up(theme | None)`` — load its libraries ahead of a build (``--watch``; the parent
  process while a forked child prepares);
* ``forget_caches(cache_dir)`` — ``--force``: empty its caches;
* ``prepare(briefing, cache_dir) -> timing line`` — only with ``prepare_step``: the part another
  process may do first, which ``build`` then finds in the cache (the PDF's charts);
* ``preload()`` — optional, with ``prepare_step``: import what ``prepare`` needs, in that process,
  while the model is still being loaded (app/render.py's early child);
* ``check_options(options)`` — optional: refuse a bad option before anything is rendered;
* ``check(briefing, options) -> what it checked`` — optional: ``--check``, raise the InputError a build
  would raise without rendering or writing (the deck's fit); the words join the summary line.

Light on purpose: the "up to date" answer reads the registry, so a builder's package is
imported only when one of its functions is needed.
"""
from __future__ import annotations

import importlib
from collections import namedtuple
from types import ModuleType


class Builder(namedtuple("Builder", "name output label package options prepare_step", defaults=(None,))):
    """name: --only's choice and the manifest's key; output: the file in --out; label: how
    changes.md names a place in it; package: the builder package, also the folder its code is
    fingerprinted by; options: the BuildOptions fields that shape the output (its cache key; a
    Path is hashed by content); prepare_step: the name of its ``prepare`` step, if it has one."""
    __slots__ = ()

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.package)

    @property
    def steps(self) -> tuple[str, ...]:
        """The progress steps a build of this output runs, in order."""
        return (self.prepare_step, self.name) if self.prepare_step else (self.name,)


BUILDERS: tuple[Builder, ...] = (
    Builder("pdf", "briefing.pdf", "PDF ", "report", ("pdf_variant",), prepare_step="charts"),
    Builder("pptx", "briefing.pptx", "deck ", "slides", ("template", "deck")),
)
BY_NAME = {b.name: b for b in BUILDERS}
NAMES = tuple(BY_NAME)
