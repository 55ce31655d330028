"""The registry (app/builders.py) is the one place that knows the outputs: a third output is a
package with the builder interface plus one registry entry, and --only, the file written, the
manifest, "up to date" and --check follow without any other change."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import builders
from app.builders import BUILDERS, Builder
from model.errors import InputError, Problem
from tests.app.test_pipeline import build

HANDOUT = '''
from infra.rendered import Rendered

def build(briefing, options, cache_dir):
    return Rendered(("handout: " + briefing.document.title).encode(), {}, ())

def warm_up(theme=None):
    pass

def forget_caches(cache_dir):
    pass

def check(briefing, options):
    return "the handout fits"
'''


def test_every_registered_builder_implements_the_interface() -> None:
    for builder in BUILDERS:
        module = builder.module
        for name in ("build", "warm_up", "forget_caches", *(("prepare",) if builder.prepare_step else ())):
            assert callable(getattr(module, name, None)), f"{builder.package}.{name}"
    assert len({b.output for b in BUILDERS}) == len({b.name for b in BUILDERS}) == len(BUILDERS)


def test_a_third_output_is_one_package_and_one_registry_entry(mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pkgs" / "handout_builder"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(HANDOUT, encoding="utf-8")
    monkeypatch.syspath_prepend(str(package.parent))
    monkeypatch.delitem(sys.modules, "handout_builder", raising=False)
    registry = (*BUILDERS, Builder("handout", "handout.txt", "handout ", "handout_builder", ()))
    monkeypatch.setattr(builders, "BUILDERS", registry)
    monkeypatch.setattr(builders, "BY_NAME", {b.name: b for b in registry})
    monkeypatch.setattr(builders, "NAMES", tuple(b.name for b in registry))

    out = tmp_path / "out"
    code, console = build(capsys, mini, out, "--only", "handout")
    assert code == 0, console
    assert (out / "handout.txt").read_bytes().startswith(b"handout: ")
    assert not (out / "briefing.pdf").exists() and not (out / "briefing.pptx").exists()
    code, console = build(capsys, mini, out, "--only", "handout")
    assert code == 0 and console.startswith("up to date") and "handout.txt" in console, console
    code, console = build(capsys, mini, out, "--check")                # its check runs beside the deck's
    assert code == 0 and "the deck fits, the handout fits" in console, console

    def refuse(briefing, options):
        raise InputError(Problem("outline.yaml", "stages", "a handout holds one stage", "keep one stage"))

    monkeypatch.setattr(sys.modules["handout_builder"], "check", refuse)
    code, console = build(capsys, mini, out, "--check")
    assert code == 2 and "a handout holds one stage" in console, console
