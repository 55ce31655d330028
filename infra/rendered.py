"""What a builder hands back: the file's bytes, where each figure landed, and step timings.

The locations feed ``build/changes.md`` ("rural_income_2015: 12001元 → 12100元,
PDF p. 4, 7; slides 9, 12; chart income_thresholds"), so a user checking a
new edition knows which pages to look at.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rendered:
    data: bytes
    where: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # figure id → ("p. 4", …) or ("slide 9", …)
    steps: tuple[str, ...] = ()          # extra timing lines for the console, e.g. "charts 0.31s (2 cached)"
