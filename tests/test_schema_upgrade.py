"""A database made before a revision gains exactly what the revision adds, in place, on both
backends (the first release's database is in test_migrate)."""

from sqlalchemy import MetaData, Table, inspect, text

from tracker.db import backend, migrate, schema

ADDED_FOR_DATA_TRUTH = [
    "sources.published_precision",
    "plan_versions.announced_precision",
    "milestones.forecast_precision",
    "milestones.depends_on",
    "agreements.signed_precision",
    "agreement_tallies.counted_precision",
    "centres.opened_precision",
]


def columns(engine) -> set[str]:
    found = inspect(engine)
    return {f"{t}.{c['name']}" for t in found.get_table_names() for c in found.get_columns(t)}


def test_a_database_from_before_the_precision_columns_gains_them(db_url):
    engine = backend.make_engine(db_url)
    old = MetaData()
    for table in schema.metadata.sorted_tables:
        if table.name == "indicators":
            continue  # a new table: the upgrade makes it
        keep = [
            c.copy() for c in table.columns if f"{table.name}.{c.name}" not in ADDED_FOR_DATA_TRUTH
        ]
        Table(table.name, old, *keep)
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0002')"))
    before = columns(engine)
    assert migrate.status(engine).state == "older"
    migrate.upgrade(engine)
    assert sorted(
        columns(engine) - before - {c for c in columns(engine) if c.startswith("indicators.")}
    ) == sorted(ADDED_FOR_DATA_TRUTH)
    assert "indicators" in inspect(engine).get_table_names()
    assert migrate.status(engine).state == "current"
