"""``theme.set_layout``: the layout update every chart's theming goes through, without plotly's
path-by-path relayout. It must leave a figure exactly as ``fig.update_layout`` (plotly's own,
the reference here) would: a dict merged into what is there, anything else replacing it."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tracker import catalog, theme
from tracker.catalog import ChartContext
from tracker.db import memo


def built() -> go.Figure:
    """A figure whose layout already holds parts a theme call does not name."""
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    fig.update_layout(
        title={"text": "old", "font": {"color": "#123456"}},
        margin={"l": 10, "pad": 4},
        legend={"traceorder": "reversed", "x": 0.5},
        colorway=["#000000"],
        height=500,
    )
    return fig


def test_a_dict_is_merged_into_what_the_layout_holds_and_the_rest_is_replaced():
    fig = theme.set_layout(
        built(),
        title={"text": "new", "font": {"size": 20}},
        margin={"l": 60, "r": 30},
        legend={"x": 1.0},
        colorway=["#1f4e9c", "#c25e00"],
    )
    layout = fig.to_plotly_json()["layout"]
    assert layout["title"] == {"text": "new", "font": {"color": "#123456", "size": 20}}
    assert layout["margin"] == {"l": 60, "pad": 4, "r": 30}
    assert layout["legend"] == {"traceorder": "reversed", "x": 1.0}
    assert layout["colorway"] == ["#1f4e9c", "#c25e00"]
    assert layout["height"] == 500  # not named: left alone


def test_it_leaves_a_figure_as_update_layout_would():
    props = {
        "title": {"text": "<b>t</b>", "x": 0.01, "font": {"size": 18}},
        "font": {"family": theme.FONT_FAMILY, "size": 13},
        "margin": {"t": 80, "b": 120},
        "legend": {"orientation": "h", "y": 1.0},
        "hoverlabel": {"font": {"family": theme.FONT_FAMILY}},
        "showlegend": False,
    }
    ours, plotlys = theme.set_layout(built(), **props), built().update_layout(**props)
    assert ours.to_plotly_json() == plotlys.to_plotly_json()


def test_a_property_plotly_does_not_know_is_still_refused():
    with pytest.raises(ValueError, match="nope"):
        theme.set_layout(built(), margin={"nope": 1})


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_chart_of_the_bundle_is_themed_as_update_layout_would_theme_it(
    bundled_engine, monkeypatch, lang
):
    context = ChartContext("gj-ai-cluster-phase1", dt.date(2025, 12, 31), lang)

    def every_chart() -> dict[str, dict]:
        memo.clear()
        return {
            e.key: json.loads(pio.to_json(e.build(bundled_engine, context).figure))
            for e in catalog.entries()
        }

    ours = every_chart()
    monkeypatch.setattr(theme, "set_layout", lambda fig, **props: fig.update_layout(**props))
    plotlys = every_chart()
    assert len(ours) >= 18
    assert [k for k in ours if ours[k] != plotlys[k]] == []
