"""Content never reaches CSS unescaped, and a PDF that lost its body is not written (issue 12).

A title holding a form feed and ``} } body { display: none } x {`` used to end the CSS string of
the running header and hide the whole document: one blank page, exit 0.  Now no outline text is
in the stylesheet at all (the header takes the title by ``string-set``), the theme strings that
are there are escaped by CSS syntax rules, and the laid-out pages are checked against the model.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import tinycss2
from pdfcheck import page_texts

from model.briefing import Briefing
from model.errors import InputError
from report import build_pdf
from report.html import css_string, render_css

ESCAPE = "\x0c} } body { display: none } x {"
NASTY = ["plain", 'a "quoted" \'one\'', "back\\slash", "new\nline\r\n", "form\x0cfeed", "nul\x00", "\x85next line",
         "\u2028line sep\u2029", "\x1b[31m", "}{;</style>", "url(http://x)", "\ue000private", "\U0010ffff", "tab\tend",
         "Noto Sans SC", "file:///a b/字体.ttf"]


@pytest.mark.parametrize("text", NASTY)
def test_css_string_is_one_string_token_holding_the_text(text: str) -> None:
    tokens = [t for t in tinycss2.parse_component_value_list(css_string(text)) if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"]
    assert tokens[0].value == text.replace("\x00", "\ufffd")       # NUL is never a character in CSS


def test_no_outline_text_in_the_stylesheet(mini_briefing: Briefing) -> None:
    hostile = dataclasses.replace(mini_briefing, document=dataclasses.replace(mini_briefing.document, title="标题" + ESCAPE))
    assert "display: none" not in render_css(hostile)
    assert render_css(hostile) == render_css(mini_briefing)


def with_title(b: Briefing, title: str) -> Briefing:
    return dataclasses.replace(b, document=dataclasses.replace(b.document, title=title))


def test_a_title_that_tries_to_escape_prints_literally(mini_briefing: Briefing, tmp_path: Path) -> None:
    title = "标题" + ESCAPE.replace("\x0c", "")
    pages = page_texts(build_pdf(with_title(mini_briefing, title), cache_dir=tmp_path).data)
    assert len(pages) >= 3 + len(mini_briefing.stages)
    assert all(s.heading in "".join(pages) for s in mini_briefing.stages)
    squashed = "".join(title.split())
    assert all(squashed in page for page in pages[1:]), "the running header shows the title literally"


def test_a_title_with_a_form_feed_never_gives_a_blank_pdf(mini_briefing: Briefing, tmp_path: Path) -> None:
    """The loader refuses the form feed (tests/model); the builder must not depend on it: it refuses too
    (a character no font draws) instead of writing the one blank page the old stylesheet made of it."""
    with pytest.raises(InputError, match="U\\+000C"):
        build_pdf(with_title(mini_briefing, "标题" + ESCAPE), cache_dir=tmp_path)


def test_a_pdf_that_lost_its_body_is_refused(mini_briefing: Briefing, tmp_path: Path, monkeypatch) -> None:
    """Whatever the cause, a body hidden by the stylesheet fails the build rather than write a blank PDF."""
    import report.html

    original = report.html.render_css
    monkeypatch.setattr(report.html, "render_css", lambda b: original(b) + "\n.stage { display: none }\n")
    with pytest.raises(InputError) as caught:
        build_pdf(mini_briefing, cache_dir=tmp_path)
    message = str(caught.value)
    assert "the rendered PDF" in message and mini_briefing.stages[0].heading in message
