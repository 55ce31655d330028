"""Shared fixtures: a tiny project to mutate, the shipped project, and a CLI runner."""
from __future__ import annotations

import csv
import http.server
import io
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.briefing import Briefing  # noqa: E402
from model.inputs import Inputs  # noqa: E402
from model.loader import load  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ASSETS = ROOT / "assets"


def _article() -> Path:
    """The shared source, beside the checkout (…/shared/source) or beside its worktree folder."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "source" / "article.txt").exists():
            return base / "shared" / "source" / "article.txt"
    return ROOT.parent / "shared" / "source" / "article.txt"


ARTICLE = _article()            # the raw article (read-only); tests that need it skip when it is absent


def copy_project(name: str, dest: Path) -> Path:
    """Copy a fixture project; its theme points at the bundled fonts by absolute path."""
    shutil.copytree(FIXTURES / name, dest)
    theme = dest / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("../../../assets/", f"{ASSETS}/"), encoding="utf-8")
    return dest


def project_inputs(folder: Path) -> Inputs:
    return Inputs(folder / "outline.yaml", folder / "figures.csv", folder / "theme.yaml")


def set_value(folder: Path, fid: str, value: str, with_source: bool = True) -> None:
    """A figure's new value in the project's figures.csv, quoted from the article's words (its source
    phrase carries the new number, so it is not an updated value); ``with_source=False``: the value alone,
    as a new publication's figure (an updated figure)."""
    path = folder / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    column, source = header.index("value"), header.index("source")
    for i, line in enumerate(lines):
        if line.startswith(fid + ","):
            cells = next(csv.reader([line]))
            if with_source:
                cells[source] = cells[source].replace(cells[column], value)
            cells[column] = value
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(cells)
            lines[i] = buf.getvalue()
            break
    else:
        raise AssertionError(f"{fid} not in {path}")
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def no_kept_pages() -> Iterator[None]:
    """A test of the PDF's --watch path starts, and leaves, with no pages kept in this process (report.parts)."""
    from report import parts

    parts.forget()
    yield
    parts.forget()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the tiny fixture project (outline, figures, theme)."""
    return copy_project("mini", tmp_path / "mini")


@pytest.fixture(scope="session")
def mini_briefing() -> Briefing:
    return load(project_inputs(FIXTURES / "mini"))


@pytest.fixture(scope="session")
def shipped_briefing() -> Briefing:
    return load(Inputs.in_folder(ASSETS))


@pytest.fixture(scope="session")
def shipped_rendered(shipped_briefing: Briefing):
    """The deck built once from the shipped assets (summary mode, font embedded): most deck tests read it."""
    from slides import build_deck

    return build_deck(shipped_briefing, template=None)


@pytest.fixture(scope="module")
def metrics(mini_briefing: Briefing):  # slides.measure.Metrics, imported lazily like the builders
    """The deck's text metrics for the mini fixture's fonts (the bundled Noto Sans SC), with the default margin."""
    from slides.measure import Metrics

    return Metrics(mini_briefing.theme.font_regular, mini_briefing.theme.font_bold)


@dataclass
class Canary:
    """A loopback HTTP server: its address, and every request it got ("GET /x.png")."""
    port: int
    hits: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback HTTP server that answers any method with an empty 200 and records the request: a test
    points hostile content at it and asserts it heard nothing."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _hit(self) -> None:
            hits.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_HEAD = _hit  # the names http.server dispatches to

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Canary(httpd.server_address[1], hits)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def run_cli(*args: str | Path, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "generate.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def cli_for(folder: Path, *args: str | Path, out: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run generate.py on a fixture project folder."""
    extra = ["--out", out] if out else []
    return run_cli("--outline", folder / "outline.yaml", "--data", folder / "figures.csv",
                   "--theme", folder / "theme.yaml", *extra, *args)


def to_xlsx(csv_path: Path, xlsx_path: Path, *, numeric: bool = True, change: Callable | None = None,
            stored: dict[str, str] | None = None) -> Path:
    """The CSV's rows as sheet `figures` of an .xlsx, values as numbers (as Excel keeps them;
    ``numeric=False`` keeps them as text); ``change(book)`` edits the workbook before saving.

    ``stored``: figure id → the value cell's text exactly as Excel writes it into the file, e.g.
    "2.8499999999999996" (Excel keeps 17 significant digits; openpyxl would write 2.85)."""
    import re
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "figures"
    rows: dict[str, int] = {}
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for index, row in enumerate(csv.reader(handle)):
            cells: list[object] = list(row)
            if index and numeric:
                cells[3] = int(row[3]) if row[3].isdigit() else float(row[3])
            rows[row[0]] = index + 1
            sheet.append(cells)
    if change:
        change(book)
    book.save(xlsx_path)
    if stored:
        with zipfile.ZipFile(xlsx_path) as zin:
            parts = {name: zin.read(name) for name in zin.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for fid, text in stored.items():
            xml, n = re.subn(rf'(<c r="D{rows[fid]}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{text}\g<2>", xml)
            assert n == 1, f"no number cell D{rows[fid]} for {fid}"
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(xlsx_path, "w", zipfile.ZIP_DEFLATED) as zout:
            for name, data in parts.items():
                zout.writestr(name, data)
    return xlsx_path


# PDF builds shared by the tests in tests/report: one per content and variant per session.

@pytest.fixture(scope="session")
def shipped_pdf(shipped_briefing: Briefing, tmp_path_factory: pytest.TempPathFactory):  # infra.rendered.Rendered
    """The shipped content's default (tagged) PDF."""
    from report import build_pdf
    return build_pdf(shipped_briefing, cache_dir=tmp_path_factory.mktemp("shipped-cache"), variant=None)


@pytest.fixture(scope="session")
def mini_variants(mini_briefing: Briefing, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The mini fixture as PDF/UA-1 and as PDF/A-3b (one cache: the second build reuses charts and fonts)."""
    from report import build_pdf
    cache = tmp_path_factory.mktemp("variant-cache")
    return {variant: build_pdf(mini_briefing, cache_dir=cache, variant=variant).data for variant in ("pdf/ua-1", "pdf/a-3b")}
