"""load → model → builders → atomic write, with one timed line per step."""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from .atomic import write_atomic
from .loader import Inputs, load


def build(args: argparse.Namespace, inputs: Inputs, say: Callable[[str], None]) -> None:
    steps: list[str] = []
    started = time.perf_counter()
    briefing = load(inputs)
    steps.append(f"load {time.perf_counter() - started:.2f}s")
    out: Path = args.out
    if args.only in (None, "pdf"):
        from report import build_pdf
        t = time.perf_counter()
        pdf = build_pdf(briefing, cache_dir=out / ".cache", variant=args.pdf_variant)
        write_atomic(out / "briefing.pdf", pdf.data)
        steps.append(f"pdf {time.perf_counter() - t:.2f}s")
    if args.only in (None, "pptx"):
        from slides import build_deck
        t = time.perf_counter()
        deck = build_deck(briefing, template=args.template)
        write_atomic(out / "briefing.pptx", deck.data)
        steps.append(f"pptx {time.perf_counter() - t:.2f}s")
    say(" · ".join(steps))
