"""The import preview in a language: problems by row and column, rows with their status."""

from __future__ import annotations

import pandas as pd

from .. import i18n
from .plan import ImportPlan
from .problems import column_letter

PREVIEW_ROWS = 200
PROBLEM_CELL = "background-color: #FDE2E1; color: #5F1411; font-weight: 600"


def summary(plan: ImportPlan) -> dict[str, int]:
    return {
        "new": plan.count("new"),
        "changed": plan.count("changed"),
        "unchanged": plan.count("unchanged"),
        "problems": len(plan.problems),
    }


def problem_table(plan: ImportPlan, lang: str) -> pd.DataFrame:
    """One line per problem: spreadsheet row, column letter, header as written, the reason."""
    heads = [i18n.t(f"imports.page.col.{c}", lang) for c in ("row", "letter", "header", "problem")]
    rows = [[p.row, p.letter or "", p.column or "", p.reason(lang)] for p in plan.problems]
    frame = pd.DataFrame(rows, columns=heads)
    frame[heads[0]] = frame[heads[0]].astype("Int64")
    return frame


def preview_table(plan: ImportPlan, lang: str, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The file's rows as written, with a status column; rows with problems come first."""
    problem_rows = {p.row for p in plan.problems if p.row is not None}
    status_of = {
        "new": i18n.t("imports.page.status.new", lang),
        "changed": i18n.t("imports.page.status.changed", lang),
        "unchanged": i18n.t("imports.page.status.unchanged", lang),
        "problem": i18n.t("imports.page.status.problem", lang),
    }
    ordered = sorted(plan.rows, key=lambda r: (r[0] not in problem_rows, r[0]))[:limit]
    width = len(plan.headers)
    headers = [h or f"({i + 1})" for i, h in enumerate(plan.headers)]
    records = []
    for number, cells in ordered:
        if number in problem_rows:
            status = "problem"
        else:
            status = plan.status.get(number, "unchanged")
        cells = list(cells[:width]) + [None] * (width - len(cells))
        records.append([number, status_of[status], *("" if c is None else str(c) for c in cells)])
    heads = [i18n.t("imports.page.col.row", lang), i18n.t("imports.page.col.status", lang)]
    return pd.DataFrame(records, columns=_unique([*heads, *headers]))


def preview_styled(plan: ImportPlan, lang: str, limit: int = PREVIEW_ROWS):
    """The preview with the cells that hold a problem marked (the status column says so too)."""
    frame = preview_table(plan, lang, limit)
    bad = {(p.row, p.letter) for p in plan.problems if p.row is not None and p.letter}
    letters = [column_letter(i) for i in range(len(plan.headers))]
    numbers = frame.iloc[:, 0].tolist() if len(frame) else []

    def marks(_frame: pd.DataFrame) -> pd.DataFrame:
        styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for position, number in enumerate(numbers):
            for offset, letter in enumerate(letters):
                if (number, letter) in bad:
                    styles.iat[position, offset + 2] = PROBLEM_CELL
        return styles

    return frame.style.apply(marks, axis=None)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
