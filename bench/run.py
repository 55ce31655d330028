#!/usr/bin/env python3
"""The benchmark of issues 3, 5 and 6, in one run (`make bench`).

    .venv/bin/python bench/run.py [--runs N] [--quick] [--results bench/results.md]

Measures, each in fresh `generate.py` processes on temporary copies of the
project (assets/ itself and build/ are never touched):

  1. cold full build (`--force`, empty out folder, so an empty build cache:
     every chart drawn, every font cut) vs the floor: WeasyPrint
     alone rendering the same final HTML/CSS with the same charts
     (bench_pdf.floor_pdf) + python-pptx's Presentation.save of the same deck,
     plus what any fresh process producing those two files must pay
     (interpreter start, importing WeasyPrint and python-pptx);    ≤ 1.0×
     beside it, in the same rounds, a full build with a warm cache, and the
     CPU time (user + system) of each, less moved by a busy host than wall time
  2. no-change rebuild: wall time of a process answering "up to date";  ≤ 50 ms
     (over target: `python -X importtime` names the costly imports)
  3. text-only change (one sentence of outline.yaml): rebuild time, and the
     charts redrawn (new or rewritten files in <out>/.cache/charts);   0
  4. one figure changed under `--watch`: from the write of figures.csv to the
     rebuild line on the watcher's stdout;                            ≤ 1.2 s
     beside it, the deck's step of those rebuilds vs python-pptx's Presentation.save
     of the same deck (and the deck rebuilt alone in a warm process), WeasyPrint
     alone re-rendering the same HTML in a warm process,
     and the least any incremental design keeping WeasyPrint would redo (the
     figure's chapter laid out alone + drawing and writing the PDF)
  5. peak RSS of the cold full build (ru_maxrss of the child);       ≤ 300 MB
  6. scale (issue 6, skipped by --quick): synthetic 4/8/12-stage projects (12: the outline's limit),
     full build time, peak RSS, PDF pages, deck slides; linear time: the
     marginal cost of a stage does not grow with size              ≤ 1.25×
     12 stages peak RSS                                             ≤ 600 MB
     and a 50,000-character measure item, PDF only (the time is reported)

Children run with a bytecode cache (PYTHONPYCACHEPREFIX in a temp folder,
warmed by an untimed first build), as on a user's machine; the no-change
rebuild is also shown without one (PYTHONDONTWRITEBYTECODE=1) for reference.
The table goes to stdout and to --results.  Exit code 1 if a target is missed.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import itertools
import json
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import bench_pdf  # noqa: E402 - the shared floor (floor_pdf) and its preparation (prepare)

PY = sys.executable
GENERATE = str(ROOT / "generate.py")

TARGET_COLD_RATIO = 1.0
TARGET_NOCHANGE_S = 0.050
TARGET_WATCH_S = 1.2            # issue 16 (0.6 s before: out of reach with WeasyPrint, see the watch floor rows)
TARGET_RSS_MB = 300
TARGET_SCALE_RSS_MB = 600
SCALE_STAGES = (4, 8, 12)      # issue 6 asked for 60; issue 12 limits an outline to 12 stages (model/schema.py)
SLOW_BUILD_S = 180             # issue 6: a build over 3 min is reported as such
LONG_MEASURE_CHARS = 50_000    # issue 6: one measure item of this many characters

# the sentence the text-only change edits, and the figure the watch run changes
TEXT_FROM, TEXT_TO = "措施更实", "措施更加扎实"
WATCH_FIGURE = "rural_roads_2016"     # shown on a card, in prose and in chart infra_2016
# the watch rebuild by kind of part changed (issue 16 §3): (kind, figure, column edited); a figure's source
# phrase shows only in its appendix row, edited by a same-width character (the row keeps its height)
WATCH_KINDS = (("a stage chapter", WATCH_FIGURE, "value"),
               ("the cover and overview", "rural_income_2015", "value"),
               ("the appendix only", "rural_income_2015", "source"))
SOURCE_FROM, SOURCE_TO = "达", "为"


# ================================================================ child processes

@dataclass
class Child:
    wall: float
    rc: int
    out: str
    err: str
    rss_mb: float
    cpu: float = 0.0           # user + system seconds of the child and the children it waited for

    @property
    def steps(self) -> str:
        """The build's own step line (`load 0.08s · pdf 6.81s · pptx 1.19s`)."""
        return next((ln.strip() for ln in self.out.splitlines() if "·" in ln or ln.startswith("load ")), "")


def run_child(cmd: list[str], env: dict, timeout: float | None = None, cwd: Path | None = None) -> Child:
    """Run to completion; wall time and the child's own peak RSS (os.wait4, not RUSAGE_CHILDREN)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd or ROOT)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(wall, proc.returncode, out.read().decode("utf-8", "replace"),
                     err.read().decode("utf-8", "replace"), usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def generate(env: dict, project: Path | None, out: Path, *extra: str, timeout: float | None = None) -> Child:
    cmd = [PY, GENERATE, "--out", str(out), *extra]
    if project:
        cmd += ["--outline", str(project / "outline.yaml"), "--data", str(project / "figures.csv"),
                "--theme", str(project / "theme.yaml")]
    return run_child(cmd, env, timeout)


def must(child: Child, what: str) -> Child:
    if child.rc != 0:
        raise SystemExit(f"{what} failed (exit {child.rc}):\n{child.out}\n{child.err}")
    return child


def copy_project(folder: Path) -> Path:
    shutil.copytree(ROOT / "assets", folder)
    return folder


# ================================================================ results

@dataclass
class Row:
    name: str
    value: str
    target: str
    ok: bool | None            # None: informational, no target
    detail: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)

    def add(self, *args, **kw) -> Row:
        row = Row(*args, **kw)
        self.rows.append(row)
        verdict = {True: "pass", False: "FAIL", None: "info"}[row.ok]
        print(f"  → {row.name}: {row.value} (target {row.target}) {verdict}", flush=True)
        return row


def table(rows: list[Row]) -> str:
    head = ("#", "measure", "value", "target", "result", "detail")
    cells = [head] + [(str(i), r.name, r.value, r.target, {True: "pass", False: "**FAIL**", None: "info"}[r.ok], r.detail)
                      for i, r in enumerate(rows, 1)]
    widths = [max(_width(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(_pad(c[i], widths[i]) for i in range(len(head))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def secs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


# ================================================================ 1 + 5: cold build vs floor, peak RSS

def worker_floor(args: argparse.Namespace) -> dict:
    """The floor process: imports (timed), WeasyPrint on the prepared HTML (bench_pdf.floor_pdf),
    then the deck built untimed and only its Presentation.save timed."""
    t = time.perf_counter()
    import pptx  # noqa: F401
    import weasyprint  # noqa: F401
    imports = time.perf_counter() - t
    pdf = bench_pdf.floor_pdf(Path(args.work))
    from model.loader import load
    from slides.deck import Deck
    deck = Deck(load(bench_pdf.inputs_of(args)), None)
    deck.build()
    buf = io.BytesIO()
    t = time.perf_counter()
    deck.prs.save(buf)
    save = time.perf_counter() - t
    return {"imports": imports, "pdf": pdf["seconds"], "cpu": pdf["cpu"], "save": save, "pages": pdf["pages"],
            "slides": len(deck.prs.slides)}


def worker_deck(args: argparse.Namespace) -> dict:
    """The deck's floor in a watch rebuild: python-pptx's own Presentation.save of the deck the watch wrote
    (--work), and the deck builder alone in a warm process, without the PDF beside it: built once untimed,
    then rebuilt after each of 3 changes of the watch figure (the data file edited in place and restored,
    the watch's build cache); medians, wall and CPU time."""
    from pptx import Presentation

    from model.loader import load
    from slides import build_deck
    prs = Presentation(args.work)
    saves = []
    for _ in range(3):
        t = time.perf_counter()
        prs.save(io.BytesIO())
        saves.append(time.perf_counter() - t)
    inputs = bench_pdf.inputs_of(args)
    cache = Path(args.work).parent / ".cache"
    build_deck(load(inputs), cache_dir=cache)
    original = inputs.data.read_text(encoding="utf-8")
    walls, cpus = [], []
    try:
        for i in range(3):
            set_figure(inputs.data, WATCH_FIGURE, str(200 + i))
            briefing = load(inputs)
            t, c = time.perf_counter(), time.process_time()
            build_deck(briefing, cache_dir=cache)
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
    finally:
        inputs.data.write_text(original, encoding="utf-8")
    return {"save": statistics.median(saves), "alone": statistics.median(walls), "alone_cpu": statistics.median(cpus)}


def bench_cold(res: Results, env: dict, tmp: Path, runs: int) -> Child:
    print(f"[1/6] cold full build vs floor ({runs} interleaved pairs)…", flush=True)
    ns = argparse.Namespace(outline=None, data=None, theme=None)
    work = tmp / "floor"
    work.mkdir()
    bench_pdf.prepare(ns, work)
    startup = statistics.median(run_child([PY, "-c", "pass"], env).wall for _ in range(7))
    colds: list[Child] = []
    warms: list[Child] = []
    legs: list[dict] = []
    floors: list[dict] = []
    floor_rss: list[float] = []
    floor_cpu: list[float] = []
    must(generate(env, None, tmp / "warm", "--force"), "cold build")          # fills the warm cache (untimed)
    for i in range(runs):              # interleaved: drift in machine load hits all alike
        out = tmp / f"cold{i}"
        assert not (out / ".cache").exists()
        colds.append(must(generate(env, None, out, "--force"), "cold build"))
        child = must(run_child([PY, __file__, "--worker", "floor", "--work", str(work)], env), "floor worker")
        floors.append(json.loads(child.out.strip().splitlines()[-1]))
        floor_rss.append(child.rss_mb)
        floor_cpu.append(child.cpu)
        (tmp / "warm" / ".cache" / "manifest.json").unlink()     # outputs stale, charts and font cuts kept
        warms.append(must(generate(env, None, tmp / "warm"), "warm-cache build"))
        leg = must(run_child([PY, str(BENCH / "bench_pdf.py"), "--worker", "pdf-leg", "--work", str(work)], env),
                   "PDF leg worker")
        legs.append(json.loads(leg.out.strip().splitlines()[-1]))
    cold = statistics.median(c.wall for c in colds)
    warm = statistics.median(c.wall for c in warms)
    parts = {k: statistics.median(f[k] for f in floors) for k in ("imports", "pdf", "save")}
    floor = startup + sum(parts.values())
    ratio = cold / floor
    res.add("cold full build, empty cache (fresh process, --force, new out folder)", f"{cold:.2f} s", "—", None,
            f"median of {runs}: {secs([c.wall for c in colds])}; steps of the median run: {_median_child(colds).steps}")
    res.add("floor: WeasyPrint on the same HTML + deck Presentation.save", f"{floor:.2f} s", "—", None,
            f"python start {startup:.2f} + import weasyprint, pptx {parts['imports']:.2f} + "
            f"render/write PDF {parts['pdf']:.2f} + pptx save {parts['save']:.2f} (medians of {runs})")
    res.add("cold (empty cache) / floor", f"{ratio:.2f}×", f"≤ {TARGET_COLD_RATIO}×", ratio <= TARGET_COLD_RATIO,
            f"work only (no start/imports): {cold - startup - parts['imports']:.2f} s vs {parts['pdf'] + parts['save']:.2f} s")
    cpu_cold, cpu_floor = statistics.median(c.cpu for c in colds), statistics.median(floor_cpu)
    res.add("cold (empty cache) / floor, CPU time", f"{cpu_cold / cpu_floor:.2f}×", "—", None,
            f"user + system: cold {cpu_cold:.2f} s (its chart process included) vs floor process {cpu_floor:.2f} s "
            f"(which also builds the deck untimed); medians of {runs}")
    leg_cpu, leg_floor = statistics.median(g["cpu"] for g in legs), statistics.median(f["cpu"] for f in floors)
    res.add("PDF process of a cold build / WeasyPrint alone, CPU time", f"{leg_cpu / leg_floor:.2f}×", "—", None,
            f"build_pdf with the charts drawn (the other process draws them) and an empty font cache: "
            f"{leg_cpu:.2f} s CPU ({statistics.median(g['seconds'] for g in legs):.2f} s wall) vs floor render/write "
            f"{leg_floor:.2f} s CPU (time.process_time, medians of {runs}): the critical path of a cold build, "
            f"less moved by other processes than wall time")
    res.add("full build, warm cache (manifest removed: charts and font cuts kept)", f"{warm:.2f} s", "—", None,
            f"{warm / floor:.2f}× the floor; median of {runs}: {secs([c.wall for c in warms])}; "
            f"steps: {_median_child(warms).steps}")
    peak = max(c.rss_mb for c in colds)
    res.add("peak RSS, cold full build", f"{peak:.0f} MB", f"≤ {TARGET_RSS_MB} MB", peak <= TARGET_RSS_MB,
            f"ru_maxrss of each run: {', '.join(f'{c.rss_mb:.0f}' for c in colds)} MB; floor process {max(floor_rss):.0f} MB")
    res.notes.append(f"Floor output: {floors[0]['pages']} PDF pages, {floors[0]['slides']} slides.")
    return _median_child(colds)


def _median_child(children: list[Child]) -> Child:
    return sorted(children, key=lambda c: c.wall)[len(children) // 2]


# ================================================================ 2: no-change rebuild

def bench_nochange(res: Results, env: dict, project: Path, out: Path, runs: int) -> None:
    print(f"[2/6] no-change rebuild ({runs} runs)…", flush=True)

    def timed(environment: dict) -> list[float]:
        must(generate(environment, project, out), "no-change build")   # up to date from here on (and bytecode cached)
        walls = []
        for _ in range(runs):
            child = must(generate(environment, project, out), "no-change build")
            if "up to date" in child.out:     # else the code changed under us (report/ is being edited): skip the run
                walls.append(child.wall)
        if not walls:
            raise SystemExit("no-change rebuild: never \"up to date\" (is someone editing core/, report/ or slides/?)")
        return walls

    walls = timed(env)
    median = statistics.median(walls)
    ok = median <= TARGET_NOCHANGE_S
    res.add("no-change rebuild (\"up to date\")", ms(median), f"≤ {ms(TARGET_NOCHANGE_S)}", ok,
            f"median of {len(walls)}: {', '.join(f'{w * 1000:.0f}' for w in walls)} ms; with bytecode cache")
    cold_env = {k: v for k, v in env.items() if k != "PYTHONPYCACHEPREFIX"} | {"PYTHONDONTWRITEBYTECODE": "1"}
    nobc = timed(cold_env)
    res.add("no-change rebuild, no bytecode cache", ms(statistics.median(nobc)), "—", None,
            f"PYTHONDONTWRITEBYTECODE=1: the project's modules compiled on every run; median of {len(nobc)}")
    bare = statistics.median(run_child([PY, "-c", "pass"], env).wall for _ in range(runs))
    bare_s = statistics.median(run_child([PY, "-S", "-c", "pass"], env).wall for _ in range(runs))
    imports = importtime(env, project, out)
    top = "\n".join(f"| {name} | {self_us / 1000:.1f} | {cum_us / 1000:.1f} |" for name, self_us, cum_us in imports[:18])
    res.sections.append((
        "No-change rebuild: where the time goes",
        f"Interpreter alone: `python -c pass` {ms(bare)}, `python -S -c pass` (no site/.pth) {ms(bare_s)}; "
        f"`generate.py` up to date {ms(median)}.\n\n"
        "`python -X importtime generate.py` (bytecode cached), imports by cumulative time:\n\n"
        "| module | self ms | cumulative ms |\n|---|---|---|\n" + top))


def importtime(env: dict, project: Path, out: Path) -> list[tuple[str, int, int]]:
    child = run_child([PY, "-X", "importtime", GENERATE, "--out", str(out), "--outline", str(project / "outline.yaml"),
                       "--data", str(project / "figures.csv"), "--theme", str(project / "theme.yaml")], env)
    rows = []
    for line in child.err.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            depth = (len(m.group(3)) - 1) // 2
            rows.append((("  " * depth) + m.group(4), int(m.group(1)), int(m.group(2))))
    # top-level and second-level entries, biggest first (deeper ones are inside these)
    shallow = [r for r in rows if not r[0].startswith("    ")]
    return sorted(shallow, key=lambda r: -r[2])


# ================================================================ 3: text-only change

def chart_state(out: Path) -> dict[str, int]:
    folder = out / ".cache" / "charts"
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.svg")} if folder.is_dir() else {}


def bench_text(res: Results, env: dict, project: Path, out: Path, runs: int) -> None:
    print(f"[3/6] text-only change ({runs} edits)…", flush=True)
    outline = project / "outline.yaml"
    original = outline.read_text(encoding="utf-8")
    if TEXT_FROM not in original:
        raise SystemExit(f"bench: the sentence to edit (…{TEXT_FROM}…) is no longer in assets/outline.yaml; update TEXT_FROM")
    walls, redrawn, steps = [], [], []
    for i in range(runs):
        text = original.replace(TEXT_FROM, TEXT_TO, 1) if i % 2 == 0 else original
        outline.write_text(text, encoding="utf-8")
        before = chart_state(out)
        child = must(generate(env, project, out), "text-only rebuild")
        after = chart_state(out)
        walls.append(child.wall)
        steps.append(child.steps)
        redrawn.append(sum(1 for name, mtime in after.items() if before.get(name) != mtime))
    median = statistics.median(walls)
    res.add("text-only change: rebuild", f"{median:.2f} s", "—", None,
            f"median of {runs}: {secs(walls)}; steps: {steps[len(steps) // 2]}")
    res.add("text-only change: charts redrawn", f"{max(redrawn)} of {len(chart_state(out))}", "0", max(redrawn) == 0,
            f"new or rewritten SVGs in .cache/charts per edit: {redrawn}")
    outline.write_text(original, encoding="utf-8")
    must(generate(env, project, out), "rebuild after the text edits")


# ================================================================ 4: watch mode

def set_figure(data: Path, fid: str, value: str, column: str = "value") -> str:
    """Rewrite one cell in place (one write, as an editor saving the file); returns the old value."""
    text = data.read_text(encoding="utf-8")
    col = next(csv.reader([text.split("\n", 1)[0]])).index(column)
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(fid + ","))
    cells = next(csv.reader([lines[index]]))
    old, cells[col] = cells[col], value
    buf = io.StringIO()
    csv.writer(buf, lineterminator=lines[index][len(lines[index].rstrip("\r\n")):] or "\n").writerow(cells)
    lines[index] = buf.getvalue()
    data.write_text("".join(lines), encoding="utf-8")
    return old


def bench_watch(res: Results, env: dict, project: Path, out: Path, changes: int, floor_work: Path) -> None:
    print(f"[4/6] one figure changed in --watch (1 + {changes} changes)…", flush=True)
    data = project / "figures.csv"
    cmd = [PY, GENERATE, "--watch", "--out", str(out), "--outline", str(project / "outline.yaml"),
           "--data", str(data), "--theme", str(project / "theme.yaml")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                            text=True, encoding="utf-8", bufsize=1)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def reader() -> None:
        for line in proc.stdout:
            lines.put((time.perf_counter(), line.rstrip("\n")))
        lines.put((time.perf_counter(), "<eof>"))

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(pattern: str, timeout: float) -> tuple[float, str]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                stamp, line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise SystemExit(f"watch: no `{pattern}` line within {timeout:.0f} s") from None
            if line == "<eof>":
                raise SystemExit(f"watch: the process ended (exit {proc.wait()})")
            if re.search(pattern, line):
                return stamp, line

    def change(fid: str, column: str, value: str) -> tuple[float, str, str]:
        """One save of figures.csv → (seconds to the rebuild line, its steps, the old cell)."""
        time.sleep(0.3)                             # let the watcher settle back into its wait
        while not lines.empty():
            lines.get_nowait()
        started = time.perf_counter()
        old = set_figure(data, fid, value, column)
        stamp, line = wait_for(r"figures\.csv changed", 120)
        if "not rebuilt" in line or "internal error" in line:
            raise SystemExit(f"watch: the rebuild failed: {line}")
        return stamp - started, line.split("changed: ", 1)[-1], old

    original = data.read_text(encoding="utf-8")
    kinds: dict[str, list[tuple[float, str]]] = {}
    try:
        wait_for(r"^watching ", 180)
        base = None
        latencies, results = [], []
        for i in range(changes + 1):
            seconds, steps, old = change(WATCH_FIGURE, "value", str(int(float(base or 100)) + i + 1))
            base = base or old
            latencies.append(seconds)
            results.append(steps)
        kinds[WATCH_KINDS[0][0]] = list(zip(latencies[1:], results[1:], strict=True))
        for kind, fid, column in WATCH_KINDS[1:]:  # the first change of each makes it an updated value: not counted
            cell = next(r for r in csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"))) if r["id"] == fid)[column]
            runs = []
            for i in range(changes + 1):
                value = str(int(float(cell)) + i + 1) if column == "value" else \
                    cell.replace(SOURCE_FROM, SOURCE_TO, 1) if i % 2 == 0 else cell
                if column != "value" and SOURCE_FROM not in cell:
                    raise SystemExit(f"bench: {fid}'s source no longer holds {SOURCE_FROM}; update SOURCE_FROM")
                seconds, steps, _ = change(fid, column, value)
                runs.append((seconds, steps))
            kinds[kind] = runs[1:]
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        data.write_text(original, encoding="utf-8")
    warm = latencies[1:]
    median = statistics.median(warm)
    res.add("watch: one figure changed → rebuild line", f"{median:.2f} s", f"≤ {TARGET_WATCH_S} s", median <= TARGET_WATCH_S,
            f"median of {len(warm)} warm changes: {secs(warm)}; steps: {results[1 + len(warm) // 2]}")
    res.add("watch: first change after an \"up to date\" start", f"{latencies[0]:.2f} s", "—", None,
            f"nothing is loaded yet (WeasyPrint, matplotlib, fonts); steps: {results[0]}")
    bench_watch_deck(res, env, project, out, [float(step_seconds(r)["pptx"]) for r in results[1:]])
    f = bench_watch_floor(res, env, floor_work, median)
    for kind, fid, column in WATCH_KINDS:
        runs = kinds[kind]
        walls = [seconds for seconds, _ in runs]
        steps = sorted(runs)[len(runs) // 2][1]
        pdf = statistics.median(float(step_seconds(s).get("pdf", "nan")) for _, s in runs)
        laid = re.search(r"layout [^·]*", steps)
        least = f["kinds"][f"{fid}:{column}"]
        res.add(f"watch: a change in {kind} → rebuild line", f"{statistics.median(walls):.2f} s", "—", None,
                f"{fid} {column}, median of {len(walls)}: {secs(walls)}; PDF step {pdf:.2f} s ({laid.group(0).strip() if laid else '?'}); "
                f"beside it, WeasyPrint alone laying out the parts that show the change ({least['names']}) "
                f"{least['seconds']:.2f} + drawing and writing {f['write']:.2f} = {least['seconds'] + f['write']:.2f} s, and "
                f"its whole warm re-render {f['full']:.2f} s; steps: {steps}")


def bench_watch_deck(res: Results, env: dict, project: Path, out: Path, steps: list[float]) -> None:
    """The deck's part of a watch rebuild (its step, built in the forked child while the PDF renders) beside
    its floor, python-pptx's Presentation.save of the same deck, and the same rebuild alone in a warm process."""
    child = must(run_child([PY, __file__, "--worker", "deck", "--work", str(out / "briefing.pptx"),
                            "--outline", str(project / "outline.yaml"), "--data", str(project / "figures.csv"),
                            "--theme", str(project / "theme.yaml")], env), "deck floor worker")
    f = json.loads(child.out.strip().splitlines()[-1])
    median = statistics.median(steps)
    res.add("watch: deck rebuild (pptx step, beside the PDF)", f"{median:.2f} s", "—", None,
            f"median of {len(steps)}: {secs(steps)}; {median / f['save']:.1f}× its floor, python-pptx's Presentation.save "
            f"of the same deck {f['save']:.2f} s; the deck rebuilt alone in a warm process after {WATCH_FIGURE} changed "
            f"{f['alone']:.2f} s ({f['alone_cpu']:.2f} s CPU; medians of 3)")


def bench_watch_floor(res: Results, env: dict, work: Path, watch: float) -> dict:
    """Why the watch target is out of reach: what WeasyPrint itself needs in a warm process."""
    kinds = ",".join(f"{fid}:{column}" for _, fid, column in WATCH_KINDS)
    child = must(run_child([PY, str(ROOT / "bench" / "bench_pdf.py"), "--worker", "warm-floor", "--work", str(work),
                            "--figure", WATCH_FIGURE, "--kinds", kinds], env), "warm floor worker")
    f = json.loads(child.out.strip().splitlines()[-1])
    res.add("watch floor: WeasyPrint alone, warm, same HTML", f"{f['full']:.2f} s", "—", None,
            f"lay out {f['layout']:.2f} + draw and write {f['write']:.2f} s, font subsets cached as in a watch "
            f"rebuild; the watch rebuild is {watch / f['full']:.2f}× this")
    bound = f["chapter"] + f["write"]
    verdict = "within" if bound <= TARGET_WATCH_S else "already over"
    res.add("watch: least any design keeping WeasyPrint would redo", f"{bound:.2f} s", "—", None,
            f"the {f['chapter_pages']}-page chapter showing {WATCH_FIGURE} laid out alone {f['chapter']:.2f} "
            f"+ drawing and writing the PDF {f['write']:.2f} s (medians of 3): {verdict} the {TARGET_WATCH_S} s target")
    return f


# ================================================================ 6: scale

def step_seconds(steps: str) -> dict[str, str]:
    """`load 0.08s · charts 0.69s (0 cached) · pdf 5.08s · pptx 0.74s` → {"load": "0.08", …}"""
    return dict(re.findall(r"(\w+) (\d+\.\d+)s", steps))


def count_pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(pdf)).pages)


def count_slides(pptx: Path) -> int:
    with zipfile.ZipFile(pptx) as z:
        return sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))


def bench_long_measure(res: Results, env: dict, tmp: Path, cap: float) -> None:
    """Issue 6's 50,000 characters of measures (as items at issue 12's 300-character limit), PDF only."""
    from synthetic import long_measure_project
    print("[6/6] 50,000 characters of measures, PDF only…", flush=True)
    project = long_measure_project(LONG_MEASURE_CHARS, tmp / "long-measure")
    out = tmp / "long-measure-out"
    child = generate(env, project, out, "--force", "--only", "pdf", timeout=cap)
    if child.rc != 0:
        res.add("50,000 characters of measures (items ≤ 300): PDF build", "did not finish", f"≤ {cap:.0f} s", False,
                f"killed after {cap:.0f} s" if child.wall >= cap else (child.err or child.out).strip()[-300:])
        return
    res.add("50,000 characters of measures (items ≤ 300): PDF build", f"{child.wall:.1f} s", "—", None,
            f"{count_pages(out / 'briefing.pdf')} pages (it took ~170 s when the measures were a CSS grid)")


def bench_scale(res: Results, env: dict, tmp: Path, cap: float, base: Child | None) -> None:
    from synthetic import make_project
    print(f"[6/6] scale: {', '.join(map(str, SCALE_STAGES))} stages (cap {cap:.0f} s per build)…", flush=True)
    points: list[tuple[int, float, float, int, int]] = []
    steps: dict[int, dict[str, str]] = {}
    if base:
        points.append((3, base.wall, base.rss_mb, count_pages(tmp / "cold0" / "briefing.pdf"),
                       count_slides(tmp / "cold0" / "briefing.pptx")))
        steps[3] = step_seconds(base.steps)
    for n in SCALE_STAGES:
        if len(points) >= 2 and points[-1][0] >= SCALE_STAGES[0]:
            (n1, t1, *_), (n2, t2, *_) = points[-2], points[-1]
            estimate = t2 + (t2 - t1) / (n2 - n1) * (n - n2)
            if estimate > cap:
                res.add(f"scale {n} stages", "skipped", f"≤ {cap:.0f} s", False,
                        f"extrapolated {estimate:.0f} s from {n1}→{n2} stages exceeds the cap (--scale-cap)")
                continue
        project = make_project(n, tmp / f"scale{n}")
        out = tmp / f"scale{n}-out"
        print(f"  {n} stages…", flush=True)
        child = generate(env, project, out, "--force", timeout=cap)
        if child.rc != 0:
            why = f"killed after {cap:.0f} s" if child.wall >= cap else f"exit {child.rc}: {(child.err or child.out).strip()[-300:]}"
            res.add(f"scale {n} stages", "did not finish", f"≤ {cap:.0f} s", False, why)
            continue
        pages, slides = count_pages(out / "briefing.pdf"), count_slides(out / "briefing.pptx")
        points.append((n, child.wall, child.rss_mb, pages, slides))
        steps[n] = step_seconds(child.steps)
        largest = n == SCALE_STAGES[-1]
        target = f"≤ {TARGET_SCALE_RSS_MB} MB" if largest else "—"
        ok = child.rss_mb <= TARGET_SCALE_RSS_MB if largest else None
        res.add(f"scale {n} stages: build", f"{child.wall:.1f} s, {child.rss_mb:.0f} MB", target, ok,
                f"{pages} PDF pages, {slides} slides, {child.wall / n:.2f} s/stage; steps: {child.steps}"
                + (" — over 3 min" if child.wall > SLOW_BUILD_S else ""))
    if len(points) >= 2:
        lines = ["| stages | build s | s/stage | × time vs previous | × stages vs previous | pdf step s | pptx step s "
                 "| peak RSS MB | MB/stage above 3-stage | PDF pages | slides |",
                 "|---|---|---|---|---|---|---|---|---|---|---|"]
        prev = None
        for n, t, rss, pages, slides in points:
            grow = f"{t / prev[1]:.2f}" if prev else "—"
            more = f"{n / prev[0]:.1f}" if prev else "—"
            mb = f"{(rss - points[0][2]) / (n - points[0][0]):.1f}" if n != points[0][0] else "—"
            step = steps.get(n, {})
            lines.append(f"| {n} | {t:.1f} | {t / n:.2f} | {grow} | {more} | {step.get('pdf', '?')} | {step.get('pptx', '?')} "
                         f"| {rss:.0f} | {mb} | {pages} | {slides} |")
            prev = (n, t)
        last = points[-1]
        if last[0] == SCALE_STAGES[-1]:
            res.notes.append(f"Issue 6 sized a 60-stage outline at ~100 PDF pages and ~250 slides; issue 12 limits an outline "
                             f"to {SCALE_STAGES[-1]} stages (model/schema.py), so the scale runs stop there: bench/synthetic.py "
                             f"copies a trimmed real stage per stage, and {last[0]} stages give {last[3]} pages and {last[4]} slides. "
                             "Time and memory scale with pages.")
        # Linear means each added stage costs the same: t = fixed + n × per-stage.  The average
        # s/stage falls as the fixed cost (start-up, imports, cover, appendix) is spread wider, so
        # it is the marginal cost between sizes that must not grow.
        big = [p for p in points if p[0] >= SCALE_STAGES[0]]
        series = big if len(big) >= 3 else points
        verdict = ""
        if len(series) >= 3:
            per = [t / n for n, t, *_ in series]
            marginal = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in itertools.pairwise(series)]
            if min(marginal) <= 0:              # a bigger project built faster: noise swamped the measure
                res.add("scale: linearity (growth of marginal s/stage)", "not measurable", "≤ 1.25×", None,
                        f"marginal s/stage {', '.join(f'{m:.2f}' for m in marginal)}: rerun on a quieter host")
                res.sections.append(("Scale (issue 6)", "\n".join(lines)))
                return
            growth = max(b / a for a, b in itertools.pairwise(marginal))
            verdict = (f"\n\nMarginal s/stage from {series[0][0]} to {series[-1][0]} stages: "
                       f"{', '.join(f'{m:.2f}' for m in marginal)} (largest step-to-step growth {growth:.2f}×); "
                       f"average s/stage {', '.join(f'{p:.2f}' for p in per)}, falling as the fixed cost is spread. "
                       + ("Linear." if growth <= 1.25 else "Not linear: each added stage costs more than the last."))
            res.add("scale: linearity (growth of marginal s/stage)", f"{growth:.2f}×", "≤ 1.25×", growth <= 1.25,
                    f"marginal s/stage {', '.join(f'{m:.2f}' for m in marginal)} between "
                    f"{', '.join(str(p[0]) for p in series)} stages")
        res.sections.append(("Scale (issue 6)", "\n".join(lines) + verdict))


# ================================================================ main

def _cpu_times() -> list[int]:
    """/proc/stat's cpu line (user nice system idle iowait irq softirq steal …); [] where there is none."""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return []


def _calibrate() -> float:
    """A fixed pure-Python loop (best of 3, ms): tells a slow run on a busy host from a regression."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(2_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def host_note(before: list[int], after: list[int], calibration: tuple[float, float]) -> str:
    steal = ""
    if before and after and len(before) > 7:
        total = sum(after) - sum(before)
        steal = f", CPU time stolen by the hypervisor {100 * (after[7] - before[7]) / max(1, total):.0f}%"
    return (f"Host during the run: calibration loop {calibration[0]:.0f} ms before, {calibration[1]:.0f} ms after"
            f"{steal}. Compare it across runs: timings here move with it (a busy host slows everything, floor included).")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="cold/floor pairs and text edits (default 3); "
                   "no-change runs are max(7, 3×N), watch changes max(3, N)")
    p.add_argument("--quick", action="store_true", help="skip the scale runs")
    p.add_argument("--scale-cap", type=float, default=300, help="seconds a scale build may take before it is killed or skipped")
    p.add_argument("--results", type=Path, default=BENCH / "results.md", help="where to write the Markdown table")
    p.add_argument("--worker", choices=("floor", "deck"), help=argparse.SUPPRESS)
    p.add_argument("--work", help=argparse.SUPPRESS)
    p.add_argument("--outline", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--theme", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        print(json.dumps(worker_deck(args) if args.worker == "deck" else worker_floor(args)))
        return 0

    began = time.perf_counter()
    cpu_before, calibration_before = _cpu_times(), _calibrate()
    tmp = Path(tempfile.mkdtemp(prefix="bench-run-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    res = Results()
    try:
        project = copy_project(tmp / "project")
        out = tmp / "project-out"
        print("[0/6] warm-up build (fills the bytecode cache; untimed)…", flush=True)
        must(generate(env, project, out), "warm-up build")
        median_cold = bench_cold(res, env, tmp, max(1, args.runs))
        bench_nochange(res, env, project, out, max(7, 3 * args.runs))
        bench_text(res, env, project, out, max(1, args.runs))
        bench_watch(res, env, project, out, max(3, args.runs), tmp / "floor")
        print("[5/6] peak RSS: measured with the cold builds above", flush=True)
        if not args.quick:
            bench_scale(res, env, tmp, args.scale_cap, median_cold)
            bench_long_measure(res, env, tmp, args.scale_cap)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    res.notes.append(host_note(cpu_before, _cpu_times(), (calibration_before, _calibrate())))
    failed = [r for r in res.rows if r.ok is False]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "app", "infra", "model", "report", "slides"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    header = (f"# Benchmark results\n\n`make bench` (`bench/run.py --runs {args.runs}{' --quick' if args.quick else ''}`), "
              f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, commit {commit}"
              f"{' + uncommitted changes in core/report/slides' if dirty else ''}, "
              f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.machine()}; "
              f"the run took {time.perf_counter() - began:.0f} s.\n")
    body = [header, table(res.rows), ""]
    body.append(f"**{len(failed)} target(s) missed**: " + "; ".join(r.name for r in failed) if failed else "**All targets met.**")
    for title, text in res.sections:
        body += ["", f"## {title}", "", text]
    if res.notes:
        body += ["", "## Notes", ""] + [f"- {n}" for n in res.notes]
    text = "\n".join(body) + "\n"
    print("\n" + text)
    args.results.write_text(text, encoding="utf-8")
    print(f"(written to {args.results})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
