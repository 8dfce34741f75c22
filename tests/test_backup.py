"""tracker backup / restore: online consistent copies, checked; foreign and newer files refused."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from tracker.access.roles import operator as _operator
from tracker.db import backend, backup, schema, store
from tracker.db.store import Write

OPERATOR = _operator("tests")


def dump(path) -> list:
    """Every fact row of a database file, table by table (for equality)."""
    with sqlite3.connect(path) as conn:
        return [
            (name, conn.execute(f'SELECT * FROM "{name}" ORDER BY row_id').fetchall())
            for name in schema.LOAD_ORDER
        ]


@pytest.fixture
def live(bundled_db_file, tmp_path):
    path = tmp_path / "live.sqlite"
    path.write_bytes(bundled_db_file.read_bytes())
    engine = backend.make_engine(f"sqlite:///{path}")
    store.create_schema(engine)
    yield path, engine
    engine.dispose()


def add_partner(engine, key="new-co"):
    store.apply(
        engine,
        [Write("partners", key, {"name_ko": "새 기업", "kind": "company"})],
        by="kim",
        reason="test",
        actor=_operator("kim"),
    )


def test_a_backup_is_a_checked_copy_of_everything(live, tmp_path):
    path, engine = live
    result = backup.backup(engine, tmp_path / "copy.sqlite")
    assert result.path.exists() and result.size > 0
    assert dump(result.path) == dump(path)
    with sqlite3.connect(result.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    assert not (tmp_path / "copy.sqlite.partial").exists()


def test_a_backup_taken_during_an_open_write_holds_the_last_committed_state(live, tmp_path):
    path, engine = live
    before = dump(path)
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO changes (recorded_at, recorded_by, kind, reason) "
        "VALUES ('2026-01-01', 'x', 'edit', 'uncommitted')"
    )
    writer.execute(
        "INSERT INTO partners (key, name_ko, kind, is_estimate, valid_from, is_deleted, change_id)"
        " VALUES ('half-done', '가', 'company', 0, '2026-01-01', 0, last_insert_rowid())"
    )
    result = backup.backup(engine, tmp_path / "online.sqlite")  # does not wait for the writer
    writer.commit()
    writer.close()
    assert dump(result.path) == before
    assert dump(path) != before


def test_restore_brings_back_the_backup_and_keeps_the_database_as_it_was(live, tmp_path):
    path, engine = live
    saved = backup.backup(engine, tmp_path / "saved.sqlite").path
    before = dump(path)
    add_partner(engine)
    after_edit = dump(path)
    result = backup.restore(engine, saved)
    assert dump(path) == before
    assert result.safety_copy is not None and dump(result.safety_copy) == after_edit
    with engine.connect() as conn:  # the engine works on the restored file
        keys = conn.execute(select(schema.partners.c.key)).scalars().all()
    assert "new-co" not in keys and "encored" in keys


def test_an_older_backup_is_restored_and_upgraded(live, tmp_path):
    path, engine = live
    old = backup.backup(engine, tmp_path / "old.sqlite").path
    with sqlite3.connect(old) as conn:
        conn.execute("ALTER TABLE regions DROP COLUMN stats_year")  # as before that column existed
        conn.execute("UPDATE alembic_version SET version_num = '0001'")  # and its revision
    backup.restore(engine, old)
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(regions)")]
    assert "stats_year" in columns
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0006"


def test_a_backup_stamped_by_a_newer_release_is_refused(live, tmp_path):
    path, engine = live
    newer = backup.backup(engine, tmp_path / "newer.sqlite").path
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(engine, newer)
    assert refused.value.code == "newer_schema"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "code"),
    [
        ("text", "not_sqlite"),
        ("foreign", "not_tracker"),
        ("newer_column", "newer_schema"),
        ("newer_table", "newer_schema"),
        ("damaged", "damaged"),
        ("missing", "missing"),
    ],
)
def test_restore_refuses_files_it_must_not_load_and_leaves_the_database_alone(
    live, tmp_path, make, code
):
    path, engine = live
    candidate = tmp_path / "candidate.sqlite"
    if make == "text":
        candidate.write_text("key,name\n1,x\n")
    elif make == "foreign":
        with sqlite3.connect(candidate) as conn:
            conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    elif make in ("newer_column", "newer_table", "damaged"):
        backup.backup(engine, candidate)
        with sqlite3.connect(candidate) as conn:
            if make == "newer_column":
                conn.execute("ALTER TABLE milestones ADD COLUMN risk_level TEXT")
            elif make == "newer_table":
                conn.execute("CREATE TABLE budget_transfers (row_id INTEGER PRIMARY KEY)")
        if make == "damaged":
            data = bytearray(candidate.read_bytes())
            for offset in range(4096 * 3, 4096 * 3 + 2000):  # scribble over the third page
                data[offset] = 0xA5
            candidate.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(backup.BackupError) as caught:
        backup.restore(engine, candidate)
    assert caught.value.code == code
    assert path.read_bytes() == before
    if make == "newer_column":
        assert "milestones.risk_level" in caught.value.message("en")
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_postgresql_is_pointed_to_pg_dump():
    engine = backend.make_engine("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(backup.BackupError) as caught:
        backup.backup(engine, Path("/tmp/x.sqlite"))
    assert "pg_dump" in caught.value.message("en") and "pg_dump" in caught.value.message("ko")
