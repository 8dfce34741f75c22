"""Streamlit glue: the only package in ``tracker`` that imports Streamlit.

``sidebar()`` draws the shared controls and returns the :class:`Selection`; pages call
``selection()`` to get it and ``call(fn, ...)`` to run a cached read.
"""

from __future__ import annotations

from ..ui.a11y import page_setup
from ..ui.access import checked_fragment, require
from ..ui.state import Selection, cached_figure, call, chart, engine, sidebar
from ..ui.state import selection as _selection


def selection() -> Selection:
    """The shared sidebar's selection. A page that runs at all needs the viewer role: without the
    router (AppTest runs a page on its own) this is the sign-in guard."""
    require("viewer")
    return _selection()


__all__ = [
    "Selection",
    "call",
    "cached_figure",
    "chart",
    "checked_fragment",
    "engine",
    "page_setup",
    "require",
    "selection",
    "sidebar",
]
