"""Font subsets are reused across builds, and reuse never changes a byte of the PDF."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from infra import atomic, cache_files
from model.briefing import Briefing
from report import build_pdf, font_subsets


@pytest.fixture(autouse=True)
def _empty_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_subsets, "_memory", {})


def _no_fonttools(monkeypatch: pytest.MonkeyPatch) -> None:
    from fontTools import subset

    monkeypatch.setattr(subset.Subsetter, "subset", lambda *a: pytest.fail("a cached font subset was cut again"))


def test_a_second_build_reuses_the_subsets_and_gives_the_same_bytes(mini_briefing: Briefing, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first = build_pdf(mini_briefing, cache_dir=tmp_path).data
    cut = sorted((tmp_path / "fonts").glob("*.ttf"))
    assert len(cut) == 2                                   # regular and bold, each cut once
    font_subsets._memory.clear()                           # a new process: only the disk cache is left
    with monkeypatch.context() as m:
        _no_fonttools(m)
        assert build_pdf(mini_briefing, cache_dir=tmp_path).data == first
        assert build_pdf(mini_briefing, cache_dir=tmp_path).data == first      # from memory (watch)
    font_subsets._memory.clear()
    assert build_pdf(mini_briefing, cache_dir=tmp_path / "elsewhere").data == first   # a fresh cut, same bytes
    assert len(list((tmp_path / "elsewhere" / "fonts").glob("*.ttf"))) == 2


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
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1529971200")        # fontTools stamps head.modified with it
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
