"""Records and the two time axes on a real PostgreSQL server (the same code, no SQLite-only
behaviour): recorded-on reads, the backdated correction, and two editors saving at once."""

import datetime as dt

import pytest
from test_postgres import pg_engine  # noqa: F401 - the fixture
from test_recorded_on import executed, story
from test_records import base, expenditure, save_at_once

from tracker.access.roles import operator as _operator
from tracker.committee import reads as committee_reads
from tracker.records import reads, writes

OPERATOR = _operator("tests")

pytestmark = pytest.mark.postgres
D = dt.date


def test_recorded_on_and_the_backdated_correction_read_the_same_on_postgresql(pg_engine):  # noqa: F811
    story(pg_engine)
    assert executed(pg_engine, D(2025, 4, 1)) == 550_000_000
    assert executed(pg_engine, D(2025, 4, 1), D(2025, 4, 15)) == 500_000_000
    assert executed(pg_engine, D(2025, 4, 1), D(2025, 3, 10)) == 500_000_000
    assert executed(pg_engine, D(2025, 4, 1), D(2025, 3, 9)) == 300_000_000
    summary = committee_reads.changes_between(pg_engine, "i", D(2025, 4, 15), D(2025, 7, 1))
    assert summary.executed_won == 50_000_000
    assert [c["key"] for c in summary.corrections] == ["e1"]
    log = reads.change_log(pg_engine, start=D(2025, 6, 20), end=D(2025, 6, 20))
    assert list(log["key"]) == ["e1"]


def test_two_editors_saving_the_same_version_at_once_one_is_refused(pg_engine):  # noqa: F811
    base(pg_engine)
    writes.save_record(
        pg_engine, "expenditures", expenditure(), reason="add", opened_row_id=None, actor=OPERATOR
    )
    for attempt in range(4):
        opened = int(reads.current_records(pg_engine, "expenditures")["latest_row_id"].iloc[0])
        amounts = [1000 * attempt + 1, 1000 * attempt + 2]
        outcomes = save_at_once(pg_engine, opened, amounts, f"try {attempt}")
        assert sorted(o.ok for o in outcomes) == [False, True]
        [refused] = [o for o in outcomes if not o.ok]
        assert [p.code for p in refused.problems] == ["stale"]
        assert len(reads.versions(pg_engine, "expenditures", "e1")) == attempt + 2
