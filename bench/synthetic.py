"""Synthetic projects made from the shipped one: N stages for the scale runs, and one huge measure.

Issue 6 sizes a 60-stage outline at about 100 PDF pages and 250 slides, so
each synthetic stage is a *trimmed* copy of one of the three real stages
(summary, two measure groups, four results, one chart) with its own stage id
and its own copies of just the figures it shows (ids suffixed ``_xN``), so the
loader, the lint and both builders do N stages' worth of real work.
"""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def _trim(stage: dict) -> dict:
    return {**stage, "measures": [{**g, "items": g["items"][:3]} for g in stage["measures"][:2]],
            "results": stage["results"][:4], "challenges": stage.get("challenges", [])[:1],
            "quotes": stage.get("quotes", [])[:1], "charts": stage["charts"][:1]}


def make_project(stages: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    outline = yaml.safe_load((ASSETS / "outline.yaml").read_text(encoding="utf-8"))
    with (ASSETS / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    derived = {d["id"]: d for d in outline.get("derived", [])}
    charts = {c["id"]: c for c in outline["charts"]}
    ids = sorted([*rows, *derived], key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")

    def used(value: object) -> set[str]:
        found = set(pattern.findall(yaml.safe_dump(value, allow_unicode=True)))
        for d in found & set(derived):
            found |= used(derived[d]["formula"])
        return found

    def suffix(value: object, n: int) -> object:
        return yaml.safe_load(pattern.sub(lambda m: f"{m.group(1)}_x{n}", yaml.safe_dump(value, allow_unicode=True)))

    head = {k: v for k, v in outline.items() if k not in ("stages", "charts", "derived")}
    new = {"stages": [], "charts": [], "derived": []}
    new_rows = []
    for fid in sorted(used(head)):                 # the cover, overview and timeline keep stage 1's copies
        if fid in rows:
            new_rows.append({**rows[fid], "id": f"{fid}_x1", "stage": "s1"})
    for n in range(1, stages + 1):
        base = _trim(outline["stages"][(n - 1) % len(outline["stages"])])
        sid = f"s{n}"
        stage = suffix(base, n)
        stage.update(id=sid, numeral=numeral(n), title=f"{base['title']}（{n}）",
                     charts=[f"{c}_x{n}" for c in base["charts"]])
        new["stages"].append(stage)
        stage_charts = [charts[c] for c in base["charts"]]
        needed = used(base) | used(stage_charts) | (used(head) if n == 1 else set())
        for fid in sorted(needed):
            if fid in rows and not (n == 1 and f"{fid}_x1" in {r["id"] for r in new_rows}):
                label = rows[fid]["label"] + (f"（{n}）" if n > 1 else "")    # a copy is another fact: one row per label and period
                new_rows.append({**rows[fid], "id": f"{fid}_x{n}", "stage": sid, "label": label})
            elif fid in derived:
                new["derived"].append({**suffix(derived[fid], n), "id": f"{fid}_x{n}", "stage": sid})
        for chart in stage_charts:
            new["charts"].append({**suffix(chart, n), "id": f"{chart['id']}_x{n}", "stage": sid})
    head = suffix(head, 1)
    printed = yaml.safe_dump({k: v for k, v in head.items() if k != "corrections"} | new, allow_unicode=True)
    if "corrections" in head:                      # the trimmed stages may drop the text a correction marks
        head["corrections"] = [c for c in head["corrections"] if c["corrected"] in printed]
    (folder / "outline.yaml").write_text(yaml.safe_dump({**head, **new}, allow_unicode=True, sort_keys=False, width=10_000),
                                         encoding="utf-8")
    with (folder / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(next(iter(rows.values()))))
        writer.writeheader()
        writer.writerows(new_rows)
    shutil.copy(ASSETS / "theme.yaml", folder / "theme.yaml")
    shutil.copytree(ASSETS / "fonts", folder / "fonts", dirs_exist_ok=True)
    return folder


LONG_SENTENCE = "推进产业扶贫项目建设，完善农村基础设施，"        # 20 characters, no digits (the lint allows it)


ITEM_LIMIT, ITEMS_PER_GROUP = 300, 30       # core/schema.py: a measure item, the items of one group (issue 12)


def long_measure_project(chars: int, folder: Path) -> Path:
    """The shipped project with ``chars`` more characters of measures (issue 6's 50,000).  Issue 12 limits an
    item to a bullet's length, so they come as items at the limit, in extra groups of at most 30 items."""
    shutil.copytree(ASSETS, folder)
    outline = yaml.safe_load((folder / "outline.yaml").read_text(encoding="utf-8"))
    item = LONG_SENTENCE * (ITEM_LIMIT // len(LONG_SENTENCE))
    items = [item] * (chars // len(item))
    outline["stages"][0]["measures"] += [{"group": f"补充举措{NUMERALS[i // ITEMS_PER_GROUP]}", "items": items[i:i + ITEMS_PER_GROUP]}
                                         for i in range(0, len(items), ITEMS_PER_GROUP)]
    (folder / "outline.yaml").write_text(yaml.safe_dump(outline, allow_unicode=True, sort_keys=False, width=10_000),
                                         encoding="utf-8")
    return folder
