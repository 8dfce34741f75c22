"""The as-of read path's building blocks: the version of each fact in force on a day, as recorded
by a day, and reading a statement into a DataFrame. ``queries`` re-exports them."""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, or_, select
from sqlalchemy.sql import FromClause, Select, Subquery

from . import schema
from .recorded import current_point, recorded_conditions


def facts_as_of(
    name: str, as_of: dt.date, recorded_on: dt.date | None = None, *, among=None
) -> Subquery:
    """Subquery of the current version of every fact of table ``name`` on ``as_of``, as
    recorded by the end of ``recorded_on`` (default: the :func:`recorded_on` context, else now).

    The current version of a fact is the one with the latest ``valid_from`` on or before
    ``as_of`` (the latest ``row_id`` among those of that day) among the versions on record;
    a tombstone there drops the fact.

    Read as recorded now, every version is on record, so each row's ``superseded_on`` (the next
    version's ``valid_from``, kept by ``store.apply``) says it alone: the version is in force
    from its ``valid_from`` until the day before ``superseded_on``. The subquery is then a plain
    filter, which both engines merge into the query around it, reading only the columns and
    rows it needs (200,000 expenditures summed per project: 0.08 s on SQLite). Read as recorded
    on an earlier day, a later version may not have been on record yet, so it is written as "no
    later version on record by then exists" (``NOT EXISTS``, one index probe on ``(key,
    valid_from)`` per version: 0.18 s for the same sum).

    ``among(versions)``, a condition on any version of a fact, considers only the facts one
    version of which meets it (e.g. ``lambda v: v.c.project_key.in_(ever_keys(...))``): a
    superset of those that meet it now, so the caller still filters the current versions. With
    200,000 expenditures, one initiative's then costs a few milliseconds instead of all of them.
    """
    if among is None:
        return _in_force(name, as_of, recorded_on or current_point()[0])
    return _build(name, as_of, recorded_on, among)


def built_once(fn: Callable[..., Any] | None = None, *, keep: int = 64) -> Any:
    """``fn(*args)``, a function that builds a statement, called once per arguments and
    recorded-on point (the statements read it from the context) and kept: the last ``keep``, as
    a statement with its subqueries takes up to about 0.3 MB.

    A statement is not changed by the queries built around it, and building one, with the
    column collections its subqueries make, costs more than running it on a small read (the
    committee's "since the last meeting" builds about 40). Only for builders whose statement
    depends on nothing but their arguments and the recorded-on point."""

    if fn is None:
        return functools.partial(built_once, keep=keep)

    @functools.lru_cache(maxsize=keep)
    def cached(point: tuple, args: tuple) -> Any:
        built = fn(*args)
        if isinstance(built, FromClause):
            built.c  # noqa: B018  made here, not filled in by two threads at once later
        return built

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        return cached(current_point(), args)

    return wrapper


@built_once(keep=256)  # one table's subquery: about 50 kB
def _in_force(name: str, as_of: dt.date, recorded_on: dt.date | None) -> Subquery:
    return _build(name, as_of, recorded_on, None)


def _build(name: str, as_of: dt.date, recorded_on, among) -> Subquery:
    tbl = schema.FACTS[name].table
    on_record = recorded_conditions(tbl, recorded_on)
    if on_record:
        later = tbl.alias(f"{name}_later")
        # select a key column, not *: SQLite then answers from the index alone
        newer_version = (
            select(later.c.row_id)
            .where(
                later.c.key == tbl.c.key,
                later.c.valid_from <= as_of,
                or_(
                    later.c.valid_from > tbl.c.valid_from,
                    and_(later.c.valid_from == tbl.c.valid_from, later.c.row_id > tbl.c.row_id),
                ),
                *recorded_conditions(later, recorded_on),
            )
            .exists()
        )
        in_force = [*on_record, ~newer_version]
    else:
        in_force = [or_(tbl.c.superseded_on.is_(None), tbl.c.superseded_on > as_of)]
    conditions = [tbl.c.valid_from <= as_of, *in_force, tbl.c.is_deleted.is_(False)]
    if among is not None:
        versions = tbl.alias(f"{name}_among")
        conditions.append(tbl.c.key.in_(select(versions.c.key).where(among(versions))))
    columns = [c for c in tbl.columns if c.name not in ("is_deleted", "superseded_on")]
    return select(*columns).where(*conditions).subquery(name)


def ever_keys(name: str, column: str, value) -> Select:
    """Keys of facts of ``name`` any version of which had ``column == value`` (for ``among``)."""
    versions = schema.FACTS[name].table.alias(f"{name}_ever")
    return select(versions.c.key).where(versions.c[column] == value)


def ever_references(name: str, reference: str, column: str, value) -> Select:
    """Values of ``reference`` in the versions of ``name`` with ``column == value`` (for
    ``among``): e.g. the partners any version of an initiative's agreements named, a superset
    of the partners its current agreements name."""
    versions = schema.FACTS[name].table.alias(f"{name}_{reference}_ever")
    return select(versions.c[reference]).where(versions.c[column] == value)


@built_once
def initiative_expenditures(initiative_key: str, as_of: dt.date) -> Subquery:
    """The current expenditures of one initiative's current projects, ranking only the
    expenditures that ever belonged to one of its projects."""
    ever = ever_keys("projects", "initiative_key", initiative_key)
    ex = facts_as_of("expenditures", as_of, among=lambda v: v.c.project_key.in_(ever))
    pr = facts_as_of("projects", as_of)
    # IN, not a join: SQLite joins two ranked subqueries by a nested loop
    current = select(pr.c.key).where(pr.c.initiative_key == initiative_key)
    return (
        select(*ex.c)
        .where(ex.c.project_key.in_(current), ex.c.spent_on <= as_of)
        .subquery("initiative_expenditures")
    )


@built_once
def initiative_facts(name: str, initiative_key: str, as_of: dt.date) -> Subquery:
    """The current facts of table ``name`` on ``as_of`` (see :func:`facts_as_of`), ranking only
    those one version of which belonged to the initiative: the caller still keeps the ones
    whose current version does (``.where(sub.c.initiative_key == initiative_key)``)."""
    return facts_as_of(name, as_of, among=lambda v: v.c.initiative_key == initiative_key)


def read(engine: Engine, statement: Select) -> pd.DataFrame:
    """The statement's rows as a frame; text columns hold ``None`` where the value is missing."""
    with engine.connect() as conn:
        result = conn.execute(statement)
        rows = result.fetchall()
        columns = list(result.keys())
    # built column by column: a text column is made an object column at once (what
    # none_for_missing(text_only=True) would convert it to, at about 0.3 ms a column)
    return pd.DataFrame(
        {name: _column([row[i] for row in rows]) for i, name in enumerate(columns)},
        columns=columns,
    )


SIDE_BY_SIDE = 3  # reads at once for one page: the cores here (2), plus one waiting on I/O


def side_by_side(*calls: Callable[[], Any]) -> list:
    """The results of ``calls`` (reads that need nothing from each other), run at once on
    separate pooled connections and returned in order; an exception in one is raised here.

    Both engines answer a query without Python's interpreter lock (SQLite in the driver, in
    this process; PostgreSQL in its own), so a page whose reads take 0.2 + 0.05 + 0.05 s
    waits about 0.2 s instead of 0.3 s. Each call runs in a copy of the caller's context, so
    the ``recorded_on`` point in force here applies there too. The calls must not use
    Streamlit: they run outside the script's thread."""
    if len(calls) < 2:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=min(len(calls), SIDE_BY_SIDE)) as pool:
        futures = [pool.submit(contextvars.copy_context().run, call) for call in calls]
        return [future.result() for future in futures]


def _column(values: list) -> pd.Series:
    if not values or any(isinstance(v, str) for v in values):
        return pd.Series(values, dtype=object)
    return pd.Series(values)


def none_for_missing(frame: pd.DataFrame, *, text_only: bool = False) -> pd.DataFrame:
    """Missing values as None, not NaN (NaN is truthy, so ``x or default`` and labels print "nan").

    pandas 3 stores missing text as NaN; frames assembled with concat/merge also bring NaN into
    date and flag columns. ``text_only`` converts text columns only; otherwise every column that
    is not numeric (flags included) becomes an object column holding None.
    """
    for column in frame.columns:
        series = frame[column]
        if text_only:
            convert = pd.api.types.is_string_dtype(series)
        else:
            convert = not pd.api.types.is_numeric_dtype(series) or series.dtype == bool
        if not convert:
            continue
        if series.dtype == object:  # as read: missing values are None already, most often
            values = series.to_numpy()
            if all(v is None for v in values[pd.isna(values)]):
                continue  # (the conversion costs about 0.3 ms a column, whatever its length)
        values = series.astype(object)
        frame[column] = values.where(values.notna(), None)
    return frame
