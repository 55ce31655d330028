"""What changed since the last build, and where to look.

A user checking a new edition reads ``build/changes.md`` instead of hunting
through 20 pages and 40 slides: each changed figure with old → new and the
PDF pages, slides and charts that show it, and every figure whose value is no
longer the one its source phrase states.  The file belongs to the build that
wrote it: every build rewrites it (saying so when nothing changed) and dates it
with the model's timestamp (the data edition, or SOURCE_DATE_EPOCH), so the same
inputs still give the same bytes.

The snapshot of a build's figures is also the record of the last good build
that lets a missing id be explained ("the last build had `cadres_2016` = 5977名
at assets/figures.csv line 87").
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from model.briefing import Briefing

RECORD_FIELDS = ("label", "value", "unit", "text", "origin")      # text: as prose shows it; origin: file, line


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
    return {f.id: {"label": f.label, "value": str(f.value), "unit": f.unit, "text": f.text, "origin": f.origin}
            for f in briefing.figures.values()}


def last_build(record: object) -> dict[str, dict[str, str]]:
    """The figures of the last good build as the manifest stored them; anything of another
    shape (an old or damaged cache) counts as no record at all."""
    if not isinstance(record, dict):
        return {}
    good = {}
    for fid, entry in record.items():
        if isinstance(fid, str) and isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in RECORD_FIELDS):
            good[fid] = {k: entry[k] for k in RECORD_FIELDS}
    return good


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


def edition_warning(changes: list[Change], edition: str, last_edition: object, outline: str) -> str:
    """Readers must be able to tell two editions apart: figures changed, 数据版次 did not."""
    if not changes or edition != last_edition:
        return ""
    return (f"warning: {len(changes)} figure(s) changed but the data edition (数据版次, `document.edition` in {outline}) "
            f"is still {edition}; readers cannot tell this edition from the last one — set it to the date of the new data")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |"


def report(changes: list[Change] | None, briefing: Briefing, edition_unchanged: bool = False) -> str:
    """``changes``: None on the first build (nothing to compare with)."""
    doc = briefing.document
    lines = [f"# 数据变更 · {doc.title}", "",
             f"数据版次：{doc.edition.isoformat()}　本文件日期：{doc.timestamp.date().isoformat()}"
             "（数据版次；设置 SOURCE_DATE_EPOCH 时为其日期）", ""]
    if changes is None:
        lines.append("首次构建：没有可比较的上次构建。")
    elif not changes:
        lines.append("与上次构建相比，数据没有变化。")
    else:
        lines += [f"与上次构建相比，变更 {len(changes)} 项：", "",
                  "| id | 指标 | 原值 | 新值 | 出现位置 |", "|---|---|---|---|---|"]
        lines += [_row([c.id, c.label, c.old or "（新增）", c.new or "（删除）", "；".join(c.where) or "—"]) for c in changes]
    if edition_unchanged:
        lines += ["", f"> 注意：数据已变更，但数据版次（{doc.edition.isoformat()}）与上次构建相同，读者无法区分两个版本；"
                      "请把大纲 `document.edition` 改为新数据的日期。"]
    updated = [f for f in briefing.figures.values() if f.updated]
    if updated:
        lines += ["", f"## 更新值（与原文语句不同）{len(updated)} 项", "",
                  "| id | 指标 | 现值 | 原文 | 原文语句 | 数据来源 |", "|---|---|---|---|---|---|"]
        lines += [_row([f.id, f.label, f.text, f.original or "—", f.source, f.source_doc or "—"]) for f in updated]
    return "\n".join(lines) + "\n"
