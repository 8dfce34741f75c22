"""Partner metrics, pure functions of the reads: funnels, stage durations, stalled partners,
cumulative MOUs. Recorded and tallied evidence stay apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .. import frames

# --- metrics ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    key: str  # "signed" | "opened" | "operating"
    count: int | None  # None: not known from any source
    rate: float | None  # share of the previous stage


@dataclass(frozen=True)
class Funnel:
    """MOU → office or centre opened → operating, from one kind of evidence."""

    evidence: str  # "tally" | "recorded"
    stages: tuple[Stage, ...]
    counted_on: dt.date | None = None
    counted_precision: str | None = None
    is_estimate: bool = False
    is_lower_bound: bool = False  # the MOU count comes from an MOU number, not a total
    source_keys: tuple[str, ...] = ()

    def stage(self, key: str) -> Stage:
        return next(s for s in self.stages if s.key == key)

    @property
    def conversion(self) -> float | None:
        """Share of signed agreements that reached an opened office or centre."""
        return self.stage("opened").rate


def _stages(signed: int | None, opened: int | None, operating: int | None) -> tuple[Stage, ...]:
    def rate(part, whole):
        return part / whole if part is not None and whole else None

    return (
        Stage("signed", signed, None),
        Stage("opened", opened, rate(opened, signed)),
        Stage("operating", operating, rate(operating, opened)),
    )


def recorded_funnel(summary: pd.DataFrame, as_of: dt.date) -> Funnel:
    """Partners recorded one by one: with an agreement → with a centre opened → operating.

    Operating means a centre opened with a reported headcount; when no opened centre has a
    headcount on record the stage is unknown (None), not zero.
    """
    if summary.empty:
        return Funnel("recorded", _stages(0, 0, None))
    signed = len(summary)
    has_centre = summary["centre_opened_on"].map(lambda d: d is not None and d <= as_of)
    opened = int(has_centre.sum())
    headcounts = pd.to_numeric(summary.loc[has_centre, "headcount"], errors="coerce")
    operating = int((headcounts > 0).sum()) if headcounts.notna().any() else None
    return Funnel("recorded", _stages(signed, opened, operating))


def tally_funnel(tally_frame: pd.DataFrame) -> Funnel | None:
    """The latest sourced count of offices, against the MOU count reported with it.

    When that report gives no MOU total but the number of the latest MOU (e.g. "MOUs no.
    204–213"), that number is used as a lower bound.
    """
    if tally_frame.empty:
        return None
    with_offices = tally_frame[tally_frame["offices_cumulative"].notna()]
    if with_offices.empty:
        return None
    row = with_offices.sort_values("counted_on").iloc[-1]
    signed, lower_bound = None, False
    if pd.notna(row["cumulative_agreements"]):
        signed = int(row["cumulative_agreements"])
    elif pd.notna(row["seq_to"]):
        signed, lower_bound = int(row["seq_to"]), True
    return Funnel(
        "tally",
        _stages(signed, int(row["offices_cumulative"]), None),
        counted_on=row["counted_on"],
        counted_precision=row.get("counted_precision"),
        is_estimate=bool(row["is_estimate"]),
        is_lower_bound=lower_bound,
        source_keys=(row["source_key"],) if row["source_key"] else (),
    )


def stage_durations(summary: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Days spent in each stage by recorded partners.

    ``signed_to_opened``: from first agreement to the centre opening (finished stays);
    ``waiting``: days so far at the agreement stage for partners with no centre (still open);
    ``operating``: days since the centre opened. Partners without a signing date are counted
    in ``undated`` and left out of the day counts.
    """
    columns = ["stage", "partners", "median_days", "min_days", "max_days", "undated"]
    if summary.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    signed = summary["first_signed_on"]
    opened = summary["centre_opened_on"].map(lambda d: d if d is not None and d <= as_of else None)
    spans = {
        "signed_to_opened": [
            (o - s).days for s, o in zip(signed, opened, strict=True) if s and o and o >= s
        ],
        "waiting": [(as_of - s).days for s, o in zip(signed, opened, strict=True) if s and not o],
        "operating": [(as_of - o).days for o in opened if o],
    }
    undated = {
        "signed_to_opened": sum(1 for s, o in zip(signed, opened, strict=True) if o and not s),
        "waiting": sum(1 for s, o in zip(signed, opened, strict=True) if not s and not o),
        "operating": 0,
    }
    for stage, days in spans.items():
        series = pd.Series(days, dtype="float")
        rows.append(
            {
                "stage": stage,
                "partners": len(days),
                "median_days": float(series.median()) if days else None,
                "min_days": int(series.min()) if days else None,
                "max_days": int(series.max()) if days else None,
                "undated": undated[stage],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def stalled(summary: pd.DataFrame, as_of: dt.date, months: int) -> pd.DataFrame:
    """Partners whose first MOU is at least ``months`` old with no office or centre recorded."""
    columns = [*summary.columns, "months_waiting"]
    if summary.empty:
        return pd.DataFrame(columns=columns)
    cutoff = months_before(as_of, months)
    mask = summary.apply(
        lambda r: (
            r["mous"] > 0
            and r["first_signed_on"] is not None
            and r["first_signed_on"] <= cutoff
            and (r["centre_opened_on"] is None or r["centre_opened_on"] > as_of)
        ),
        axis=1,
    ).astype(bool)
    out = summary[mask].copy()
    out["months_waiting"] = [
        (as_of.year - d.year) * 12 + as_of.month - d.month - (as_of.day < d.day)
        for d in out["first_signed_on"]
    ]
    return out.sort_values("first_signed_on").reset_index(drop=True)[columns]


def undated_mous(summary: pd.DataFrame) -> int:
    """Partners with an MOU but no signing date: their age, and so their stall, is unknown."""
    if summary.empty:
        return 0
    return int(((summary["mous"] > 0) & summary["first_signed_on"].isna()).sum())


def cumulative_series(counts: pd.DataFrame, tally_frame: pd.DataFrame) -> pd.DataFrame:
    """Long frame (date, value, series, is_estimate, source_key) for the cumulative MOU chart.

    ``recorded``: running total of MOUs recorded one by one; ``tally``: sourced cumulative
    totals; ``numbering``: the highest MOU number of a sourced batch (at least that many MOUs had
    been signed); ``offices``: sourced cumulative offices opened.
    """
    rows: list[dict] = []
    running = 0
    for row in counts.itertuples():
        running += int(row.signed)
        rows.append(
            {"date": row.signed_on, "value": running, "series": "recorded", "is_estimate": False}
        )
    for row in frames.records(tally_frame):
        base = {"date": row["counted_on"], "is_estimate": bool(row["is_estimate"])}
        base["source_key"] = row["source_key"]
        if pd.notna(row["cumulative_agreements"]):
            rows.append({**base, "value": int(row["cumulative_agreements"]), "series": "tally"})
        elif pd.notna(row["seq_to"]):
            rows.append({**base, "value": int(row["seq_to"]), "series": "numbering"})
        if pd.notna(row["offices_cumulative"]):
            rows.append({**base, "value": int(row["offices_cumulative"]), "series": "offices"})
    frame = pd.DataFrame(
        rows, columns=["date", "value", "series", "is_estimate", "source_key"]
    ).astype({"value": "int64"})
    return frame.sort_values(["series", "date"], kind="stable").reset_index(drop=True)
