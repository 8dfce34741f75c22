"""A database made by an earlier release gains the nullable columns added since, in place."""

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import inspect, text

from tracker.db import backend, queries, store


def test_missing_nullable_columns_are_added_and_old_rows_still_read(tmp_path):
    engine = backend.make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    store.create_schema(engine)
    with engine.begin() as conn:  # the regions table as the first release made it
        conn.execute(text("DROP TABLE regions"))
        conn.execute(
            text(
                "CREATE TABLE regions (row_id INTEGER PRIMARY KEY, key VARCHAR(120) NOT NULL, "
                "kostat_code VARCHAR(10) NOT NULL, name_ko VARCHAR(200) NOT NULL, "
                "name_en VARCHAR(200) NOT NULL, level VARCHAR(20) NOT NULL, lat FLOAT, lon FLOAT, "
                "source_key VARCHAR(120), is_estimate BOOLEAN NOT NULL, note TEXT, "
                "valid_from DATE NOT NULL, is_deleted BOOLEAN NOT NULL, change_id INTEGER NOT NULL)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO changes (change_id, recorded_at, recorded_by, kind, reason) "
                "VALUES (1, '2024-01-01', 'x', 'seed', 'old')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO regions VALUES (1, 'gwangju', '24', '광주광역시', 'Gwangju', "
                "'province', NULL, NULL, NULL, 0, NULL, '2020-01-01', 0, 1)"
            )
        )
    assert store.add_missing_columns(engine) == [
        "regions.population",
        "regions.grdp_won",
        "regions.stats_year",
    ]
    assert store.add_missing_columns(engine) == []  # a second start changes nothing
    names = {c["name"] for c in inspect(engine).get_columns("regions")}
    assert {"population", "grdp_won", "stats_year"} <= names
    frame = queries.read(
        engine,
        queries.facts_as_of("regions", dt.date(2024, 1, 1)).select(),
    )
    assert frame.loc[0, "name_en"] == "Gwangju"
    assert pd.isna(frame.loc[0, "population"])


def test_a_missing_required_column_asks_for_a_migration(tmp_path):
    engine = backend.make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    store.create_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE changes"))
        conn.execute(text("CREATE TABLE changes (change_id INTEGER PRIMARY KEY)"))
    with pytest.raises(RuntimeError, match="changes lacks the required column recorded_at"):
        store.add_missing_columns(engine)
