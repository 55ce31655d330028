"""The regenerate workflow (issue 5) on a copy of the mini fixture: build, no-op, edit a figure,
text-only edit, --force / --only, invalid edits, SIGKILL mid-write, concurrent builds, an
unwritable output folder, figures.xlsx, SOURCE_DATE_EPOCH and --watch.

Most builds run in-process through ``app.cli.main`` (the warm imports make them ~1.5 s);
the ones that need a real process (kill, lock, watch) run ``generate.py`` as a subprocess.
"""
from __future__ import annotations

import fcntl
import io
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from app.cli import main
from tests.conftest import ROOT, set_value, to_xlsx
from tests.report.pdfcheck import page_texts, pdf_text

OLD, NEW = "162.31", "170.5"
OLD_TEXT, NEW_TEXT = "162.31亿元", "170.5亿元"
PCT = Decimal("169.07")


def plan_text(invest: str) -> str:
    """The derived parks_invest_plan_2016 as the outputs print it (2 decimals)."""
    return f"{(Decimal(invest) / PCT * 100).quantize(Decimal('0.01'))}亿元"


# ---------------------------------------------------------------- helpers

def args_for(folder: Path, out: Path, *extra: str | Path, data: Path | None = None) -> list[str]:
    return ["--outline", str(folder / "outline.yaml"), "--data", str(data or folder / "figures.csv"),
            "--theme", str(folder / "theme.yaml"), "--out", str(out), *map(str, extra)]


def build(capsys: pytest.CaptureFixture[str], folder: Path, out: Path, *extra: str | Path,
          data: Path | None = None) -> tuple[int, str]:
    """One in-process CLI run; returns (exit code, stdout + stderr)."""
    code = main(args_for(folder, out, *extra, data=data), "")
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("briefing.pdf", "briefing.pptx")}


def tree_state(out: Path) -> dict[str, tuple[int, bytes]]:
    """mtime and bytes of every file under out (the lock file is rewritten by design and left out)."""
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".lock"}


def chart_files(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (out / ".cache" / "charts").iterdir()}


def deck_text(data: bytes, notes: bool = False) -> str:
    """The text on the slides: text frames (in groups too) and tables; with ``notes``, the speaker notes too."""
    prs = Presentation(io.BytesIO(data))
    parts: list[str] = []

    def walk(shapes) -> None:
        for shape in shapes:
            if shape.shape_type == 6:  # group
                walk(shape.shapes)
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)

    for slide in prs.slides:
        walk(slide.shapes)
        if notes and slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return re.sub(r"\s+", "", "".join(parts))


def slide_text(data: bytes, number: int) -> str:
    slide = Presentation(io.BytesIO(data)).slides[number - 1]
    return re.sub(r"\s+", "", "".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))


def chart_values(data: bytes) -> dict[int, list[float]]:
    """Slide number → every value of every series of every native chart on it."""
    found: dict[int, list[float]] = {}
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, 1):
        for shape in slide.shapes:
            if shape.has_chart:
                for plot in shape.chart.plots:
                    for series in plot.series:
                        found.setdefault(number, []).extend(v for v in series.values if v is not None)
    return found


def all_chart_values(data: bytes) -> list[float]:
    return [v for values in chart_values(data).values() for v in values]


def assert_valid(out: Path) -> None:
    pdf = (out / "briefing.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 1
    assert len(Presentation(str(out / "briefing.pptx")).slides) > 1


def temp_files(out: Path) -> list[str]:
    return sorted(p.name for p in [*out.glob(".briefing.*.tmp"), *(out / ".cache").rglob(".*.tmp")])


# ---------------------------------------------------------------- cache and up-to-date

def test_no_change_run_is_up_to_date_and_touches_nothing(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code, text = build(capsys, mini, out)
    assert code == 0, text
    assert_valid(out)
    assert len(chart_files(out)) == 1                          # the mini fixture has one chart
    before = tree_state(out)

    code, text = build(capsys, mini, out)                      # (how fast this is, bench/ measures)
    assert code == 0, text
    assert text.startswith("up to date"), text
    assert tree_state(out) == before                           # outputs, manifest and chart SVGs: same bytes, same mtimes

    # saving a file without changing it is not a change (inputs are hashed by content)
    (mini / "figures.csv").write_bytes((mini / "figures.csv").read_bytes())
    code, text = build(capsys, mini, out)
    assert code == 0 and text.startswith("up to date"), text
    assert tree_state(out) == before


# ---------------------------------------------------------------- one figure changed

def test_changed_figure_reaches_pdf_deck_chart_and_change_report(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out)[0] == 0
    old_plan, new_plan = plan_text(OLD), plan_text(NEW)
    assert old_plan == "96.00亿元" and new_plan == "100.85亿元"
    pdf, deck = outputs(out).values()
    assert OLD_TEXT in pdf_text(pdf) and OLD_TEXT in deck_text(deck) and float(OLD) in all_chart_values(deck)
    assert "首次构建" in (out / "changes.md").read_text(encoding="utf-8")   # the first build has nothing to compare with

    set_value(mini, "parks_invest_2016", NEW)
    code, console = build(capsys, mini, out)
    assert code == 0, console
    pdf, deck = outputs(out).values()
    text, slides, values = pdf_text(pdf), deck_text(deck), all_chart_values(deck)

    assert NEW_TEXT in text and OLD_TEXT not in text and OLD not in text
    assert NEW_TEXT in slides and OLD_TEXT not in slides and OLD not in slides
    assert float(NEW) in values and float(OLD) not in values
    # the derived plan (actual ÷ completion rate × 100) follows
    assert new_plan in text and old_plan not in text
    assert new_plan in slides and old_plan not in slides
    assert float(new_plan[:-2]) in values and float(old_plan[:-2]) not in values
    # the speaker notes give the new value, and the article's words it is quoted from (edited with it)
    notes = deck_text(deck, notes=True)
    assert NEW_TEXT in notes and new_plan in notes
    assert OLD not in notes and "原文作“完成投资170.5亿元”" in notes

    # changes.md names it, old → new, with a PDF page and a slide that really show it
    report = (out / "changes.md").read_text(encoding="utf-8")
    assert "## 更新值" not in report                       # the source phrase was edited with the value
    row = next(line for line in report.splitlines() if line.startswith("| parks_invest_2016 |"))
    assert OLD_TEXT in row and NEW_TEXT in row and row.index(OLD_TEXT) < row.index(NEW_TEXT)
    pages = [int(n) for n in re.findall(r"PDF p\. (\d+)", row)]
    slide_numbers = [int(n) for n in re.findall(r"deck slide (\d+)", row)]
    assert pages and slide_numbers, row
    texts = page_texts(pdf)
    for page in pages:
        assert NEW in texts[page - 1], f"changes.md says PDF p. {page}, which does not show {NEW}"
    per_slide = chart_values(deck)
    for number in slide_numbers:
        assert NEW in slide_text(deck, number) or float(NEW) in per_slide.get(number, []), \
            f"changes.md says deck slide {number}, which does not show {NEW}"
    plan_row = next(line for line in report.splitlines() if line.startswith("| parks_invest_plan_2016 |"))
    assert old_plan in plan_row and new_plan in plan_row
    assert sum(1 for line in report.splitlines() if line.startswith("| ") and not line.startswith("| id ")) == 2

    # and the console lists it
    assert re.search(rf"changed: parks_invest_2016 .*{re.escape(OLD_TEXT)} → {re.escape(NEW_TEXT)} \(PDF p\. \d+", console), console
    assert "changed: parks_invest_plan_2016" in console and "changes.md" in console


def test_text_only_change_rebuilds_but_redraws_no_chart(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out)[0] == 0
    charts = chart_files(out)
    pdf_before = (out / "briefing.pdf").read_bytes()
    outline = mini / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("决不让贫困代代相传。", "决不让贫困代代相传，誓言铮铮。"),
                       encoding="utf-8")
    code, console = build(capsys, mini, out)
    assert code == 0, console
    assert not console.startswith("up to date")
    assert "誓言铮铮" in pdf_text((out / "briefing.pdf").read_bytes()) and (out / "briefing.pdf").read_bytes() != pdf_before
    assert "誓言铮铮" in deck_text((out / "briefing.pptx").read_bytes())
    assert chart_files(out) == charts                          # same SVG files, same mtimes: nothing redrawn
    assert "changed:" not in console and "数据没有变化" in (out / "changes.md").read_text(encoding="utf-8")


def test_force_rebuilds_and_only_builds_one_output(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out)[0] == 0
    before = {name: (out / name).stat().st_mtime_ns for name in ("briefing.pdf", "briefing.pptx")}
    data = outputs(out)
    code, console = build(capsys, mini, out, "--force")
    assert code == 0 and "up to date" not in console and "pdf " in console and "pptx " in console, console
    assert "charts" in console and "(0 cached)" in console, console                # --force ignores every cache
    assert all((out / name).stat().st_mtime_ns != before[name] for name in before)   # both rewritten
    assert outputs(out) == data                                                      # and reproducible

    only = tmp_path / "only"
    code, console = build(capsys, mini, only, "--only", "pdf")
    assert code == 0, console
    assert (only / "briefing.pdf").exists() and not (only / "briefing.pptx").exists()
    assert "pptx" not in console
    code, console = build(capsys, mini, only, "--only", "pdf")
    assert console.startswith("up to date") and "pptx" not in console, console


def test_invalid_edit_exits_2_and_keeps_both_outputs(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out)[0] == 0
    before = tree_state(out)
    outline = mini / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("达{rural_income_2015}", "达12001元"), encoding="utf-8")
    set_value(mini, "parks_invest_2016", NEW)          # a good change in the same run must not leak out either
    code, console = build(capsys, mini, out)
    assert code == 2, console
    assert "outline.yaml" in console and "12001" in console and "{rural_income_2015}" in console
    assert "Traceback" not in console
    assert tree_state(out) == before


# ---------------------------------------------------------------- SIGKILL mid-build

# A child build whose os.fsync of one output's temp file announces itself and then blocks, so the
# parent can SIGKILL it at an exact moment: the temp file written (fully, or half: the rest never
# reached the disk), the old output not yet replaced.
CHILD = r"""
import os, sys, time
sys.path.insert(0, os.getcwd())
mode, target, gate = sys.argv[1], sys.argv[2], sys.argv[3]
real_fsync = os.fsync

def fsync(fd):
    name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
    if name.startswith(f".{target}.") and name.endswith(".tmp"):
        if mode == "half":
            os.ftruncate(fd, os.fstat(fd).st_size // 2)
        print("PAUSED", name, flush=True)
        while not os.path.exists(gate):
            time.sleep(0.02)
    return real_fsync(fd)

os.fsync = fsync
from app.cli import main
sys.exit(main(sys.argv[4:], ""))
"""


def start_paused(argv: list[str], mode: str, target: str, gate: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CHILD, mode, target, str(gate), *argv], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float = 60) -> str:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            if proc.poll() is not None and lines.empty():
                break
            continue
        seen.append(line)
        if needle in line:
            return line
    proc.kill()
    raise AssertionError(f"no {needle!r} within {timeout}s; got {''.join(seen)!r}; stderr {proc.stderr.read() if proc.stderr else ''}")


@pytest.mark.slow
def test_sigkill_mid_write_leaves_previous_outputs_intact(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out)[0] == 0
    good = outputs(out)
    set_value(mini, "parks_invest_2016", NEW)
    argv = args_for(mini, out, "--force")
    gate = tmp_path / "never"                                   # never created: the child blocks until killed

    # 1. a real build killed at an arbitrary moment (here: while rendering, before any write)
    proc = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), *argv], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert outputs(out) == good

    # 2. killed with half the new PDF written, 3. with all of it written but not renamed
    for mode in ("half", "full"):
        proc = start_paused(argv, mode, "briefing.pdf", gate)
        wait_for_line(proc, "PAUSED")
        assert temp_files(out), "the temp file should exist at the moment of the kill"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        assert outputs(out) == good, f"killed with the PDF temp file {mode} written: outputs changed"

    # 4. killed while writing the deck: both outputs move into place together (issue 12), so neither moved
    proc = start_paused(argv, "half", "briefing.pptx", gate)
    wait_for_line(proc, "PAUSED")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert outputs(out) == good, "killed while the deck was written: an output was replaced"
    assert temp_files(out)

    # the next build succeeds, cleans the leftovers, and still reports the change (the manifest was never updated)
    (out / ".cache" / "fonts" / ".0123.ttf.x1y2.tmp").write_bytes(b"half a font subset")   # as a kill mid-cache-write leaves
    code, console = build(capsys, mini, out)
    assert code == 0, console
    assert temp_files(out) == []
    assert_valid(out)
    assert NEW_TEXT in deck_text((out / "briefing.pptx").read_bytes())
    assert "changed: parks_invest_2016" in console


# ---------------------------------------------------------------- two builds at once

@pytest.mark.slow
def test_two_builds_at_once_both_succeed(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = args_for(mini, out, "--force")
    gate = tmp_path / "go"
    first = start_paused(argv, "full", "briefing.pdf", gate)   # holds the lock, paused mid-write
    wait_for_line(first, "PAUSED")
    with open(out / ".cache" / ".lock") as handle, pytest.raises(BlockingIOError):   # really held by the first build
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    second = subprocess.Popen([sys.executable, str(ROOT / "generate.py"), *argv], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waiting = wait_for_line(second, "waiting")
    assert "another build" in waiting and str(out.name) in waiting
    gate.touch()
    assert first.wait(timeout=60) == 0, first.stderr.read() if first.stderr else ""
    assert second.wait(timeout=60) == 0, second.stderr.read() if second.stderr else ""
    assert_valid(out)
    assert temp_files(out) == []


# ---------------------------------------------------------------- unwritable output folder

def test_output_folder_under_a_file_is_a_clear_error(mini: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should go", encoding="utf-8")
    out = blocker / "sub"
    code, console = build(capsys, mini, out)
    assert code == 2, console
    assert "cannot write to the output folder" in console and str(out) in console and "--out" in console
    assert "Traceback" not in console and "internal error" not in console


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod 0o555 does not stop root from writing "
                                              "(the file-as-folder test above covers the message)")
def test_read_only_output_folder_is_a_clear_error(mini: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert build(capsys, mini, out)[0] == 0
    good = outputs(out)
    set_value(mini, "parks_invest_2016", NEW)
    for folder in (out, out / ".cache"):
        folder.chmod(0o555)
    try:
        code, console = build(capsys, mini, out)
    finally:
        for folder in (out, out / ".cache"):
            folder.chmod(0o755)
    assert code == 2, console
    assert "cannot write" in console and str(out) in console and "Traceback" not in console
    assert outputs(out) == good


# ---------------------------------------------------------------- Excel

def test_xlsx_in_place_of_csv(mini: Path, tmp_path: Path, capsys) -> None:
    from openpyxl import load_workbook

    def as_excel_keeps_it(book) -> None:
        """A %-formatted cell (Excel stores 169.07% as 1.6907) and a float artefact (Paste Special → Values)."""
        rows = {r[0].value: r[3] for r in book["figures"].iter_rows(min_row=2)}
        rows["parks_invest_pct_2016"].value, rows["parks_invest_pct_2016"].number_format = 1.6907, "0.00%"

    set_value(mini, "parks_invest_2016", NEW)
    xlsx = to_xlsx(mini / "figures.csv", mini / "figures.xlsx", change=as_excel_keeps_it,
                   stored={"poor_reduced_2015": "38.349999999999994"})
    (mini / "figures.csv").unlink()
    out = tmp_path / "out"
    code, console = build(capsys, mini, out, data=xlsx)
    assert code == 0, console
    pdf, deck = outputs(out).values()
    assert NEW_TEXT in pdf_text(pdf) and NEW_TEXT in deck_text(deck) and float(NEW) in all_chart_values(deck)
    assert plan_text(NEW) in pdf_text(pdf)
    for text in (pdf_text(pdf), deck_text(deck, notes=True)):
        assert "169.07%" in text and "1.6907" not in text
        assert "38.35万人" in text and "38.349" not in text
    good = tree_state(out)

    book = load_workbook(xlsx)
    book["figures"]["D6"] = "=D5*2"
    book.save(xlsx)
    code, console = build(capsys, mini, out, data=xlsx)
    assert code == 2, console
    assert "figures.xlsx" in console and "cell figures!D6 (column `value`" in console and "formula" in console
    assert "Traceback" not in console
    assert tree_state(out) == good


# ---------------------------------------------------------------- reproducibility

def test_source_date_epoch_builds_are_byte_identical(mini: Path, tmp_path: Path, capsys,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")          # 2020-09-13
    assert build(capsys, mini, tmp_path / "a")[0] == 0
    assert build(capsys, mini, tmp_path / "b")[0] == 0
    a, b = outputs(tmp_path / "a"), outputs(tmp_path / "b")
    assert a == b
    meta = pypdf.PdfReader(io.BytesIO(a["briefing.pdf"])).metadata
    assert meta is not None and meta.creation_date is not None and meta.creation_date.year == 2020
    assert Presentation(io.BytesIO(a["briefing.pptx"])).core_properties.created.year == 2020
    # a different value is a different build (the epoch is part of the cache key)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    code, console = build(capsys, mini, tmp_path / "a")
    assert code == 0 and "up to date" not in console
    assert outputs(tmp_path / "a") != a


# ---------------------------------------------------------------- watch mode

class Watcher:
    def __init__(self, argv: list[str]):
        self.proc = subprocess.Popen([sys.executable, "-u", str(ROOT / "generate.py"), "--watch", *argv], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.text = ""
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.put(line)

    def wait_for(self, pattern: str, timeout: float) -> str:
        """Wait until the output since the last call matches; return that output."""
        start = len(self.text)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.text += self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.proc.poll() is None, f"watch ended ({self.proc.returncode}):\n{self.text}"
                continue
            if re.search(pattern, self.text[start:]):
                time.sleep(0.2)                                  # let the rest of a multi-line message arrive
                while not self.lines.empty():
                    self.text += self.lines.get()
                return self.text[start:]
        raise AssertionError(f"no /{pattern}/ within {timeout}s; output so far:\n{self.text}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture
def watcher(mini: Path, tmp_path: Path) -> Iterator[Watcher]:
    w = Watcher(args_for(mini, tmp_path / "out"))
    try:
        yield w
    finally:
        w.stop()


@pytest.mark.slow
def test_watch_rebuilds_on_save_and_survives_errors(watcher: Watcher, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    watcher.wait_for(r"watching .*figures\.csv", timeout=60)
    assert_valid(out)

    set_value(mini, "parks_invest_2016", NEW)
    rebuilt = watcher.wait_for(r"figures\.csv changed: .*\n(?:.*\n)*.*changed: parks_invest_2016", timeout=30)
    assert re.search(r"\d\d:\d\d:\d\d figures\.csv changed: load [\d.]+s", rebuilt), rebuilt
    assert NEW_TEXT in pdf_text((out / "briefing.pdf").read_bytes())
    good = outputs(out)

    outline = mini / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("达{rural_income_2015}", "达12001元"), encoding="utf-8")
    failed = watcher.wait_for(r"not rebuilt.*\n(?:.*\n)*.*12001", timeout=30)
    assert "outline.yaml" in failed and "Traceback" not in failed, failed
    assert watcher.proc.poll() is None, "an input error must not end the watch"
    assert outputs(out) == good

    # fixing the error rebuilds again
    outline.write_text(outline.read_text(encoding="utf-8").replace("达12001元", "达{rural_income_2015}"), encoding="utf-8")
    again = watcher.wait_for(r"outline\.yaml changed: (load|up to date)", timeout=30)
    assert "not rebuilt" not in again, again
    assert_valid(out)


def test_output_folder_inside_the_project_is_up_to_date(mini: Path, capsys) -> None:
    """Regression: the theme's folder was fingerprinted by mtime including the inputs and the
    output folder itself, so a build into <project>/build was never up to date."""
    out = mini / "build"
    assert build(capsys, mini, out, "--only", "pptx")[0] == 0
    code, console = build(capsys, mini, out, "--only", "pptx")
    assert code == 0 and console.startswith("up to date"), console
