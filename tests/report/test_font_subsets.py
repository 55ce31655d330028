"""Fonts are cut by HarfBuzz (to the document, then to the glyphs drawn), the cuts are reused across
builds, and neither the cut nor its reuse changes what the PDF shows or a byte of a rebuild."""
from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest
from pdfcheck import embedded_fonts, page_texts

from infra import atomic, cache_files
from model.briefing import Briefing
from report import build_pdf, font_subsets


@pytest.fixture(autouse=True)
def _empty_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_subsets, "_memory", {})


def _no_cutting(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("cut_to_characters", "cut_to_glyphs"):
        monkeypatch.setattr(font_subsets, name, lambda *a, **k: pytest.fail("a cached font cut was cut again"))


def test_a_second_build_reuses_the_subsets_and_gives_the_same_bytes(mini_briefing: Briefing, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first = build_pdf(mini_briefing, cache_dir=tmp_path).data
    cut = sorted((tmp_path / "fonts").glob("*.ttf"))
    assert len(cut) == 4                                   # regular and bold, each cut to the document and to its glyphs
    font_subsets._memory.clear()                           # a new process: only the disk cache is left
    with monkeypatch.context() as m:
        _no_cutting(m)
        assert build_pdf(mini_briefing, cache_dir=tmp_path).data == first
        assert build_pdf(mini_briefing, cache_dir=tmp_path).data == first      # from memory (watch)
    font_subsets._memory.clear()
    assert build_pdf(mini_briefing, cache_dir=tmp_path / "elsewhere").data == first   # a fresh cut, same bytes
    assert len(list((tmp_path / "elsewhere" / "fonts").glob("*.ttf"))) == 4


def test_a_damaged_subset_on_disk_is_not_served(tmp_path: Path) -> None:
    font_subsets._store(tmp_path, "k", b"the subset's bytes")
    font_subsets._memory.clear()
    assert font_subsets._read(tmp_path, "k") == b"the subset's bytes"
    (path,) = tmp_path.glob("k.*.ttf")
    path.write_bytes(b"the subset's by")                         # truncated under the same name
    font_subsets._memory.clear()
    assert font_subsets._read(tmp_path, "k") is None and not path.exists()     # so the subset is cut again


def test_a_damaged_deck_font_subset_is_cut_again(tmp_path: Path) -> None:
    from slides.fonts import cached_subset

    font = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "NotoSansSC-Regular.ttf"
    first = cached_subset(font, {"贵", "阳"}, tmp_path)
    (cached,) = tmp_path.glob("*.ttf")
    cached.write_bytes(first[:100])                              # truncated under the same name
    assert cached_subset(font, {"贵", "阳"}, tmp_path) == first


def test_a_new_character_cuts_a_new_subset(mini_briefing: Briefing, tmp_path: Path) -> None:
    build_pdf(mini_briefing, cache_dir=tmp_path)
    before = set((tmp_path / "fonts").glob("*.ttf"))
    doc = dataclasses.replace(mini_briefing.document, subtitle=mini_briefing.document.subtitle + "鑫")
    changed = dataclasses.replace(mini_briefing, document=doc)
    data = build_pdf(changed, cache_dir=tmp_path).data
    assert len(set((tmp_path / "fonts").glob("*.ttf")) - before) >= 1
    font_subsets._memory.clear()
    assert data == build_pdf(changed, cache_dir=tmp_path / "fresh").data     # a stale subset would lack 鑫's glyph


def test_the_key_covers_what_changes_the_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    font = b"font bytes"
    key = font_subsets.subset_key(font, 0, {1: "a", 2: "b"}, False, False)
    assert key == font_subsets.subset_key(font, 0, {2: "x", 1: "y"}, False, False)   # glyph ids, not text
    others = [font_subsets.subset_key(b"other font", 0, {1: "a", 2: "b"}, False, False),
              font_subsets.subset_key(font, 1, {1: "a", 2: "b"}, False, False),
              font_subsets.subset_key(font, 0, {1: "a", 3: "b"}, False, False),
              font_subsets.subset_key(font, 0, {1: "a", 2: "b"}, True, False),
              font_subsets.subset_key(font, 0, {1: "a", 2: "b"}, False, True)]
    monkeypatch.setattr(font_subsets, "cutter", lambda: "uharfbuzz 0.0.1 / HarfBuzz 1.0.0")   # another cutter
    others.append(font_subsets.subset_key(font, 0, {1: "a", 2: "b"}, False, False))
    assert len({key, *others}) == len(others) + 1


def test_the_disk_cache_keeps_only_the_newest(tmp_path: Path) -> None:
    for n in range(font_subsets.KEEP_ON_DISK + 3):
        font_subsets._store(tmp_path, f"{n:02d}", b"x")
        path, _ = cache_files.lookup(tmp_path, f"{n:02d}", ".ttf")
        os.utime(path, (1000 + n, 1000 + n))     # written in this order
    kept = sorted(p.name.split(".")[0] for p in tmp_path.glob("*.ttf"))
    assert len(kept) == font_subsets.KEEP_ON_DISK and kept[-1] == f"{font_subsets.KEEP_ON_DISK + 2:02d}"


def test_weasyprint_is_left_as_it_was(mini_briefing: Briefing, tmp_path: Path) -> None:
    from weasyprint.pdf.fonts import Font

    before = Font.subset
    build_pdf(mini_briefing, cache_dir=tmp_path)
    assert Font.subset is before


def test_an_unwritable_cache_only_costs_time(mini_briefing: Briefing, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    expected = build_pdf(mini_briefing, cache_dir=tmp_path / "ok").data
    font_subsets._memory.clear()

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "write_atomic", disk_full)          # what font_subsets' cache write calls
    assert build_pdf(mini_briefing, cache_dir=tmp_path / "full").data == expected


def test_a_cold_build_never_cuts_with_fonttools_and_embeds_only_the_bundled_font(
        mini_briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pikepdf
    from fontTools import subset

    monkeypatch.setattr(subset.Subsetter, "subset", lambda *a: pytest.fail("fontTools cut a font (~1 s)"))
    data = build_pdf(mini_briefing, cache_dir=tmp_path).data
    assert {name.split("+", 1)[1] for name in embedded_fonts(data)} == {"Noto-Sans-SC", "Noto-Sans-SC-Bold"}
    pdf = pikepdf.open(io.BytesIO(data))
    whole = {len(p.read_bytes()) for p in (mini_briefing.theme.font_regular, mini_briefing.theme.font_bold)}
    embedded = [len(o.FontFile2.read_bytes()) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and "/FontFile2" in o]
    assert len(embedded) == 2 and max(embedded) < min(whole) / 10


def test_the_document_cut_keeps_every_character_the_sources_can_show() -> None:
    chars = font_subsets.document_characters("<p title=\"题\">正文&#x946B;</p>", 'a::after { content: "\\5F20 页" }')
    assert {"题", "正", "文", "鑫", "张", "页"} <= chars                   # text, attributes, HTML and CSS escapes
    assert {"•", "“", "”", "0", "9"} <= chars                               # list markers, quotes, counters
    assert not chars & set("\n\t")


def test_a_character_the_document_cut_missed_falls_back_to_the_whole_fonts(
        mini_briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import report

    expected = build_pdf(mini_briefing, cache_dir=tmp_path / "ok").data
    real = report.document_fonts
    monkeypatch.setattr(report, "document_fonts",         # a cut that misses the list marker and the digits
                        lambda theme, texts, folder: real(theme, tuple(t.translate({ord(c): None for c in "•0123456789"})
                                                                       for t in texts), folder))
    monkeypatch.setattr(font_subsets, "_GENERATED", set())
    from report import pdf

    faces: list[str] = []
    render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda *a, **k: faces.append(k["faces"]) or render(*a, **k))
    fallback = build_pdf(mini_briefing, cache_dir=tmp_path / "missed").data
    assert len(faces) == 2 and faces[0] and not faces[1]  # the cut failed the glyph check; the whole fonts did not
    assert page_texts(fallback) == page_texts(expected)


def test_the_glyph_cut_has_the_bounds_fonttools_would_give(mini_briefing: Briefing) -> None:
    from fontTools.ttLib import TTFont

    from infra.font_cut import cut_to_glyphs

    data = mini_briefing.theme.font_bold.read_bytes()
    cut_bytes = cut_to_glyphs(data, 0, [1, 500, 20000], hinting=False, notdef_outline=False)
    cut = TTFont(io.BytesIO(cut_bytes))
    again = TTFont(io.BytesIO(cut_bytes))          # fontTools recomputes the bounds when it saves a loaded glyf
    again["glyf"], again["hmtx"]
    saved = io.BytesIO()
    again.save(saved)
    recalculated = TTFont(saved)
    head = ("xMin", "yMin", "xMax", "yMax")
    hhea = ("advanceWidthMax", "minLeftSideBearing", "minRightSideBearing", "xMaxExtent")
    assert [getattr(cut["head"], k) for k in head] == [getattr(recalculated["head"], k) for k in head]
    assert [getattr(cut["hhea"], k) for k in hhea] == [getattr(recalculated["hhea"], k) for k in hhea]
    assert cut["head"].xMax < TTFont(io.BytesIO(data))["head"].xMax      # tight, not the whole font's box
