"""Errors a non-programmer can act on.

Every problem found in the user's files is reported with the file, the place
(line, column or field path) and a concrete fix, and the CLI turns them into
exit code 2 without a traceback.  Validation collects as many problems as it
can before failing, so one run shows everything that needs fixing.
"""
from __future__ import annotations

from pathlib import Path


class Problem:
    """One problem: file, place, what is wrong, how to fix it.  (A plain class,
    not a dataclass: this module is on the 'up to date' path, where importing
    dataclasses alone costs a tenth of the 50 ms budget.)"""

    __slots__ = ("file", "where", "message", "hint")

    def __init__(self, file: str, where: str, message: str, hint: str = "") -> None:
        self.file, self.where, self.message, self.hint = file, where, message, hint

    def __repr__(self) -> str:
        return f"Problem({self.file!r}, {self.where!r}, {self.message!r}, {self.hint!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))

    def __str__(self) -> str:
        place = f"{self.file}, {self.where}" if self.where else self.file
        text = f"{place}: {self.message}"
        if self.hint:
            text += f"\n    → {self.hint}"
        return text


class InputError(Exception):
    """One or more problems in the user's input; exit code 2."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        head = "1 problem" if len(self.problems) == 1 else f"{len(self.problems)} problems"
        return f"Input error ({head}):\n" + "\n".join(f"  • {p}" for p in self.problems)


class SetupError(Exception):
    """The machine lacks something the build needs (Python packages, system libraries); exit code 2."""


def display_path(path: Path | str) -> str:
    """Show paths relative to the working directory when possible: shorter and
    what the user typed."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class Collector:
    """Gathers problems during validation; raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, where: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(file, where, message, hint))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
