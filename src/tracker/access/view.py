"""Tables of the admin page in a language: headers, role and outcome labels (plain text only)."""

from __future__ import annotations

import pandas as pd

from .. import i18n

HEADERS = (
    "name", "role", "disabled", "created_at", "password_changed_at", "at", "client", "method",
    "ok", "outcome", "by", "by_via", "action", "detail", "change_id", "recorded_at",
    "recorded_by", "recorded_via", "kind", "reason",
)  # fmt: skip


def labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with translated headers and role/outcome/action codes as words."""
    out = frame.copy()
    for column, group in (("role", "access.role"), ("outcome", "admin.outcome")):
        if column in out:
            out[column] = [i18n.t(f"{group}.{v}", lang) if v else v for v in out[column]]
    if "action" in out:
        out["action"] = [i18n.t(f"admin.account_action.{v}", lang) for v in out["action"]]
    if "kind" in out:  # a data change's kind, as the change log names it
        out["kind"] = [i18n.t(f"records.log.kind.{v}", lang) for v in out["kind"]]
    return out.rename(columns={c: i18n.t(f"admin.col.{c}", lang) for c in out if c in HEADERS})


def role_choices(lang: str) -> dict[str, str]:
    return {code: i18n.t(f"access.role.{code}", lang) for code in ("viewer", "editor", "admin")}
