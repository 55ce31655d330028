"""Charts as SVG, drawn with matplotlib from the model's chart specs.

Why SVG with ``svg.fonttype = 'none'``: the text stays text, so the PDF draws
it with the same embedded Noto Sans SC subset as the body (sharp at any zoom,
searchable, no second font).  matplotlib is imported only when a chart must
actually be drawn: most rebuilds hit the cache, and ``import report`` stays
fast.  Output is deterministic (fixed hash salt, no date), and each SVG is
cached under a hash of everything that can change the drawing: the chart's
content, the theme, and :data:`VERSION` of this module's drawing code.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
from pathlib import Path

from infra import cache_files
from model.briefing import Chart, Figure, Theme

VERSION = "charts-9"        # bump when the drawing code changes, so cached SVGs are redrawn
KEEP_UNUSED = 16            # cached SVGs kept beyond the current build's (report.draw_charts prunes the rest)
WIDTH_IN = 6.6              # the text column (report.html.GEOMETRY.column, 168 mm), so 1 chart pt = 1 printed pt
LABEL_PT = 8.5
TICK_PT = 9
TICK_LINESPACING = 1.45     # a wrapped category name: CJK glyphs fill their em, so matplotlib's 1.2 makes lines nearly touch


def theme_colors(theme: Theme) -> dict[str, str]:
    """The palette as the chart cache key has always spelled it (unset colours left out), so the charts
    cached before the palette was typed stay valid."""
    return {name: color for name, color in dataclasses.asdict(theme.palette).items() if color is not None}


def cache_key(chart: Chart, theme: Theme) -> str:
    def fig(f: Figure | None) -> object:
        return None if f is None else [f.id, f.text, str(f.value), f.derived]

    content = {
        "version": VERSION,
        "chart": [chart.id, chart.type, chart.title, chart.unit, list(chart.categories),
                  [[s.name, [fig(f) for f in s.figures]] for s in chart.series]],
        "theme": [theme_colors(theme), list(theme.series_colors), theme.font_family,
                  theme.font_regular.name, theme.font_bold.name],
    }
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def chart_svg(chart: Chart, theme: Theme, folder: Path) -> tuple[Path, bool]:
    """The chart's SVG file in ``folder`` and whether it came from the cache: drawn once, then
    reused while nothing changes; a damaged file (its bytes no longer match the hash in its
    name, see infra.cache_files) is drawn again."""
    key = cache_key(chart, theme)
    hit = cache_files.lookup(folder, key, ".svg")
    if hit is not None:
        return hit[0], True
    return cache_files.store(folder, key, ".svg", draw(chart, theme)), False


# ---------------------------------------------------------------- drawing

_registered: set[str] = set()


def load_matplotlib(theme: Theme):  # returns the lazily imported modules
    """matplotlib, imported only when a chart is drawn, with the bundled fonts registered once."""
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure as MplFigure

    for font in (theme.font_regular, theme.font_bold):
        if str(font) not in _registered:
            font_manager.fontManager.addfont(str(font))
            _registered.add(str(font))
    return matplotlib, MplFigure


def _wrap(text: str, width: int) -> str:
    """Break a long category name into lines of even length (no lone character on the last line)."""
    if len(text) <= width:
        return text
    lines = -(-len(text) // width)
    per = -(-len(text) // lines)
    return "\n".join(text[i:i + per] for i in range(0, len(text), per))


def tick_labels(chart: Chart) -> list[str]:
    """The category names as the axis shows them, long ones wrapped (a bar chart shares 44 characters
    across its categories; a horizontal bar chart has 14 per line beside its bars)."""
    per_line = 14 if chart.type == "hbar" else max(4, 44 // max(1, len(chart.categories)))
    return [_wrap(c, per_line) for c in chart.categories]


def _label(f: Figure | None) -> str:
    if f is None:
        return "未报告"
    return f"{f.text}\n推算" if f.derived else f.text


def series_colors(chart: Chart, theme: Theme) -> list[str]:
    """The colour each series of ``chart`` is drawn in: the theme's series colours in order (adjacent
    ones differ in lightness, for black-and-white print), or the primary colour for a single series.
    A derived (推算) bar is drawn in the paper colour with an edge of its series colour."""
    if len(chart.series) == 1:
        return [theme.palette.primary]
    colors = list(theme.series_colors)
    return [colors[index % len(colors)] for index in range(len(chart.series))]


def draw(chart: Chart, theme: Theme) -> bytes:
    matplotlib, MplFigure = load_matplotlib(theme)
    pal = theme.palette
    colors = series_colors(chart, theme)
    rc = {
        "font.family": [theme.font_family], "font.size": TICK_PT,
        "svg.fonttype": "none", "svg.hashsalt": "guiyang-briefing", "svg.image_inline": True,
        "axes.unicode_minus": False, "text.color": pal.text,
        "axes.edgecolor": pal.rule, "xtick.color": pal.text, "ytick.color": pal.text,
        "xtick.labelsize": TICK_PT, "ytick.labelsize": TICK_PT,
    }
    with matplotlib.rc_context(rc):
        n_cat = len(chart.categories)
        if chart.type == "hbar":
            height = 0.42 * n_cat * len(chart.series) + 0.5
        else:
            height = 2.5 if n_cat <= 6 else 2.9
        fig = MplFigure(figsize=(WIDTH_IN, height))
        ax = fig.add_subplot()
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        maximum = chart.maximum or 1.0
        if chart.type == "hbar":
            _hbar(ax, chart, colors, pal, maximum)
        elif chart.type == "line":
            _line(ax, chart, colors, pal, maximum)
        else:
            _bars(ax, chart, colors, pal, maximum)
        if len(chart.series) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(0, 1.12), ncol=len(chart.series), frameon=False,
                      fontsize=TICK_PT, handlelength=1.2, columnspacing=1.6)
        fig.tight_layout(pad=0.3)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    return out.getvalue().encode("utf-8")


def _annotate(ax, x: float, y: float, f: Figure | None, pal, *, horizontal: bool = False) -> None:
    text = _label(f)
    color = pal.muted if f is None or f.derived else pal.text
    if horizontal:
        ax.annotate(text.replace("\n", " "), (y, x), xytext=(4, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=LABEL_PT, color=color)
    else:
        ax.annotate(text, (x, y), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                    fontsize=LABEL_PT, color=color, linespacing=1.1)


def _bar_style(color: str, f: Figure | None, pal) -> dict:
    if f is not None and f.derived:   # drawn lighter with a solid edge: computed, not reported
        return {"color": pal.paper, "edgecolor": color, "linewidth": 1.2, "hatch": None}
    return {"color": color, "edgecolor": color, "linewidth": 0}


def _bars(ax, chart: Chart, colors: list[str], pal, maximum: float) -> None:
    n_series = len(chart.series)
    group = 0.56 if n_series == 1 else 0.76
    width = group / n_series
    for s_index, series in enumerate(chart.series):
        color = colors[s_index]
        for c_index, f in enumerate(series.figures):
            x = c_index - group / 2 + width * (s_index + 0.5)
            value = 0.0 if f is None else float(f.value)
            if f is not None:
                ax.bar(x, value, width * 0.9, **_bar_style(color, f, pal), label=series.name if c_index == 0 else None)
            elif c_index == 0:
                ax.bar(x, 0, width * 0.9, color=color, label=series.name)
            _annotate(ax, x, value, f, pal)
    ax.set_xticks(range(len(chart.categories)))
    ax.set_xticklabels(tick_labels(chart), linespacing=TICK_LINESPACING)
    ax.tick_params(axis="x", length=0, pad=5)
    ax.set_yticks([])
    ax.set_ylim(0, maximum * 1.28)
    ax.set_xlim(-0.6, len(chart.categories) - 0.4)


def _hbar(ax, chart: Chart, colors: list[str], pal, maximum: float) -> None:
    series = chart.series[0]
    color = colors[0]
    for index, f in enumerate(series.figures):
        value = 0.0 if f is None else float(f.value)
        if f is not None:
            ax.barh(index, value, 0.62, **_bar_style(color, f, pal))
        _annotate(ax, index, value, f, pal, horizontal=True)
    ax.set_yticks(range(len(chart.categories)))
    ax.set_yticklabels(tick_labels(chart), linespacing=TICK_LINESPACING)
    ax.invert_yaxis()
    ax.tick_params(axis="y", length=0, pad=6)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(True)
    ax.set_xlim(0, maximum * 1.3)


def _line(ax, chart: Chart, colors: list[str], pal, maximum: float) -> None:
    xs = range(len(chart.categories))
    for s_index, series in enumerate(chart.series):
        color = colors[s_index]
        points = [(x, v) for x, v in zip(xs, series.values, strict=True) if v is not None]
        ax.plot([p[0] for p in points], [p[1] for p in points], color=color, linewidth=2,
                marker="o", markersize=5, label=series.name)
        for x, f in zip(xs, series.figures, strict=True):
            _annotate(ax, x, 0.0 if f is None else float(f.value), f, pal)
    ax.set_xticks(list(xs))
    ax.set_xticklabels(list(chart.categories))
    ax.tick_params(axis="x", length=0, pad=5)
    ax.set_yticks([])
    ax.set_ylim(0, maximum * 1.28)
    ax.set_xlim(-0.5, len(chart.categories) - 0.5)
