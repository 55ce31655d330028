"""Changing one value in the data file changes every place that shows it."""
from pathlib import Path

from model.loader import load
from tests.conftest import project_inputs


def test_one_value_flows_to_prose_results_charts_and_derived(mini: Path) -> None:
    csv_path = mini / "figures.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("162.31,亿元", "170.5,亿元"), encoding="utf-8")
    briefing = load(project_inputs(mini))
    figure = briefing.figures["parks_invest_2016"]
    assert figure.text == "170.5亿元"
    stage = briefing.stages[1]
    assert stage.results[0].figure.text == "170.5亿元"
    assert 170.5 in briefing.charts[0].series[1].values
    assert str(briefing.figures["parks_invest_plan_2016"].value) == "100.85"  # 170.5 ÷ 169.07 × 100


def test_model_is_immutable(mini_briefing) -> None:
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        mini_briefing.document.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        mini_briefing.figures["x"] = None  # type: ignore[index]


def test_null_chart_cell_is_a_gap_and_captioned(mini_briefing) -> None:
    chart = mini_briefing.charts[0]
    assert chart.series[0].values[1] is None
    assert "原文未报告" in chart.source_note and "推算" in chart.source_note
    assert "未报告" in chart.alt_text
