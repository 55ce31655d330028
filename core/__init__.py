"""The shared core of the briefing generator: load → validate → one immutable model.

Both builders (``report/`` for the PDF, ``slides/`` for the deck) receive the
:class:`core.model.Briefing` this package produces and never read input files
themselves, so a figure is parsed, checked and formatted exactly once.
"""
