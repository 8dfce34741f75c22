"""Reads aggregate in SQL and agree with what was written (synthetic programme)."""

import datetime as dt

from fixtures import build_demo

from tracker.db import queries
from tracker.overview import reads as overview_reads


def test_executed_total_is_the_sum_of_recorded_expenditures(engine):
    expected = build_demo(engine)
    total = queries.executed_total(engine, "demo", dt.date(2030, 1, 1))
    assert total["won"] == expected["spent_won"]
    assert total["records"] == 5 * 5 * 4


def test_an_earlier_as_of_date_sees_less_spending(engine):
    build_demo(engine)
    early = queries.executed_total(engine, "demo", dt.date(2021, 1, 1))["won"]
    late = queries.executed_total(engine, "demo", dt.date(2030, 1, 1))["won"]
    assert 0 < early < late


def test_overview_kpis_on_the_synthetic_programme(engine):
    expected = build_demo(engine, partners=12)
    kpis = overview_reads.overview_kpis(engine, "demo", dt.date(2030, 1, 1))
    assert kpis.envelope_won == 100_000_000_000
    assert kpis.executed_won == expected["spent_won"]
    assert kpis.execution_rate == expected["spent_won"] / 100_000_000_000
    assert kpis.mous.value == 12 and not kpis.mous.from_tally
    # five planned milestones past their dates with no actual recorded: not late, not recorded
    assert kpis.milestones == {
        "total": 5,
        "done": 0,
        "done_undated": 0,
        "late": 0,
        "not_recorded": 5,
        "stopped": 0,
        "upcoming": 0,
    }


def test_milestones_due_within_90_days_count_as_upcoming(engine):
    build_demo(engine)
    counts = queries.milestone_counts(engine, "demo", dt.date(2022, 5, 1))
    assert counts["upcoming"] == 5 and counts["late"] == 0


def test_empty_database_reads_are_empty_not_errors(engine):
    assert queries.is_empty(engine)
    assert queries.initiatives(engine, dt.date.today()).empty
    kpis = overview_reads.overview_kpis(engine, "nothing", dt.date.today())
    assert kpis.executed_won is None and kpis.mous.value == 0


def test_missing_text_reads_as_none_not_nan(bundled_engine):
    frame = queries.sources(bundled_engine, None, dt.date.today())
    missing = frame[frame["key"] == "src-news21-2020-04-28"].iloc[0]
    assert missing["url"] is None  # the founding article has no address
    assert missing["outlet"] == "뉴스21일간"
