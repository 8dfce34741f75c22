"""SQL the import and the records export need, through the data layer's tables."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import Engine, func, select

from ..db import schema, store

_CHUNK = 900  # keys per IN (...) list: below SQLite's default limit on bound parameters


def versions(engine: Engine, kind: str, keys: Iterable[str]) -> dict[str, list[dict]]:
    """Every stored version of the given keys, oldest first, by key."""
    table = schema.FACTS[kind].table
    out: dict[str, list[dict]] = {}
    with engine.connect() as conn:
        # One pass over the stored keys first: a large import of new rows asks for nothing more.
        stored = set(conn.execute(select(table.c.key).distinct()).scalars())
        keys = sorted(stored.intersection(keys))
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            rows = conn.execute(
                select(table)
                .where(table.c.key.in_(chunk))
                .order_by(table.c.valid_from, table.c.row_id)
            ).mappings()
            for row in rows:
                out.setdefault(row["key"], []).append(dict(row))
    return out


def live_keys(engine: Engine, kinds: Iterable[str]) -> dict[str, set[str]]:
    with engine.connect() as conn:
        return store.live_keys(conn, kinds)


def first_live_key(engine: Engine, kind: str) -> str | None:
    keys = live_keys(engine, [kind]).get(kind, set())
    return min(keys) if keys else None


def row_count(engine: Engine) -> int:
    """Stored versions over every fact table (0: an empty database)."""
    with engine.connect() as conn:
        return sum(
            conn.execute(select(func.count()).select_from(schema.FACTS[k].table)).scalar_one()
            for k in schema.LOAD_ORDER
        )


def record_rows(engine: Engine, kind: str, *, history: bool) -> Iterator[dict]:
    """The rows of a records export, in the order they were recorded (``row_id``).

    ``history``: every version, tombstones included; otherwise each fact's newest version,
    withdrawn facts left out.
    """
    table = schema.FACTS[kind].table
    statement = select(table).order_by(table.c.row_id)
    if not history:
        newest = (
            select(
                table.c.row_id,
                func.row_number()
                .over(
                    partition_by=table.c.key,
                    order_by=(table.c.valid_from.desc(), table.c.row_id.desc()),
                )
                .label("rank"),
            )
        ).subquery()
        statement = (
            select(table)
            .join(newest, newest.c.row_id == table.c.row_id)
            .where(newest.c.rank == 1, table.c.is_deleted.is_(False))
            .order_by(table.c.row_id)
        )
    with engine.connect() as conn:
        for row in conn.execute(statement).mappings():
            yield dict(row)
