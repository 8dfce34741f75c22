"""Count axes (milestones, partners): a tick at every whole number up to ten, plotly's own
whole-number steps above; the top is the tallest stack, not the largest single part of one."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker import theme
from tracker.overview import charts as overview_charts
from tracker.partners import charts as partner_charts
from tracker.portfolio import charts as portfolio_charts

AS_OF = dt.date(2026, 11, 30)


def test_every_whole_number_up_to_ten_then_plotly_steps():
    assert theme.count_ticks(0) == {"dtick": 1}
    assert theme.count_ticks(10) == {"dtick": 1}
    assert theme.count_ticks(11) == {"tickformat": ",d"}
    assert theme.count_ticks(125) == {"tickformat": ",d"}


def _initiatives(*stacks: dict[str, int]) -> pd.DataFrame:
    rows = []
    for n, counts in enumerate(stacks):
        row = {f"ms_{state}": 0 for state in theme.STATE_STACK_ORDER}
        row.update({f"ms_{state}": count for state, count in counts.items()})
        row.update(ms_total=sum(counts.values()), region_ko="광주", region_en="Gwangju",
                   name_ko=f"사업{n}", name_en=f"Programme {n}")  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def test_the_portfolio_milestone_bars_step_by_one_while_the_tallest_stack_is_ten():
    # 6 done + 4 late = 10: one tick per milestone
    small = _initiatives({"done": 6, "late": 4}, {"done": 2})
    fig = portfolio_charts.milestone_health_figure(small, lang="en", as_of=AS_OF, title="t")
    assert fig.layout.xaxis.dtick == 1
    # 6 done + 5 late = 11 (no single state above 6): plotly's steps
    tall = _initiatives({"done": 6, "late": 5}, {"done": 2})
    fig = portfolio_charts.milestone_health_figure(tall, lang="en", as_of=AS_OF, title="t")
    assert fig.layout.xaxis.dtick is None
    assert fig.layout.xaxis.tickformat == ",d"


def test_the_milestones_per_year_axis_counts_the_whole_year():
    frame = pd.DataFrame(
        {"year": [2025, 2025, 2026], "state": ["done", "late", "done"], "milestones": [6, 5, 7]}
    )  # 2025: 6 + 5 = 11
    fig = overview_charts.milestones_by_year_figure(frame, lang="ko", as_of=AS_OF, title="t")
    assert fig.layout.yaxis.dtick is None and fig.layout.yaxis.tickformat == ",d"
    frame.loc[1, "milestones"] = 4  # 2025: 10, 2026: 7
    fig = overview_charts.milestones_by_year_figure(frame, lang="ko", as_of=AS_OF, title="t")
    assert fig.layout.yaxis.dtick == 1


def test_the_partner_breakdown_axis_counts_every_sector_of_a_kind():
    frame = pd.DataFrame(
        {
            "kind": ["company", "company", "university"],
            "sector": ["AI", "energy", "AI"],
            "partners": [6, 5, 3],
        }
    )  # fmt: skip  companies: 6 + 5 = 11
    fig = partner_charts.breakdown_figure(frame, lang="en", as_of=AS_OF)
    assert fig.layout.xaxis.dtick is None and fig.layout.xaxis.tickformat == ",d"
    frame.loc[1, "partners"] = 4
    fig = partner_charts.breakdown_figure(frame, lang="en", as_of=AS_OF)
    assert fig.layout.xaxis.dtick == 1
