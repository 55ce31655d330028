"""model.loader keeps the last outline parsed (a --watch save usually changes only the figures): the same
text is not parsed again and gives the same briefing; any change to it, or an invalid one, is parsed."""
from __future__ import annotations

from pathlib import Path

import pytest

import model.loader
from model.errors import InputError
from model.loader import load
from tests.conftest import project_inputs


def test_an_unchanged_outline_is_not_parsed_again_and_a_changed_one_is(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    real = model.loader.load_yaml
    monkeypatch.setattr(model.loader, "load_yaml", lambda path, *a: parsed.append(path) or real(path, *a))
    model.loader._last_outline.clear()
    inputs = project_inputs(mini)
    first = load(inputs)
    again = load(inputs)
    assert parsed.count(inputs.outline) == 1
    assert again == first

    outline = inputs.outline
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace("达{rural_income_2015}", "达到{rural_income_2015}"), encoding="utf-8")
    changed = load(inputs)
    assert parsed.count(inputs.outline) == 2 and changed != first

    outline.write_text(text.replace("达{rural_income_2015}", "达12001元"), encoding="utf-8")   # a typed number: refused
    with pytest.raises(InputError, match="12001"):
        load(inputs)
    outline.write_text(text.replace("达{rural_income_2015}", "达到{rural_income_2015}"), encoding="utf-8")
    assert load(inputs) == changed
