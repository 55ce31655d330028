"""Updating figures the way offices do it (issue 11): no path publishes a wrong number with exit 0.

Each case runs on a copy of the mini fixture and either builds with the right number or exits 2
naming the file, the place and the fix.  Builds that only need the record of a last good build
use ``--only pptx`` (about a second); the model is checked directly where no output is needed.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from app import cli, setup_check
from app.pipeline import Manifest, plan
from app.progress import Progress
from model.errors import InputError, SetupError
from model.inputs import Inputs
from model.loader import load, load_figure_rows
from tests.app.test_pipeline import Watcher, build
from tests.conftest import ROOT, project_inputs, set_value, to_xlsx


def value_cell(book, fid: str):  # the openpyxl cell holding fid's value
    sheet = book["figures"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == fid)
    return row[3]


def formatted(fid: str, value: object, number_format: str):
    def change(book) -> None:
        cell = value_cell(book, fid)
        cell.value, cell.number_format = value, number_format
    return change


def add_column(csv_path: Path, column: str, values: dict[str, str]) -> None:
    """An optional column appended to the figures CSV, filled for the figures in ``values``."""
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    rows = [line + "," + values.get(line.split(",", 1)[0], "") for line in lines[1:]]
    csv_path.write_text("\n".join([f"{lines[0]},{column}", *rows]) + "\n", encoding="utf-8")


def problems_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_figure_rows(path)
    return str(info.value)


def notes_text(pptx: Path) -> str:
    return "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(pptx)).slides)


# ---------------------------------------------------------------- Excel number formats

def test_percent_formatted_cell_is_read_as_excel_shows_it(mini: Path) -> None:
    xlsx = to_xlsx(mini / "figures.csv", mini / "figures.xlsx", change=formatted("parks_invest_pct_2016", 1.6907, "0.00%"))
    briefing = load(project_inputs(mini)._replace(data=xlsx))
    assert briefing.figures["parks_invest_pct_2016"].text == "169.07%"          # not 1.6907%
    assert briefing.figures["parks_invest_plan_2016"].text == "96.00亿元"        # and the derived figure follows


@pytest.mark.parametrize("fid, value, number_format, expected", [
    ("poor_reduced_2015", 0.3835, "0.00%", "formatted as a percentage (`0.00%`) but the figure's unit is `万人`"),
    ("rural_income_2015", 12001000, "#,##0,", "divides the shown number by 1000"),
    ("rural_income_2015", 12001, '0!.0000"万"', "shows the number in another scale"),
    ("parks_invest_2016", 162.31, '0.00"万"', "shows the number in another scale"),
])
def test_formats_that_change_the_number_are_refused_naming_the_cell(mini: Path, fid: str, value: object,
                                                                     number_format: str, expected: str) -> None:
    xlsx = to_xlsx(mini / "figures.csv", mini / "figures.xlsx", change=formatted(fid, value, number_format))
    text = problems_of(xlsx)
    assert "figures.xlsx" in text and f"column `value`, row of `{fid}`)" in text and re.search(r"cell figures!D\d+ ", text)
    assert expected in text and "Number Format" in text


# ---------------------------------------------------------------- float artefacts and precision

def test_a_float_artefact_is_rounded_to_the_sources_precision(mini: Path) -> None:
    xlsx = to_xlsx(mini / "figures.csv", mini / "figures.xlsx", stored={"poor_reduced_2015": "38.349999999999994",
                                                                         "parks_invest_2016": "162.31000000000003"})
    _, rows = load_figure_rows(xlsx)                      # Excel's 17 digits arrive: the artefact is real
    assert {r.values["value"] for _, r in rows} >= {"38.349999999999994", "162.31000000000003"}
    briefing = load(project_inputs(mini)._replace(data=xlsx))
    assert briefing.figures["poor_reduced_2015"].text == "38.35万人" and not briefing.figures["poor_reduced_2015"].updated
    assert briefing.figures["parks_invest_2016"].text == "162.31亿元"
    to_xlsx(mini / "figures.csv", xlsx, stored={"poor_reduced_2015": "38.3512"})      # a real extra digit: refused
    assert "`38.3512` has 4 decimals but the figure's precision is 2" in problems_of(xlsx)


def test_more_decimals_than_the_precision_is_an_error_naming_the_cell(mini: Path) -> None:
    set_value(mini, "rural_income_2015", "12001.4", with_source=False)
    text = problems_of(mini / "figures.csv")
    assert "figures.csv, line 4, column `value`" in text and "precision is 0" in text and "“全市农村居民人均可支配收入达12001元”" in text
    assert "`decimals` column" in text and "ROUND" in text
    # a declared precision allows it
    add_column(mini / "figures.csv", "decimals", {"rural_income_2015": "1"})
    assert load(project_inputs(mini)).figures["rural_income_2015"].text == "12001.4元"


def test_a_value_with_no_number_in_its_phrase_gets_at_most_six_decimals(mini: Path) -> None:
    csv_path = mini / "figures.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace('"是“十一五”期间的7.14倍"', '"是“十一五”期间的七倍多"'),
                        encoding="utf-8")
    set_value(mini, "reduction_multiple_2015", "7.1400000000000006", with_source=False)
    assert load(project_inputs(mini)).figures["reduction_multiple_2015"].text == "7.14倍"
    set_value(mini, "reduction_multiple_2015", "7.1412345678", with_source=False)
    assert "has no number to take the precision from" in problems_of(csv_path)


# ---------------------------------------------------------------- updated figures

def test_a_value_that_differs_from_its_source_is_marked_with_the_new_source(mini: Path) -> None:
    set_value(mini, "rural_income_2015", "12345", with_source=False)
    add_column(mini / "figures.csv", "source_doc", {"rural_income_2015": "2016年统计公报"})
    briefing = load(project_inputs(mini))
    figure = briefing.figures["rural_income_2015"]
    assert figure.updated and figure.text == "12345元"
    assert figure.update_note == "更新值；原文为12001元；数据来源：2016年统计公报"
    assert [f.id for f in briefing.figures.values() if f.updated] == ["rural_income_2015"]

    from report.html import render_html
    from slides import build_deck

    html, _ = render_html(briefing, {c.id: "file:///x.svg" for c in briefing.charts})
    appendix = html[html.index('id="appendix"'):]
    assert "原文“全市农村居民人均可支配收入达12001元”<span class=\"update-note\">更新值；原文为12001元；数据来源：2016年统计公报</span>" in appendix
    deck = Presentation(io.BytesIO(build_deck(briefing).data))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    assert "原文作“全市农村居民人均可支配收入达12001元”（时期：至2015年）（更新值；原文为12001元；数据来源：2016年统计公报）" in notes


# ---------------------------------------------------------------- renamed and deleted ids, the edition

def test_renamed_and_deleted_ids_use_what_the_last_build_knew(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out, "--only", "pptx")[0] == 0
    csv_path = mini / "figures.csv"
    good = csv_path.read_text(encoding="utf-8")

    csv_path.write_text(good.replace("\nrural_income_2015,", "\nrural_income_2015_16,"), encoding="utf-8")
    for extra in (("--check",), ()):
        code, text = build(capsys, mini, out, "--only", "pptx", *extra)
        assert code == 2, text
        assert "unknown figure id `rural_income_2015`: it is not in " in text and "figures.csv" in text
        assert ("the last build had `rural_income_2015` = 12001元 (农村居民人均可支配收入) at "
                f"{csv_path} line 4; the file now has an unused id `rural_income_2015_16` (农村居民人均可支配收入, 12001元) — renamed?") in text
        assert "low_income_hh_2015" not in text                 # no other figure offered

    csv_path.write_text("".join(line for line in good.splitlines(keepends=True) if not line.startswith("rural_income_2015,")),
                        encoding="utf-8")
    code, text = build(capsys, mini, out, "--only", "pptx")
    assert code == 2 and f"the last build had `rural_income_2015` = 12001元 (农村居民人均可支配收入) at {csv_path} line 4; " \
                         f"it is no longer in {csv_path} — restore its row" in text, text


def test_without_a_last_build_an_unused_similar_id_is_offered_as_the_rename(mini: Path) -> None:
    csv_path = mini / "figures.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("\nrural_income_2015,", "\nrural_income_2015_16,"),
                        encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(project_inputs(mini))
    text = str(info.value)
    assert ("did you mean `rural_income_2015_16` (农村居民人均可支配收入, 12001元)? Nothing else uses that id — "
            "a typo here, or a renamed row?") in text
    assert "low_income_hh_2015" not in text


def test_a_misspelt_id_is_suggested_only_with_its_label_and_value(mini: Path) -> None:
    outline = mini / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("达{rural_income_2015}", "达{rural_incme_2015}"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(project_inputs(mini))
    assert "did you mean `rural_income_2015` (农村居民人均可支配收入, 12001元)?" in str(info.value)


def test_changed_figures_under_an_unchanged_edition_warn(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out, "--only", "pptx")[0] == 0
    set_value(mini, "parks_invest_2016", "170.5", with_source=False)      # a new figure, its source unchanged
    code, text = build(capsys, mini, out, "--only", "pptx")
    assert code == 0 and "warning: 2 figure(s) changed but the data edition (数据版次, `document.edition`" in text, text
    report = (out / "changes.md").read_text(encoding="utf-8")
    assert "数据版次（2018-06-26）与上次构建相同" in report
    assert "| parks_invest_2016 | 省级园区完成投资 | 170.5亿元 | 162.31亿元 | 完成投资162.31亿元 | — |" in report.split("## 更新值")[1]
    assert "原文作“完成投资162.31亿元”（时期：2016—2017年）（更新值；原文为162.31亿元）" in notes_text(out / "briefing.pptx")
    set_value(mini, "parks_invest_2016", "171")
    outline = mini / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("edition: 2018-06-26", "edition: 2019-01-15"), encoding="utf-8")
    code, text = build(capsys, mini, out, "--only", "pptx")
    assert code == 0 and "changed: parks_invest_2016" in text and "warning" not in text, text
    report = (out / "changes.md").read_text(encoding="utf-8")
    assert "数据版次：2019-01-15　本文件日期：2019-01-15" in report and "注意" not in report


# ---------------------------------------------------------------- which data file

def test_both_data_files_the_xlsx_wins_and_a_difference_is_a_warning(mini: Path, capsys) -> None:
    argv = ["--check", "--outline", str(mini / "outline.yaml"), "--theme", str(mini / "theme.yaml"), "--out", str(mini / "b")]
    to_xlsx(mini / "figures.csv", mini / "figures.xlsx")
    assert cli.main(argv, "") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("ok: ") and f"figures: {mini / 'figures.xlsx'} ({mini / 'figures.csv'} is ignored)" in captured.out
    assert captured.err == ""                                    # same figures: nothing to warn about
    set_value(mini, "parks_invest_2016", "170.5")               # the CSV edited, the xlsx read
    assert cli.main(argv, "") == 0
    err = capsys.readouterr().err
    assert "both exist and hold different figures; the build reads figures.xlsx" in err and "delete or rename" in err


def test_files_that_are_not_inputs_do_not_make_a_build_stale(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    args = ["--outline", mini / "outline.yaml", "--theme", mini / "theme.yaml", "--out", out, "--only", "pptx"]
    assert cli.main(list(map(str, args)), "") == 0
    capsys.readouterr()
    (mini / "~$figures.xlsx").write_bytes(b"\x00owner")        # Excel's lock file while the workbook is open
    (mini / ".DS_Store").write_bytes(b"Bud1")
    (mini / "notes.txt").write_text("call the statistics bureau", encoding="utf-8")
    assert Inputs.in_folder(mini).data == mini / "figures.csv"
    assert cli.main(list(map(str, args)), "") == 0
    assert capsys.readouterr().out.startswith("up to date")
    (mini / "logo.png").write_bytes(b"\x89PNG")                # an image beside the inputs may be used: it counts
    assert cli.main(list(map(str, args)), "") == 0
    assert not capsys.readouterr().out.startswith("up to date")


@pytest.mark.slow
def test_watch_follows_an_xlsx_that_appears_and_disappears(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    watcher = Watcher(["--outline", str(mini / "outline.yaml"), "--theme", str(mini / "theme.yaml"), "--out", str(out),
                       "--only", "pptx"])
    try:
        watcher.wait_for(r"watching .*figures\.xlsx", timeout=60)
        written = to_xlsx(mini / "figures.csv", tmp_path / "figures.xlsx", change=formatted("parks_invest_2016", 170.5, "General"))
        os.replace(written, mini / "figures.xlsx")               # appears whole, as a save does
        text = watcher.wait_for(r"figures\.xlsx changed \(now reading .*figures\.xlsx\): .*figures\.xlsx \(.*figures\.csv is ignored\)",
                                timeout=60)
        assert "changed: parks_invest_2016" in text and "170.5亿元" in notes_text(out / "briefing.pptx")
        (mini / "figures.xlsx").unlink()
        text = watcher.wait_for(r"figures\.xlsx changed \(now reading .*figures\.csv\): ", timeout=60)
        assert "not found" not in text and "162.31亿元" in notes_text(out / "briefing.pptx")
    finally:
        watcher.stop()


# ---------------------------------------------------------------- caches

def test_force_ignores_every_cache_and_a_damaged_chart_is_redrawn(mini: Path, tmp_path: Path, capsys) -> None:
    from tests.report.pdfcheck import pdf_text

    out = tmp_path / "out"
    assert build(capsys, mini, out, "--only", "pdf")[0] == 0
    for svg in (out / ".cache" / "charts").glob("*.svg"):
        svg.write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")   # damaged under its old name
    outline = mini / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("决不让贫困代代相传。", "决不让贫困代代相传！"), encoding="utf-8")
    code, text = build(capsys, mini, out, "--only", "pdf")
    assert code == 0 and "(0 cached)" in text, text
    assert "计划（推算）" in pdf_text((out / "briefing.pdf").read_bytes())     # the chart's legend: the chart is in the PDF
    # --force empties every cache (a --force build of the PDF prints "(0 cached)": tests/app/test_pipeline.py)
    deck_font = out / ".cache" / "deck-fonts" / "kept.0123456789abcdef.ttf"     # the deck's subset cache (embedded fonts)
    deck_font.parent.mkdir()
    deck_font.write_bytes(b"a cut font")
    assert list((out / ".cache" / "fonts").glob("*.ttf")) and list((out / ".cache" / "charts").glob("*.svg"))
    assert build(capsys, mini, out, "--only", "pptx", "--force")[0] == 0
    assert not deck_font.exists() and not list((out / ".cache").glob("*/*.ttf")) and not list((out / ".cache").glob("charts/*"))


@pytest.mark.parametrize("damage", ["not json {", "[1, 2]", '{"sha256": "0", "data": {"outputs": {"pdf": 1}}}', "tampered"])
def test_a_damaged_manifest_counts_as_absent(mini: Path, tmp_path: Path, damage: str) -> None:
    manifest = tmp_path / ".cache" / "manifest.json"
    good = Manifest(tmp_path)
    good.data["figures"] = {"x": {"label": "l", "value": "1", "unit": "元", "text": "1元", "origin": "f, line 2"}}
    good.save()
    assert Manifest(tmp_path).data["figures"] == good.data["figures"]
    if damage == "tampered":                                      # parses, right shape, wrong hash
        stored = json.loads(manifest.read_text(encoding="utf-8"))
        stored["data"]["figures"]["x"]["text"] = "2元"
        manifest.write_text(json.dumps(stored), encoding="utf-8")
    else:
        manifest.write_text(damage, encoding="utf-8")
    assert Manifest(tmp_path).data == {"outputs": {}}


# ---------------------------------------------------------------- while it runs, and before it can

def test_progress_prints_each_step_plain_when_not_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain, tty = io.StringIO(), Terminal()
    for stream in (plain, tty):
        progress = Progress(stream)
        progress.start("charts", "pptx")
        progress.done("charts 0.31s (1 cached)")
        progress.start("pdf")
        progress.done("pdf 1.90s")
        progress.close()
    assert plain.getvalue() == "  charts 0.31s (1 cached)\n  pdf 1.90s\n"
    shown = tty.getvalue()
    assert "  … charts, pptx" in shown and "  ✓ charts 0.31s (1 cached)\n" in shown and "\r\x1b[K" in shown
    assert shown.endswith("\r\x1b[K") and "  … pptx, pdf" in shown


def test_a_build_prints_its_steps_then_the_summary(mini: Path, tmp_path: Path, capsys) -> None:
    code, text = build(capsys, mini, tmp_path / "out", "--only", "pptx")
    lines = text.splitlines()
    assert code == 0 and lines[0].startswith("  load ") and lines[1].startswith("  pptx "), text
    assert re.match(r"load [\d.]+s · pptx [\d.]+s · figures: .*figures\.csv$", lines[2]), text


def test_outside_the_venv_missing_packages_say_run_make() -> None:
    result = subprocess.run([sys.executable, "-S", "-E", str(ROOT / "generate.py"), "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "run `make` first (it creates .venv" in result.stderr and ".venv/bin/python generate.py" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_missing_system_libraries_name_the_package_for_each_system(monkeypatch: pytest.MonkeyPatch) -> None:
    real = setup_check.ctypes.CDLL

    def cdll(name: str, *a: object, **k: object) -> object:
        if "pango" in str(name):
            raise OSError(f"{name}: cannot open shared object file")
        return real(name, *a, **k)

    monkeypatch.setattr(setup_check.ctypes, "CDLL", cdll)
    setup_check.require()                                      # WeasyPrint itself loads here: never a false refusal
    monkeypatch.setattr(setup_check, "_weasyprint_loads", lambda: False)
    with pytest.raises(SetupError) as info:
        setup_check.require()
    text = str(info.value)
    assert "Pango, PangoFT2" in text and "fontconfig" not in text.split("\n")[0]
    for system in ("Debian/Ubuntu:", "apt-get install libpango-1.0-0", "Fedora:", "dnf install pango",
                   "macOS (Homebrew):", "brew install pango", "Windows:", "mingw-w64-x86_64-pango"):
        assert system in text
    assert cli.main(["--check"], "") == 2


def test_the_key_ignores_what_is_not_an_input(mini: Path, tmp_path: Path) -> None:
    args = cli.options_from(["--out", str(tmp_path / "out")], "")
    before = plan(args, Inputs.in_folder(mini))
    for name in ("~$figures.xlsx", ".DS_Store", "Thumbs.db", "notes.txt", "figures.bak"):
        (mini / name).write_bytes(b"x")
    assert plan(args, Inputs.in_folder(mini)).keys == before.keys
    os.utime(mini / "theme.yaml")                               # touched, same bytes: still the same
    assert plan(args, Inputs.in_folder(mini)).keys == before.keys
