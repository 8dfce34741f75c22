"""The Overview's figures, read once and shared by the page, the CLI and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, select

from ..db import queries


@dataclass(frozen=True)
class Tally:
    """A count that is either recorded fact by fact or taken from a sourced cumulative figure."""

    value: int | None
    recorded: int
    counted_on: dt.date | None = None
    counted_precision: str | None = None
    is_estimate: bool = False
    source_key: str | None = None

    @property
    def from_tally(self) -> bool:
        return self.counted_on is not None


@dataclass(frozen=True)
class OverviewKpis:
    as_of: dt.date
    baseline_envelope_won: int | None
    latest_total: (
        dict | None
    )  # plan_versions row: total_won, announced_on, label_*, is_estimate, ...
    executed_won: int | None  # None when no expenditure is recorded
    execution_rate: float | None
    milestones: dict[str, int]
    mous: Tally
    centres: Tally

    @property
    def envelope_won(self) -> int | None:
        """The envelope execution is measured against: the latest total, else the baseline."""
        if self.latest_total and self.latest_total.get("total_won") is not None:
            return int(self.latest_total["total_won"])
        return self.baseline_envelope_won

    def source_keys(self) -> list[str]:
        keys = []
        if self.latest_total and self.latest_total.get("source_key"):
            keys.append(self.latest_total["source_key"])
        for tally in (self.mous, self.centres):
            if tally.source_key:
                keys.append(tally.source_key)
        return keys


def tally_or_recorded(recorded: int, latest: dict | None, column: str) -> Tally:
    """The sourced tally when it is at least what is recorded one by one, else the recorded count."""
    if latest and latest.get(column) is not None and int(latest[column]) >= recorded:
        return Tally(
            value=int(latest[column]),
            recorded=recorded,
            counted_on=latest["counted_on"],
            counted_precision=latest.get("counted_precision"),
            is_estimate=bool(latest["is_estimate"]),
            source_key=latest["source_key"],
        )
    return Tally(value=recorded, recorded=recorded)


def overview_kpis(engine: Engine, initiative_key: str, as_of: dt.date) -> OverviewKpis:
    ini = queries.facts_as_of("initiatives", as_of, among=lambda v: v.c.key == initiative_key)
    with engine.connect() as conn:
        envelope = conn.execute(
            select(ini.c.envelope_won).where(ini.c.key == initiative_key)
        ).scalar_one_or_none()
    baseline = None if envelope is None else int(envelope)
    latest = queries.latest_plan_total(engine, initiative_key, as_of)
    executed = queries.executed_total(engine, initiative_key, as_of)
    counts = queries.agreement_counts(engine, initiative_key, as_of)
    executed_won = executed["won"] if executed["records"] else None
    kpis = OverviewKpis(
        as_of=as_of,
        baseline_envelope_won=baseline,
        latest_total=latest,
        executed_won=executed_won,
        execution_rate=None,
        milestones=queries.milestone_counts(engine, initiative_key, as_of),
        mous=tally_or_recorded(
            counts["mous_recorded"], counts["mou_tally"], "cumulative_agreements"
        ),
        centres=tally_or_recorded(
            counts["centres_recorded"], counts["office_tally"], "offices_cumulative"
        ),
    )
    envelope = kpis.envelope_won
    if executed_won is not None and envelope:
        kpis = OverviewKpis(**{**kpis.__dict__, "execution_rate": executed_won / envelope})
    return kpis


def indicators(engine: Engine, initiative_key: str, as_of: dt.date):
    """Sourced usage figures (projects supported, GPUs, ...) known on ``as_of``, with their outlet."""
    ind = queries.facts_as_of("indicators", as_of)
    src = queries.facts_as_of("sources", as_of)
    stmt = (
        select(
            ind.c.key,
            ind.c.metric,
            ind.c.breakdown,
            ind.c.period_start,
            ind.c.period_end,
            ind.c.period_precision,
            ind.c.value,
            ind.c.confidence,
            ind.c.is_estimate,
            ind.c.source_key,
            src.c.outlet,
        )
        .join(src, src.c.key == ind.c.source_key, isouter=True)
        .where(ind.c.initiative_key == initiative_key)
        .order_by(ind.c.metric.desc(), ind.c.period_start, ind.c.period_end.desc(), ind.c.key)
    )
    return queries.read(engine, stmt)
