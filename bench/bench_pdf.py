#!/usr/bin/env python3
"""How much the PDF path costs beyond WeasyPrint itself, and how big the PDF is.

    .venv/bin/python bench/bench_pdf.py [--runs 3] [--outline … --data … --theme …]

Reports, each the median of --runs fresh processes:
  cold   build_pdf() with an empty cache folder: draws every chart (imports
         matplotlib), renders the HTML, lays out and writes the PDF, checks
         glyphs and collects figure locations;
  floor  WeasyPrint alone rendering the very same final HTML and CSS, with the
         same already-drawn chart SVGs and the same write options;
and the ratio cold / floor (target ≤ 1.3×) and the PDF size (target ≤ 800 KB).
Both workers import WeasyPrint and load the model before the clock starts, so
the difference is our own overhead.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.3
TARGET_KB = 800


def inputs_of(args: argparse.Namespace):
    """--outline/--data/--theme, each defaulting to the shipped assets/."""
    from model.inputs import Inputs
    defaults = Inputs.in_folder(ROOT / "assets")
    return Inputs(args.outline or defaults.outline, args.data or defaults.data, args.theme or defaults.theme)


def _briefing(args: argparse.Namespace):
    from model.loader import load
    return load(inputs_of(args))


def worker_cold(args: argparse.Namespace) -> dict:
    import weasyprint  # noqa: F401 - imported before the clock, as in the floor worker

    from report import build_pdf
    briefing = _briefing(args)
    cache = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    try:
        started = time.perf_counter()
        pdf = build_pdf(briefing, cache_dir=cache, variant=None)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {"seconds": seconds, "bytes": len(pdf.data)}


def worker_pdf_leg(args: argparse.Namespace) -> dict:
    """build_pdf() as the PDF process of a cold build runs it: the charts already drawn (in a full build
    the other process draws them), the font cache empty.  Wall and CPU time (time.process_time), to
    set beside :func:`floor_pdf`'s on a host whose load moves wall time."""
    import weasyprint  # noqa: F401 - imported before the clock, as in the floor worker

    from report import build_pdf
    briefing = _briefing(args)
    cache = Path(tempfile.mkdtemp(prefix="bench-leg-"))
    try:
        shutil.copytree(Path(args.work) / "charts", cache / "charts")
        started, cpu = time.perf_counter(), time.process_time()
        build_pdf(briefing, cache_dir=cache, variant=None)
        return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def floor_pdf(work: Path) -> dict:
    """The floor: WeasyPrint alone rendering the final HTML/CSS that :func:`prepare`
    wrote to ``work``, with the same drawn charts and write options.  Timed from
    the first WeasyPrint call to the PDF bytes (imports excluded).  Shared with
    bench/run.py, whose floor adds the deck's save."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    work = Path(work)
    html = (work / "briefing.html").read_text(encoding="utf-8")
    css = (work / "print.css").read_text(encoding="utf-8")
    base = (work / "charts").resolve().as_uri() + "/"
    started, cpu = time.perf_counter(), time.process_time()
    fc = FontConfiguration()
    document = HTML(string=html, base_url=base).render(stylesheets=[CSS(string=css, base_url=base, font_config=fc)],
                                                       font_config=fc, pdf_tags=True)
    data = document.write_pdf(pdf_tags=True, pdf_identifier=b"0" * 32)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": time.process_time() - cpu, "bytes": len(data), "pages": len(document.pages)}


def worker_floor(args: argparse.Namespace) -> dict:
    return floor_pdf(Path(args.work))


def warm_floor(work: Path, figure: str, kinds: tuple[str, ...] = (), repeats: int = 3) -> dict:
    """What ``--watch`` could reach with WeasyPrint as the engine, in one warm process.

    ``full``: WeasyPrint re-rendering the whole final HTML (layout) and writing it
    (drawing every page, serialising), with our font-subset cache as in a watch
    rebuild; ``layout`` is the first part.  ``chapter``: laying out, alone, only
    the ``<section>`` that shows ``figure`` — the least any incremental design
    would redo after that figure changed.  Medians of ``repeats`` after a warm-up.
    ``kinds`` ("figure:column"): for each, the parts (report.parts.split) showing that cell — its
    value: every part with one of the figure's anchors; its source phrase: its appendix row's —
    laid out alone one after the other (``kinds`` in the result: names, seconds)."""
    import re

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from report.font_subsets import reused_subsets

    work = Path(work)
    html = (work / "briefing.html").read_text(encoding="utf-8")
    css = (work / "print.css").read_text(encoding="utf-8")
    base = (work / "charts").resolve().as_uri() + "/"
    fc = FontConfiguration()
    stylesheet = CSS(string=css, base_url=base, font_config=fc)
    head, _, body = html.partition("<body>")
    section = next(s for s in re.findall(r"<section.*?</section>", body, re.S) if f'id="f-{figure}-' in s)
    chapter_html = f"{head}<body>{section}</body></html>"

    def layout(text: str):
        return HTML(string=text, base_url=base).render(stylesheets=[stylesheet], font_config=fc, pdf_tags=True)

    from report.parts import part_name, split
    pieces = split(html)
    assert pieces is not None, "the briefing's body is no longer a sequence of sections"

    def showing(kind: str) -> list[int]:
        fid, column = kind.split(":")
        marks = (f'id="fig-{fid}"',) + ((f'id="f-{fid}-',) if column == "value" else ())
        return [i for i, part in enumerate(pieces.parts) if any(m in part for m in marks)]
    timed_kinds: dict[str, list[float]] = {kind: [] for kind in kinds}

    with reused_subsets(work / "fonts"):
        layout(html).write_pdf(pdf_tags=True)                     # warm-up: fonts loaded, subsets cached
        layouts, writes, chapters = [], [], []
        for _ in range(repeats):
            started = time.perf_counter()
            document = layout(html)
            laid_out = time.perf_counter()
            document.write_pdf(pdf_tags=True)
            written = time.perf_counter()
            layout(chapter_html)
            layouts.append(laid_out - started)
            writes.append(written - laid_out)
            chapters.append(time.perf_counter() - written)
            for kind in kinds:
                begun = time.perf_counter()
                for index in showing(kind):
                    layout(pieces.alone(pieces.parts[index]))
                timed_kinds[kind].append(time.perf_counter() - begun)
    lay, write = statistics.median(layouts), statistics.median(writes)
    return {"full": lay + write, "layout": lay, "write": write, "chapter": statistics.median(chapters),
            "chapter_pages": len(layout(chapter_html).pages),
            "kinds": {kind: {"names": ", ".join(part_name(pieces.parts[i]) for i in showing(kind)),
                             "seconds": statistics.median(times)} for kind, times in timed_kinds.items()}}


def prepare(args: argparse.Namespace, work: Path, briefing=None) -> None:
    """The final HTML/CSS and drawn charts, exactly as build_pdf makes them
    (pass ``briefing`` to reuse an already loaded model)."""
    from report.charts import chart_svg
    from report.html import render_css, render_html
    briefing = briefing or _briefing(args)
    chart_dir = work / "charts"
    charts = {c.id: chart_svg(c, briefing.theme, chart_dir)[0].resolve().as_uri() for c in briefing.charts}
    html, _ = render_html(briefing, charts)
    (work / "briefing.html").write_text(html, encoding="utf-8")
    (work / "print.css").write_text(render_css(briefing), encoding="utf-8")


def run_worker(kind: str, args: argparse.Namespace, work: Path) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--work", str(work)]
    for name in ("outline", "data", "theme"):
        if getattr(args, name):
            cmd += [f"--{name}", str(getattr(args, name))]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _list(results: list[dict]) -> str:
    return ", ".join(f"{r['seconds']:.2f}" for r in results)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--outline", type=Path)
    p.add_argument("--data", type=Path)
    p.add_argument("--theme", type=Path)
    p.add_argument("--worker", choices=("cold", "floor", "warm-floor", "pdf-leg"), help=argparse.SUPPRESS)
    p.add_argument("--figure", help=argparse.SUPPRESS)
    p.add_argument("--kinds", help=argparse.SUPPRESS)
    p.add_argument("--work", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        workers = {"cold": worker_cold, "floor": worker_floor, "pdf-leg": worker_pdf_leg,
                   "warm-floor": lambda a: warm_floor(Path(a.work), a.figure, tuple(filter(None, (a.kinds or "").split(","))))}
        result = workers[args.worker](args)
        print(json.dumps(result))
        return 0
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        prepare(args, work)
        cold, floor = [], []
        for _ in range(args.runs):           # interleaved, so drift in machine load hits both alike
            cold.append(run_worker("cold", args, work))
            floor.append(run_worker("floor", args, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    t_cold = statistics.median(r["seconds"] for r in cold)
    t_floor = statistics.median(r["seconds"] for r in floor)
    ratio = t_cold / t_floor
    kb = cold[0]["bytes"] / 1024
    ok_ratio, ok_size = ratio <= TARGET_RATIO, kb <= TARGET_KB
    print(f"PDF cold build  {t_cold:6.2f} s   (median of {args.runs}: {_list(cold)})")
    print(f"WeasyPrint floor {t_floor:5.2f} s   (median of {args.runs}: {_list(floor)})")
    print(f"ratio           {ratio:6.2f} ×   target ≤ {TARGET_RATIO} × {'ok' if ok_ratio else 'OVER'}")
    print(f"PDF size        {kb:6.0f} KB  target ≤ {TARGET_KB} KB {'ok' if ok_size else 'OVER'}")
    return 0 if ok_ratio and ok_size else 1


if __name__ == "__main__":
    sys.exit(main())
