"""Command-line interface: argument parsing, messages and exit codes.

Users are not programmers: an input problem prints what and where (exit 2),
an internal error prints one line (exit 1) unless --debug asks for the
traceback.  Nothing here renders; it hands the model to the pipeline.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import builders
from model.errors import InputError, SetupError
from model.inputs import Inputs
from model.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent


class _Help(argparse.RawDescriptionHelpFormatter):
    """argparse sizes its help to the terminal through ``shutil``, an import that costs
    the "up to date" answer ~3 ms (of a 50 ms budget) although help is rarely printed."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS") or 0) or os.get_terminal_size().columns
        except (ValueError, OSError):
            columns = 80
        super().__init__(prog, width=max(40, columns - 2))


def parser(doc: str) -> argparse.ArgumentParser:
    summary, _, epilog = doc.partition("\n\n")
    p = argparse.ArgumentParser(prog="generate.py", description=summary, epilog=epilog, formatter_class=_Help)
    p.add_argument("--check", action="store_true",
                   help="validate the inputs and the deck's fit (and --template) without writing anything; with --watch, on every save")
    p.add_argument("--only", choices=builders.NAMES, help="build only one output")
    p.add_argument("--out", type=Path, default=ROOT / "build", metavar="DIR", help="output folder (default: build/)")
    p.add_argument("--outline", type=Path, metavar="FILE", help="outline file (default: assets/outline.yaml)")
    p.add_argument("--data", type=Path, metavar="FILE", help="figures file, .csv or .xlsx (default: figures.xlsx if present, "
                   "else figures.csv, beside the outline — assets/ unless --outline says otherwise)")
    p.add_argument("--theme", type=Path, metavar="FILE", help="theme file (default: assets/theme.yaml)")
    p.add_argument("--template", type=Path, metavar="PPTX", help="your own PowerPoint template with the named layouts (see README)")
    p.add_argument("--deck", choices=("summary", "full"),
                   help="summary: main flow + hidden appendix; full: every slide visible (default: the outline's document.deck)")
    p.add_argument("--pdf-variant", choices=("pdf/ua-1", "pdf/a-3b"), help="produce a PDF/UA-1 or PDF/A-3b file (default: tagged PDF)")
    p.add_argument("--force", action="store_true", help="rebuild everything, ignoring the cache")
    p.add_argument("--watch", action="store_true", help="keep running and rebuild whenever an input file is saved")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    p.add_argument("--debug", action="store_true", help="show the full traceback of internal errors")
    return p


def options_from(argv: list[str], doc: str) -> BuildOptions:
    """The command line, parsed and frozen: the pipeline never sees argparse's Namespace."""
    return BuildOptions.from_namespace(parser(doc).parse_args(argv))


def inputs_from(args: BuildOptions) -> Inputs:
    """The files this run reads.  Without --data the data file is chosen beside the outline by
    model.inputs' rule; ``--watch`` calls this again on every rebuild, so it follows an xlsx that
    appears or disappears."""
    assets = ROOT / "assets"
    theme = args.theme or assets / "theme.yaml"
    if args.data:
        return Inputs(args.outline or assets / "outline.yaml", args.data, theme)
    return Inputs.in_folder(args.outline.parent if args.outline else assets, args.outline, theme)


def _warn(message: str) -> None:
    """Warnings go to stderr and are not silenced by --quiet: they are about the figures published."""
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str], doc: str) -> int:
    options = options_from(argv, doc)
    say = (lambda *_: None) if options.quiet else (lambda msg: print(msg, flush=True))
    try:
        if options.watch:
            from app.setup_check import require
            from app.watch import watch

            require()
            return watch(options, inputs_from(options), say)
        if options.check:
            from app.check import check
            from app.setup_check import require
            from model.inputs import both_files_warning

            require()
            inputs = inputs_from(options)
            check(options, inputs, say)
            if warning := both_files_warning(inputs):
                _warn(warning)
            return 0
        from app.pipeline import build
        from app.progress import Progress

        progress = None if options.quiet else Progress(sys.stdout)
        try:
            build(options, inputs_from(options), say, warn=_warn, progress=progress)
        finally:
            if progress:
                progress.close()
        return 0
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    except SetupError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the promise: no traceback unless asked
        if options.debug:
            import traceback

            traceback.print_exc()
        else:
            print(f"internal error: {type(exc).__name__}: {exc}\n(run again with --debug for details)", file=sys.stderr)
        return 1
