"""Bulk editing of one kind's records in a table (``st.data_editor``), e.g. a plan version's
budget lines: add rows, change cells, remove rows, then save everything as one change."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from .. import i18n
from ..db import kinds, schema
from ..records import forms, writes
from ..records import reads as records_reads
from .access import current as current_identity
from .record_form import MAX_DAY, MIN_DAY, finish_write, forget_opened
from .state import Selection, call, engine


def parent_column(kind: str) -> str | None:
    """The reference a table of ``kind`` is grouped by: its first one that is not the source."""
    refs = [c for c in schema.FACTS[kind].references if c != "source_key"]
    return refs[0] if refs else None


def _column_config(kind: str, lang: str, hidden: str | None) -> dict:
    config = {}
    for f in forms.form_fields(kind):
        label = f.label(lang)
        if f.name == hidden or f.name == "valid_from":
            continue
        if f.widget == "reference":
            options = list(call(records_reads.reference_choices, f.references, lang))
            config[f.name] = st.column_config.SelectboxColumn(
                label, options=options, required=f.required
            )
        elif f.widget == "choice":  # stored as the code, shown and chosen in words
            config[f.name] = st.column_config.SelectboxColumn(
                label,
                options=list(f.choices),
                required=f.required,
                format_func=lambda value, name=f.name: kinds.choice_label(kind, name, value, lang),
            )
        elif f.widget in ("money", "integer"):
            config[f.name] = st.column_config.NumberColumn(
                label,
                min_value=0 if f.non_negative else None,
                step=1,
                format="localized" if f.widget == "money" else "%d",
                required=f.required,
            )
        elif f.widget == "number":
            config[f.name] = st.column_config.NumberColumn(label, required=f.required)
        elif f.widget == "date":
            config[f.name] = st.column_config.DateColumn(
                label, format="YYYY-MM-DD", required=f.required
            )
        elif f.widget == "boolean":
            config[f.name] = st.column_config.CheckboxColumn(label)
        else:
            config[f.name] = st.column_config.TextColumn(label, required=f.required)
    return config


def table_editor(kind: str, sel: Selection, parent: str | None) -> None:
    """The records of ``kind`` under ``parent`` (or all) as an editable table, saved at once."""
    lang = sel.lang
    column = parent_column(kind)
    where = {column: parent} if column and parent else None
    frame = call(records_reads.current_records, kind, where=where)
    shown = [c for c in kinds.file_columns(kind) if c not in ("valid_from", column)]
    before = frame.reset_index(drop=True)
    editor_key = f"te:{kind}:{parent}:{before['latest_row_id'].sum() if len(before) else 0}"
    edited = st.data_editor(
        before[shown],
        column_config=_column_config(kind, lang, column),
        num_rows="dynamic",
        hide_index=True,
        placeholder="—",
        width="stretch",
        key=editor_key,
    )
    st.caption(i18n.t("records.tables.key_hint", lang))
    with st.form(f"{editor_key}:save", enter_to_submit=False):
        top = st.empty()
        valid_from = st.date_input(
            kinds.column_label("valid_from", lang),
            dt.date.today(),
            MIN_DAY,
            MAX_DAY,
            key=f"{editor_key}:valid_from",
            format="YYYY-MM-DD",
        )
        reason = st.text_input(
            i18n.t("records.form.reason", lang) + " *", key=f"{editor_key}:reason"
        )
        slot = st.empty()
        submitted = st.form_submit_button(i18n.t("records.tables.save", lang), type="primary")
    if not submitted:
        return
    outcome = writes.save_table(
        engine(),
        kind,
        before,
        edited,
        actor=current_identity(),
        fixed={column: parent} if column and parent else {},
        valid_from=valid_from,
        reason=reason,
        key_prefix=f"{parent or kind}-{kind}",
    )
    if outcome.ok:
        for key in before["key"]:
            forget_opened(kind, key)
        finish_write(kind, parent or kind, outcome, lang)
    by_field = outcome.by_field(lang)
    if writes.REASON in by_field:
        slot.error("\n\n".join(by_field[writes.REASON]), icon=":material/error:")
    others = [p.message(lang) for p in outcome.problems if p.column != writes.REASON]
    if others:
        top.error("\n\n".join(others), icon=":material/error:")
