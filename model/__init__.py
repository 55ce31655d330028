"""The model: load → validate → one immutable :class:`model.briefing.Briefing`.

Both builders (``report/`` for the PDF, ``slides/`` for the deck) receive the
Briefing this package produces and never read input files themselves, so a
figure is parsed, checked and formatted exactly once.  Nothing here imports a
builder or the application (``app/``): tests/test_layers.py enforces it.
"""
