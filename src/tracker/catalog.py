"""The catalogue of charts: one entry per chart, shared by the pages and the briefing pack.

A chart module exposes ``CHARTS: list[ChartEntry]``; list it in ``CHART_MODULES``. A builder takes
``(engine, ChartContext)`` and returns a :class:`ChartResult` with the figure, the data behind it
(exported as CSV/XLSX), a one-line takeaway computed from the metrics, and its source keys.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

CHART_MODULES: tuple[str, ...] = (
    "tracker.overview.charts",
    "tracker.portfolio.charts",
    "tracker.budget.entries",
    "tracker.schedule.charts",
    "tracker.committee.charts",
    "tracker.partners.charts",
)


@dataclass(frozen=True)
class ChartContext:
    initiative_key: str
    as_of: dt.date
    lang: str = "ko"
    unit: str = "eok"


@dataclass
class ChartResult:
    figure: go.Figure
    data: pd.DataFrame
    title: str
    takeaway: str | None = None
    source_keys: list[str] = field(default_factory=list)
    is_empty: bool = False

    @property
    def alt_text(self) -> str:
        """The chart's text alternative: its title and computed takeaway, or why it is empty.

        The accessible name of the chart on screen, the ``descr`` of its picture in the deck and
        the ``alt`` of its image in the PDF.
        """
        parts = [self.title.strip()]
        if self.takeaway:
            parts.append(self.takeaway.strip())
        else:
            parts += [
                str(a.text).replace("<br>", " ")
                for a in self.figure.layout.annotations
                if a.name == "empty_message" and a.text
            ]
        return ". ".join(p.rstrip(".") for p in parts if p)


@dataclass(frozen=True)
class ChartEntry:
    key: str  # stable id, e.g. "budget.plan_vs_actual"; also the file name of exports
    section: str  # i18n key of the section it belongs to in a briefing pack
    title_key: str
    build: Callable[[Engine, ChartContext], ChartResult]


def entries() -> list[ChartEntry]:
    found: list[ChartEntry] = []
    for name in CHART_MODULES:
        found.extend(importlib.import_module(name).CHARTS)
    keys = [e.key for e in found]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"Chart keys defined twice: {sorted(duplicates)}")
    return found


def entry(key: str) -> ChartEntry:
    for candidate in entries():
        if candidate.key == key:
            return candidate
    raise KeyError(f"No chart {key!r}; known: {[e.key for e in entries()]}")
