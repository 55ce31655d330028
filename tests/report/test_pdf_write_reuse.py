"""A kept page's painting is replayed rather than painted again (report/page_replay.py): the file must
be the one WeasyPrint writes when it paints every page of the same pages, also when a replay would be
stale (a glyph the kept page needs that only a changed page had registered, resources numbered after
a changed page's).  Tiny two-page documents in the bundled font, written in this process."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from report.font_subsets import reused_subsets
from report.page_replay import memo_compression, replayed_pages
from tests.conftest import ASSETS

FONT = (ASSETS / "fonts" / "NotoSansSC-Regular.ttf").as_uri()
CSS = f"@font-face {{ font-family: B; src: url({FONT}) }} @page {{ size: A6 }} body {{ font-family: B }}" \
      " section { break-before: page } .faint { opacity: 0.5 }"


@pytest.fixture(scope="module")
def fonts():  # weasyprint FontConfiguration shared by the renders, as report.pdf shares one
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many pages each write painted (rather than replayed)."""
    import weasyprint.document
    counts: list[int] = []
    draw = weasyprint.document.draw_page

    def counted(*args, **kwargs):
        counts[-1] += 1
        return draw(*args, **kwargs)
    monkeypatch.setattr(weasyprint.document, "draw_page", counted)
    yield counts


def pages(fonts, *sections: str):  # -> weasyprint.Document
    from weasyprint import CSS as Sheet
    from weasyprint import HTML
    html = "<html lang='en'><body>" + "".join(f"<section>{s}</section>" for s in sections) + "</body></html>"
    document = HTML(string=html).render(stylesheets=[Sheet(string=CSS, font_config=fonts)], font_config=fonts, pdf_tags=True)
    assert len(document.pages) == len(sections)
    return document


def write(document, cache: Path, replay: bool) -> bytes:
    options = {"pdf_tags": True, "pdf_identifier": b"test", "uncompressed_pdf": False}
    with reused_subsets(cache):
        if not replay:
            return document.write_pdf(**options)
        with memo_compression(True), replayed_pages():
            return document.write_pdf(**options)


def test_kept_pages_are_replayed_with_the_bytes_of_painting_them(fonts, painted: list[int], tmp_path: Path) -> None:
    old = pages(fonts, "<p>Figure 17 <span class=faint>rose</span></p>", "<p>Total 17 <span class=faint>kept</span></p>")
    painted.append(0)
    write(old, tmp_path, replay=True)                       # the first write paints and records both
    new = pages(fonts, "<p>Figure 71 <span class=faint>rose</span></p>", "<p>unused</p>")
    merged = old.copy([new.pages[0], old.pages[1]])
    painted.append(0)
    data = write(merged, tmp_path, replay=True)
    assert painted[-1] == 1                                # only the new page
    painted.append(0)
    assert data == write(merged, tmp_path, replay=False)
    assert painted[-1] == 2


def test_a_glyph_only_a_changed_page_registered_is_not_taken_for_granted(fonts, painted: list[int], tmp_path: Path) -> None:
    """The kept page drew "7" and "Q", which the first page had registered first: with the first page
    now without them, replaying the kept page would leave them out of the font's widths and ToUnicode map."""
    old = pages(fonts, "<p>7 Q</p>", "<p>Q 7 left</p>")
    painted.append(0)
    write(old, tmp_path, replay=True)
    new = pages(fonts, "<p>8 R</p>", "<p>unused</p>")
    merged = old.copy([new.pages[0], old.pages[1]])
    painted.append(0)
    data = write(merged, tmp_path, replay=True)
    assert painted[-1] == 2                                # the kept page had to be painted
    assert data == write(merged, tmp_path, replay=False)


def test_resources_numbered_after_a_changed_page_are_not_replayed_with_stale_names(fonts, painted: list[int], tmp_path: Path) -> None:
    """Transparency groups are named by a counter (x0, x1, …): a changed page with one more group
    moves the names the kept page's content stream would use."""
    old = pages(fonts, "<p class=faint>a</p>", "<p class=faint>b</p>")
    painted.append(0)
    write(old, tmp_path, replay=True)
    new = pages(fonts, "<p class=faint>a</p><p class=faint>c</p>", "<p>unused</p>")
    merged = old.copy([new.pages[0], old.pages[1]])
    painted.append(0)
    data = write(merged, tmp_path, replay=True)
    assert painted[-1] == 2
    assert data == write(merged, tmp_path, replay=False)
