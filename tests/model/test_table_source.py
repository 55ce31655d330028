"""Excel must be able to open and save the data file: UTF-8, UTF-8 with BOM, GB18030 and .xlsx load identically."""
import codecs
from pathlib import Path

import pytest

from model.errors import InputError
from model.loader import load_figure_rows
from tests.conftest import ASSETS, to_xlsx


def rows_of(path: Path) -> list[tuple]:
    _, rows = load_figure_rows(path)
    return [tuple(fig.model_dump().values()) for fig, _ in rows]


@pytest.fixture(scope="module")
def reference() -> list[tuple]:
    return rows_of(ASSETS / "figures.csv")


def test_gb18030_loads_identically(tmp_path: Path, reference: list[tuple]) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes((ASSETS / "figures.csv").read_text(encoding="utf-8").encode("gb18030"))
    assert rows_of(path) == reference


def test_utf8_bom_loads_identically(tmp_path: Path, reference: list[tuple]) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes(codecs.BOM_UTF8 + (ASSETS / "figures.csv").read_bytes())
    assert rows_of(path) == reference


def test_crlf_line_endings_load_identically(tmp_path: Path, reference: list[tuple]) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes((ASSETS / "figures.csv").read_bytes().replace(b"\n", b"\r\n"))
    assert rows_of(path) == reference


def test_xlsx_loads_identically(tmp_path: Path, reference: list[tuple]) -> None:
    path = tmp_path / "figures.xlsx"
    to_xlsx(ASSETS / "figures.csv", path)
    assert rows_of(path) == reference


def test_xlsx_errors_name_sheet_and_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "figures.xlsx"
    to_xlsx(ASSETS / "figures.csv", path)
    book = load_workbook(path)
    book["figures"]["D5"] = "=D4*2"
    book["figures"].merge_cells("C10:C11")
    book.save(path)
    with pytest.raises(InputError) as info:
        load_figure_rows(path)
    text = str(info.value)
    assert "cell figures!D5 (column `value`, row of `" in text and "formula" in text
    assert "C10:C11" in text and "Unmerge" in text
