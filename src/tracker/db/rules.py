"""The rules every read shares: when a date counts as passed, and a milestone's state.

Pure SQL expressions (no engine, no reads), used through :mod:`tracker.db.queries`, which
re-exports them; kept apart so the rules can be read, and tested, in one place.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.sql import Subquery


def known_by(day, precision, as_of: dt.date):
    """SQL condition: the date in ``day`` has certainly passed on ``as_of``.

    A date known to the day counts from that day; one known only to the month (``precision``
    "month") from the month's last day, one known to the year from 31 December
    (:func:`tracker.dates.known_from`). The thresholds are computed here, so the SQL stays
    portable: a month-precision date has passed when it lies before the first day of the month
    that holds ``as_of + 1 day``.
    """
    if precision is None:  # a column without precision holds exact days
        return and_(day.is_not(None), day <= as_of)
    following = as_of + dt.timedelta(days=1)
    return and_(
        day.is_not(None),
        case(
            (precision == "year", day < dt.date(following.year, 1, 1)),
            (precision == "month", day < following.replace(day=1)),
            else_=day <= as_of,
        ),
    )


MILESTONE_STATES = (
    "done",
    "done_undated",
    "on_track",
    "at_risk",
    "late",
    "not_recorded",
    "stopped",
    "cancelled",
    "unscheduled",
)


def milestone_state(ms: Subquery, as_of: dt.date, *, dependants: Subquery):
    """SQL expression for a milestone's state on ``as_of``; the one rule every page uses.

    In order: **done** — an actual date that has passed on ``as_of`` (a month-precision actual
    from the month's end, see :func:`known_by`). **done_undated** ("done, date unknown") —
    recorded as done without an actual date, or a milestone that depends on it (``depends_on``)
    is done. **stopped** / **cancelled** — as recorded. **unscheduled** — no planned or
    forecast date. Once the due date (forecast, else baseline) is before ``as_of``: **late** when
    it is recorded as under way (``in_progress``: known not to be finished), else
    **not_recorded** ("actual not recorded": no source says whether it happened — a gap in the
    record, not a delay). Not yet due: **at_risk** when the forecast is later than the baseline,
    else **on_track**. Due today counts as not yet due.

    ``dependants``: the milestones as of the same day (``facts_as_of``), to look up the
    milestones that depend on this one.
    """
    deps = dependants.alias("dependants")
    # IN over one uncorrelated list, not a correlated EXISTS: the list of milestones a done
    # milestone depends on is built once per query, not once per milestone (10,000 milestones
    # made the EXISTS cost seconds on SQLite)
    depended_on_by_done = select(deps.c.depends_on).where(
        deps.c.depends_on.is_not(None),
        or_(
            known_by(deps.c.actual_date, deps.c.actual_precision, as_of),
            deps.c.status == "done",
        ),
    )
    dependant_done = ms.c.key.in_(depended_on_by_done)
    due = func.coalesce(ms.c.forecast_date, ms.c.baseline_date)
    return case(
        (known_by(ms.c.actual_date, ms.c.actual_precision, as_of), "done"),
        (and_(ms.c.status == "done", ms.c.actual_date.is_(None)), "done_undated"),
        (dependant_done, "done_undated"),
        (ms.c.status.in_(("stopped", "cancelled")), ms.c.status),
        (due.is_(None), "unscheduled"),
        (and_(due < as_of, ms.c.status == "in_progress"), "late"),
        (due < as_of, "not_recorded"),
        (and_(ms.c.forecast_date.is_not(None), ms.c.forecast_date > ms.c.baseline_date), "at_risk"),
        else_="on_track",
    )
