"""The read path at scale: which version is current (the rule the NOT EXISTS form must keep),
results kept per data version (``tracker.db.memo``), the plan ``make bench`` prints, and the
portfolio's one pass over the expenditures."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select
from test_portfolio import AS_OF, write_programmes

from tracker.access import roles
from tracker.db import backend, memo, queries, store
from tracker.db.store import Write
from tracker.portfolio import charts as portfolio_charts
from tracker.portfolio import reads as portfolio_reads
from tracker.schedule import metrics as schedule_metrics

ACTOR = roles.operator("test")
day = dt.date


TODAY = day(2026, 1, 1)


def _write(engine, writes):
    return store.apply(engine, writes, by="test", actor=ACTOR, reason="scale test", today=TODAY)


def _base(engine):
    _write(
        engine,
        [
            Write("regions", "r", {"kostat_code": "11", "name_ko": "가", "name_en": "A", "level": "province"}, day(2020, 1, 1)),  # noqa: E501
            Write("initiatives", "i", {"region_key": "r", "name_ko": "이", "name_en": "I"}, day(2020, 1, 1)),  # noqa: E501
            Write("projects", "p", {"initiative_key": "i", "name_ko": "피", "name_en": "P", "category": "building"}, day(2020, 1, 1)),  # noqa: E501
        ],
    )  # fmt: skip


def _payment(amount: int, valid_from: dt.date, *, delete: bool = False) -> Write:
    values = {
        "project_key": "p",
        "spent_on": day(2024, 1, 10),
        "funding_source": "city",
        "amount_won": amount,
    }
    return Write("expenditures", "x", {} if delete else values, valid_from, delete=delete)


def _amount(engine, as_of: dt.date):
    ex = queries.facts_as_of("expenditures", as_of)
    with engine.connect() as conn:
        return conn.execute(select(ex.c.amount_won).where(ex.c.key == "x")).scalars().all()


def test_the_current_version_is_the_latest_valid_from_then_the_latest_row(engine):
    _base(engine)
    _write(engine, [_payment(100, day(2024, 1, 10))])
    _write(engine, [_payment(300, day(2024, 3, 1))])
    # recorded after the 300 but valid from an earlier day: current only between the two
    _write(engine, [_payment(200, day(2024, 2, 1))])
    # a second version of the same day as the 300, recorded later: it wins that day on
    _write(engine, [_payment(400, day(2024, 3, 1))])
    _write(engine, [_payment(0, day(2024, 4, 1), delete=True)])
    assert _amount(engine, day(2024, 1, 9)) == []  # before the first version
    assert _amount(engine, day(2024, 1, 10)) == [100]  # from its own day
    assert _amount(engine, day(2024, 1, 31)) == [100]
    assert _amount(engine, day(2024, 2, 1)) == [200]
    assert _amount(engine, day(2024, 2, 29)) == [200]
    assert _amount(engine, day(2024, 3, 1)) == [400]
    assert _amount(engine, day(2024, 3, 31)) == [400]
    assert _amount(engine, day(2024, 4, 1)) == []  # withdrawn from that day on


def test_as_recorded_before_the_later_version_the_earlier_one_is_current(engine):
    _base(engine)
    at = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)
    store.apply(
        engine, [_payment(100, day(2024, 1, 10))], by="test", actor=ACTOR, reason="a", now=at
    )  # noqa: E501
    later = at + dt.timedelta(days=2)
    store.apply(
        engine, [_payment(400, day(2024, 1, 10))], by="test", actor=ACTOR, reason="b", now=later
    )  # noqa: E501
    # the 400 replaces the 100 on the same valid day, recorded on 2024-01-12
    with queries.recorded_on(day(2024, 1, 11)):
        assert _amount(engine, day(2024, 6, 30)) == [100]
    with queries.recorded_on(day(2024, 1, 12)):  # recorded that day: counts by its end
        assert _amount(engine, day(2024, 6, 30)) == [400]
    with queries.recorded_on(day(2024, 1, 9)):  # before either was recorded
        assert _amount(engine, day(2024, 6, 30)) == []


def test_a_memoised_read_is_computed_once_per_data_version_and_point(engine):
    _base(engine)
    calls = []

    @memo.memoised
    def payments(engine, as_of):
        calls.append(as_of)
        return queries.read(engine, select(queries.facts_as_of("expenditures", as_of)))

    memo.clear()
    _write(engine, [_payment(100, day(2024, 1, 10))])
    first = payments(engine, day(2024, 6, 30))
    first.loc[0, "amount_won"] = -1  # a caller changing its copy changes nobody else's
    again = payments(engine, day(2024, 6, 30))
    assert len(calls) == 1 and list(again["amount_won"]) == [100]
    payments(engine, day(2024, 7, 1))  # other arguments: computed
    assert len(calls) == 2
    with queries.recorded_on(day(2020, 1, 1)):  # another recorded-on point: computed
        assert payments(engine, day(2024, 6, 30)).empty
    assert len(calls) == 3
    _write(engine, [_payment(250, day(2024, 2, 1))])  # a write: the same call is computed again
    assert list(payments(engine, day(2024, 6, 30))["amount_won"]) == [250]
    assert len(calls) == 4
    memo.clear()


def test_the_heaviest_query_reads_each_version_alone(bundled_engine):
    # as recorded now, a version's superseded_on says whether it is in force: no second look at
    # the table for a later version (no correlated probe, no anti-join)
    plan = backend.explain(bundled_engine, portfolio_reads.executed_statement(day(2024, 6, 30)))
    text = "\n".join(plan)
    assert "superseded_on" in text or bundled_engine.dialect.name == "sqlite"
    assert "ix_expenditures_key_valid_from" not in text
    assert "Anti Join" not in text and "CORRELATED" not in text
    assert any("expenditures" in line for line in plan)


def test_as_recorded_on_a_day_the_heaviest_query_probes_the_version_index(bundled_engine):
    with queries.recorded_on(day(2024, 7, 1)):
        statement = portfolio_reads.executed_statement(day(2024, 6, 30))
    text = "\n".join(backend.explain(bundled_engine, statement))
    if bundled_engine.dialect.name == "sqlite":
        # each version's "is there a later one" is answered from the (key, valid_from) index
        assert "ix_expenditures_key_valid_from" in text
    else:
        assert "Anti Join" in text


def test_latest_data_counts_a_payment_recorded_but_not_yet_spent(engine):
    write_programmes(engine)
    _write(
        engine,
        [
            Write("projects", "b-proj", {"initiative_key": "beta", "name_ko": "비", "name_en": "B", "category": "building"}, day(2020, 1, 1)),  # noqa: E501
            # recorded (valid) on 2021-09-01, paid only in 2023: fresh data, nothing executed yet
            Write("expenditures", "b-x1", {"project_key": "b-proj", "spent_on": day(2023, 1, 1), "funding_source": "city", "amount_won": 7}, day(2021, 9, 1)),  # noqa: E501
        ],
    )  # fmt: skip
    memo.clear()
    frame = portfolio_charts.portfolio_frame(engine, AS_OF).set_index("initiative_key")
    beta = frame.loc["beta"]
    assert beta["expenditure_records"] == 0 and pd.isna(beta["executed_won"])
    # beta's other facts are older (its milestone from 2021-03-02): the payment's day is newest
    assert beta["latest_data_on"] == day(2021, 9, 1)
    # alpha unchanged: 30억 + 12억 spent by the as-of day, the 2023 payment not yet valid
    assert frame.loc["alpha", "executed_won"] == 4_200_000_000
    assert frame.loc["alpha", "latest_data_on"] == AS_OF
    memo.clear()


def test_status_changes_keep_each_milestones_changes_together_in_first_seen_order():
    versions = pd.DataFrame(
        [
            # two milestones' versions interleaved, as a read ordered by day would give them
            {"key": "m2", "valid_from": day(2024, 1, 1), "status": "planned", "progress_pct": None, "is_deleted": False, "source_key": None},  # noqa: E501
            {"key": "m1", "valid_from": day(2024, 1, 2), "status": "stopped", "progress_pct": 10.0, "is_deleted": False, "source_key": "s"},  # noqa: E501
            {"key": "m2", "valid_from": day(2024, 2, 1), "status": "in_progress", "progress_pct": 5.0, "is_deleted": False, "source_key": None},  # noqa: E501
            {"key": "m1", "valid_from": day(2024, 3, 1), "status": "in_progress", "progress_pct": 20.0, "is_deleted": False, "source_key": None},  # noqa: E501
            {"key": "m2", "valid_from": day(2024, 4, 1), "status": "x", "progress_pct": None, "is_deleted": True, "source_key": None},  # noqa: E501
            # after a withdrawal the next version is a first one again: planned is no change
            {"key": "m2", "valid_from": day(2024, 5, 1), "status": "planned", "progress_pct": None, "is_deleted": False, "source_key": None},  # noqa: E501
        ]
    )  # fmt: skip
    changes = schedule_metrics.status_changes(versions)
    status_from = [None if pd.isna(v) else v for v in changes["status_from"]]
    assert list(zip(changes["key"], status_from, changes["status_to"], strict=True)) == [
        ("m2", "planned", "in_progress"),
        ("m1", None, "stopped"),
        ("m1", "stopped", "in_progress"),
    ]
    assert list(changes["changed_on"]) == [day(2024, 2, 1), day(2024, 1, 2), day(2024, 3, 1)]


@pytest.mark.parametrize("size", ["small"])
def test_a_synthetic_load_leaves_statistics_for_the_planner(db_url, size):
    from tracker.db import synthetic

    engine = backend.make_engine(db_url)
    store.create_schema(engine)
    synthetic.seed_synthetic(engine, synthetic.parse_size(size), actor=ACTOR)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            analysed = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'expenditures'"
            ).scalar_one()
        else:
            analysed = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_user_tables "
                "WHERE relname = 'expenditures' AND last_analyze IS NOT NULL "
                "AND schemaname = current_schema()"
            ).scalar_one()
    engine.dispose()
    assert analysed >= 1
