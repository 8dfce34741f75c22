"""Schema migrations: a database made by the first release is upgraded in place, losing nothing;
a newer one is refused; `tracker migrate` and `tracker info` say where the schema stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from tracker.access.roles import operator as _operator
from tracker.cli.main import main
from tracker.db import backend, migrate, queries, schema, store

OPERATOR = _operator("tests")

DATA = Path(__file__).parent / "data"


def first_release_database(url: str, backend_kind: str):
    """Tables exactly as the first release made them, no alembic_version, a few facts in them."""
    engine = backend.make_engine(url)
    ddl = (DATA / f"schema-0001.{backend_kind}.sql").read_text(encoding="utf-8")
    ddl = "\n".join(line for line in ddl.splitlines() if not line.startswith("--"))
    statements = [s.strip() for s in ddl.split(";") if s.strip()]
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
        conn.execute(
            text(
                "INSERT INTO changes (recorded_at, recorded_by, kind, reason) "
                "VALUES ('2025-03-01 09:00:00+00', 'kim', 'edit', 'first release data')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO regions (key, kostat_code, name_ko, name_en, level, "
                "is_estimate, valid_from, is_deleted, change_id) VALUES "
                "('gwangju', '24', '광주광역시', 'Gwangju', 'province', false, '2020-01-01', false, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO initiatives (key, region_key, name_ko, name_en, start_year, "
                "end_year, envelope_won, is_estimate, valid_from, is_deleted, change_id) VALUES "
                "('gj1', 'gwangju', '인공지능 집적단지', 'AI cluster', 2020, 2024, "
                "411600000000, false, '2020-04-28', false, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO projects (key, initiative_key, name_ko, name_en, category, "
                "is_estimate, valid_from, is_deleted, change_id) VALUES "
                "('gj1-dc', 'gj1', '데이터센터', 'Data centre', 'data_centre', false, "
                "'2020-04-28', false, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO expenditures (key, project_key, spent_on, funding_source, "
                "amount_won, is_estimate, valid_from, is_deleted, change_id) VALUES "
                "('e1', 'gj1-dc', '2021-06-30', 'national', 1250000000, false, '2021-06-30', "
                "false, 1)"
            )
        )
    return engine


def test_a_first_release_database_is_upgraded_in_place_losing_nothing(
    db_url, backend_kind, tmp_path
):
    engine = first_release_database(db_url, backend_kind)
    assert migrate.status(engine).state == "older"
    assert migrate.status(engine).current == "0001"
    with pytest.raises(migrate.NeedsMigrationError, match="tracker migrate"):
        store.create_schema(engine)  # what the app and every command do on start

    before, after = migrate.upgrade(engine)
    assert (before.current, after.current, after.state) == ("0001", migrate.head(), "current")
    columns = {c["name"] for c in inspect(engine).get_columns("regions")}
    assert {"population", "grdp_won", "stats_year"} <= columns
    assert set(inspect(engine).get_table_names()) >= set(schema.FACTS) | {"changes"}
    indexes = {ix["name"] for ix in inspect(engine).get_indexes("expenditures")}
    assert "ix_expenditures_project_key" in indexes  # revision 0004
    # every fact and its history is still there and reads as before
    day = dt.date(2022, 1, 1)
    assert queries.executed_total(engine, "gj1", day)["won"] == 1_250_000_000
    regions = queries.read(engine, queries.facts_as_of("regions", day).select())
    assert list(regions["name_ko"]) == ["광주광역시"]
    assert regions["population"].isna().all()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT recorded_by FROM changes")).scalar_one() == "kim"
    # a write after the upgrade lands next to the old data
    store.apply(
        engine,
        [store.Write("expenditures", "e2", {"project_key": "gj1-dc", "spent_on": "2021-07-31",
                                            "funding_source": "city", "amount_won": 750_000_000},
                     dt.date(2021, 7, 31))],
        by="lee", reason="after the upgrade",
     actor=_operator("lee"))  # fmt: skip
    assert queries.executed_total(engine, "gj1", day)["won"] == 2_000_000_000
    # a second run changes nothing
    again_before, again_after = migrate.upgrade(engine)
    assert again_before == again_after


@pytest.mark.parametrize("older_sqlite", [False, True], ids=["update-from", "probe"])
def test_the_upgrade_tells_each_stored_version_when_the_next_one_took_over(
    db_url, backend_kind, older_sqlite, monkeypatch
):
    """Both forms of the fill: ``UPDATE ... FROM`` a window query, and the probe an SQLite older
    than 3.33 gets (forced here: this machine's SQLite is newer)."""
    from tracker.db.migrations import ops

    if older_sqlite:
        monkeypatch.setattr(ops, "updates_from_a_query", lambda: False)
    engine = first_release_database(db_url, backend_kind)
    with engine.begin() as conn:  # e1 corrected from 30 Sep, then a backdated one from 31 Aug
        for amount, day in ((1_300_000_000, "2021-09-30"), (1_280_000_000, "2021-08-31")):
            conn.execute(
                text(
                    "INSERT INTO expenditures (key, project_key, spent_on, funding_source, "
                    "amount_won, is_estimate, valid_from, is_deleted, change_id) VALUES "
                    f"('e1', 'gj1-dc', '2021-06-30', 'national', {amount}, false, '{day}', "
                    "false, 1)"
                )
            )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        ends = conn.execute(
            text("SELECT amount_won, superseded_on FROM expenditures ORDER BY row_id")
        ).all()
    assert [(a, str(d) if d else None) for a, d in ends] == [
        (1_250_000_000, "2021-08-31"),
        (1_300_000_000, None),
        (1_280_000_000, "2021-09-30"),
    ]
    for day, won in (((2021, 8, 30), 1_250_000_000), ((2021, 8, 31), 1_280_000_000),
                     ((2021, 9, 29), 1_280_000_000), ((2021, 9, 30), 1_300_000_000)):  # fmt: skip
        assert queries.executed_total(engine, "gj1", dt.date(*day))["won"] == won, day


def test_a_database_from_a_newer_release_is_refused(engine):
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    assert migrate.status(engine).state == "newer"
    with pytest.raises(migrate.SchemaTooNewError, match="9999"):
        store.create_schema(engine)
    with pytest.raises(migrate.SchemaTooNewError):
        migrate.upgrade(engine)


def test_a_new_database_starts_at_the_latest_revision(engine):
    found = migrate.status(engine)
    assert (found.current, found.state) == (migrate.head(), "current")


def test_the_command_line_migrates_and_shows_the_revision(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRACKER_LANG", "en")
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    first_release_database(url, "sqlite").dispose()
    assert main(["--database-url", url, "info"]) == 2
    assert "tracker migrate" in capsys.readouterr().err
    assert main(["--database-url", url, "migrate"]) == 0
    out = capsys.readouterr().out
    assert f"Schema upgraded: 0001 → {migrate.head()}" in out
    assert "Backup before the upgrade:" in out
    backups = list(tmp_path.glob("old.before-migrate-*.sqlite"))
    assert len(backups) == 1
    assert migrate.status(backend.make_engine(f"sqlite:///{backups[0]}")).current == "0001"
    assert main(["--database-url", url, "info"]) == 0
    assert f"Schema revision: {migrate.head()}" in capsys.readouterr().out
    assert main(["--database-url", url, "migrate"]) == 0
    assert "Schema is up to date" in capsys.readouterr().out


def test_the_app_explains_a_database_that_needs_migrating(tmp_path, monkeypatch):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    first_release_database(url, "sqlite").dispose()
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert any("tracker migrate" in e.value for e in at.error)
