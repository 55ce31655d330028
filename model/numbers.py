"""Chinese number conventions: 12001元, 38.35万人, 162.31亿元, 169.07%; dates as 2018年6月26日.

Values are kept as :class:`~decimal.Decimal` exactly as the data file writes
them, so the briefing shows the article's own precision (4317.4元, not
4317.40元) and no float rounding can change a published figure.  Chinese
official writing uses no thousands separators, so none are added.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from model.units import APPROX_INFIX, APPROX_PREFIX, APPROX_SUFFIX


def format_number(value: Decimal) -> str:
    """Plain positional notation, never scientific (Decimal('1E+4') → '10000'); a zero is never
    negative, at any precision (a derived −0.001 rounded to two places is 0.00, not −0.00)."""
    return format(value.copy_abs() if value.is_zero() else value, "f")


def format_figure(value: Decimal, unit: str, approx: str = "") -> str:
    number = format_number(value)
    if approx in APPROX_PREFIX:
        return f"{approx}{number}{unit}"
    if approx in APPROX_INFIX:
        return f"{number}{approx}{unit}"
    if approx in APPROX_SUFFIX:
        return f"{number}{unit}{approx}"
    return f"{number}{unit}"


def decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_date(day: dt.date) -> str:
    """2018年6月26日: no zero padding, as Chinese prose writes dates (shared by the PDF, the deck and the model)."""
    return f"{day.year}年{day.month}月{day.day}日"
