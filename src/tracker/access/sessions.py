"""Idle expiry of a signed-in session: pure functions on timestamps (the UI keeps the state)."""

from __future__ import annotations

import datetime as dt

from .. import config


def idle_limit() -> dt.timedelta:
    """``TRACKER_SESSION_IDLE_MINUTES`` (default 30; a bad or non-positive value means 30)."""
    return dt.timedelta(minutes=config.settings().session_idle_minutes)


def is_expired(last_seen: dt.datetime, now: dt.datetime, limit: dt.timedelta) -> bool:
    """A session idle for the whole limit (or longer) is over: at exactly 30:00 it has expired,
    at 29:59.999 it has not."""
    return now - last_seen >= limit
