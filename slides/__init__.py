"""The PowerPoint deck builder: ``build_deck(briefing, template=None) -> Rendered``;
``check_deck`` lays the deck out and checks its fit without saving (``--check``)."""
from pathlib import Path

from model.briefing import Briefing

from .deck import build_deck, laid_out

__all__ = ["build_deck", "check_deck"]


def check_deck(briefing: Briefing, *, template: Path | None = None) -> None:
    """Raise the InputError the deck build would raise (a text that does not fit, a bad template)."""
    laid_out(briefing, template)
