"""The same write and read paths on a real PostgreSQL server (127.0.0.1:5432)."""

import datetime as dt
import os
import uuid

import pytest
from fixtures import build_demo
from sqlalchemy import create_engine, text

from tracker.access import roles
from tracker.db import backend, queries, store
from tracker.overview import reads as overview_reads

pytestmark = pytest.mark.postgres
SERVER = os.environ.get(
    "TRACKER_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def pg_engine():
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    name = f"tracker_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is expected on CI but unreachable: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")
    engine = backend.make_engine(SERVER.rsplit("/", 1)[0] + f"/{name}")
    store.create_schema(engine)
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_bundled_data_loads_and_reads_the_same_on_postgresql(pg_engine, bundled_engine):
    from conftest import BUNDLE

    from tracker.db import seed

    result = seed.seed(pg_engine, BUNDLE, actor=roles.operator("tests"))
    assert result.written > 0
    assert seed.seed(pg_engine, BUNDLE, actor=roles.operator("tests")).written == 0
    day = dt.date(2022, 1, 1)
    on_pg = overview_reads.overview_kpis(pg_engine, "gj-ai-cluster-phase1", day)
    on_sqlite = overview_reads.overview_kpis(bundled_engine, "gj-ai-cluster-phase1", day)
    assert on_pg == on_sqlite
    assert queries.recent_events(pg_engine, "gj-ai-cluster-phase1", day).equals(
        queries.recent_events(bundled_engine, "gj-ai-cluster-phase1", day)
    )


def test_synthetic_spending_totals_match_on_postgresql(pg_engine):
    expected = build_demo(pg_engine)
    assert (
        queries.executed_total(pg_engine, "demo", dt.date(2030, 1, 1))["won"]
        == expected["spent_won"]
    )


def test_accounts_throttling_and_the_role_check_on_postgresql(pg_engine):
    from tracker.access import audit, signin, users
    from tracker.access.roles import AccessDenied, Identity, Role

    t0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    ops = roles.operator("ops")
    users.add(pg_engine, "kim", "editor", "correct horse battery", actor=ops, now=t0)
    for n in range(5):
        with pytest.raises(signin.SignInRefused):
            signin.authenticate(
                pg_engine, "kim", "wrong", client="c", now=t0 + dt.timedelta(seconds=n)
            )
    last = t0 + dt.timedelta(seconds=4)
    with pytest.raises(signin.SignInRefused, match="locked"):
        signin.authenticate(pg_engine, "kim", "correct horse battery", client="c",
                            now=last + dt.timedelta(seconds=59))  # fmt: skip
    who = signin.authenticate(
        pg_engine, "kim", "correct horse battery", client="c", now=last + dt.timedelta(seconds=60)
    )
    assert who == Identity("kim", Role.EDITOR, "password")
    with pytest.raises(AccessDenied):
        users.disable(pg_engine, "kim", actor=who)
    assert audit.sign_ins(pg_engine, actor=ops).shape[0] == 7


def test_writers_to_the_same_table_take_turns_so_each_version_knows_the_next(pg_engine):
    # superseded_on is set from the versions a writer reads: a writer must not read them while
    # another one's new version is on its way, or both new versions would stay "the latest"
    import threading

    from sqlalchemy import select

    from tracker.db import schema

    day = dt.date
    store.apply(pg_engine, [store.Write("sources", "s", {"outlet": "first"}, day(2024, 1, 1))],
                reason="turns", actor=roles.operator("tests"))  # fmt: skip
    done = threading.Event()

    def third() -> None:
        store.apply(pg_engine, [store.Write("sources", "s", {"outlet": "third"}, day(2024, 3, 1))],
                    reason="turns", actor=roles.operator("tests"))  # fmt: skip
        done.set()

    with pg_engine.begin() as first_writer:  # a writer halfway through, as store.apply does it
        backend.lock_for_writing(first_writer, ["sources"])
        change = first_writer.exec_driver_sql(
            "INSERT INTO changes (recorded_at, recorded_by, kind, reason) "
            "VALUES (now(), 'kim', 'edit', 'turns') RETURNING change_id"
        ).scalar_one()
        first_writer.exec_driver_sql(
            "INSERT INTO sources (key, outlet, is_estimate, valid_from, is_deleted, change_id) "
            f"VALUES ('s', 'second', false, '2024-02-01', false, {change})"
        )
        first_writer.exec_driver_sql(
            "UPDATE sources SET superseded_on = '2024-02-01' WHERE outlet = 'first'"
        )
        worker = threading.Thread(target=third)
        worker.start()
        assert not done.wait(1.0)  # it waits for the first writer (alone it takes ~0.05 s)
    worker.join(30)
    assert done.is_set()
    sources = schema.FACTS["sources"].table
    with pg_engine.connect() as conn:
        rows = conn.execute(
            select(sources.c.outlet, sources.c.superseded_on).order_by(sources.c.row_id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("first", day(2024, 2, 1)),
        ("second", day(2024, 3, 1)),  # the waiting writer saw it, and it follows it
        ("third", None),
    ]
