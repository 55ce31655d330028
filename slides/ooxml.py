"""The OOXML namespaces the deck code writes and reads, once.

``*_NS`` is the namespace URI (for ``xmlns:`` declarations and nsmap); the one-letter
names are the same URI in Clark notation, ready for lxml tags: ``f"{A}rPr"``."""

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

A = f"{{{A_NS}}}"
C = f"{{{C_NS}}}"
P = f"{{{P_NS}}}"
