#!/usr/bin/env python3
"""Max-length builds (issue 12): each long field at its limit, then every field at its limit at once.

    .venv/bin/python bench/limits.py [--only pdf|pptx]

Each run copies the mini fixture project, fills one field (or all) to the
length core/schema.py allows with Chinese text (no digits: the typed-number
lint), and times a full build of both outputs in a fresh process.  It is a
measurement, not a test: the times go to stdout (README.md, "Length limits",
quotes them).  A build that fails is reported with its message.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.limits_project import FIELDS, project  # noqa: E402


def build(folder: Path, extra: list[str]) -> tuple[float, float, int, str]:
    """Wall and CPU seconds (the child's user + system time: on a shared host CPU time is the steadier), exit code, output."""
    argv = [sys.executable, str(ROOT / "generate.py"), "--outline", str(folder / "outline.yaml"), "--data",
            str(folder / "figures.csv"), "--theme", str(folder / "theme.yaml"), "--out", str(folder / "out"), "--force", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, child.returncode, (child.stdout + child.stderr).strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument("--only", choices=("pdf", "pptx"))
    args = parser.parse_args()
    extra = ["--only", args.only] if args.only else []
    with tempfile.TemporaryDirectory() as tmp:
        runs = [("mini as shipped", [])] + [(name, [edit]) for name, edit in FIELDS.items()]
        runs.append(("every field above at once", list(FIELDS.values())))
        failed = 0
        for index, (name, edits) in enumerate(runs):
            wall, cpu, rc, output = build(project(Path(tmp) / f"p{index}", edits), extra)
            last = output.splitlines()[-1] if output else ""
            print(f"{name:72} {wall:6.1f} s wall {cpu:6.1f} s CPU  exit {rc}  {last[:110] if rc else ''}", flush=True)
            failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
