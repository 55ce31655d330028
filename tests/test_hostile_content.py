"""Hostile content (issue 6): HTML, CSS, script and URLs typed into every kind of text field
print literally in the PDF and the deck, and nothing is fetched or read because of them.

One full CLI build of a mini project whose every text field carries a payload, while a loopback
canary HTTP server counts requests (must stay at zero) and, when strace is installed, every file
the build and its children open is recorded and checked against an explicit allow-list.

Prose fields (summary, measures, notes, quotes, challenges, overview, timeline, postscript) may not
contain `{`/`}` (they are the figure placeholders) nor bare numbers (the typed-number lint), so
there the payloads are quoted “…” (the documented way to write names) and the brace payload goes
only into plain fields (titles, labels, chart title/categories/series, group names, quote author).
"""
from __future__ import annotations

import csv
import http.server
import io
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from tests.conftest import ROOT
from tests.report.pdfcheck import pdf_text


@pytest.fixture
def canary() -> Iterator[tuple[int, list[str]]]:
    """A loopback HTTP server that records every request (any method) it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _hit(self) -> None:
            hits.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_HEAD = _hit  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.timeout = 1
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def payloads(port: int) -> list[str]:
    return ["<script>alert(1)</script>",
            "</style>*{display:none}",
            f'<img src="http://127.0.0.1:{port}/x.png">',
            f"url(http://127.0.0.1:{port}/y)",
            "file:///etc/passwd",
            f"<link rel=stylesheet href=http://127.0.0.1:{port}/z.css>",
            "<iframe src=file:///etc/passwd>"]


def hostile_project(src: Path, port: int) -> dict[str, str]:
    """Put a payload into every text field of the copied mini project; returns field → exact text."""
    p = payloads(port)
    prose_safe = [x for x in p if "{" not in x]
    texts: dict[str, str] = {}

    def plain(field: str, tag: str, i: int, limit: int = 40) -> str:
        """The i-th payload, or the next one that fits the field's length limit (issue 12)."""
        fits = [x for x in p[i % len(p):] + p[:i % len(p)] if len(tag) + len(x) <= limit]
        texts[field] = f"{tag}{fits[0]}"
        return texts[field]

    def quoted(field: str, tag: str, i: int, around: str = "") -> str:
        texts[field] = f"{tag}“{prose_safe[i % len(prose_safe)]}”"
        return texts[field] + around

    outline = yaml.safe_load((src / "outline.yaml").read_text(encoding="utf-8"))
    outline["document"]["title"] = plain("document title", "标题", 1, 24)
    outline["overview"] = quoted("overview", "概述", 0, "，减少扶贫开发对象{poor_reduced_2015}。")
    outline["timeline"][0]["text"] = quoted("timeline text", "时间", 1)
    s4, s5 = outline["stages"]
    s4["title"] = plain("stage title", "阶段", 0, 30)
    s4["summary"] = quoted("stage summary", "摘要", 2, "，减少{poor_reduced_2015}。")
    s4["measures"][0]["group"] = plain("measure group", "举措组", 1, 30)
    s4["measures"][0]["items"][0] = quoted("measure item", "举措", 3)
    s4["results"][0]["note"] = quoted("result note", "注释", 4)
    s4["quotes"][0]["text"] = quoted("quote", "引语", 5)
    s4["quotes"][0]["by"] = plain("quote author", "作者", 6, 30)
    s5["challenges"][0] = quoted("challenge", "挑战", 0)
    outline["postscript"]["summary"] = quoted("postscript summary", "后记", 1)
    outline["postscript"]["points"][0] = quoted("postscript point", "要点", 2)
    chart = outline["charts"][0]
    chart["title"] = plain("chart title", "图题", 2)
    chart["categories"][0] = plain("chart category", "类别", 3, 20)
    chart["series"][1]["name"] = plain("chart series", "系列", 4, 30)
    (src / "outline.yaml").write_text(yaml.safe_dump(outline, allow_unicode=True, sort_keys=False, width=1000),
                                      encoding="utf-8")

    with (src / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[0] == "rural_income_2015":          # a result card, a headline figure and the overview
            row[2] = plain("figure label", "指标", 5)
        if row[0] == "parks_output_2016":          # in the chart
            row[2] = plain("chart figure label", "产值", 6)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (src / "figures.csv").write_text(buf.getvalue(), encoding="utf-8")
    return texts


def deck_texts(data: bytes) -> str:
    """Slides, notes and the text inside native charts (title, categories, series names)."""
    prs = Presentation(io.BytesIO(data))
    parts: list[str] = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_chart:
                chart = shape.chart
                if chart.has_title:
                    parts.append(chart.chart_title.text_frame.text)
                for plot in chart.plots:
                    parts.extend(str(c) for c in plot.categories)
                    parts.extend(s.name for s in plot.series)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- what the build may open

def allowed_prefixes(project: Path, out: Path) -> list[str]:
    """Where a build may open files, each for a stated reason.  Everything else fails the test."""
    import matplotlib

    home = Path.home()
    prefixes = [
        str(project), str(out),                      # the user's project and the output folder
        str(ROOT),                                   # the code, the bundled font and template, .venv
        sys.base_prefix, sys.prefix,                 # the Python installation and the venv
        str(Path(sys.executable).resolve().parent),
        "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/", "/usr/x86_64-linux-gnu/", "/etc/ld.so.cache",  # shared libraries
        "/usr/lib/locale/", "/usr/share/locale/", "/etc/localtime", "/usr/share/zoneinfo/",     # libc locale, time zone
        "/etc/mime.types",                           # Python's mimetypes (WeasyPrint and urllib import it)
        "/usr/lib/ssl/", "/etc/ssl/openssl.cnf",     # OpenSSL's configuration, read when libssl loads
        # fontconfig (Pango, for WeasyPrint) reads its configuration and caches and lists the system
        # font folders; the fonts used are the bundled ones, given to WeasyPrint by path (under ROOT)
        "/etc/fonts/", "/usr/share/fontconfig/", "/var/cache/fontconfig/", f"{home}/.cache/fontconfig/",
        f"{home}/.fontconfig", "/usr/share/fonts", "/usr/local/share/fonts",
        f"{home}/.cache/matplotlib/", str(Path(matplotlib.get_configdir())),   # matplotlib's font list cache
        "/proc/", "/sys/", "/dev/null", "/dev/urandom", "/dev/shm/",
        # ctypes.util.find_library (cffi, to find Pango/HarfBuzz) runs gcc and ld on temp files
        "/usr/bin/", "/usr/share/gcc",
    ]
    return prefixes


TEMP = "/tmp/"
MKDTEMP = re.compile(r"^/tmp/weasyprint-[\w-]+(/|$)")   # WeasyPrint's own mkdtemp folder (mkdir is not traced)


def opened_files(trace: str) -> list[tuple[str, bool]]:
    """(path, created) for every successful open/openat/openat2 of any process of the build;
    created: opened with O_CREAT|O_EXCL, so the file did not exist before (the build made it)."""
    found = []
    for line in trace.splitlines():
        m = re.search(r'\b(?:open|openat|openat2)\((?:AT_FDCWD, |-?\d+, )?"((?:[^"\\]|\\.)*)", ([A-Z_|]+)', line)
        if m and not re.search(r"= -1 E", line):
            found.append((m.group(1), "O_CREAT" in m.group(2) and "O_EXCL" in m.group(2)))
    return found


def own_temp_files(opened: list[tuple[str, bool]]) -> set[str]:
    """Temp files the build created itself (tempfile.mkstemp, tempfile's writability probe, gcc's
    temp files), and everything inside WeasyPrint's temp folder."""
    created = {path for path, new in opened if new and path.startswith(TEMP)}
    return created | {path for path, _ in opened if MKDTEMP.match(path)}


# ---------------------------------------------------------------- the test

@pytest.mark.slow
def test_hostile_text_prints_literally_and_fetches_nothing(tmp_path: Path, canary) -> None:
    from tests.conftest import copy_project

    port, hits = canary
    project = copy_project("mini", tmp_path / "project")
    texts = hostile_project(project, port)
    assert len(texts) == 18
    out = tmp_path / "out"
    argv = [sys.executable, str(ROOT / "generate.py"), "--outline", str(project / "outline.yaml"),
            "--data", str(project / "figures.csv"), "--theme", str(project / "theme.yaml"), "--out", str(out)]
    strace = shutil.which("strace")
    trace_file = tmp_path / "trace.txt"
    if strace:
        # -ff: one file per process, so no call is split into "<unfinished ...>" / "resumed" halves
        argv = [strace, "-f", "-ff", "-qq", "-e", "trace=open,openat,openat2", "-s", "4096", "-o", str(trace_file), *argv]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr

    # 1. the canary heard nothing
    assert hits == [], f"the build made requests: {hits}"

    # 2. every field prints literally, as text, in the PDF and in the deck
    pdf = pdf_text((out / "briefing.pdf").read_bytes())
    deck = squash(deck_texts((out / "briefing.pptx").read_bytes()))
    missing_pdf = [f for f, t in texts.items() if squash(t) not in pdf]
    missing_deck = [f for f, t in texts.items() if squash(t) not in deck]
    assert missing_pdf == [], f"not printed literally in the PDF: {missing_pdf}"
    assert missing_deck == [], f"not printed literally in the deck: {missing_deck}"
    for payload in payloads(port):
        assert squash(payload) in pdf and squash(payload) in deck, payload

    # 3. no file outside the project (and the stated system places) was opened; never /etc/passwd
    if not strace:
        pytest.skip("strace is not installed: the file-access part of this test needs it (apt-get install strace)")
    traces = sorted(tmp_path.glob(trace_file.name + ".*"))
    assert traces, "strace wrote nothing"
    opened = [entry for t in traces for entry in opened_files(t.read_text(encoding="utf-8", errors="replace"))]
    assert len(opened) > 100, "strace recorded too little to be trusted"
    paths = {path for path, _ in opened}
    assert not any(p.startswith("/etc/passwd") or p.endswith("/passwd") for p in paths), "read /etc/passwd"
    allowed, own = allowed_prefixes(project, out), own_temp_files(opened)
    outside = sorted(p for p in paths if p.startswith("/") and p not in own and not any(p.startswith(a) for a in allowed))
    assert outside == [], f"the build opened files outside the project and the allowed system places: {outside}"
    relative = sorted(p for p in paths if not p.startswith("/"))
    assert all(not p.startswith("..") and "passwd" not in p for p in relative), relative
