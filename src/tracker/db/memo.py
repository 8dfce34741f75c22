"""Read results kept while the data does not change: one heavy read shared by every caller.

A page such as the portfolio draws four charts and a table from one frame; each builder reads it
on its own (builders are pure and are cached one by one), so without this the frame would be read
five times per visit. :func:`memoised` keys a read on the database, the data version
(the newest change set: any write adds one), the "as recorded on" point in
force and the arguments, so an edit shows at once and a past view never mixes with today's.
Results are copied out, so a caller changing its frame changes nobody else's.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections import OrderedDict

from sqlalchemy import Engine, func, select

from . import schema
from .recorded import current_point

MAX_ENTRIES = 32

_entries: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def data_version(engine: Engine) -> int:
    """Grows with every change set; cache keys include it so edits show at once."""
    with engine.connect() as conn:
        return conn.execute(
            select(func.coalesce(func.max(schema.changes.c.change_id), 0))
        ).scalar_one()


def _last_change(engine: Engine) -> tuple:
    """The newest change set's id and time: a database rebuilt at the same address (ids start
    again from one) does not meet the results of the old one."""
    ch = schema.changes
    with engine.connect() as conn:
        row = conn.execute(
            select(ch.c.change_id, ch.c.recorded_at).order_by(ch.c.change_id.desc()).limit(1)
        ).first()
    return tuple(row) if row else (0, None)


def memoised(fn):
    """``fn(engine, *args)`` computed once per (database, data version, recorded-on point, args)."""

    @functools.wraps(fn)
    def wrapper(engine: Engine, *args, **kwargs):
        key = (
            fn.__module__,
            fn.__qualname__,
            engine.url.render_as_string(hide_password=False),
            _last_change(engine),
            current_point(),
            args,
            tuple(sorted(kwargs.items())),
        )
        with _lock:
            if key in _entries:
                _entries.move_to_end(key)
                return copy.deepcopy(_entries[key])
        result = fn(engine, *args, **kwargs)  # outside the lock: reads may run side by side
        with _lock:
            _entries[key] = result
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
        return copy.deepcopy(result)

    return wrapper


def clear() -> None:
    """Forget every kept result (benchmarks measure a visit right after the data changed)."""
    with _lock:
        _entries.clear()
