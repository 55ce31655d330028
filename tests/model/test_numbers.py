from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.numbers import decimals_of, format_figure, format_number
from model.units import APPROX, UNITS


@pytest.mark.parametrize("value, unit, approx, expected", [
    ("12001", "元", "", "12001元"),
    ("38.35", "万人", "", "38.35万人"),
    ("162.31", "亿元", "", "162.31亿元"),
    ("169.07", "%", "", "169.07%"),
    ("4317.4", "元", "", "4317.4元"),
    ("96.00", "亿元", "", "96.00亿元"),
    ("11.2", "万户", "近", "近11.2万户"),
    ("100", "个", "余", "100余个"),
    ("100", "公里", "以上", "100公里以上"),
    ("6", "%", "左右", "6%左右"),
    ("1E+4", "元", "", "10000元"),
])
def test_chinese_conventions(value: str, unit: str, approx: str, expected: str) -> None:
    assert format_figure(Decimal(value), unit, approx) == expected


def test_decimals_follow_the_source() -> None:
    assert decimals_of(Decimal("4317.4")) == 1
    assert decimals_of(Decimal("12001")) == 0
    assert decimals_of(Decimal("96.00")) == 2


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**12, places=4),
       st.sampled_from(sorted(UNITS)), st.sampled_from(sorted(APPROX | {""})))
def test_formatted_figure_round_trips(value: Decimal, unit: str, approx: str) -> None:
    text = format_figure(value, unit, approx)
    number = format_number(value)
    assert "E" not in number and "e" not in number
    assert Decimal(number) == value
    assert unit in text and number in text


def test_dates_are_written_the_chinese_way_without_zero_padding() -> None:
    import datetime as dt

    from model.numbers import format_date

    assert format_date(dt.date(2018, 6, 26)) == "2018年6月26日"
    assert format_date(dt.date(2017, 8, 6)) == "2017年8月6日"
