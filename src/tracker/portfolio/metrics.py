"""Portfolio rules, pure: envelope, execution against elapsed time, the health status and the ranking.

The health rule (README "Portfolio"), applied in this order:

- ``no_data``: neither a milestone nor an expenditure is recorded (an announced total alone says
  nothing about progress);
- ``off_track``: late milestones are at least a third of the milestones due by now (done + late),
  or recorded execution trails the elapsed share of the programme period by 20 points or more;
  "done" includes "done, date unknown"; a milestone past its date with no sourced actual
  ("actual not recorded") is neither late nor done and counts in neither (a gap in the record is
  not a delay);
- ``watch``: any milestone is late or at risk, or execution trails elapsed time by 10 points or more;
- ``on_track``: otherwise.

Execution counts only where expenditures are recorded: a programme with none is judged on its
milestones alone (missing spending is not read as slow spending).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import frames
from ..overview.reads import tally_or_recorded

HEALTH = ("off_track", "watch", "on_track", "no_data")
LATE_SHARE_OFF_TRACK = (1, 3)  # late / due >= 1/3, compared in whole numbers (no float edge)
GAP_OFF_TRACK = 20  # percentage points of execution behind elapsed time
GAP_WATCH = 10
MEASURES = ("latest_total_won", "execution_rate", "ms_late", "mous")


def elapsed_share(start_year, end_year, as_of: dt.date) -> float | None:
    """Share of the programme period (1 January of the first year to 31 December of the last)
    passed on ``as_of``, between 0 and 1; None without both years."""
    if pd.isna(start_year) or pd.isna(end_year):
        return None
    start, end = dt.date(int(start_year), 1, 1), dt.date(int(end_year), 12, 31)
    if end <= start:
        return None
    share = (as_of - start).days / (end - start).days
    return min(1.0, max(0.0, share))


def envelope_won(latest_total_won, baseline_won) -> int | None:
    """The envelope execution is measured against: the latest total, else the baseline (the
    Overview's rule, ``OverviewKpis.envelope_won``)."""
    for value in (latest_total_won, baseline_won):
        if value is not None and not pd.isna(value):
            return int(value)
    return None


def execution_rate(executed_won, records: int, envelope: int | None) -> float | None:
    if not records or not envelope or executed_won is None or pd.isna(executed_won):
        return None
    return float(executed_won) / envelope


def gap_points(elapsed: float | None, rate: float | None) -> float | None:
    """Percentage points by which execution trails elapsed time (negative: ahead)."""
    if elapsed is None or rate is None:
        return None
    return round((elapsed - rate) * 100, 6)


def done_count(row: dict) -> int:
    """Milestones done, "done, date unknown" included."""
    undated = row.get("ms_done_undated")
    return int(row["ms_done"]) + (0 if undated is None or pd.isna(undated) else int(undated))


def health(row: dict) -> tuple[str, str | None]:
    """The status of one portfolio row and the reason (an i18n key suffix), by the rule above."""
    late, done, at_risk = int(row["ms_late"]), done_count(row), int(row["ms_at_risk"])
    if int(row["ms_total"]) == 0 and not int(row["expenditure_records"]):
        return "no_data", "no_data"
    gap = row.get("gap_points")
    gap = None if gap is None or pd.isna(gap) else float(gap)
    num, den = LATE_SHARE_OFF_TRACK
    if late and late * den >= (done + late) * num:
        return "off_track", "late_share"
    if gap is not None and gap >= GAP_OFF_TRACK:
        return "off_track", "behind_time"
    if late or at_risk:
        return "watch", "late" if late else "at_risk"
    if gap is not None and gap >= GAP_WATCH:
        return "watch", "behind_time"
    return "on_track", None


def with_measures(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The portfolio frame with the derived measures, health and rank (most urgent first)."""
    out = frame.copy()
    rows = frames.records(out)
    out["envelope_won"] = [envelope_won(r["latest_total_won"], r["baseline_won"]) for r in rows]
    # Without an announced plan version, the initiative's own recorded envelope is its first total.
    out["first_total_won"] = out["first_total_won"].fillna(out["baseline_won"])
    out["execution_rate"] = [
        execution_rate(r["executed_won"], r["expenditure_records"], e)
        for r, e in zip(rows, out["envelope_won"], strict=True)
    ]
    out["elapsed_share"] = [elapsed_share(r["start_year"], r["end_year"], as_of) for r in rows]
    out["gap_points"] = [
        gap_points(e, x) for e, x in zip(out["elapsed_share"], out["execution_rate"], strict=True)
    ]
    mous, centres = [], []
    for r in rows:
        mou_tally = _latest(r, "mou_tally")
        office_tally = _latest(r, "office_tally")
        mous.append(tally_or_recorded(r["mous_recorded"], mou_tally, "cumulative_agreements").value)
        centres.append(
            tally_or_recorded(r["centres_recorded"], office_tally, "offices_cumulative").value
        )
    out["mous"], out["centres"] = mous, centres
    verdicts = [health(r) for r in frames.records(out)]
    out["health"] = [v[0] for v in verdicts]
    out["health_reason"] = [v[1] for v in verdicts]
    return rank(out)


def _latest(row: dict, name: str) -> dict | None:
    """A tally in the shape the Overview's rule takes, or None."""
    value = row.get(name)
    if value is None or pd.isna(value):
        return None
    column = "cumulative_agreements" if name == "mou_tally" else "offices_cumulative"
    return {
        column: int(value),
        "counted_on": row.get(f"{name}_on"),
        "is_estimate": bool(row.get(f"{name}_estimate")),
        "source_key": None,
    }


def rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Most urgent first: health (off track, watch, on track, no data), then more late
    milestones, then the larger trailing gap, then region and name."""
    order = {h: i for i, h in enumerate(HEALTH)}
    out = frame.assign(
        _health=frame["health"].map(order),
        _gap=frame["gap_points"].fillna(float("-inf")),
    )
    out = out.sort_values(
        ["_health", "ms_late", "_gap", "kostat_code", "name_ko"],
        ascending=[True, False, False, True, True],
        kind="stable",
    )
    return out.drop(columns=["_health", "_gap"]).reset_index(drop=True)


def health_counts(frame: pd.DataFrame) -> dict[str, int]:
    counts = frame["health"].value_counts()
    return {h: int(counts.get(h, 0)) for h in HEALTH}


def relative(frame: pd.DataFrame, regions: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Money per person (``per_capita``) or as a share of the region's GRDP (``per_grdp``).

    ``regions`` holds ``region_key``, ``population`` and ``grdp_won``; where a figure is missing the
    result is missing (never estimated).
    """
    out = frame.merge(regions, on="region_key", how="left")
    column = {"per_capita": "population", "per_grdp": "grdp_won"}[basis]
    base = pd.to_numeric(out[column], errors="coerce")
    for money_column in ("envelope_won", "latest_total_won", "first_total_won", "executed_won"):
        values = pd.to_numeric(out[money_column], errors="coerce")
        out[f"{money_column}_{basis}"] = (values / base).where(base > 0)
    return out


REGION_MEASURES = ("envelope", "execution", "late", "mous", "off_track")


def by_region(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One value per region for the map: the envelopes of its initiatives added up (different
    programmes, each at its latest total), execution over the envelopes of initiatives that record
    spending, late milestones, MOUs, or initiatives off track."""
    if measure not in REGION_MEASURES:
        raise ValueError(f"Unknown measure {measure!r}; expected one of {REGION_MEASURES}")
    rows = []
    for (code, ko, en), part in frame.groupby(
        ["kostat_code", "region_ko", "region_en"], dropna=False, sort=True
    ):
        if measure == "envelope":
            known = part["envelope_won"].dropna()
            value = float(known.sum()) if len(known) else None
        elif measure == "execution":
            spending = part[part["expenditure_records"] > 0]
            base = spending["envelope_won"].dropna().sum()
            value = float(spending["executed_won"].sum()) / base if base else None
        elif measure == "late":
            value = float(part["ms_late"].sum())
        elif measure == "mous":
            value = float(part["mous"].sum())
        else:
            value = float((part["health"] == "off_track").sum())
        rows.append(
            {
                "kostat_code": code,
                "region_ko": ko,
                "region_en": en,
                "value": value,
                "initiatives": len(part),
            }  # fmt: skip
        )
    return pd.DataFrame(
        rows, columns=["kostat_code", "region_ko", "region_en", "value", "initiatives"]
    )
