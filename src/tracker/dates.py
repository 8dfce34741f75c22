"""Dates as precise as their sources: one formatter and one visibility rule.

A date known only to the month or the year is stored as a day of that period with a
``*_precision`` column (``day`` / ``month`` / ``year``, or ``by`` when only "on or before this
day" is known; :data:`tracker.db.schema.DATE_PRECISION`).
Every page and export prints it through :func:`format_date`, so "October 2019" never prints as
2019-10-01. :func:`known_from` is the day from which such a date has certainly passed (the end of
its month or year); the as-of reads use it (``tracker.db.queries.known_by``) and the bundled
``valid_from`` follows :func:`visible_from`.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

from . import i18n

PRECISIONS = ("day", "month", "year", "by")


def as_date(value) -> dt.date | None:
    """A date from a date, datetime, Timestamp or ISO text; None for missing values."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def precision_of(value) -> str:
    """``day`` unless the value names a coarser precision (missing means an exact day)."""
    return value if value in PRECISIONS else "day"


def format_date(value, precision: str | None = "day", lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """``2020-04-28``; ``2019년 10월`` / ``Oct 2019``; ``2021년`` / ``2021``; ``2020-04-28 이전`` /
    ``by 2020-04-28`` (date unknown, on or before); ``—`` when missing."""
    day = as_date(value)
    if day is None:
        return "—"
    precision = precision_of(precision)
    if precision == "month":
        month = i18n.t(f"common.month.{day.month}", lang)
        return i18n.t("common.date.month", lang, year=day.year, month=month)
    if precision == "year":
        return i18n.t("common.date.year", lang, year=day.year)
    if precision == "by":
        return i18n.t("common.date.by", lang, date=day.isoformat())
    return day.isoformat()


def period_start(day: dt.date, precision: str | None) -> dt.date:
    precision = precision_of(precision)
    if precision == "year":
        return dt.date(day.year, 1, 1)
    if precision == "month":
        return day.replace(day=1)
    return day


def known_from(value, precision: str | None) -> dt.date | None:
    """The first day on which a date of this precision has certainly passed: the day itself, the
    last day of its month, or 31 December of its year."""
    day = as_date(value)
    if day is None:
        return None
    precision = precision_of(precision)
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def is_known_by(value, precision: str | None, as_of: dt.date) -> bool:
    """True when the date has certainly passed on ``as_of`` (see :func:`known_from`)."""
    known = known_from(value, precision)
    return known is not None and known <= as_of


def visible_from(
    published_on,
    published_precision: str | None,
    *,
    compiled_on: dt.date,
) -> dt.date:
    """The day a fact reported by a source becomes visible in as-of views.

    The source's publication day when it is known to the day; the end of the month or year it is
    known to otherwise (the report may have come out on its last day); the day the dataset was
    compiled when the source's date was not found at all.
    """
    known = known_from(published_on, published_precision)
    return compiled_on if known is None else known
