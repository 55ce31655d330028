"""Property-based tests: whatever the files hold, the loaders answer with their own error or a model.

Anything else escaping (KeyError, UnicodeError, a pydantic or YAML exception)
would reach the user as a traceback.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.errors import InputError
from model.loader import load, load_figure_rows
from model.schema import parse_value
from tests.conftest import FIXTURES, copy_project, project_inputs

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MINI_CSV = (FIXTURES / "mini" / "figures.csv").read_text(encoding="utf-8")
MINI_YAML = (FIXTURES / "mini" / "outline.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project("mini", tmp_path_factory.mktemp("fuzz") / "mini")


def outcome(call) -> str:
    try:
        call()
        return "ok"
    except InputError as exc:
        assert exc.problems and all(p.file and p.message for p in exc.problems)
        return "error"


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_as_csv(project: Path, data: bytes) -> None:
    (project / "figures.csv").write_bytes(data)
    outcome(lambda: load_figure_rows(project / "figures.csv"))


@FUZZ
@given(st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=10), max_size=6))
def test_any_table_after_the_header(project: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "stage", "label", "value", "unit", "approx", "period", "source"])
    writer.writerows(rows)
    (project / "figures.csv").write_text(buffer.getvalue(), encoding="utf-8")
    outcome(lambda: load_figure_rows(project / "figures.csv"))


@FUZZ
@given(st.integers(min_value=0, max_value=len(MINI_YAML) - 1), st.text(max_size=8))
def test_outline_with_random_edit(project: Path, position: int, insert: str) -> None:
    (project / "figures.csv").write_text(MINI_CSV, encoding="utf-8")
    (project / "outline.yaml").write_text(MINI_YAML[:position] + insert + MINI_YAML[position + len(insert):], encoding="utf-8")
    outcome(lambda: load(project_inputs(project)))


@FUZZ
@given(st.integers(min_value=0, max_value=len(MINI_CSV) - 1), st.text(max_size=6))
def test_figures_with_random_edit(project: Path, position: int, insert: str) -> None:
    (project / "outline.yaml").write_text(MINI_YAML, encoding="utf-8")
    (project / "figures.csv").write_text(MINI_CSV[:position] + insert + MINI_CSV[position:], encoding="utf-8")
    outcome(lambda: load(project_inputs(project)))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_value_parser_accepts_numbers_or_explains(text: str) -> None:
    try:
        value = parse_value(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert value.is_finite() and value >= 0
