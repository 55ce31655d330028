from decimal import Decimal

import yaml

from model.briefing import Figure
from model.prose import resolve, tidy, typed_numbers
from model.quoting import article_words, inner_quotes


def test_folded_yaml_gap_between_chinese_is_removed() -> None:
    folded = yaml.safe_load("text: >-\n  贵阳市以突出产业全覆盖，\n  着力提升贫困群众的造血功能\n")["text"]
    assert " " in folded  # what PyYAML does
    assert tidy(folded) == "贵阳市以突出产业全覆盖，着力提升贫困群众的造血功能"


def test_space_between_latin_words_is_kept() -> None:
    assert tidy("PDF and PPTX") == "PDF and PPTX"


def test_years_dates_and_names_are_not_typed_numbers() -> None:
    text = "2013年首次提出；2017年8月6日至7日召开；实施“9+3”计划和《计划（2014—2015年）》；2016—2017年"
    assert typed_numbers(text) == []


def test_bare_numbers_are_found() -> None:
    assert typed_numbers("减少38.35万人，投入5000万元，{rural_income_2015}") == ["38.35", "5000"]


def test_year_like_amount_is_still_a_number() -> None:
    assert typed_numbers("标准为2300元") == ["2300"]


def _fig(fid: str, value: str, unit: str, approx: str = "") -> Figure:
    return Figure(fid, "s4", fid, Decimal(value), unit, approx, "", "", "test")


def test_a_range_in_one_unit_names_the_unit_once() -> None:
    figures = {f.id: f for f in (_fig("lo", "1", "门"), _fig("hi", "2", "门"), _fig("p6", "6", "%"), _fig("p8", "8", "%"),
                                 _fig("near", "3", "门", "近"), _fig("yuan", "3", "元"))}
    assert str(resolve("掌握{lo}至{hi}劳动技能", figures)) == "掌握1至2门劳动技能"
    assert resolve("{lo}至{hi}", figures).figures == (figures["lo"], figures["hi"])
    assert str(resolve("{p6}至{p8}", figures)) == "6%至8%"              # Chinese keeps % on both ends
    assert str(resolve("{near}至{hi}", figures)) == "近3门至2门"          # a qualifier is never dropped
    assert str(resolve("{yuan}至{hi}", figures)) == "3元至2门"            # different units: both shown
    assert str(resolve("{lo}、{hi}", figures)) == "1门、2门"


def test_article_words_are_printed_with_full_width_punctuation() -> None:
    assert article_words("在72个乡(镇),227个行政村实施") == "在72个乡（镇），227个行政村实施"
    assert article_words("发布时间:2018-06-26 15:36　 ") == "发布时间：2018-06-26 15:36"
    assert article_words("“四在农家·美丽乡村” 基础设施") == "“四在农家·美丽乡村”基础设施"
    assert inner_quotes("完成102个贫困村“减贫摘帽”") == "完成102个贫困村‘减贫摘帽’"
