"""The deck rebuilt after one figure changed (what --watch does, with the build cache of the last build)
is the deck a fresh build of the changed inputs gives, and shows the new figure everywhere."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import project_inputs

from model.loader import load

OLD, NEW = "162.31", "171.46"          # parks_invest_2016: a result card, chart “parks”, the derived plan, notes


def _change(project: Path) -> None:
    data = project / "figures.csv"
    text = data.read_text(encoding="utf-8")
    assert text.count(f",{OLD},") == 1
    data.write_text(text.replace(f",{OLD},", f",{NEW},"), encoding="utf-8")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("mode", ["summary", "full"])
def test_a_rebuild_after_one_figure_changed_is_byte_identical_to_a_fresh_build(mini: Path, tmp_path: Path, mode: str) -> None:
    from slides import build_deck

    cache = tmp_path / "cache"
    first = build_deck(load(project_inputs(mini)), cache_dir=cache, mode=mode)
    _change(mini)
    changed = load(project_inputs(mini))
    rebuilt = build_deck(changed, cache_dir=cache, mode=mode)       # the last build's caches in place
    again = build_deck(changed, cache_dir=cache, mode=mode)         # everything from the caches
    fresh = build_deck(changed, cache_dir=tmp_path / "empty", mode=mode)
    assert rebuilt.data == fresh.data == again.data
    assert rebuilt.data != first.data
    assert rebuilt.where == fresh.where


def test_the_changed_figure_is_in_the_rebuilt_deck_not_a_stale_slide(mini: Path, tmp_path: Path) -> None:
    from slides import build_deck

    cache = tmp_path / "cache"
    build_deck(load(project_inputs(mini)), cache_dir=cache)
    _change(mini)
    members = _members(build_deck(load(project_inputs(mini)), cache_dir=cache).data)

    def holding(value: str) -> set[str]:
        found = {name.rsplit("/", 1)[0] for name, blob in members.items() if value.encode() in blob}
        for name, blob in members.items():                          # the chart's embedded workbook
            if name.endswith(".xlsx") and any(value.encode() in b for b in _members(blob).values()):
                found.add("workbook")
        return found

    assert holding(NEW) >= {"ppt/slides", "ppt/notesSlides", "ppt/charts", "workbook"}
    assert holding(OLD) == {"ppt/notesSlides"}            # only where the notes quote the article and mark the update
    notes = b"".join(blob for name, blob in members.items() if name.startswith("ppt/notesSlides/")).decode()
    quoted, marked = notes.count(f"原文作“完成投资{OLD}亿元”"), notes.count(f"（更新值；原文为{OLD}亿元）")
    assert notes.count(OLD) == quoted + marked and quoted == marked > 0
    plan = f"{float(NEW) / 169.07 * 100:.2f}"        # the derived plan follows (parks_invest_pct_2016 is 169.07)
    assert {"ppt/charts", "ppt/slides"} <= holding(plan)


def test_chart_parts_come_from_the_cache_a_damaged_one_is_made_again_and_force_empties_it(mini_briefing, tmp_path: Path,
                                                                                          monkeypatch) -> None:
    import slides
    from slides import build_deck, chart_parts

    cache = tmp_path / "cache"
    fresh = build_deck(mini_briefing, cache_dir=cache).data
    kept = sorted((cache / "deck-charts").glob("*.chart"))
    assert len(kept) == len(mini_briefing.charts) >= 1
    made: list[str] = []
    monkeypatch.setattr(chart_parts, "add_chart", lambda slide, spec, *a: made.append(spec.id) or slides.charts.add_chart(slide, spec, *a))

    def rebuilt() -> bytes:
        shutil.rmtree(cache / "deck-slides")                   # the kept slides would bring their charts along
        return build_deck(mini_briefing, cache_dir=cache).data

    assert rebuilt() == fresh and made == []                                                  # every chart from the cache
    kept[0].write_bytes(kept[0].read_bytes().replace(b"<c:", b"<x:", 1))                      # damaged on disk
    assert rebuilt() == fresh and len(made) == 1                                              # made again, not embedded
    assert sorted((cache / "deck-charts").glob("*.chart")) == kept
    slides.forget_caches(cache)                                                               # --force
    assert not any((cache / name).exists() for name in ("deck-charts", "deck-fonts", "deck-slides"))


def test_after_a_change_only_the_slide_types_given_the_figure_are_made_again(mini: Path, tmp_path: Path, monkeypatch) -> None:
    from slides import build_deck, slide_memo

    cache = tmp_path / "cache"
    build_deck(load(project_inputs(mini)), cache_dir=cache)
    _change(mini)
    changed = load(project_inputs(mini))
    made, replayed = [], []
    direct, replay = slide_memo._direct, slide_memo._replay
    monkeypatch.setattr(slide_memo, "_direct", lambda deck, method, *a: (deck.memo_depth or made.append(method.__name__),
                                                                          direct(deck, method, *a))[1])
    monkeypatch.setattr(slide_memo, "_replay", lambda deck, header, blobs: (replayed.append(len(header["slides"])),
                                                                             replay(deck, header, blobs))[1])
    rebuilt = build_deck(changed, cache_dir=cache)
    calls = len(made) + len(replayed)
    # parks_invest_2016 is in stage s5 (its section, cards, chart) and the briefing-wide slides; s4's are kept
    assert "chart" in made and "cards" in made and "title_slide" in made
    assert len(replayed) >= 3 and sum(replayed) >= 3
    assert rebuilt.data == build_deck(changed, cache_dir=tmp_path / "fresh").data
    made.clear()
    replayed.clear()
    damaged = sorted((cache / "deck-slides").glob("*.slides"))
    for path in damaged:
        path.write_bytes(path.read_bytes()[:-1] + b"?")                                  # every kept slide damaged
    assert build_deck(changed, cache_dir=cache).data == rebuilt.data
    assert replayed == [] and len(made) == calls                                      # all made again, none replayed


def test_through_the_pipeline_a_rebuild_after_a_change_gives_the_forced_fresh_build(mini: Path, tmp_path: Path) -> None:
    from app.cli import main

    def generate(out: Path, *extra: str) -> bytes:
        assert main(["--quiet", "--only", "pptx", "--out", str(out), "--outline", str(mini / "outline.yaml"), *extra], "") == 0
        return (out / "briefing.pptx").read_bytes()

    first = generate(tmp_path / "out")
    _change(mini)
    rebuilt = generate(tmp_path / "out")                          # the last build's cache and manifest in place
    assert rebuilt != first
    assert rebuilt == generate(tmp_path / "fresh", "--force")
    assert (tmp_path / "out" / ".cache" / "deck-charts").is_dir()


def test_the_shipped_deck_from_kept_slides_is_the_deck_made_without_a_cache(shipped_briefing, shipped_rendered,
                                                                             tmp_path: Path) -> None:
    from slides import build_deck

    made = build_deck(shipped_briefing, cache_dir=tmp_path)                # every slide type made and kept
    kept = build_deck(shipped_briefing, cache_dir=tmp_path)                # every slide type from the cache
    assert made.data == kept.data == shipped_rendered.data
    assert kept.where == shipped_rendered.where and kept.steps == shipped_rendered.steps
    assert len(list((tmp_path / "deck-slides").glob("*.slides"))) >= 30
