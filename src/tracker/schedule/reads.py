"""The schedule frame: milestones as of a date, with their status and slip."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine

from .. import frames
from ..db import queries
from .metrics import missing, status_changes, with_slip


def schedule_frame(engine: Engine, initiative_key: str, as_of: dt.date) -> pd.DataFrame:
    """Milestones with state, slip, status history and source outlet, as known on ``as_of``."""
    frame = queries.milestones(engine, initiative_key, as_of)
    frame = with_slip(frame, as_of)
    changes = status_changes(queries.milestone_versions(engine, initiative_key, as_of))
    events = {
        key: frames.records(group.drop(columns="key"))
        for key, group in changes.groupby("key", sort=False)
    }
    frame["status_events"] = [events.get(k, []) for k in frame["key"]]
    keys = sorted({k for k in frame["source_key"] if not missing(k)})
    src = queries.sources(engine, keys, as_of)
    outlets = dict(zip(src["key"], src["outlet"], strict=True))
    urls = dict(zip(src["key"], src["url"], strict=True))
    frame["source_outlet"] = [outlets.get(k, "") for k in frame["source_key"]]
    frame["source_url"] = ["" if missing(urls.get(k)) else urls[k] for k in frame["source_key"]]
    frame["source_outlet"] = frame["source_outlet"].map(lambda o: "" if missing(o) else o)
    return frame
