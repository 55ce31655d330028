"""A synthetic project of N stages, made from the shipped one, for scale runs.

Each synthetic stage is a copy of one of the three real stages with its own
stage id, and its own copies of the figures and charts it uses (ids suffixed),
so the loader, the lint and both builders do N stages' worth of real work.
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


def make_project(stages: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    outline = yaml.safe_load((ASSETS / "outline.yaml").read_text(encoding="utf-8"))
    with (ASSETS / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    derived = {d["id"]: d for d in outline.get("derived", [])}
    charts = {c["id"]: c for c in outline["charts"]}
    ids = sorted([r["id"] for r in rows] + list(derived), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")

    def suffix(value, n: int):
        if isinstance(value, str):
            return pattern.sub(lambda m: f"{m.group(1)}_x{n}", value)
        if isinstance(value, list):
            return [suffix(v, n) for v in value]
        if isinstance(value, dict):
            return {k: suffix(v, n) for k, v in value.items()}
        return value

    new_stages, new_rows, new_charts, new_derived = [], [], [], []
    for n in range(1, stages + 1):
        base = outline["stages"][(n - 1) % len(outline["stages"])]
        sid = f"s{n}"
        stage = suffix(base, n)
        stage.update(id=sid, numeral=numeral(n), title=f"{base['title']}（{n}）")
        stage["charts"] = [f"{c}_x{n}" for c in base["charts"]]
        new_stages.append(stage)
        for row in rows:
            new_rows.append({**row, "id": f"{row['id']}_x{n}", "stage": sid})
        for d in derived.values():
            new_derived.append({**suffix(d, n), "id": f"{d['id']}_x{n}", "stage": sid})
        for cid in base["charts"]:
            chart = suffix(charts[cid], n)
            chart.update(id=f"{cid}_x{n}", stage=sid)
            new_charts.append(chart)
    outline.update(stages=new_stages, charts=new_charts, derived=new_derived)
    outline = {**suffix({k: v for k, v in outline.items() if k not in ("stages", "charts", "derived")}, 1),
               "stages": new_stages, "charts": new_charts, "derived": new_derived}
    (folder / "outline.yaml").write_text(yaml.safe_dump(outline, allow_unicode=True, sort_keys=False, width=10_000),
                                         encoding="utf-8")
    with (folder / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(new_rows)
    shutil.copy(ASSETS / "theme.yaml", folder / "theme.yaml")
    shutil.copytree(ASSETS / "fonts", folder / "fonts", dirs_exist_ok=True)
    return folder
