"""Bad input after a good build (issue 6): a real build (not --check) must answer with exit code 2,
one clear message naming the file and the place, no traceback, and leave the previous
briefing.pdf and briefing.pptx byte-identical (same bytes, same mtime, no temp file left).

Every mutation of tests/model/test_bad_inputs.py (imported, not copied) runs here as a real build,
plus the issue-6 cases that only a build can meet: Excel merged cells, formulas and empty sheets,
a user template missing a layout, a corrupt template, a changed figure together with a bad
template (nothing may be written, not even the PDF that rendered fine), a bad SOURCE_DATE_EPOCH;
and two inputs that must build: every field at its length limit and a rarely-used character
the bundled font does have.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pptx import Presentation

from app.cli import main
from tests.conftest import FIXTURES, copy_project, to_xlsx
from tests.model.test_bad_inputs import CASES as CHECK_CASES
from tests.model.test_bad_inputs import replace
from tests.model.test_hostile_inputs import CASES as HOSTILE_CASES
from tests.report.pdfcheck import pdf_text
from tests.slides.test_template_checks import bomb, four_by_three

OUTPUTS = ("briefing.pdf", "briefing.pptx")


@dataclass(frozen=True)
class Case:
    mutate: Callable[[Path, Path], list[str]]   # (project, scratch folder) → extra CLI arguments
    file: str                                    # the file the message must name
    fragments: list[str] = field(default_factory=list)


def from_check(edit: Callable[[Path], None]) -> Callable[[Path, Path], list[str]]:
    def mutate(project: Path, _scratch: Path) -> list[str]:
        edit(project)
        return []
    return mutate


# ---------------------------------------------------------------- issue-6 extras

def set_cell(file: str, fid: str, column: int, value: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        with (project / file).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        row = next(r for r in rows if r[0] == fid)
        row[column] = value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (project / file).write_text(buf.getvalue(), encoding="utf-8")
    return edit


def xlsx(change: Callable) -> Callable[[Path, Path], list[str]]:
    """The project's figures as scratch/figures.xlsx (numbers as numbers), changed by ``change(book)``."""
    def mutate(project: Path, scratch: Path) -> list[str]:
        path = to_xlsx(project / "figures.csv", scratch / "figures.xlsx", change=change)
        return ["--data", str(path)]
    return mutate


def empty_sheet(book) -> None:
    book.remove(book["figures"])
    book.create_sheet("figures")


def template_without(layout_name: str) -> Callable[[Path, Path], list[str]]:
    def mutate(_project: Path, scratch: Path) -> list[str]:
        from slides.template import SHIPPED

        prs = Presentation(str(SHIPPED))
        layout = next(lay for lay in prs.slide_layouts if lay.name == layout_name)
        prs.slide_layouts.remove(layout)
        path = scratch / "corp.pptx"
        prs.save(str(path))
        return ["--template", str(path)]
    return mutate


def corrupt_template(data: bytes) -> Callable[[Path, Path], list[str]]:
    def mutate(_project: Path, scratch: Path) -> list[str]:
        path = scratch / "corp.pptx"
        path.write_bytes(data)
        return ["--template", str(path)]
    return mutate


def both(*mutations: Callable[[Path, Path], list[str]]) -> Callable[[Path, Path], list[str]]:
    def mutate(project: Path, scratch: Path) -> list[str]:
        return [arg for m in mutations for arg in m(project, scratch)]
    return mutate


ZERO_STAGES = re.compile(r"^stages:\n.*?(?=^postscript:)", re.S | re.M)

EXTRAS: dict[str, Case] = {
    "xlsx formula": Case(xlsx(lambda book: book["figures"].__setitem__("D6", "=D5*2")),
                         "figures.xlsx", ["cell figures!D6 (column `value`", "formula"]),
    "xlsx merged cells": Case(xlsx(lambda book: book["figures"].merge_cells("C3:C4")),
                              "figures.xlsx", ["C3:C4", "Unmerge"]),
    "xlsx empty sheet": Case(xlsx(empty_sheet), "figures.xlsx", ["empty"]),
    "xlsx text value": Case(xlsx(lambda book: book["figures"].__setitem__("D4", "一万二")),
                            "figures.xlsx", ["D4", "not a number"]),
    "xlsx Alt+Enter in a label": Case(xlsx(lambda book: book["figures"].__setitem__("C4", "农村居民\n人均可支配收入")),
                                      "figures.xlsx", ["cell figures!C4", "line break", "Alt+Enter"]),
    "xlsx zero width space in an id": Case(xlsx(lambda book: book["figures"].__setitem__("A4", "rural_income\u200b_2015")),
                                           "figures.xlsx", ["cell figures!A4", "U+200B ZERO WIDTH SPACE"]),
    "template 4:3": Case(lambda _p, scratch: ["--template", str(four_by_three(scratch / "corp.pptx"))], "corp.pptx", ["not 16:9"]),
    "template zip bomb": Case(lambda _p, scratch: ["--template", str(bomb(scratch / "corp.pptx"))], "corp.pptx", ["would unpack to"]),
    "template missing a layout": Case(template_without("Chart"), "corp.pptx", ["layout `Chart`"]),
    "template not a pptx": Case(corrupt_template(b"not a pptx at all"), "corp.pptx", []),
    "template broken zip": Case(corrupt_template(b"PK\x03\x04broken zip"), "corp.pptx", []),
    "changed figure and a corrupt template": Case(
        both(from_check(set_cell("figures.csv", "parks_invest_2016", 3, "170.5")), corrupt_template(b"")), "corp.pptx", []),
    "really zero stages": Case(
        from_check(lambda p: (p / "outline.yaml").write_text(
            ZERO_STAGES.sub("stages: []\n", (p / "outline.yaml").read_text(encoding="utf-8")), encoding="utf-8")),
        "outline.yaml", ["stages"]),
    "chart mixing 亿元 and %": Case(
        from_check(replace("outline.yaml", "figures: [parks_invest_2016, parks_output_2016]",
                           "figures: [parks_invest_2016, parks_invest_pct_2016]")),
        "outline.yaml", ["charts[0].series", "mixes units", "%"]),
    "char not in font in a csv label": Case(from_check(set_cell("figures.csv", "rural_income_2015", 2, "收入𠀀")),
                                            "figures.csv", ["line 4", "`label`", "U+20000"]),
    "char not in font in a chart category": Case(from_check(replace("outline.yaml", "categories: [投资, 总产值]",
                                                                    "categories: [投资𠀀, 总产值]")),
                                                 "outline.yaml", ["categories", "U+20000"]),
    "utf-16 big-endian csv": Case(
        from_check(lambda p: (p / "figures.csv").write_bytes("\ufeff".encode("utf-16-be")
                                                             + (p / "figures.csv").read_text(encoding="utf-8").encode("utf-16-be"))),
        "figures.csv", ["UTF-16"]),
    "header typo in two columns": Case(from_check(replace("figures.csv", "id,stage,label,value,unit", "id,stgae,label,value,unti")),
                                       "figures.csv", ["header", "did you mean `stage`", "did you mean `unit`"]),
    "ragged short row": Case(from_check(replace("figures.csv", "12001,元,,至2015年,", "12001,元,")),
                             "figures.csv", ["line 4"]),
    "theme colour without #": Case(from_check(replace("theme.yaml", 'primary: "#9E1B24"', 'primary: "9E1B24"')),
                                   "theme.yaml", ["line 4", "palette.primary", "#RRGGBB"]),
    "bad SOURCE_DATE_EPOCH": Case(lambda _p, _s: ["--env-SOURCE_DATE_EPOCH=yesterday"], "SOURCE_DATE_EPOCH", ["Unix timestamp"]),
}

CASES: dict[str, Case] = {f"check: {name}": Case(from_check(edit), file, fragments)
                          for name, (edit, file, fragments) in CHECK_CASES.items()}
CASES.update({f"hostile: {name}": Case(from_check(edit), file, fragments)
              for name, (edit, file, fragments, _count) in HOSTILE_CASES.items()})
CASES.update(EXTRAS)


# ---------------------------------------------------------------- one good build, then each bad input

@dataclass
class Good:
    project: Path
    out: Path
    pristine: dict[str, bytes]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Good:
    """The mini project built once; each case restores its inputs and starts from a copy of the outputs.
    The project stays at one path, so the outputs' cache keys match and a case that changes nothing the
    PDF depends on really leaves the PDF alone (as it would for the user)."""
    base = tmp_path_factory.mktemp("keep")
    project = copy_project("mini", base / "project")
    out = base / "good-out"
    assert main(argv(project, out), "") == 0
    return Good(project, out, {p.name: p.read_bytes() for p in project.iterdir()})


def argv(project: Path, out: Path, *extra: str) -> list[str]:
    return ["--outline", str(project / "outline.yaml"), "--data", str(project / "figures.csv"),
            "--theme", str(project / "theme.yaml"), "--out", str(out), *extra]


def restore(good: Good) -> None:
    for p in good.project.iterdir():                     # a case may leave a folder or a link where a file was
        if p.name not in good.pristine or p.is_symlink() or p.is_dir():
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    for name, data in good.pristine.items():
        (good.project / name).write_bytes(data)


def state(out: Path) -> dict[str, tuple[int, bytes]]:
    return {name: ((out / name).stat().st_mtime_ns, (out / name).read_bytes()) for name in OUTPUTS}


def run(good: Good, case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, Path]:
    restore(good)
    out = tmp_path / "out"
    shutil.copytree(good.out, out)                              # copy2: same bytes and mtimes as the good outputs
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    extra = case.mutate(good.project, scratch)
    for arg in [a for a in extra if a.startswith("--env-")]:
        name, _, value = arg.removeprefix("--env-").partition("=")
        monkeypatch.setenv(name, value)
        extra.remove(arg)
    args = argv(good.project, out, *extra)
    if "--data" in extra:                                       # the last --data wins in argparse; keep one
        i = args.index("--data")
        del args[i:i + 2]
    code = main(args, "")
    captured = capsys.readouterr()
    return code, captured.out + captured.err, out


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_keeps_the_previous_outputs(name: str, good: Good, tmp_path: Path, capsys, monkeypatch) -> None:
    case = CASES[name]
    before = state(good.out)
    code, output, out = run(good, case, tmp_path, capsys, monkeypatch)
    assert code == 2, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert "Input error (" in output and " · figures: " not in output, output    # progress lines, then the error; no summary
    assert case.file in output, f"{case.file!r} not named in:\n{output}"
    for fragment in case.fragments:
        assert fragment in output, f"{fragment!r} missing from:\n{output}"
    after = state(out)
    for name_ in OUTPUTS:
        assert after[name_][1] == before[name_][1], f"{name_} changed"
        assert after[name_][0] == before[name_][0], f"{name_} was rewritten"
    assert not list(out.glob(".briefing.*.tmp"))


def test_corpus_size() -> None:
    """Issue 6 asks for at least 40 bad inputs; this file runs them all as real builds."""
    assert len(CHECK_CASES) >= 40 and len(CASES) >= len(CHECK_CASES) + 10


# ---------------------------------------------------------------- inputs that must build

@pytest.mark.slow
def test_every_field_at_its_limit_builds_both_outputs(tmp_path: Path, capsys) -> None:
    """Issue 12: each field has a length limit, and everything the limits allow builds (bench/limits.py times
    it: bounded and roughly linear).  All of tests/limits_project.FIELDS at once: every slide title,
    card, chart note and cover block must fit, nothing dropped.  (Issue 6's 50,000-character measure item is
    no longer allowed; bench/run.py builds 50,000 characters of measures as items at the limit.)"""
    from tests.limits_project import FIELDS, filled, project

    folder = project(tmp_path / "project", list(FIELDS.values()))
    out = tmp_path / "out"
    code = main(argv(folder, out), "")
    output = "".join(capsys.readouterr())
    assert code == 0, output
    item = filled(300)                   # 30 measure items and 20 challenges of 300 characters, one quote
    assert pdf_text((out / "briefing.pdf").read_bytes()).count(item) >= 51
    prs = Presentation(str(out / "briefing.pptx"))
    deck = re.sub(r"\s+", "", "".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame))
    assert deck.count("础") >= 51 * 15                          # 础 occurs once per 20 characters


def test_a_rare_character_the_font_has_builds(tmp_path: Path, capsys) -> None:
    """The other side of the 𠀀 case: a rare character inside the bundled subset is fine."""
    from model.glyphs import font_codepoints

    font = FIXTURES.parent.parent / "assets" / "fonts" / "NotoSansSC-Regular.ttf"
    assert 0x20000 not in font_codepoints(font) and ord("黔") in font_codepoints(font)
    project = copy_project("mini", tmp_path / "project")
    replace("outline.yaml", "首次提出精准扶贫", "首次提出精准扶贫（黔）")(project)
    code = main(argv(project, tmp_path / "out", "--only", "pptx"), "")
    assert code == 0, "".join(capsys.readouterr())


# ---------------------------------------------------------------- the outputs themselves (issue 12)

def test_an_unwritable_deck_replaces_neither_output_and_names_it(good: Good, tmp_path: Path, capsys, monkeypatch) -> None:
    """A folder where briefing.pptx should go: the PDF was replaced and the deck not, and the message named the
    folder.  Now both move into place or neither, and the message names the file."""
    restore(good)
    out = tmp_path / "out"
    shutil.copytree(good.out, out)
    before = state(out)
    (out / "briefing.pptx").unlink()
    (out / "briefing.pptx").mkdir()
    set_cell("figures.csv", "parks_invest_2016", 3, "170.5")(good.project)
    code = main(argv(good.project, out, "--force"), "")
    output = "".join(capsys.readouterr())
    restore(good)
    assert code == 2, output
    assert "briefing.pptx" in output and "neither output was replaced" in output, output
    pdf = out / "briefing.pdf"
    assert (pdf.stat().st_mtime_ns, pdf.read_bytes()) == before["briefing.pdf"], "the PDF was replaced"
    assert not list(out.glob(".briefing.*.tmp"))


@pytest.mark.parametrize("manifest", ['[]', '{"outputs": []}', '{"outputs": {"pptx": {"key": 1}}}', '{"figures": [1]}'])
def test_a_manifest_of_another_shape_is_treated_as_absent(manifest: str, good: Good, tmp_path: Path, capsys) -> None:
    restore(good)
    out = tmp_path / "out"
    shutil.copytree(good.out, out)
    (out / ".cache" / "manifest.json").write_text(manifest, encoding="utf-8")
    code = main(argv(good.project, out, "--only", "pptx"), "")
    output = "".join(capsys.readouterr())
    assert code == 0, output
    assert "pptx" in output and "up to date" not in output        # rebuilt, as without a manifest
