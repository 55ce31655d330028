"""Where the user's three files are (light: imported on the fast 'up to date' path)."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Inputs(NamedTuple):
    """Defaults are the shipped ``assets/``; a figures.xlsx there wins over figures.csv."""
    outline: Path
    data: Path
    theme: Path

    @classmethod
    def in_folder(cls, assets: Path) -> "Inputs":
        data = assets / "figures.xlsx" if (assets / "figures.xlsx").exists() else assets / "figures.csv"
        return cls(assets / "outline.yaml", data, assets / "theme.yaml")

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.outline, self.data, self.theme)
