"""What changed since the last build, and where to look.

A user checking a new edition reads ``build/changes.md`` instead of hunting
through 20 pages and 40 slides: each changed figure with old → new and the
PDF pages, slides and charts that show it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Briefing


@dataclass(frozen=True)
class Change:
    id: str
    label: str
    old: str | None        # None: new figure
    new: str | None        # None: removed figure
    where: tuple[str, ...]

    def line(self) -> str:
        old = self.old if self.old is not None else "（新增）"
        new = self.new if self.new is not None else "（删除）"
        where = "; ".join(self.where) if self.where else "not shown"
        return f"{self.id} {self.label}: {old} → {new} ({where})"


def snapshot(briefing: Briefing) -> dict[str, dict[str, str]]:
    return {f.id: {"label": f.label, "text": f.text} for f in briefing.figures.values()}


def compare(before: Mapping[str, Mapping[str, str]], after: Mapping[str, Mapping[str, str]],
            where: Mapping[str, list[str]]) -> list[Change]:
    changes = []
    for fid in list(after) + [f for f in before if f not in after]:
        old = before.get(fid, {}).get("text")
        new = after.get(fid, {}).get("text")
        if old != new:
            label = (after.get(fid) or before.get(fid) or {}).get("label", "")
            changes.append(Change(fid, label, old, new, tuple(where.get(fid, ()))))
    return changes


def report(changes: list[Change], briefing: Briefing) -> str:
    lines = [f"# 数据变更 · {briefing.document.title}", "",
             f"数据版次：{briefing.document.edition.isoformat()}　变更 {len(changes)} 项", "",
             "| id | 指标 | 原值 | 新值 | 出现位置 |", "|---|---|---|---|---|"]
    for c in changes:
        cells = [c.id, c.label, c.old or "（新增）", c.new or "（删除）", "；".join(c.where) or "—"]
        lines.append("| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
    return "\n".join(lines) + "\n"
