"""A figure's precision, and whether its value is still the one its source phrase states.

Every figure row quotes the article's phrase it comes from ("全市农村居民人均可支配收入达12001元").
That phrase fixes two things the loader checks once, so no builder ever has to:

* **Precision** — the decimals the figure is published with: the optional `decimals` column,
  else the decimals of the phrase's number.  Excel hands over binary floats, so a value pasted
  from a formula arrives as 2.8499999999999996: a value within a relative 1e-9 of its rounding to
  the precision is that rounding (an artefact, not a figure); any other extra decimal is an input
  error, never a guess.  A value with fewer decimals is kept as written (170.5 stays 170.5:
  zeros are not invented).
* **Updated** — a value that is none of the phrase's numbers is an updated figure: the outputs
  show the new value and say "更新值；原文为12001元" wherever they show the source.
"""
from __future__ import annotations

import re
from decimal import Decimal

from model.units import APPROX

NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?")
EPSILON = Decimal("1e-9")          # relative: binary-float noise is ~1e-16; a real typo is far larger
MAX_DECIMALS = 6                   # when the phrase gives no number to take the precision from


def decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def phrase_numbers(source: str) -> list[str]:
    return NUMBER.findall(source)


def quoted_number(source: str, unit: str) -> str | None:
    """The number the phrase gives for this figure: the one written with the figure's unit
    (a qualifier such as 近 or 余 may stand between), else the phrase's only number."""
    qualifiers = "".join(sorted({ch for word in APPROX for ch in word}))
    with_unit = re.findall(rf"(?<![\d.])(\d+(?:\.\d+)?)[{qualifiers}]{{0,2}}{re.escape(unit)}", source) if unit else []
    if len(set(with_unit)) == 1:
        return with_unit[0]
    numbers = phrase_numbers(source)
    return numbers[0] if len(set(numbers)) == 1 else None


def precision(value: Decimal, source: str, unit: str, declared: int | None) -> int | None:
    """The decimals the figure is published with (None: the phrase has no number to tell)."""
    if declared is not None:
        return declared
    numbers = phrase_numbers(source)
    same = [n for n in numbers if Decimal(n) == value]
    if same:
        return decimals(Decimal(same[0]))
    quoted = quoted_number(source, unit)
    if quoted is not None:
        return decimals(Decimal(quoted))
    return max((decimals(Decimal(n)) for n in numbers), default=None)


class PrecisionError(ValueError):
    """The value has digits beyond its precision that are not binary-float noise."""


def settle(value: Decimal, places: int | None) -> Decimal:
    """The value at its precision; raises PrecisionError when that would change the figure."""
    if places is None:
        if decimals(value) <= MAX_DECIMALS:
            return value
        for places in range(MAX_DECIMALS + 1):          # the fewest decimals the artefact rounds to
            if _close(value, places):
                return value.quantize(Decimal(1).scaleb(-places))
        raise PrecisionError(f"`{value}` has {_decimals_text(value)}")
    if decimals(value) <= places:
        return value
    if not _close(value, places):
        raise PrecisionError(f"`{value}` has {_decimals_text(value)} but the figure's precision is {places}")
    return value.quantize(Decimal(1).scaleb(-places))


def _decimals_text(value: Decimal) -> str:
    n = decimals(value)
    return f"{n} decimal" + ("" if n == 1 else "s")


def _close(value: Decimal, places: int) -> bool:
    rounded = value.quantize(Decimal(1).scaleb(-places))
    return abs(value - rounded) <= EPSILON * max(abs(value), Decimal(1).scaleb(-places))


def original(value: Decimal, source: str, unit: str) -> tuple[bool, str | None]:
    """(updated?, the phrase's number when the value is no longer it, if the phrase tells which)."""
    if any(Decimal(n) == value for n in phrase_numbers(source)):
        return False, None
    return True, quoted_number(source, unit)
