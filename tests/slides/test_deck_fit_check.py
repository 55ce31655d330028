"""``--check`` lays the deck out (issue 12): a text the deck cannot fit is an input error naming the file,
the line and the field it came from, found without writing anything."""
from __future__ import annotations

from pathlib import Path

import pytest

import slides.frames
from model.errors import InputError
from model.loader import load
from slides import check_deck
from tests.conftest import project_inputs


def test_a_title_that_does_not_fit_names_its_field(mini: Path, monkeypatch) -> None:
    briefing = load(project_inputs(mini))
    monkeypatch.setattr(slides.frames, "MIN_TITLE_PT", 200)         # no title fits: the message must say whose
    with pytest.raises(InputError) as caught:
        check_deck(briefing)
    problem = caught.value.problems[0]
    assert problem.file.endswith("outline.yaml"), problem
    assert problem.where.startswith("line ") and "field `" in problem.where, problem


def test_check_runs_the_deck_fit(mini: Path, capsys, monkeypatch) -> None:
    from app.cli import main

    monkeypatch.setattr(slides.frames, "MIN_TITLE_PT", 200)
    code = main(["--check", "--outline", str(mini / "outline.yaml"), "--data", str(mini / "figures.csv"),
                 "--theme", str(mini / "theme.yaml")], "")
    output = "".join(capsys.readouterr())
    assert code == 2 and "outline.yaml, line" in output and "does not fit" in output, output
