"""slides.pptx_speed: python-pptx's compiled queries and faster part names answer exactly as python-pptx's own methods."""
from __future__ import annotations

import io

from pptx import Presentation

from model.briefing import Briefing


def test_every_query_and_part_name_of_a_deck_build_answers_as_python_pptx_does(mini_briefing: Briefing, monkeypatch) -> None:
    from pptx.opc.package import OpcPackage
    from pptx.oxml import xmlchemy

    from slides import build_deck, deck, pptx_speed  # noqa: F401  (importing the deck builder installs them)

    assert xmlchemy.BaseOxmlElement.xpath is pptx_speed.xpath
    assert OpcPackage.next_partname is pptx_speed.next_partname
    asked: list[tuple[object, str]] = []
    names: list[tuple[str, str]] = []

    def recording(element, expression):
        asked.append((element, expression))
        return pptx_speed.xpath(element, expression)

    def naming(package, tmpl):
        ours, theirs = pptx_speed.next_partname(package, tmpl), pptx_speed.PLAIN_NEXT_PARTNAME(package, tmpl)
        names.append((ours, theirs))
        return ours

    monkeypatch.setattr(xmlchemy.BaseOxmlElement, "xpath", recording)
    monkeypatch.setattr(OpcPackage, "next_partname", naming)
    data = build_deck(mini_briefing).data
    monkeypatch.undo()
    assert len(names) > 10 and all(ours == theirs for ours, theirs in names)     # notes slides, charts, workbooks
    assert {name.rsplit("/", 2)[1] for name, _ in names} >= {"notesSlides", "charts", "embeddings"}
    expressions = {expression for _, expression in asked}
    assert len(asked) > 1000 and len(expressions) >= 5          # the deck build really goes through it
    answers = 0
    for element, expression in asked:
        ours, theirs = pptx_speed.xpath(element, expression), pptx_speed.PLAIN_XPATH(element, expression)
        assert ours == theirs, expression
        answers += bool(theirs)
    assert answers > 100
    prs = Presentation(io.BytesIO(data))          # a reopened deck (python-pptx parses it) reads the same through both
    assert pptx_speed.part_names(prs.part.package) == {part.partname for part in prs.part.package.iter_parts()}
    for slide in prs.slides:
        for el in slide._element.iter():
            if isinstance(el, xmlchemy.BaseOxmlElement):
                for expression in expressions:
                    assert pptx_speed.xpath(el, expression) == pptx_speed.PLAIN_XPATH(el, expression)


def test_the_members_taken_from_python_pptx_are_what_its_save_zips(mini_briefing: Briefing) -> None:
    import zipfile

    from slides.deck import laid_out
    from slides.reproducible import fixed_zip, package_members, zip_members

    deck = laid_out(mini_briefing, None)
    members = package_members(deck.prs)
    saved = io.BytesIO()
    deck.prs.save(saved)
    with zipfile.ZipFile(saved) as z:
        assert members == {name: z.read(name) for name in z.namelist()}
    assert zip_members(members, (2018, 6, 26)) == fixed_zip(saved.getvalue(), (2018, 6, 26))


def test_the_deck_is_byte_identical_with_python_pptx_own_methods(mini_briefing: Briefing, monkeypatch, tmp_path) -> None:
    from pptx.opc.package import OpcPackage
    from pptx.oxml import xmlchemy
    from pptx.parts.slide import NotesSlidePart

    from slides import build_deck, pptx_speed

    ours = build_deck(mini_briefing, cache_dir=tmp_path).data
    monkeypatch.setattr(xmlchemy.BaseOxmlElement, "xpath", pptx_speed.PLAIN_XPATH)
    monkeypatch.setattr(OpcPackage, "next_partname", pptx_speed.PLAIN_NEXT_PARTNAME)
    monkeypatch.setattr(NotesSlidePart, "new", pptx_speed.PLAIN_NEW_NOTES)
    assert NotesSlidePart.new.__func__ is not pptx_speed.new_notes
    theirs = build_deck(mini_briefing, cache_dir=tmp_path).data
    assert ours == theirs
