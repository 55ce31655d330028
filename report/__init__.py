"""The printable PDF briefing: model → HTML (Jinja2) + SVG charts (matplotlib) → PDF (WeasyPrint).

``build_pdf`` only renders the model it is given: it never reads the outline
or the data file and never formats a number itself.  Importing this package
is cheap; WeasyPrint and matplotlib are imported when a PDF is built.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from infra.rendered import Rendered
from model.briefing import Briefing, Theme
from model.errors import InputError
from model.options import BuildOptions

__all__ = ["build", "build_pdf", "prepare", "preload", "draw_charts", "forget_caches", "warm_up", "allowed_roots"]


def allowed_roots(briefing: Briefing, chart_dir: Path) -> tuple[Path, ...]:
    """What the URL fetcher may serve: the assets folder holding the fonts, and this build's charts."""
    theme = briefing.theme
    assets = {theme.font_regular.resolve().parent.parent, theme.font_bold.resolve().parent.parent}
    return (*sorted(assets), chart_dir.resolve())


def draw_charts(briefing: Briefing, cache_dir: Path) -> tuple[dict[str, str], str]:
    """Chart id → SVG file URL, drawing only the charts not in the cache; and the timing line.

    Separate from :func:`build_pdf` so the pipeline can draw the charts in a
    second process while this one loads WeasyPrint."""
    from infra.cache_files import prune

    from .charts import KEEP_UNUSED, chart_svg

    chart_dir = Path(cache_dir) / "charts"
    started = time.perf_counter()
    charts, cached, used = {}, 0, set()
    for c in briefing.charts:
        path, hit = chart_svg(c, briefing.theme, chart_dir)
        used.add(path.resolve())
        charts[c.id] = path.resolve().as_uri()
        cached += hit
    prune(chart_dir, ".svg", used, KEEP_UNUSED)
    return charts, f"charts {time.perf_counter() - started:.2f}s ({cached} cached)"


def prepare(briefing: Briefing, cache_dir: Path) -> str:
    """The builder interface's prepare step (app/builders.py): the charts, drawn into the cache
    where :func:`build` finds them; returns the timing line."""
    return draw_charts(briefing, cache_dir)[1]


def preload() -> None:
    """The builder interface's preload (app/builders.py): import what :func:`prepare` draws with
    (matplotlib and its SVG backend, ~0.4 s) before the model is there."""
    import matplotlib.backends.backend_svg
    import matplotlib.figure  # noqa: F401


def forget_caches(cache_dir: Path) -> None:
    """``--force``: draw every chart, cut every font subset and lay out every page again (disk and this
    process's memory)."""
    import shutil

    from . import parts
    from .font_subsets import forget

    shutil.rmtree(Path(cache_dir) / "charts", ignore_errors=True)
    forget(Path(cache_dir) / "fonts")
    parts.forget()


def warm_up(theme: Theme | None = None) -> None:
    """Load WeasyPrint and its font configuration ahead of the first render; with a
    theme, matplotlib and the chart fonts too (``--watch``: the processes that draw
    charts are forked from this one and inherit what it has loaded)."""
    from .pdf import font_config

    font_config(None)
    if theme is not None:
        from .charts import load_matplotlib

        load_matplotlib(theme)


def document_fonts(theme: Theme, texts: tuple[str, ...], folder: Path) -> tuple[dict[Path, bytes], str]:
    """The bundled fonts cut to the characters of ``texts`` (report.font_subsets.document_font), by the
    resolved path the fetcher is asked for; and a key of the cuts (the font configuration's)."""
    from .font_subsets import document_characters, document_font

    chars = document_characters(*texts)
    served = {path: document_font(path.read_bytes(), chars, folder)
              for path in sorted({theme.font_regular.resolve(), theme.font_bold.resolve()})}
    faces = hashlib.blake2b(b"".join(served.values()), digest_size=16).hexdigest()
    return served, faces


def _read_svg(url: str) -> str:
    return Path(url2pathname(urlsplit(url).path)).read_text(encoding="utf-8")


def _identity(html: str, css: str, chart_dir: Path, theme: Theme) -> str:
    """What the PDF's /ID is hashed from: the document and its stylesheet with the folders the
    project happens to be in taken out (the chart files' and fonts' URLs), so the same inputs
    give the same bytes wherever the checkout is."""
    css = css.replace(theme.font_regular.as_uri(), theme.font_regular.name).replace(theme.font_bold.as_uri(), theme.font_bold.name)
    return html.replace(chart_dir.resolve().as_uri(), "charts") + "\0" + css


def build(briefing: Briefing, options: BuildOptions, cache_dir: Path) -> Rendered:
    """The builder interface (app/builders.py)."""
    return build_pdf(briefing, cache_dir=cache_dir, variant=options.pdf_variant, keep=bool(options.watch))


def build_pdf(briefing: Briefing, *, cache_dir: Path, variant: str | None = None, keep: bool = False) -> Rendered:
    """The briefing as PDF bytes, plus where each figure landed (pages and charts).  ``keep``
    (``--watch``, a warm process): keep the pages for the next build, which lays out again only the
    parts that changed (report.parts) — the same bytes as a whole render."""
    from .fetcher import SafeFetcher
    from .html import render_css, render_html
    from .pdf import Output, locations, render
    from .verify import check_complete

    chart_dir = Path(cache_dir) / "charts"
    charts, charts_step = draw_charts(briefing, cache_dir)
    html, anchors = render_html(briefing, charts)
    css = render_css(briefing)
    roots = allowed_roots(briefing, chart_dir)
    svgs = {url: _read_svg(url) for url in charts.values()}
    served, faces = document_fonts(briefing.theme, (html, css, *svgs.values()), Path(cache_dir) / "fonts")
    digests = {url: hashlib.blake2b(text.encode(), digest_size=16).hexdigest() for url, text in svgs.items()} if keep else {}

    def pdf(fetcher: SafeFetcher, faces: str) -> Output:
        return render(html, css, seed=_identity(html, css, chart_dir, briefing.theme),
                      base_url=chart_dir.resolve().as_uri() + "/", fetcher=fetcher, family=briefing.theme.font_family,
                      timestamp=briefing.document.timestamp, variant=variant, font_cache=Path(cache_dir) / "fonts",
                      faces=faces, keep=keep, digests=digests)
    try:
        out = pdf(SafeFetcher(roots, served), faces)
    except InputError:       # a character the cut missed, or one no font has: the whole fonts tell which
        out = pdf(SafeFetcher(roots), "")
    check_complete(briefing, out.pages, out.text, set(out.anchors), anchors.handed_out())
    out.keep()
    return Rendered(out.data, locations(out.anchors, briefing.charts_by_figure), (charts_step, *filter(None, [out.note])))
