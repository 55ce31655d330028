"""The PowerPoint deck builder: ``build_deck(briefing, template=None) -> Rendered``."""
from .deck import build_deck

__all__ = ["build_deck"]
