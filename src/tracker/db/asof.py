"""The as-of read path's building blocks: the version of each fact in force on a day, as recorded
by a day, and reading a statement into a DataFrame. ``queries`` re-exports them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, func, select
from sqlalchemy.sql import Select, Subquery

from . import schema
from .recorded import recorded_conditions


def facts_as_of(
    name: str, as_of: dt.date, recorded_on: dt.date | None = None, *, among=None
) -> Subquery:
    """Subquery of the current version of every fact of table ``name`` on ``as_of``, as
    recorded by the end of ``recorded_on`` (default: the :func:`recorded_on` context, else now).

    ``among(versions)``, a condition on any version of a fact, ranks only the facts one version
    of which meets it (e.g. ``lambda v: v.c.project_key.in_(ever_keys(...))``): a superset of
    those that meet it now, so the caller still filters the current versions. With 200,000
    expenditures, one initiative's then costs a few milliseconds instead of ranking them all.
    """
    tbl = schema.FACTS[name].table
    conditions = [tbl.c.valid_from <= as_of, *recorded_conditions(tbl, recorded_on)]
    if among is not None:
        versions = tbl.alias(f"{name}_among")
        conditions.append(tbl.c.key.in_(select(versions.c.key).where(among(versions))))
    ranked = (
        select(
            tbl,
            func.row_number()
            .over(partition_by=tbl.c.key, order_by=(tbl.c.valid_from.desc(), tbl.c.row_id.desc()))
            .label("version_rank"),
        )
        .where(*conditions)
        .subquery(f"{name}_ranked")
    )
    columns = [ranked.c[c.name] for c in tbl.columns if c.name != "is_deleted"]
    return (
        select(*columns)
        .where(ranked.c.version_rank == 1, ranked.c.is_deleted.is_(False))
        .subquery(name)
    )


def ever_keys(name: str, column: str, value) -> Select:
    """Keys of facts of ``name`` any version of which had ``column == value`` (for ``among``)."""
    versions = schema.FACTS[name].table.alias(f"{name}_ever")
    return select(versions.c.key).where(versions.c[column] == value)


def read(engine: Engine, statement: Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(statement)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    return none_for_missing(frame, text_only=True)


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
        if convert:
            values = series.astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame
