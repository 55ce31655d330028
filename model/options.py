"""The build options: what the user asked for, handed from the command line to every builder.

In the model package so builders (``build(briefing, options, cache_dir)``, see app/builders.py)
can name the type without importing the application.  ``collections.namedtuple`` — immutable,
as a frozen dataclass would be — because the "up to date" answer builds one, and importing
``dataclasses`` (it pulls in ``inspect``) cost 25–60 ms on this loaded 2-core host against
that answer's 50 ms budget (bench/run.py).
"""
from __future__ import annotations

from collections import namedtuple


# literals (not a computed tuple), so mypy reads the fields
class BuildOptions(namedtuple("BuildOptions", ["out", "outline", "data", "theme", "template", "only", "deck", "pdf_variant",
                                               "force", "check", "watch", "quiet", "debug"],
                              defaults=[None, None, None, None, None, None, None, False, False, False, False, False])):
    """What the user asked for (app/cli.py makes it from argparse's Namespace), immutable, so
    nothing down the pipeline changes an option behind another step's back.

    out: Path (required); outline, data, theme, template: Path | None; only: a builder's name
    or None (all); deck: "summary" | "full" | None; pdf_variant: "pdf/ua-1" | "pdf/a-3b" | None;
    force, check, watch, quiet, debug: bool."""
    __slots__ = ()

    @classmethod
    def from_namespace(cls, args: object) -> BuildOptions:
        """The options argparse parsed (attributes of the same names)."""
        return cls(**{name: getattr(args, name) for name in cls._fields})
