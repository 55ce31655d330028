"""The unit vocabulary of the data file.

A closed list catches typos (``万 人``, ``亿``) and lets charts refuse to mix
quantities that cannot share an axis: units of the same *family and scale*
(名 and 个 are both plain counts) may share a chart, 万人 and 人 may not.
"""
from __future__ import annotations

# unit → (family, scale)
UNITS: dict[str, tuple[str, int]] = {
    "个": ("count", 1), "名": ("count", 1), "人": ("count", 1), "户": ("count", 1),
    "座": ("count", 1), "处": ("count", 1), "条": ("count", 1), "项": ("count", 1),
    "门": ("count", 1), "村": ("count", 1), "家": ("count", 1),
    "万人": ("count", 10_000), "万户": ("count", 10_000),
    "元": ("money", 1), "万元": ("money", 10_000), "亿元": ("money", 100_000_000),
    "美元": ("usd", 1),
    "亩": ("area", 1), "万亩": ("area", 10_000),
    "公里": ("length", 1),
    "%": ("percent", 1), "个百分点": ("points", 1), "倍": ("multiple", 1),
    "年": ("years", 1), "度": ("degrees", 1),
}

# How the article qualifies a number, and where the word goes.
APPROX_PREFIX = {"近", "约"}
APPROX_INFIX = {"余"}          # 100余个: between number and unit
APPROX_SUFFIX = {"以上", "左右"}
APPROX = APPROX_PREFIX | APPROX_INFIX | APPROX_SUFFIX


def family(unit: str) -> tuple[str, int]:
    return UNITS[unit]
