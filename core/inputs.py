"""Where the user's three files are (light: imported on the fast 'up to date' path).

``collections.namedtuple`` rather than ``typing.NamedTuple``: importing ``typing``
alone costs the "up to date" answer ~5 ms of its 50 ms budget.
"""
from __future__ import annotations

from collections import namedtuple
from pathlib import Path


class Inputs(namedtuple("Inputs", "outline data theme")):
    """outline, data, theme: Paths.  Defaults are the shipped ``assets/``; a figures.xlsx there wins over figures.csv."""
    __slots__ = ()

    @classmethod
    def in_folder(cls, assets: Path) -> "Inputs":
        data = assets / "figures.xlsx" if (assets / "figures.xlsx").exists() else assets / "figures.csv"
        return cls(assets / "outline.yaml", data, assets / "theme.yaml")

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.outline, self.data, self.theme)
