"""Charts: SVG with text kept as text, deterministic, cached by content."""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

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
    for kind, spec in (("bar", single), ("hbar", single), ("line", chart), ("grouped_bar", chart)):
        assert b"<svg" in charts.draw(dataclasses.replace(spec, type=kind), mini_briefing.theme)


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
