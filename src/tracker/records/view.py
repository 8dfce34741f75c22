"""What the data pages show: record tables, choices, history, diffs and the change log, in a
language (column headers from ``db.kinds``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import frames, i18n
from ..db import kinds
from . import metrics
from .reads import record_label


def _day_or_text(value) -> str:
    return value.isoformat()[:10] if isinstance(value, dt.date) else value


def _stamp(value) -> str:
    if metrics.is_missing(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def found_caption(shown: int, matching: int, searched: bool, lang: str) -> str:
    """How many records the search found (or the kind holds) and, when not all of them are
    listed, which ones are."""
    name = ("found" if searched else "all") + ("_cut" if matching > shown else "")
    return i18n.t(f"records.count.{name}", lang, shown=shown, total=matching)


def record_table(frame: pd.DataFrame, kind: str, lang: str) -> pd.DataFrame:
    """The current records with the kind's columns under their labels, then who recorded them."""
    columns = [c for c in kinds.file_columns(kind) if c in frame.columns]
    out = frame[columns].copy()
    choices = {f.name for f in kinds.fields(kind) if f.choices}
    for c in columns:  # days as text; a missing value stays missing: the grid writes "—" for it
        values = list(out[c])
        if c in choices:  # in words: "일 (정확한 날짜)", not "day"
            values = [
                v if metrics.is_missing(v) else kinds.choice_label(kind, c, v, lang) for v in values
            ]
        present = [v for v in values if not metrics.is_missing(v)]
        if all(isinstance(v, str | dt.date) for v in present):  # a day as 2026-11-30
            out[c] = [None if metrics.is_missing(v) else _day_or_text(v) for v in values]
    out.columns = [kinds.column_label(c, lang) for c in columns]
    if "recorded_by" in frame:
        out[i18n.t("records.column.recorded_by", lang)] = frame["recorded_by"].to_numpy()
        stamps = [_stamp(v) for v in frame["recorded_at"]]
        out[i18n.t("records.column.recorded_at", lang)] = stamps
    return out


def choices(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """Key -> "label (key)" for a record chooser."""
    out = {}
    for r in frames.records(frame):
        label = record_label(r, lang)
        out[r["key"]] = r["key"] if label == r["key"] else f"{label} ({r['key']})"
    return out


def version_label(row: dict, lang: str) -> str:
    state = i18n.t("records.history.withdrawn", lang) if row.get("is_deleted") else ""
    return i18n.t(
        "records.history.version_label",
        lang,
        n=row["version"],
        valid_from=str(row["valid_from"])[:10],
        when=_stamp(row["recorded_at"]),
        by=row["recorded_by"],
    ) + (f" · {state}" if state else "")


def history_table(versions: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = lambda key: i18n.t(f"records.history.{key}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            t("version"): versions["version"],
            kinds.column_label("valid_from", lang): [str(v)[:10] for v in versions["valid_from"]],
            t("recorded_at"): [_stamp(v) for v in versions["recorded_at"]],
            t("recorded_by"): versions["recorded_by"],
            t("reason"): versions["reason"],
            t("withdrawn"): [
                i18n.t("records.yes", lang) if d else "" for d in versions["is_deleted"]
            ],
        }
    )


def _shown(value) -> str:
    if metrics.is_missing(value):
        return "—"
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)[:10] if hasattr(value, "isoformat") else str(value)


def diff_table(diff: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            i18n.t("records.diff.field", lang): [
                kinds.column_label(d["column"], lang)
                if d["column"] != "is_deleted"
                else i18n.t("records.history.withdrawn", lang)
                for d in diff
            ],
            i18n.t("records.diff.before", lang): [_shown(d["before"]) for d in diff],
            i18n.t("records.diff.after", lang): [_shown(d["after"]) for d in diff],
        }
    )


def log_table(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    t = lambda key: i18n.t(f"records.log.{key}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            t("recorded_at"): [_stamp(v) for v in log["recorded_at"]],
            t("recorded_by"): log["recorded_by"],
            t("record_kind"): [kinds.kind_label(k, lang) for k in log["record_kind"]],
            t("key"): log["key"],
            kinds.column_label("valid_from", lang): [str(v)[:10] for v in log["valid_from"]],
            t("action"): [
                i18n.t("records.log.withdrawn" if d else "records.log.version", lang)
                for d in log["is_deleted"]
            ],
            t("change_kind"): [i18n.t(f"records.log.kind.{k}", lang) for k in log["change_kind"]],
            t("reason"): log["reason"],
        }
    )
