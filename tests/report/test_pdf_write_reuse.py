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


def first_page_changed(fonts, painted: list[int], cache: Path, old: tuple[str, str], new_first: str) -> tuple[bytes, int, bytes]:
    """Write ``old`` (its pages painted and recorded), then its second page behind a new first page:
    the second write's bytes, how many pages it painted, and the bytes of painting both."""
    document = pages(fonts, *old)
    painted.append(0)
    write(document, cache, replay=True)
    merged = document.copy([pages(fonts, new_first, "<p>unused</p>").pages[0], document.pages[1]])
    painted.append(0)
    data = write(merged, cache, replay=True)
    count = painted[-1]
    return data, count, write(merged, cache, replay=False)


def test_kept_pages_are_replayed_with_the_bytes_of_painting_them(fonts, painted: list[int], tmp_path: Path) -> None:
    data, count, whole = first_page_changed(fonts, painted, tmp_path, ("<p>Figure 17 <span class=faint>rose</span></p>",
                                            "<p>Total 17 <span class=faint>kept</span></p>"),
                                            "<p>Figure 71 <span class=faint>rose</span></p>")
    assert count == 1                                      # only the new page
    assert data == whole


def test_a_glyph_only_a_changed_page_registered_is_not_taken_for_granted(fonts, painted: list[int], tmp_path: Path) -> None:
    """The kept page drew "7" and "Q", which the first page had registered first: with the first page
    now without them, replaying the kept page would leave them out of the font's widths and ToUnicode map."""
    data, count, whole = first_page_changed(fonts, painted, tmp_path, ("<p>7 Q</p>", "<p>Q 7 left</p>"), "<p>8 R</p>")
    assert count == 2                                      # the kept page had to be painted
    assert data == whole


def test_resources_numbered_after_a_changed_page_are_not_replayed_with_stale_names(fonts, painted: list[int], tmp_path: Path) -> None:
    """Transparency groups are named by a counter (x0, x1, …): a changed page with one more group
    moves the names the kept page's content stream would use."""
    data, count, whole = first_page_changed(fonts, painted, tmp_path, ("<p class=faint>a</p>", "<p class=faint>b</p>"),
                                            "<p class=faint>a</p><p class=faint>c</p>")
    assert count == 2
    assert data == whole
