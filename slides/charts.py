"""Native, editable PowerPoint charts from the model's chart specs.

The data is embedded (PowerPoint's "Edit Data" opens it), values are the
model's figures, number formats carry the unit with the chart's decimals
(``0.00"亿元"``), data labels are on, series use the theme's series colours,
missing values are gaps, derived points and series are outlines on paper (as in the PDF), and every piece of
chart text gets the deck font with a:ea and zh-CN.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_MARK
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Pt, lazyproperty

from model.briefing import Chart, Figure, Series, Theme

from .cjk import chinese
from .ooxml import A, C
from .template import Rect

CHART_PT = 16          # axis labels, data labels, legend

TYPES = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "grouped_bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}


class TextWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's workbook writer with every string stored as text.

    XlsxWriter's ``write()`` turns a string that starts with ``=`` into a live
    formula and one that looks like a URL into a hyperlink, so a category
    ``=HYPERLINK("http://…")`` would run when "Edit Data" opens the workbook in
    Excel.  The options switch that off for every cell the writer writes
    (categories, series names), whatever it holds."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):  # python-pptx's signature
        from xlsxwriter import Workbook

        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class TextChartData(CategoryChartData):
    """Chart data whose embedded workbook holds text as text (see :class:`TextWorkbookWriter`)."""

    @lazyproperty
    def _workbook_writer(self) -> TextWorkbookWriter:
        return TextWorkbookWriter(self)


def number_format(chart: Chart) -> str:
    """Excel number format with the chart's decimals and its unit as a literal: 0.00"亿元"."""
    digits = "0" if chart.decimals == 0 else "0." + "0" * chart.decimals
    unit = chart.unit.replace('"', "")
    return f'{digits}"{unit}"' if unit else digits


def label_format(fig: Figure) -> str:
    """A data label's format: the figure's own decimals and its text around the number (近11.2万户, 100公里以上)."""
    digits = "0" if fig.decimals == 0 else "0." + "0" * fig.decimals
    before, _, after = fig.text_parts
    quote = lambda s: f'"{s.replace(chr(34), "")}"' if s else ""   # noqa: E731
    return f"{quote(before)}{digits}{quote(after)}"


def all_derived(series: Series) -> bool:
    """Every figure the series shows is computed (推算), not reported."""
    shown = [f for f in series.figures if f is not None]
    return bool(shown) and all(f.derived for f in shown)


def series_name(series: Series) -> str:
    """The legend name; a derived series always says so."""
    return series.name if not all_derived(series) or "推算" in series.name else f"{series.name}（推算）"


def rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def style_mark(target, chart_type: str, color: RGBColor, fill: RGBColor | None) -> None:
    """One bar, point or series in ``color``. ``fill`` (the paper colour) draws it as an outline —
    how a derived (推算) value is shown, as in the PDF. A lighter tint of the same hue was the first
    idea, but on a black-and-white printer it can land on the lightness of the neighbouring series
    (图5: tinted red ≈ gold); paper cannot."""
    if chart_type == "line":
        target.format.line.color.rgb = color
        target.format.line.width = Pt(3)
        if fill is not None:
            target.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        target.smooth = False
        target.marker.style = XL_MARKER_STYLE.CIRCLE
        target.marker.size = 10
        target.marker.format.fill.solid()
        target.marker.format.fill.fore_color.rgb = fill or color
        target.marker.format.line.color.rgb = color
        return
    target.format.fill.solid()
    target.format.fill.fore_color.rgb = fill or color
    if fill is None:
        target.format.line.fill.background()
    else:
        target.format.line.color.rgb = color
        target.format.line.width = Pt(1.5)
    if hasattr(target, "invert_if_negative"):
        target.invert_if_negative = False


def label_frame(frame, spec: Chart) -> None:
    """The chart's graphic frame names the chart and describes it for screen readers (its alt text)."""
    frame.name = f"Chart {spec.id}"
    frame._element.nvGraphicFramePr.cNvPr.set("descr", spec.alt_text)


def add_chart(slide, spec: Chart, rect: Rect, theme: Theme):
    fmt = number_format(spec)
    data = TextChartData(number_format=fmt)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series_name(series), series.values, number_format=fmt)
    frame = slide.shapes.add_chart(TYPES[spec.type], rect.x, rect.y, rect.w, rect.h, data)
    label_frame(frame, spec)
    chart = frame.chart
    pal = theme.palette
    chart.has_title = False
    chart.font.size = Pt(CHART_PT)
    chart.font.color.rgb = rgb(pal.text)
    multi = len(spec.series) > 1
    chart.has_legend = multi
    if multi:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(CHART_PT)
    plot = chart.plots[0]
    horizontal = spec.type == "hbar"
    if spec.type != "line":
        plot.gap_width = 55 if multi else 80
        plot.overlap = -8 if multi else 0
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = fmt
    labels.number_format_is_linked = False
    labels.font.size = Pt(CHART_PT)
    labels.font.bold = True
    labels.font.color.rgb = rgb(pal.secondary)
    labels.position = XL_LABEL_POSITION.ABOVE if spec.type == "line" else XL_LABEL_POSITION.OUTSIDE_END
    colors = theme.series_colors
    for index, (series, model) in enumerate(zip(plot.series, spec.series, strict=True)):
        color = rgb(colors[index % len(colors)])
        paper = rgb(pal.paper)
        style_mark(series, spec.type, color, paper if all_derived(model) else None)   # legend follows
        if spec.type != "line" and not all_derived(model):
            for point_index, fig in enumerate(model.figures):
                if fig is not None and fig.derived:        # a 推算 point of a reported series
                    style_mark(series.points[point_index], spec.type, color, paper)
    cat = chart.category_axis
    cat.tick_labels.font.size = Pt(CHART_PT)
    cat.tick_labels.font.color.rgb = rgb(pal.text)
    cat.format.line.color.rgb = rgb(pal.rule)
    cat.has_major_gridlines = False
    cat.major_tick_mark = XL_TICK_MARK.NONE
    if horizontal:
        cat.reverse_order = True           # first category on top, as read
    val = chart.value_axis
    val.minimum_scale = 0
    top = spec.maximum
    if top > 0:
        val.maximum_scale = top * (1.22 if horizontal else 1.15)   # room for the outside labels
    val.has_major_gridlines = False
    val.visible = False
    val.tick_labels.font.size = Pt(CHART_PT)
    position = "t" if spec.type == "line" else "outEnd"
    for ser, model in zip(plot._element.iter(f"{C}ser"), spec.series, strict=True):
        _point_labels(ser, model.figures, labels._element, position)
    _blanks_as_gaps(chart)
    _unsigned_axis_ids(chart)
    chinese(chart._chartSpace, theme.deck_font)
    return frame


def _unsigned_axis_ids(chart) -> None:
    """python-pptx writes fixed negative axis ids; the schema wants xsd:unsignedInt (PowerPoint repairs,
    validators refuse).  Renumber them 1, 2, … in order of appearance, keeping every axId ↔ crossAx pairing."""
    ids: dict[str, str] = {}
    for el in chart._chartSpace.iter(f"{C}axId", f"{C}crossAx"):
        el.set("val", ids.setdefault(el.get("val"), str(len(ids) + 1)))


def _blanks_as_gaps(chart) -> None:
    c_chart = chart._chartSpace.find(f"{C}chart")
    disp = c_chart.find(f"{C}dispBlanksAs")
    if disp is None:
        disp = etree.SubElement(c_chart, f"{C}dispBlanksAs")
        anchor = c_chart.find(f"{C}plotVisOnly")
        if anchor is not None:
            anchor.addnext(disp)
        else:
            c_chart.append(disp)
    disp.set("val", "gap")


def _point_labels(ser, figures, plot_labels, position: str) -> None:
    """Series data labels with one label per point in that figure's own format (decimals, unit, approx)."""
    for old in ser.findall(f"{C}dLbls"):
        ser.remove(old)
    txpr = plot_labels.find(f"{C}txPr")
    body = txpr.find(f"{A}bodyPr") if txpr is not None else None
    if body is not None:
        body.set("wrap", "none")
    dlbls = etree.Element(f"{C}dLbls")

    def tail(parent, fmt: str) -> None:
        etree.SubElement(parent, f"{C}numFmt", formatCode=fmt, sourceLinked="0")
        etree.SubElement(etree.SubElement(parent, f"{C}spPr"), f"{A}noFill")
        if txpr is not None:
            parent.append(copy.deepcopy(txpr))
        etree.SubElement(parent, f"{C}dLblPos", val=position)
        for tag, val in (("showLegendKey", "0"), ("showVal", "1"), ("showCatName", "0"), ("showSerName", "0"),
                         ("showPercent", "0"), ("showBubbleSize", "0")):
            etree.SubElement(parent, f"{C}{tag}", val=val)

    for index, fig in enumerate(figures):
        if fig is None:
            continue
        dlbl = etree.SubElement(dlbls, f"{C}dLbl")
        etree.SubElement(dlbl, f"{C}idx", val=str(index))
        tail(dlbl, label_format(fig))
    plot_fmt = plot_labels.find(f"{C}numFmt")
    tail(dlbls, plot_fmt.get("formatCode") if plot_fmt is not None else "General")
    ser.find(f"{C}cat").addprevious(dlbls)
