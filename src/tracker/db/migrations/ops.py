"""Helpers the revisions share: additive changes that are safe to run on a database that already
has them (databases made before migrations existed gained nullable columns on start)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def add_columns_if_missing(table: str, *columns: sa.Column) -> list[str]:
    """Add each nullable column the table lacks; returns the names added. A table that does not
    exist yet is left alone: the upgrade creates it whole from the current schema."""
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(table):
        return []
    present = {c["name"] for c in inspector.get_columns(table)}
    added = []
    for column in columns:
        if column.name not in present:
            op.add_column(table, column)
            added.append(column.name)
    return added


def drop_columns_if_present(table: str, *names: str) -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    with op.batch_alter_table(table) as batch:
        for name in names:
            if name in present:
                batch.drop_column(name)


def updates_from_a_query() -> bool:
    """Whether ``UPDATE ... FROM (SELECT ... OVER ...)`` runs here: PostgreSQL, and SQLite from
    3.33 (2020). An older SQLite (Ubuntu 20.04 has 3.31, RHEL 8 3.26) gets a form without it."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return True
    return bind.dialect.dbapi.sqlite_version_info >= (3, 33, 0)
