"""app.render's two-process build: the forked child's steps are reported when they end, and a child that
fails or dies is an error in the parent, never a hang.  The builders are stubbed (the scheduler is what is
tested; the real builders are exercised by test_pipeline.py)."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import MappingProxyType

import pytest

import report
import slides
from app.render import early_child, render_outputs
from infra.rendered import Rendered
from model.errors import InputError, Problem
from model.options import BuildOptions


class Recorder:
    """A progress reporter that notes each finished step; ``deck_done`` is set when the deck's is."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.deck_done = threading.Event()

    def start(self, *steps: str) -> None:
        pass

    def done(self, line: str) -> None:
        self.lines.append(line)
        if line.startswith("pptx "):
            self.deck_done.set()


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setattr(report, "prepare", lambda briefing, cache: "charts 0.00s (0 cached)")
    monkeypatch.setattr(report, "warm_up", lambda theme=None: None)
    monkeypatch.setattr(report, "preload", lambda: None)
    monkeypatch.setattr(report, "build", lambda briefing, options, cache: Rendered(b"%PDF"))
    monkeypatch.setattr(slides, "build", lambda briefing, options, cache: Rendered(b"PK deck"))
    return monkeypatch


def run(tmp_path: Path, progress: Recorder | None = None) -> dict:
    return render_outputs(["pdf", "pptx"], None, BuildOptions(out=tmp_path), tmp_path, progress)  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the two-process build needs os.fork")
def test_the_decks_step_is_reported_when_it_ends_not_when_the_pdf_is_done(stubbed, tmp_path: Path) -> None:
    progress = Recorder()

    def slow_pdf(briefing, options, cache) -> Rendered:
        # the PDF goes on rendering until the deck (built in the child meanwhile) has been reported
        assert progress.deck_done.wait(20), "the deck's step was not reported while the PDF was rendering"
        return Rendered(b"%PDF")

    stubbed.setattr(report, "build", slow_pdf)
    results = run(tmp_path, progress)
    assert [line.split()[0] for line in progress.lines] == ["charts", "pptx", "pdf"]
    assert results["pdf"][0].data == b"%PDF" and results["pptx"][0].data == b"PK deck"
    assert [s.split()[0] for s in results["pptx"][1]] == ["charts", "pptx"]     # the child's steps go with the deck
    assert [s.split()[0] for s in results["pdf"][1]] == ["pdf"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the two-process build needs os.fork")
def test_an_input_error_in_the_child_is_raised_in_the_parent(stubbed, tmp_path: Path) -> None:
    def bad_deck(briefing, options, cache) -> Rendered:
        raise InputError(Problem("template.pptx", "layout 'Title'", "missing", "add the layout"))

    stubbed.setattr(slides, "build", bad_deck)
    with pytest.raises(InputError, match="missing"):
        run(tmp_path)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the two-process build needs os.fork")
def test_a_child_that_dies_is_an_error_not_a_hang(stubbed, tmp_path: Path) -> None:
    stubbed.setattr(slides, "build", lambda briefing, options, cache: os._exit(3))
    with pytest.raises(RuntimeError, match="ended without a result"):
        run(tmp_path)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the two-process build needs os.fork")
def test_the_early_child_is_sent_the_model_loaded_after_it_was_forked(stubbed, tmp_path: Path) -> None:
    options = BuildOptions(out=tmp_path)
    stubbed.setattr(slides, "build", lambda briefing, options, cache: Rendered(repr(sorted(briefing["places"].items())).encode()))
    with early_child(["pdf", "pptx"], options, tmp_path) as early:
        assert early is not None
        model = {"places": MappingProxyType({"a": "p. 1"})}          # built after the fork; read-only mappings as the model has
        results = render_outputs(["pdf", "pptx"], model, options, tmp_path, None, early)  # type: ignore[arg-type]
    assert results["pptx"][0].data == b"[('a', 'p. 1')]"
    assert [s.split()[0] for s in results["pptx"][1]] == ["charts", "pptx"]
    with pytest.raises(ChildProcessError):
        os.waitpid(early.pid, os.WNOHANG)                              # reaped


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the two-process build needs os.fork")
def test_a_failed_load_ends_the_early_child_at_once(stubbed, tmp_path: Path) -> None:
    stubbed.setattr(report, "preload", lambda: time.sleep(60))   # still importing when the load fails
    started = time.perf_counter()
    with pytest.raises(InputError), early_child(["pdf", "pptx"], BuildOptions(out=tmp_path), tmp_path) as early:
        raise InputError(Problem("outline.yaml", "line 3", "bad", "fix it"))
    assert time.perf_counter() - started < 20
    with pytest.raises(ChildProcessError):
        os.waitpid(early.pid, os.WNOHANG)


def test_no_early_child_for_watch_or_one_output(tmp_path: Path) -> None:
    with early_child(["pdf", "pptx"], BuildOptions(out=tmp_path, watch=True), tmp_path) as early:
        assert early is None
    with early_child(["pdf"], BuildOptions(out=tmp_path), tmp_path) as early:
        assert early is None
