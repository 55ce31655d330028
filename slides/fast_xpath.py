"""python-pptx's XPath queries, compiled once instead of on every call.

Every python-pptx element answers ``el.xpath("./*[1]/p:nvPr/p:ph")`` and the like through
``BaseOxmlElement.xpath``, which hands the string to lxml's ``_Element.xpath``: lxml parses and
compiles the expression again each time.  Building the shipped deck asks ~18,600 such queries
(mostly "is this shape a placeholder?", for every shape each time a slide's shapes are walked):
0.45 of the deck's 1.95 s under cProfile, 0.9 → 0.63 s of a warm build without it.
:func:`install` replaces that one method by the same query through a compiled ``etree.XPath``
(kept per expression string; python-pptx uses a few dozen): same namespaces, same results
(lxml's smart strings included), so the deck's bytes do not change.
"""
from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml import xmlchemy
from pptx.oxml.ns import _nsmap

_COMPILED: dict[str, etree.XPath] = {}
PLAIN = xmlchemy.BaseOxmlElement.xpath          # python-pptx's own method (kept for the equivalence test)


def xpath(element: etree._Element, expression: str) -> Any:
    """``element.xpath(expression)`` with python-pptx's namespace prefixes, compiled once per expression."""
    query = _COMPILED.get(expression)
    if query is None:
        query = _COMPILED[expression] = etree.XPath(expression, namespaces=_nsmap)
    return query(element)


def install() -> None:
    """Make python-pptx's elements use :func:`xpath` (idempotent; python-pptx is pinned in requirements.txt,
    and tests/slides/test_fast_xpath.py checks that every query a deck build asks gives what :data:`PLAIN` gives)."""
    xmlchemy.BaseOxmlElement.xpath = xpath  # type: ignore[method-assign,assignment]
