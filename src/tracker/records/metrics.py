"""Pure functions on records: what differs between two versions, and which rows of an edited
table are new, changed or removed."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from .. import frames
from ..db import schema

DIFF_EXTRA = ("valid_from", "is_deleted")


def is_missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def same(a, b) -> bool:
    if is_missing(a) and is_missing(b):
        return True
    if is_missing(a) or is_missing(b):
        return False
    if isinstance(a, dt.datetime | pd.Timestamp) or isinstance(b, dt.datetime | pd.Timestamp):
        return pd.Timestamp(a) == pd.Timestamp(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return str(a) == str(b)


def version_diff(kind: str, old: dict, new: dict) -> list[dict]:
    """The columns whose values differ between two versions: ``column``, ``before``, ``after``."""
    columns = [*schema.data_columns(kind), *DIFF_EXTRA]
    return [
        {"column": c, "before": old.get(c), "after": new.get(c)}
        for c in columns
        if not same(old.get(c), new.get(c))
    ]


def restored_values(kind: str, version: dict) -> dict:
    """The data values of a version, as a write that brings it back."""
    return {
        c: (None if is_missing(version.get(c)) else version.get(c))
        for c in schema.data_columns(kind)
    }


def edited_rows(kind: str, before: pd.DataFrame, after: pd.DataFrame) -> dict[str, list]:
    """Rows of a table edit by what happened to them, matched on ``key``.

    ``added``: rows without a key or with a key that was not there; ``changed``: rows whose data
    values differ; ``removed``: keys no longer present. Rows are dicts of data columns.
    """
    columns = [c for c in schema.data_columns(kind) if c in after.columns]
    old = {r["key"]: r for r in frames.records(before)}
    added, changed, seen = [], [], set()
    for row in frames.records(after):
        key = row.get("key")
        values = {c: (None if is_missing(row.get(c)) else row.get(c)) for c in columns}
        if is_missing(key) or not str(key).strip() or key not in old:
            added.append({"key": None if is_missing(key) else str(key).strip(), **values})
            continue
        seen.add(key)
        if any(not same(old[key].get(c), values[c]) for c in columns):
            changed.append({"key": key, **values})
    removed = [k for k in old if k not in seen]
    return {"added": added, "changed": changed, "removed": removed}


def new_key(prefix: str, taken: set[str]) -> str:
    """``prefix-1``, ``prefix-2``, ... the first not taken."""
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"
