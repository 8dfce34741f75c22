"""The second time axis, "as recorded on": which versions were on record by the end of a day.

``facts_as_of`` (in ``queries``) reads :func:`recorded_conditions`; callers set the day once with
``with recorded_on(day):`` instead of passing it through every read (the UI's cached reads and
the briefing pack do, and put the day in their cache keys and titles). A change counts on the
day of its ``changes.recorded_at`` in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import exists, or_, select

from . import schema

_RECORDED_ON: ContextVar[dt.date | None] = ContextVar("recorded_on", default=None)
_CORRECTIONS_ONLY: ContextVar[bool] = ContextVar("corrections_only", default=False)


@contextmanager
def recorded_on(day: dt.date | None, *, corrections_only: bool = False) -> Iterator[None]:
    """Every ``facts_as_of`` inside reads the data as it was recorded by the end of ``day``
    (``None``: as recorded now).

    ``corrections_only`` leaves out only the versions recorded later that replace a version
    that was on record by then (corrections and withdrawals), and counts the bundled data
    (``seed`` changes) as known on any day: what "since the last meeting" needs to show a
    backdated correction as a change, while history first recorded late keeps its dates."""
    tokens = _RECORDED_ON.set(day), _CORRECTIONS_ONLY.set(corrections_only)
    try:
        yield
    finally:
        _RECORDED_ON.reset(tokens[0])
        _CORRECTIONS_ONLY.reset(tokens[1])


def current_recorded_on() -> dt.date | None:
    """The recorded-on point in force (set by :func:`recorded_on`), or None for "now"."""
    return _RECORDED_ON.get()


def current_point() -> tuple[dt.date | None, bool]:
    """The recorded-on day and whether it keeps corrections only (a cache key's part)."""
    return _RECORDED_ON.get(), _CORRECTIONS_ONLY.get()


def recorded_by_end_of(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` (UTC): changes recorded before it count."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def recorded_conditions(tbl, recorded_on: dt.date | None = None) -> list:
    """WHERE conditions keeping the versions of ``tbl`` recorded by the end of ``recorded_on``
    (default: the context's point; none when reading as recorded now)."""
    recorded_on = recorded_on or _RECORDED_ON.get()
    if recorded_on is None:
        return []
    ch = schema.changes
    in_time = ch.c.recorded_at < recorded_by_end_of(recorded_on)
    if not _CORRECTIONS_ONLY.get():
        return [tbl.c.change_id.in_(select(ch.c.change_id).where(in_time))]
    known = select(ch.c.change_id).where(or_(in_time, ch.c.kind == "seed"))
    earlier = tbl.alias(f"{tbl.name}_earlier")
    replaces_known = exists().where(
        earlier.c.key == tbl.c.key,
        earlier.c.row_id < tbl.c.row_id,
        earlier.c.change_id.in_(known),
    )
    return [or_(tbl.c.change_id.in_(known), ~replaces_known)]
