"""``--watch`` lays out again only the parts that changed (report/parts.py): the PDF must have the very
bytes of a whole render of the same inputs, whether parts were re-laid out alone or the document was
laid out whole because a part's page count changed.  On copies of the mini fixture (≈1 s a build)."""
from __future__ import annotations

from pathlib import Path

import pytest

import report
from model.loader import load
from report import build_pdf, parts
from tests.conftest import project_inputs, set_value

pytestmark = pytest.mark.usefixtures("no_kept_pages")


def watch_build(folder: Path, cache: Path, variant: str | None = None) -> tuple[bytes, str]:
    """A build in this warm process keeping its pages, as ``--watch`` does: the bytes and the layout note."""
    rendered = build_pdf(load(project_inputs(folder)), cache_dir=cache, variant=variant, keep=True)
    return rendered.data, next(s for s in rendered.steps if s.startswith("layout "))


def whole_build(folder: Path, cache: Path, variant: str | None = None) -> bytes:
    """A normal build (fresh cache): laid out whole, nothing kept or used."""
    return build_pdf(load(project_inputs(folder)), cache_dir=cache, variant=variant).data


def test_a_changed_figure_relays_only_its_parts_and_gives_the_whole_renders_bytes(mini: Path, tmp_path: Path) -> None:
    first, note = watch_build(mini, tmp_path / "watch")
    assert note == "layout whole (first build)"
    set_value(mini, "low_income_hh_2015", "11.4")         # shown in s5 and the appendix
    report.warm_up()                                      # as app/render.py does before each build
    data, note = watch_build(mini, tmp_path / "watch")
    assert note.startswith("layout ") and "whole" not in note, note
    relaid = note.split("(")[1].rstrip(")").split(", ")
    assert "stage-s5" in relaid and "appendix" in relaid and "cover" not in relaid and "stage-s4" not in relaid, note
    assert data == whole_build(mini, tmp_path / "cold1")
    assert data != first


def test_a_part_whose_page_count_changes_lays_out_the_whole_document(mini: Path, tmp_path: Path) -> None:
    watch_build(mini, tmp_path / "watch")
    outline = mini / "outline.yaml"
    text = outline.read_text(encoding="utf-8")
    items = "items: [产业帮扶, 项目帮扶]"
    assert items in text
    more = "items: [" + ", ".join(["产业帮扶项目帮扶" * 3] * 30) + "]"
    outline.write_text(text.replace(items, more, 1), encoding="utf-8")       # s4 grows by a page
    data, note = watch_build(mini, tmp_path / "watch")
    assert note.startswith("layout whole (stage-s4: ") and "pages" in note, note
    assert data == whole_build(mini, tmp_path / "cold")


def test_every_part_laid_out_alone_gives_the_whole_renders_bytes(mini: Path, tmp_path: Path) -> None:
    """Each kind of part (cover, contents with its page numbers, overview, stages, postscript, sources,
    appendix) laid out alone with the literals of part.css.j2, merged, as a PDF/UA-1 file too."""
    for variant in (None, "pdf/ua-1"):
        first, _ = watch_build(mini, tmp_path / "watch", variant)
        kept = parts._kept
        assert kept is not None and len(kept.parts) >= 8
        for part in kept.parts:                   # as if every part's HTML had changed
            part.key += "·"
        again, note = watch_build(mini, tmp_path / "watch", variant)
        assert note.startswith(f"layout {len(pdf_pages(first))} of {len(pdf_pages(first))} pages (cover, contents, overview"), note
        assert again == first                     # first: laid out whole (a whole render's bytes: tested above)
        parts.forget()


def test_nothing_is_kept_from_a_build_that_failed(mini: Path, tmp_path: Path) -> None:
    watch_build(mini, tmp_path / "watch")
    kept = parts._kept
    outline = mini / "outline.yaml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("仍有", "仍有\U0001F600", 1), encoding="utf-8")   # no font draws it
    with pytest.raises(Exception, match="cannot draw|not in the bundled font"):
        watch_build(mini, tmp_path / "watch")
    assert parts._kept is kept


def pdf_pages(data: bytes) -> list:
    from pdfcheck import reader

    return list(reader(data).pages)


def test_plain_objects_for_pikepdf_give_the_same_bytes(mini: Path, tmp_path: Path, monkeypatch) -> None:
    """pydyf writes the objects plain (report.pdf._finished_by_pikepdf), as pikepdf re-packs them:
    the file is the one pydyf's own object streams gave."""
    import report.pdf

    plain = whole_build(mini, tmp_path / "plain", "pdf/a-3b")
    monkeypatch.setattr(report.pdf, "_finished_by_pikepdf", lambda finisher: finisher)
    assert whole_build(mini, tmp_path / "packed", "pdf/a-3b") == plain


def test_pages_of_a_long_table_laid_out_alone_give_the_whole_renders_bytes(shipped_briefing, tmp_path: Path,
                                                                           monkeypatch) -> None:
    """The shipped appendix (a table over many pages, report/part_rows.py): its first, a middle and its
    last page laid out alone, each with the row before it and the row after it, merged with the rest;
    and a row grown by lines is refused (its page would no longer end where it did)."""
    from report.html import render_part_css
    from report.part_rows import page_rows, parse, relay

    renders = []
    lay_out = parts.lay_out
    monkeypatch.setattr(parts, "lay_out", lambda *args: renders.append(args[-1]) or lay_out(*args))
    first = build_pdf(shipped_briefing, cache_dir=tmp_path, keep=True)
    kept = parts._kept
    assert kept is not None
    appendix = next(p for p in kept.parts if parts.part_name(p.html) == "appendix")
    shown = page_rows(appendix.pages)
    table = parse(appendix.html)
    assert shown is not None and table is not None and len(shown) >= 6
    html = appendix.html
    for page in (0, len(shown) // 2, len(shown) - 1):  # as if a row of each had changed
        row = table.rows[shown[page][1]][1]
        html = html.replace(row, row.replace("</td>", "·</td>", 1), 1)
    appendix.html, appendix.key = html, appendix.key + "·"
    again = build_pdf(shipped_briefing, cache_dir=tmp_path, keep=True)
    assert f"layout 3 of {len(pdf_pages(first.data))} pages (appendix: 3 of {len(shown)})" in again.steps, again.steps
    assert again.data == first.data

    kept = parts._kept
    assert kept is not None
    now = next(p for p in kept.parts if parts.part_name(p.html) == "appendix")
    pieces = parts.Split(str(kept.frame["head"]), (), str(kept.frame["end"]))
    total = len(pdf_pages(first.data))

    def relaid(old: str, new: str) -> object:
        return relay(old, new, now.pages, total - len(shown) + 1, lambda page: [],
                     lambda section, first_page, strings: renders[-1](pieces.alone(section), render_part_css(
                         first_page, total, strings, [])))
    row = table.rows[shown[2][1]][1]
    cell = row.split("<td>", 2)[1].split("</td>", 1)[0]
    assert relaid(html, now.html) is not None                 # a row changed, its page still ends where it did
    assert relaid(now.html, now.html.replace(row, row.replace(cell, cell * 8, 1), 1)) is None
