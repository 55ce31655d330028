import yaml

from core.prose import tidy, typed_numbers


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
