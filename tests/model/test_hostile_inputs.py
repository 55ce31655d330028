"""What real files and attackers bring (issue 12): each case is one mistake in a copy of the mini
project, answered by ``--check`` with exit 2, the file, the place and — where one mistake used to
give many — exactly one message.  tests/test_bad_inputs_keep_outputs.py runs every case here again
as a real build that must leave the previous outputs alone.

Cases are grouped by class; a class is fixed at its root, so the cases are samples of it, not a list
of patched strings.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.model.test_bad_inputs import Edit, append, replace, run_check


def csv_cell(fid: str, column: str, value: str) -> Edit:
    """Set one cell of figures.csv, quoting it (so a line break or a comma stays inside the cell)."""
    def edit(folder: Path) -> None:
        import csv
        import io

        path = folder / "figures.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        next(r for r in rows if r[0] == fid)[rows[0].index(column)] = value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
    return edit


def mapping(file: str, text: str) -> Edit:
    return append(file, text)


def regular_font(path: Callable[[Path], Path]) -> Edit:
    """Point the theme's regular font at another file."""
    def edit(folder: Path) -> None:
        theme = folder / "theme.yaml"
        text = theme.read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.strip().startswith("regular:"))
        theme.write_text(text.replace(old, f"  regular: {path(folder)}"), encoding="utf-8")
    return edit


def link_outside(folder: Path) -> None:
    """outline.yaml becomes a link to a file beside the project (never a system file: a later write through
    the link must harm nothing); its first line would be quoted back by a YAML error."""
    target = folder.parent / f"{folder.name}-elsewhere.txt"
    target.write_text("secret-first-line: not for the message\n: [\n", encoding="utf-8")
    (folder / "outline.yaml").unlink()
    (folder / "outline.yaml").symlink_to(target)


def latin_font(_folder: Path) -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['lol'] * 9)}]\n" for i in range(10))

# name: (mutation, file the message names, fragments it must contain, number of problems or None)
CASES: dict[str, tuple[Edit, str, list[str], int | None]] = {
    # ---- control and invisible characters, in any text field of any file
    "form feed in a title (YAML escape)": (replace("outline.yaml", "title: 测试简报", 'title: "测试\\f简报} } body { display: none } x {"'),
                                           "outline.yaml", ["line 2", "document.title", "U+000C FORM FEED"], 1),
    "vertical tab in a summary": (replace("outline.yaml", "summary: 仍有{low_income_hh_2015}低收入农户。",
                                          'summary: "仍有\\v{low_income_hh_2015}低收入农户。"'),
                                  "outline.yaml", ["U+000B LINE TABULATION"], 1),
    "C1 next line in a quote": (replace("outline.yaml", "决不让贫困代代相传。", '"决不让贫困\\N代代相传。"'),
                                "outline.yaml", ["stages[0].quotes[0].text", "U+0085 NEXT LINE"], 1),
    "zero width space in a figure id (csv)": (csv_cell("rural_income_2015", "id", "rural_income\u200b_2015"),
                                              "figures.csv", ["line 4", "`id`", "U+200B ZERO WIDTH SPACE"], 1),
    "zero width space in a placeholder": (replace("outline.yaml", "{rural_income_2015}。", "{rural_income\u200b_2015}。"),
                                          "outline.yaml", ["line 12", "overview", "U+200B ZERO WIDTH SPACE"], 1),
    "stray BOM before the header": (lambda f: (f / "figures.csv").write_bytes(b"\xef\xbb\xbf" * 2 + (f / "figures.csv").read_bytes()),
                                    "figures.csv", ["header", "U+FEFF ZERO WIDTH NO-BREAK SPACE"], 1),
    "stray BOM in a label": (csv_cell("parks_invest_2016", "label", "省级\ufeff园区完成投资"), "figures.csv",
                             ["line 6", "`label`", "U+FEFF"], 1),
    "right-to-left override in a theme family": (replace("theme.yaml", "family: Noto Sans SC", "family: \"Noto \\u202eSans SC\""),
                                                 "theme.yaml", ["fonts.family", "U+202E RIGHT-TO-LEFT OVERRIDE"], 1),
    "line separator in a chart category": (replace("outline.yaml", "categories: [投资, 总产值]", 'categories: ["投资\\L", 总产值]'),
                                           "outline.yaml", ["U+2028 LINE SEPARATOR"], 1),
    "Alt+Enter line break in a csv label": (csv_cell("rural_income_2015", "label", "农村居民\n人均可支配收入"), "figures.csv",
                                            ["line 4", "`label`", "line break", "Alt+Enter"], 1),
    "tab inside a csv source": (csv_cell("rural_income_2015", "source", "全市农村居民\t人均可支配收入达12001元"), "figures.csv",
                                ["`source`", "U+0009 CHARACTER TABULATION"], 1),
    # ---- YAML that would exhaust the loader
    "alias bomb": (mapping("outline.yaml", BOMB), "outline.yaml", ["line 67", "alias `*l0`"], 1),
    "one alias": (replace("outline.yaml", "  keywords: [脱贫攻坚]", "  keywords: &k [脱贫攻坚]\n  author2: *k"), "outline.yaml", ["alias"], 1),
    "deep nesting (flow)": (mapping("outline.yaml", "deep: " + "[" * 5000 + "]" * 5000 + "\n"), "outline.yaml", ["line 66", "nested"], 1),
    "deep nesting (block)": (mapping("outline.yaml", "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "x: 1\n"),
                             "outline.yaml", ["nested"], 1),
    "complex mapping key": (mapping("outline.yaml", "? [a, b]\n: 1\n"), "outline.yaml", ["line 66", "list or a mapping"], 1),
    # ---- dates a builder used to meet first
    "impossible date": (replace("outline.yaml", "published: 2018-06-26", "published: 2018-06-31"), "outline.yaml",
                        ["line 5", "document.published", "2018-06-31"], 1),
    "edition year 0218": (replace("outline.yaml", "edition: 2018-06-26", "edition: 0218-06-26"), "outline.yaml",
                          ["line 9", "document.edition", "0218"], 1),
    # ---- theme fonts a builder used to meet first
    "theme font that is not a font": (regular_font(lambda f: f / "figures.csv"), "theme.yaml",
                                      ["fonts.regular", "figures.csv is not a font file"], 1),
    "theme family that is not the font's name": (replace("theme.yaml", "family: Noto Sans SC", "family: Noto Sans CJK SC"),
                                                 "theme.yaml", ["fonts.family", "“Noto Sans SC”"], 1),
    "theme font without Chinese": (regular_font(latin_font), "theme.yaml", ["fonts.regular", "no Chinese"], 1),
    # ---- one mistake, one message that leads to the fix
    "Excel's plain CSV turned the Chinese into ???": (lambda f: (f / "figures.csv").write_bytes(
        re.sub(r"[^\x00-\x7f]", "?", (f / "figures.csv").read_text(encoding="utf-8")).encode("ascii")),
        "figures.csv", ["question marks", "CSV UTF-8"], 1),
    "semicolon-separated csv": (lambda f: (f / "figures.csv").write_text(
        (f / "figures.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"), "figures.csv", ["semicolons"], 1),
    "Chinese header row": (lambda f: (f / "figures.csv").write_text("编号,阶段,指标,数值,单位,限定,时期,时期出处,出处\n" + (
        f / "figures.csv").read_text(encoding="utf-8").partition("\n")[2], encoding="utf-8"), "figures.csv", ["line 1", "Chinese column names", "id,stage"], 1),
    "Excel sep= line with semicolons": (lambda f: (f / "figures.csv").write_text(
        "sep=;\n" + (f / "figures.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"),
        "figures.csv", ["line 1", "sep=;", "semicolons"], 1),
    "duplicate stage id": (replace("outline.yaml", "  - id: s5", "  - id: s4"), "outline.yaml", ["stages[1].id", "used twice"], 1),
    "colour without quotes (a YAML comment)": (replace("theme.yaml", 'primary: "#9E1B24"', "primary: #9E1B24"), "theme.yaml",
                                               ["palette.primary", "comment", 'primary: "#9E1B24"'], 1),
    "a name in ASCII quotes with numbers": (replace("outline.yaml", "首次提出精准扶贫", '首次提出"9+3"义务教育计划'), "outline.yaml",
                                            ["timeline[0].text", "ASCII quotes", "“9+3”"], 1),
    "Windows-1252 csv": (lambda f: (f / "figures.csv").write_bytes((f / "figures.csv").read_bytes().replace(
        "为“十一五”期间的倍数".encode(), "caf\xe9 cr\xe8me".encode("cp1252"))), "figures.csv", ["line 3", "UTF-8"], 1),
    "--data is a folder": (lambda f: ((f / "figures.csv").unlink(), (f / "figures.csv").mkdir()), "figures.csv",
                           ["folder, not a file", "--data"], 1),
    "outline is a link to a file outside the project": (link_outside, "outline.yaml", ["is a link to", "outside the project"], 1),
    "missing theme": (lambda f: (f / "theme.yaml").unlink(), "theme.yaml", ["file not found", "--theme"], 1),
    "chart unit that is not its figures'": (replace("outline.yaml", "    unit: 亿元\n    categories", "    unit: 万人\n    categories"),
                                            "outline.yaml", ["charts[0].unit", "not its figures' unit", "亿元"], 1),
    # ---- too long for what the field is
    "card label of 475 characters": (csv_cell("rural_income_2015", "label", "农村居民人均可支配收入" * 43), "figures.csv",
                                     ["line 4", "`label`", "473 characters", "at most 40"], 1),
    "stage title too long for a slide": (replace("outline.yaml", "    title: 精准脱贫新阶段", "    title: " + "精准脱贫新阶段" * 6),
                                         "outline.yaml", ["stages[0].title", "at most 30"], 1),
    "chart note of 2000 characters": (replace("outline.yaml", "    unit: 亿元\n", "    unit: 亿元\n    note: " + "注" * 2000 + "\n"),
                                      "outline.yaml", ["charts[0].note", "at most 150"], 1),
    "100,000-character overview": (replace("outline.yaml", "overview: 全市", "overview: " + "全" * 100_000 + "全市"), "outline.yaml",
                                   ["overview", "at most 800"], 1),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_found_by_check(name: str, mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mutate, file, fragments, count = CASES[name]
    mutate(mini)
    code, output = run_check(mini, capsys)
    assert code == 2, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert file in output, output
    for fragment in fragments:
        assert fragment in output, f"{fragment!r} missing from:\n{output}"
    if count is not None:
        assert output.count("\n  • ") == count, f"expected {count} problem(s):\n{output}"
    assert "secret-first-line" not in output


def test_line_breaks_in_yaml_text_are_folded(mini: Path) -> None:
    """A ``|`` block or a ``\\n`` keeps line breaks in YAML; the PDF would join the lines and the deck break
    there, so the loader folds them as YAML folding does (nothing between Chinese characters, else a space)."""
    from model.loader import load
    from tests.conftest import project_inputs

    replace("outline.yaml", "  title: 测试简报", '  title: "测试\\n简报 Guiyang\\r\\nbriefing"')(mini)
    replace("outline.yaml", "    summary: 仍有{low_income_hh_2015}低收入农户。", "    summary: |\n      仍有{low_income_hh_2015}\n      低收入农户。")(mini)
    b = load(project_inputs(mini))
    assert b.document.title == "测试简报 Guiyang briefing"
    assert str(b.stages[1].summary) == "仍有近11.2万户低收入农户。"


def test_a_font_lacking_many_characters_gives_one_message_naming_the_font(mini: Path, monkeypatch) -> None:
    """A font with some Chinese but not the text's (a Japanese font): one message on theme.yaml fonts.regular,
    not one per character and field (issue 12: 5,916 messages blamed the outline)."""
    import model.loader
    from model.errors import InputError
    from model.glyphs import font_codepoints
    from tests.conftest import project_inputs

    real = font_codepoints
    used = set(map(ord, (mini / "outline.yaml").read_text(encoding="utf-8")))
    lacking = sorted(c for c in used if c > 0x3400)[:25]
    monkeypatch.setattr(model.loader, "font_codepoints", lambda path: real(path) - set(lacking))
    with pytest.raises(InputError) as caught:
        model.loader.load(project_inputs(mini))
    problems = caught.value.problems
    assert len(problems) == 1 and problems[0].file.endswith("theme.yaml") and "fonts.regular" in problems[0].where
    assert "cannot draw 25 different characters" in problems[0].message


def test_check_with_watch_checks_and_writes_nothing(mini: Path, tmp_path: Path) -> None:
    """``--check --watch`` used to build and write the outputs, breaking --check's promise."""
    from app.cli import inputs_from, options_from
    from app.watch import _rebuild

    out = tmp_path / "out"
    args = options_from(["--check", "--watch", "--outline", str(mini / "outline.yaml"), "--data",
                         str(mini / "figures.csv"), "--theme", str(mini / "theme.yaml"), "--out", str(out)], "")
    said: list[str] = []
    _rebuild(args, inputs_from(args), said.append, "start")
    assert len(said) == 1 and "ok: " in said[0] and "the deck fits" in said[0], said
    assert not out.exists()
    replace("outline.yaml", "    title: 精准脱贫新阶段", "    title: " + "精准脱贫新阶段" * 6)(mini)
    _rebuild(args, inputs_from(args), said.append, "outline.yaml changed")
    assert "not rebuilt" in said[1] and "stages[0].title" in said[1], said
    assert not out.exists()


def test_a_derived_zero_is_never_negative() -> None:
    from decimal import Decimal

    from model.derive import evaluate
    from model.numbers import format_figure

    value = evaluate("a - b", {"a": Decimal("1.000"), "b": Decimal("1.001")}, 2)
    assert format_figure(value, "亿元") == "0.00亿元"
    assert [format_figure(Decimal(v), "%") for v in ("-0", "-0.0", "-0.000", "0.00")] == ["0%", "0.0%", "0.000%", "0.00%"]
