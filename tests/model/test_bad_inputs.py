"""Broken inputs: each gets one clear message naming file and place, exit code 2, no traceback.

Every case mutates a copy of the tiny fixture project, so a case shows exactly
one mistake a user could make.
"""
from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import main

Edit = Callable[[Path], None]


def replace(file: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture no longer contains {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def write(file: str, data: bytes) -> Edit:
    def edit(folder: Path) -> None:
        (folder / file).write_bytes(data)
    return edit


def both(*edits: Edit) -> Edit:
    def edit(folder: Path) -> None:
        for one in edits:
            one(folder)
    return edit


def append(file: str, text: str) -> Edit:
    def edit(folder: Path) -> None:
        with (folder / file).open("a", encoding="utf-8") as handle:
            handle.write(text)
    return edit


CASES: dict[str, tuple[Edit, str, list[str]]] = {
    # name: (mutation, file named in the message, other fragments the message must contain)
    "yaml syntax": (replace("outline.yaml", "title: 测试简报", 'title: "测试简报'), "outline.yaml", ["line", "not valid YAML"]),
    "yaml tab": (replace("outline.yaml", "  title: 测试简报", "\ttitle: 测试简报"), "outline.yaml", ["line 2", "tab"]),
    "duplicate key": (replace("outline.yaml", "  author: 李亚玲", "  author: 李亚玲\n  author: 某某"), "outline.yaml", ["line", "appears twice"]),
    "missing field": (replace("outline.yaml", "  title: 测试简报\n", ""), "outline.yaml", ["line 1", "document.title", "`title` is missing"]),
    "wrong type": (replace("outline.yaml", "        items: [产业帮扶, 项目帮扶]", "        items: 产业帮扶"), "outline.yaml", ["line", "measures[0].items", "list"]),
    "unknown field": (replace("outline.yaml", "    summary: 仍有", "    sumary: 仍有"), "outline.yaml", ["stages[1]", "did you mean `summary`"]),
    "unknown id in prose": (replace("outline.yaml", "{rural_income_2015}。", "{rual_income_2015}。"), "outline.yaml", ["line 12", "overview", "did you mean `rural_income_2015`"]),
    "unknown id in chart": (replace("outline.yaml", "figures: [parks_invest_2016, parks_output_2016]", "figures: [parks_invest_2016, parks_outptu_2016]"), "outline.yaml", ["charts[0].series[1].figures", "did you mean `parks_output_2016`"]),
    "unknown chart type": (replace("outline.yaml", "type: grouped_bar", "type: pie"), "outline.yaml", ["charts[0].type", "'grouped_bar'"]),
    "unknown chart id": (replace("outline.yaml", "charts: [parks]", "charts: [prks]"), "outline.yaml", ["stages[1].charts[0]", "did you mean `parks`"]),
    "empty stage": (replace("outline.yaml", "    results:\n      - figure: parks_invest_2016\n        note: 占计划任务的{parks_invest_pct_2016}\n", ""), "outline.yaml", ["stages[1]", "neither measures nor results"]),
    "zero stages": (replace("outline.yaml", "stages:\n", "stages: []\nold_stages:\n"), "outline.yaml", ["unknown field `old_stages`"]),
    "typed number": (replace("outline.yaml", "农村居民人均可支配收入达{rural_income_2015}", "农村居民人均可支配收入达12001元"), "outline.yaml", ["overview", "12001", "{rural_income_2015}"]),
    "invented number": (replace("outline.yaml", "首次提出精准扶贫", "首次提出精准扶贫，惠及3.5万人"), "outline.yaml", ["timeline[0].text", "3.5", "add it to"]),
    "doubled qualifier": (replace("outline.yaml", "仍有{low_income_hh_2015}", "仍有近{low_income_hh_2015}"), "outline.yaml", ["stages[1].summary", "twice", "近11.2万户"]),
    "stray brace": (replace("outline.yaml", "首次提出精准扶贫", "首次提出{精准扶贫"), "outline.yaml", ["timeline[0].text", "brace"]),
    "bad date": (replace("outline.yaml", "published: 2018-06-26", "published: 2018年6月"), "outline.yaml", ["document.published", "YYYY-MM-DD"]),
    "wrong language": (replace("outline.yaml", "language: zh-CN", "language: en"), "outline.yaml", ["document.language", "zh-CN"]),
    "mixed units": (replace("outline.yaml", "figures: [parks_invest_2016, parks_output_2016]", "figures: [parks_invest_2016, rural_income_2015]"), "outline.yaml", ["charts[0].series", "mixes units"]),
    "chart mixes 名 and 个": (both(replace("figures.csv", "162.31,亿元", "162.31,名"), replace("figures.csv", "233.91,亿元", "233.91,个"),
                                  replace("outline.yaml", "    unit: 亿元\n    decimals", "    unit: 名\n    decimals")),
                             "outline.yaml", ["charts[0].series", "mixes units", "个、名"]),
    "chart axis unit not its figures'": (replace("outline.yaml", "    unit: 亿元\n    categories", "    unit: 万元\n    categories"), "outline.yaml", ["charts[0].unit", "`亿元`"]),
    "chart title names a year its figures lack": (replace("outline.yaml", "title: 省级园区：计划与完成", "title: 2016年省级园区：计划与完成"), "outline.yaml", ["charts[0].title", "names 2016", "parks_output_2016"]),
    "period without its basis": (replace("figures.csv", '至2015年,"至2015年,扶贫开发工作取得的阶段性成果","减少扶贫开发对象38.35万人"', '2011—2015年,,"减少扶贫开发对象38.35万人"'), "figures.csv", ["line 2", "`period_source`", "2011—2015年"]),
    "period names a year its basis lacks": (replace("figures.csv", '2015年初,"2015年初,', '2014年初,"2015年初,'), "figures.csv", ["line 5", "names 2014"]),
    "section period not the heading's": (replace("figures.csv", "2016—2017年,section,\"完成投资", "2016年,section,\"完成投资"), "figures.csv", ["line 6", "heading", "2016—2017年"]),
    "section period where the heading has none": (replace("outline.yaml", "    period: 2016—2017年\n", ""), "figures.csv", ["line 6", "no heading period"]),
    "one fact entered twice": (append("figures.csv", "parks_invest_again,s5,省级园区完成投资,162.31,亿元,,2016—2017年,section,完成投资162.31亿元\n"), "figures.csv", ["line 9", "same label and period", "parks_invest_2016"]),
    "editor's mark not listed": (replace("outline.yaml", "首次提出精准扶贫", "〔首次〕提出精准扶贫"), "outline.yaml", ["timeline[0].text", "〔首次〕", "corrections"]),
    "bad formula": (replace("outline.yaml", "formula: parks_invest_2016 / parks_invest_pct_2016 * 100", "formula: __import__('os')"), "outline.yaml", ["derived[0].formula"]),
    "division by zero": (replace("outline.yaml", "formula: parks_invest_2016 / parks_invest_pct_2016 * 100", "formula: parks_invest_2016 / (parks_invest_pct_2016 - parks_invest_pct_2016)"), "outline.yaml", ["derived[0].formula", "zero"]),
    "char not in font": (replace("outline.yaml", "首次提出精准扶贫", "首次提出精准扶贫𠀀"), "outline.yaml", ["timeline[0].text", "U+20000"]),
    "empty outline": (write("outline.yaml", b""), "outline.yaml", ["empty"]),
    "duplicate figure id": (append("figures.csv", "rural_income_2015,s4,重复,1,元,,,,x\n"), "figures.csv", ["line 9", "used twice", "line 4"]),
    "non-numeric value": (replace("figures.csv", "12001,元", "一万二,元"), "figures.csv", ["line 4", "`value`", "not a number"]),
    "thousands separator": (replace("figures.csv", "12001,元", '"12,001",元'), "figures.csv", ["line 4", "thousands separator"]),
    "nan value": (replace("figures.csv", "12001,元", "NaN,元"), "figures.csv", ["line 4", "finite"]),
    "inf value": (replace("figures.csv", "12001,元", "inf,元"), "figures.csv", ["line 4", "finite"]),
    "negative value": (replace("figures.csv", "12001,元", "-12001,元"), "figures.csv", ["line 4", "negative"]),
    "unknown unit": (replace("figures.csv", "162.31,亿元", "162.31,亿"), "figures.csv", ["line 6", "`unit`", "did you mean `亿元`"]),
    "unknown approx": (replace("figures.csv", "11.2,万户,近", "11.2,万户,大约"), "figures.csv", ["line 5", "`approx`"]),
    "unknown stage": (replace("figures.csv", "rural_income_2015,s4", "rural_income_2015,s9"), "figures.csv", ["line 4", "`s9`"]),
    "malformed csv": (replace("figures.csv", '"全市农村居民人均可支配收入达12001元"', '"全市农村居民人均可支配收入达12001元'), "figures.csv", ["line", "malformed"]),
    "ragged row": (replace("figures.csv", "12001,元,,至2015年", "12001,元,,至2015年,extra"), "figures.csv", ["line 4", "cells"]),
    "header typo": (replace("figures.csv", "id,stage,label,value", "id,stage,label,vaule"), "figures.csv", ["header", "did you mean `value`"]),
    "header only": (write("figures.csv", b"id,stage,label,value,unit,approx,period,source\n"), "figures.csv", ["no figures"]),
    "empty csv": (write("figures.csv", b""), "figures.csv", ["empty"]),
    "utf-16 csv": (lambda folder: (folder / "figures.csv").write_bytes(codecs.BOM_UTF16_LE + (folder / "figures.csv").read_text(encoding="utf-8").encode("utf-16-le")), "figures.csv", ["UTF-16", "CSV UTF-8"]),
    "latin-1 csv": (write("figures.csv", "id,stage,label,value,unit,approx,period,source\nx,s4,caf\xe9,1,%,,2015,caf\xe9 cr\xe8me\n".encode("latin-1")), "figures.csv", ["UTF-8", "GB18030"]),
    "missing data file": (lambda folder: (folder / "figures.csv").unlink(), "figures.csv", ["file not found", "--data"]),
    "theme bad colour": (replace("theme.yaml", 'primary: "#9E1B24"', 'primary: "red"'), "theme.yaml", ["palette.primary"]),
    "theme missing font": (replace("theme.yaml", "NotoSansSC-Bold.ttf", "NoSuchFont.ttf"), "theme.yaml", ["fonts.bold", "not found"]),
    "theme body too small": (replace("theme.yaml", "body_pt: 10.5", "body_pt: 8"), "theme.yaml", ["sizes.body_pt", "10.5"]),
}


def run_check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--check", "--outline", str(folder / "outline.yaml"), "--data", str(folder / "figures.csv"),
                 "--theme", str(folder / "theme.yaml")], "")
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_fixture_is_valid(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_check(mini, capsys)
    assert code == 0, output


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_clearly(name: str, mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mutate, file, fragments = CASES[name]
    mutate(mini)
    code, output = run_check(mini, capsys)
    assert code == 2, output
    assert "Traceback" not in output
    assert file in output
    for fragment in fragments:
        assert fragment in output, f"{fragment!r} missing from:\n{output}"
