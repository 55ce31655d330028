"""Charts: SVG with text kept as text, deterministic, cached by content."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from lightness import MIN_LIGHTNESS_STEP, lightness

from report import charts


def test_svg_keeps_text_as_text_with_the_bundled_font(mini_briefing) -> None:
    chart = mini_briefing.charts[0]
    svg = charts.draw(chart, mini_briefing.theme).decode("utf-8")
    assert "<text" in svg and mini_briefing.theme.font_family in svg
    assert "<dc:date>" not in svg
    for f in chart.figures:
        assert f.text in svg                                  # data labels use Figure.text
    assert "未报告" in svg                                    # a null in the series
    assert "推算" in svg                                      # a derived figure is marked
    assert svg == charts.draw(chart, mini_briefing.theme).decode("utf-8")


def test_every_chart_type_draws(mini_briefing) -> None:
    chart = mini_briefing.charts[0]
    single = dataclasses.replace(chart, series=chart.series[1:])
    drawn = {}
    for kind, spec in (("bar", single), ("hbar", single), ("line", chart), ("grouped_bar", chart)):
        svg = charts.draw(dataclasses.replace(spec, type=kind), mini_briefing.theme).decode("utf-8")
        labels = [f.text for s in spec.series for f in s.figures if f is not None]
        assert labels and all(label in svg for label in labels), kind          # every value labelled, as Figure.text
        assert all(name in svg for name in charts.tick_labels(spec) if "\n" not in name), kind
        drawn[kind] = svg
    assert len(set(drawn.values())) == len(drawn)                                 # each type draws its own figure


def test_cache_reuses_unchanged_charts_and_redraws_changed(mini_briefing, tmp_path: Path, monkeypatch) -> None:
    chart, theme = mini_briefing.charts[0], mini_briefing.theme
    first, hit = charts.chart_svg(chart, theme, tmp_path)
    assert not hit
    monkeypatch.setattr(charts, "draw", lambda *a: pytest.fail("an unchanged chart was redrawn"))
    assert charts.chart_svg(chart, theme, tmp_path) == (first, True)
    monkeypatch.undo()
    fig = chart.series[1].figures[0]
    changed = dataclasses.replace(chart, series=(chart.series[0], dataclasses.replace(
        chart.series[1], figures=(dataclasses.replace(fig, value=fig.value + Decimal("1")), *chart.series[1].figures[1:]))))
    assert charts.cache_key(changed, theme) != charts.cache_key(chart, theme)
    recoloured = dataclasses.replace(theme, series_colors=tuple(reversed(theme.series_colors)))
    assert charts.cache_key(chart, recoloured) != charts.cache_key(chart, theme)
    assert charts.chart_svg(changed, theme, tmp_path)[0] != first


def test_a_damaged_cached_chart_is_drawn_again(mini_briefing, tmp_path: Path) -> None:
    chart, theme = mini_briefing.charts[0], mini_briefing.theme
    path, _ = charts.chart_svg(chart, theme, tmp_path)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 3])                  # a truncated SVG under the same name
    again, hit = charts.chart_svg(chart, theme, tmp_path)
    assert not hit and again.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == [again.name]


def test_lightness_is_cie_l_star() -> None:
    assert (round(lightness("#000000")), round(lightness("#FFFFFF")), round(lightness("#777777"))) == (0, 100, 50)


@pytest.mark.parametrize("which", ["shipped", "mini"])
def test_chart_colours_differ_in_lightness(which, shipped_briefing, mini_briefing) -> None:
    """Neighbouring series, and a derived (推算) bar's paper fill next to its series colour, differ by
    MIN_LIGHTNESS_STEP in L*, in every chart of the content, with the colours the chart is drawn in."""
    briefing = shipped_briefing if which == "shipped" else mini_briefing
    theme = briefing.theme
    paper = theme.palette.paper
    for chart in briefing.charts:
        colours = charts.series_colors(chart, theme)
        svg = charts.draw(chart, theme).decode("utf-8").lower()
        assert all(c.lower() in svg for c in colours), chart.id          # the colours drawn are these
        for a, b in pairwise(colours):
            assert abs(lightness(a) - lightness(b)) >= MIN_LIGHTNESS_STEP, (chart.id, a, b)
        for colour, series in zip(colours, chart.series, strict=True):
            if any(f is not None and f.derived for f in series.figures):
                assert lightness(paper) - lightness(colour) >= MIN_LIGHTNESS_STEP, (chart.id, colour)


def test_theme_series_neighbours_differ_in_lightness(shipped_briefing) -> None:
    """Charts with more series than the shipped ones take the next colours: those differ too."""
    colours = shipped_briefing.theme.series_colors
    steps = [abs(lightness(a) - lightness(b)) for a, b in pairwise(colours)]
    assert min(steps) >= MIN_LIGHTNESS_STEP, steps
    assert all(lightness(shipped_briefing.theme.palette.paper) - lightness(c) >= MIN_LIGHTNESS_STEP for c in colours)


def test_wrapped_tick_labels_have_room(shipped_briefing) -> None:
    """A category name wrapped on two lines (图2's 农村居民人均可支配/收入（2015年）): the gap between the
    lines is at least 0.4 em (matplotlib's default spacing left 0.2 em, and the CJK lines nearly touched)."""
    import re

    wrapped = [(c, label) for c in shipped_briefing.charts for label in charts.tick_labels(c) if "\n" in label]
    assert wrapped, "the shipped charts have no wrapped category name any more: test another"
    for chart, label in wrapped:
        svg = charts.draw(chart, shipped_briefing.theme).decode("utf-8")
        lines = label.split("\n")
        ys, size = [], None
        for line in lines:
            m = re.search(r'font-size: ([\d.]+)px[^>]*translate\([\d.]+ ([\d.]+)\)">' + re.escape(line) + "<", svg)
            assert m, (chart.id, line)
            size = float(m.group(1))
            ys.append(float(m.group(2)))
        for upper, lower in pairwise(ys):
            assert lower - upper - size >= 0.4 * size, (chart.id, label, lower - upper, size)


def test_chart_cache_keeps_this_builds_charts_and_a_few_more(mini_briefing, tmp_path: Path) -> None:
    """The chart cache is pruned like the font subsets: without it, every edit of a figure left one SVG behind forever."""
    import os

    from report import draw_charts

    folder = tmp_path / "charts"
    folder.mkdir()
    stale = []
    for i in range(charts.KEEP_UNUSED + 3):                  # older charts, oldest first
        path = folder / f"old{i:02}.svg"
        path.write_bytes(b"<svg/>")
        os.utime(path, ns=(i * 10**9, i * 10**9))
        stale.append(path.name)
    urls, _ = draw_charts(mini_briefing, tmp_path)
    used = {Path(u.removeprefix("file://")).name for u in urls.values()}
    assert len(used) == len(mini_briefing.charts)
    assert {p.name for p in folder.iterdir()} == used | set(stale[3:])    # the three oldest unused ones went
