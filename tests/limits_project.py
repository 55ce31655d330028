"""A copy of the mini project with text fields filled to the lengths model/schema.py allows (issue 12).

Shared by tests/test_bad_inputs_keep_outputs.py (every field at its limit builds both outputs) and
bench/limits.py (how long each max-length build takes).  The text is Chinese without digits (the
typed-number lint refuses digits in prose).
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
TEXT = "推进产业扶贫项目建设，完善农村基础设施，"       # 20 characters, no digits


def filled(n: int) -> str:
    return (TEXT * (n // len(TEXT) + 1))[:n]


# field → (limit in characters, how to set it); the limits are model/schema.py's
def _stage(o: dict) -> dict:
    return o["stages"][0]


FIELDS = {
    "document: title (24), subtitle (30), source (12), author (12), unit (20)": lambda o, r: o["document"].update(
        title=filled(24), subtitle=filled(30), source=filled(12), author=filled(12), unit=filled(20)),
    "overview (800)": lambda o, r: o.__setitem__("overview", filled(781) + "{poor_reduced_2015}"),
    "stage title (30)": lambda o, r: _stage(o).__setitem__("title", filled(30)),
    "stage summary (600)": lambda o, r: _stage(o).__setitem__("summary", filled(600)),
    "measure group (30) + 30 items (300)": lambda o, r: _stage(o)["measures"][0].update(group=filled(30), items=[filled(300)] * 30),
    "result note (120)": lambda o, r: _stage(o)["results"][1].__setitem__("note", filled(120)),
    "quote (300) + by (30)": lambda o, r: _stage(o)["quotes"][0].update(text=filled(300), by=filled(30)),
    "challenges: 20 × 300": lambda o, r: o["stages"][1].__setitem__("challenges", [filled(300)] * 20),
    "timeline: 40 × (20 + 200)": lambda o, r: o.__setitem__("timeline", [{"when": filled(20), "text": filled(200)} for _ in range(40)]),
    "chart title (40), note (150), categories (20)": lambda o, r: o["charts"][0].update(
        title=filled(40), note=filled(150), categories=[filled(20), filled(19) + "乙"]),
    "figure label (40), period (20), source (200)": lambda o, r: [row.update(label=filled(39) + "甲乙丙丁戊己庚辛壬癸"[i], period=filled(20), period_source=filled(20),
                                                                             source=filled(200)) for i, row in enumerate(r)],
}


def project(folder: Path, edits: list) -> Path:
    shutil.copytree(MINI, folder)
    theme = folder / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("../../../assets/", f"{ROOT / 'assets'}/"), encoding="utf-8")
    outline = yaml.safe_load((folder / "outline.yaml").read_text(encoding="utf-8"))
    with (folder / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for edit in edits:
        edit(outline, rows)
    (folder / "outline.yaml").write_text(yaml.safe_dump(outline, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "figures.csv").write_text(buf.getvalue(), encoding="utf-8")
    return folder
