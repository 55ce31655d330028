"""Where the user's three files are (light: imported on the fast 'up to date' path).

The data file is chosen by one rule, used by a build, ``--check`` and every
``--watch`` rebuild alike: ``figures.xlsx`` when it exists in the project folder,
else ``figures.csv``.  When both exist, the CSV is ignored, and every message
says so.

``collections.namedtuple`` rather than ``typing.NamedTuple``: importing ``typing``
alone costs the "up to date" answer ~5 ms of its 50 ms budget.
"""
from __future__ import annotations

from collections import namedtuple
from pathlib import Path

DATA_NAMES = ("figures.xlsx", "figures.csv")      # in order of preference


class Inputs(namedtuple("Inputs", "outline data theme ignored", defaults=(None,))):
    """outline, data, theme: Paths; ignored: the other data file, present but not read (or None)."""
    __slots__ = ()

    @classmethod
    def in_folder(cls, assets: Path, outline: Path | None = None, theme: Path | None = None) -> Inputs:
        data, ignored = choose_data(assets)
        return cls(outline or assets / "outline.yaml", data, theme or assets / "theme.yaml", ignored)

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.outline, self.data, self.theme)

    def describe(self) -> str:
        """For the build line and --check: "figures: assets/figures.xlsx (assets/figures.csv is ignored)"."""
        from model.errors import display_path

        text = f"figures: {display_path(self.data)}"
        return text + (f" ({display_path(self.ignored)} is ignored)" if self.ignored else "")


def choose_data(folder: Path) -> tuple[Path, Path | None]:
    """(the data file to read, the one ignored beside it)."""
    present = [folder / name for name in DATA_NAMES if (folder / name).is_file()]
    if not present:
        return folder / DATA_NAMES[1], None
    return present[0], (present[1] if len(present) > 1 else None)


def both_files_warning(inputs: Inputs) -> str:
    """A warning when the ignored data file holds other figures than the one read."""
    if inputs.ignored is None:
        return ""
    from model.errors import display_path
    from model.table_source import same_figures

    if same_figures(inputs.data, inputs.ignored):
        return ""
    return (f"warning: {display_path(inputs.data)} and {display_path(inputs.ignored)} both exist and hold different figures; "
            f"the build reads {inputs.data.name} (it wins whenever it exists) — delete or rename the one you do not edit")
