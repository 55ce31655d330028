"""slides.fast_xpath: python-pptx's queries, compiled once, answer exactly as python-pptx's own method."""
from __future__ import annotations

import io

from pptx import Presentation

from model.briefing import Briefing


def test_every_query_of_a_deck_build_answers_as_python_pptx_does(mini_briefing: Briefing, monkeypatch) -> None:
    from pptx.oxml import xmlchemy

    from slides import build_deck, deck, fast_xpath  # noqa: F401  (importing the deck builder installs it)

    assert xmlchemy.BaseOxmlElement.xpath is fast_xpath.xpath
    asked: list[tuple[object, str]] = []

    def recording(element, expression):
        asked.append((element, expression))
        return fast_xpath.xpath(element, expression)

    monkeypatch.setattr(xmlchemy.BaseOxmlElement, "xpath", recording)
    data = build_deck(mini_briefing).data
    monkeypatch.undo()
    expressions = {expression for _, expression in asked}
    assert len(asked) > 1000 and len(expressions) >= 5          # the deck build really goes through it
    answers = 0
    for element, expression in asked:
        ours, theirs = fast_xpath.xpath(element, expression), fast_xpath.PLAIN(element, expression)
        assert ours == theirs, expression
        answers += bool(theirs)
    assert answers > 100
    # a reopened deck (python-pptx parses it) reads the same through both
    prs = Presentation(io.BytesIO(data))
    for slide in prs.slides:
        for el in slide._element.iter():
            if isinstance(el, xmlchemy.BaseOxmlElement):
                for expression in expressions:
                    assert fast_xpath.xpath(el, expression) == fast_xpath.PLAIN(el, expression)
