"""One generic entry form for any kind of record, drawn from ``tracker.records.forms``.

References are chosen from existing records (label and key), dates are date inputs, money is a
whole number of won, allowed values are choices, the source is required. After "save" each
problem is shown right below its field; a successful write refreshes the cached reads.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from .. import i18n
from ..db import kinds
from ..records import forms, metrics, writes
from ..records import reads as records_reads
from .access import current as current_identity
from .state import Selection, call, data_changed, engine

FLASH = "_records_flash"
MIN_DAY = dt.date(1990, 1, 1)
MAX_DAY = dt.date(2100, 12, 31)


def flash(text: str) -> None:
    st.session_state[FLASH] = text


def show_flash() -> None:
    """The message a successful write left for the next run."""
    text = st.session_state.pop(FLASH, None)
    if text:
        st.success(text, icon=":material/check_circle:")


def opened_version(kind: str, key: str, latest_row_id: int) -> int:
    """The version this session opened the record on (kept until a save or a reload)."""
    return st.session_state.setdefault(f"_opened:{kind}:{key}", int(latest_row_id))


def forget_opened(kind: str, key: str) -> None:
    st.session_state.pop(f"_opened:{kind}:{key}", None)


def _value(current: dict | None, name: str):
    if not current:
        return None
    value = current.get(name)
    return None if metrics.is_missing(value) else value


def _as_date(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _widget(
    kind: str, f: forms.FormField, current: dict | None, wkey: str, lang: str, editing: bool
):
    label = f.label(lang)
    value = _value(current, f.name)
    if f.name == "key":
        return st.text_input(label, value or "", key=wkey, disabled=editing)
    if f.name == "valid_from":
        return st.date_input(
            label,
            dt.date.today(),
            MIN_DAY,
            MAX_DAY,
            key=wkey,
            format="YYYY-MM-DD",
            help=i18n.t("records.form.valid_from_help", lang),
        )
    if f.widget in ("reference", "choice"):
        if f.widget == "reference":
            labels = call(records_reads.reference_choices, f.references, lang)
            options = list(labels)
        else:
            options = list(f.choices)
            labels = {o: kinds.choice_label(kind, f.name, o, lang) for o in options}
        if value is not None and value not in options:
            options.append(value)
        return st.selectbox(
            label,
            options,
            index=options.index(value) if value in options else None,
            format_func=lambda o: labels.get(o, o),
            key=wkey,
            placeholder=i18n.t("records.form.choose", lang),
        )
    if f.widget == "date":
        return st.date_input(
            label, _as_date(value), MIN_DAY, MAX_DAY, key=wkey, format="YYYY-MM-DD"
        )
    if f.widget in ("money", "integer"):
        return st.number_input(
            label,
            min_value=0 if f.non_negative else None,
            value=None if value is None else int(value),
            step=1,
            key=wkey,
            help=i18n.t("records.form.money_help", lang) if f.widget == "money" else None,
        )
    if f.widget == "number":
        return st.number_input(
            label,
            min_value=0.0 if (f.non_negative or f.percent) else None,
            max_value=100.0 if f.percent else None,
            value=None if value is None else float(value),
            key=wkey,
        )
    if f.widget == "boolean":
        return st.checkbox(label, bool(value), key=wkey)
    if f.widget == forms.LONG_TEXT:
        return st.text_area(label, value or "", key=wkey, height=80)
    return st.text_input(label, value or "", key=wkey)


def record_form(
    kind: str, sel: Selection, *, current: dict | None = None, opened_row_id: int | None = None
) -> writes.Outcome | None:
    """Draw the add form (``current`` None) or the edit form of one record; save on submit."""
    lang = sel.lang
    editing = current is not None
    record_key = current["key"] if editing else "_new"
    prefix = f"rf:{kind}:{record_key}:{opened_row_id}"
    fields = forms.form_fields(kind)
    values, slots = {}, {}
    with st.form(f"{prefix}:form", enter_to_submit=False):
        top = st.empty()
        for start in range(0, len(fields), 2):  # two fields a row, each with its message
            for column, f in zip(st.columns(2), fields[start : start + 2], strict=False):
                with column:
                    values[f.name] = _widget(kind, f, current, f"{prefix}:{f.name}", lang, editing)
                    slots[f.name] = st.empty()
        reason = st.text_input(
            i18n.t("records.form.reason", lang) + " *",
            key=f"{prefix}:reason",
            placeholder=i18n.t("records.form.reason_placeholder", lang),
        )
        slots[writes.REASON] = st.empty()
        label = "records.form.save" if editing else "records.form.add"
        submitted = st.form_submit_button(i18n.t(label, lang), type="primary")
    if not submitted:
        return None
    if editing:
        values["key"] = current["key"]
    outcome = writes.save_record(
        engine(), kind, values, actor=current_identity(), reason=reason, opened_row_id=opened_row_id
    )
    if outcome.ok:
        finish_write(kind, values["key"], outcome, lang)
        return outcome
    show_problems(outcome, slots, top, lang)
    offer_reload(outcome, kind, values["key"], lang)
    return outcome


def show_problems(outcome: writes.Outcome, slots: dict, top, lang: str) -> None:
    """Each problem below its field; the rest (e.g. a concurrent change) above the form."""
    for name, texts in outcome.by_field(lang).items():
        if name in slots:
            slots[name].error("\n\n".join(texts), icon=":material/error:")
    general = [p.message(lang) for p in outcome.problems if (p.column or "") not in slots]
    if general:
        top.error("\n\n".join(general), icon=":material/error:")


def finish_write(kind: str, key: str, outcome: writes.Outcome, lang: str) -> None:
    forget_opened(kind, key)
    data_changed()
    if outcome.written:
        flash(i18n.t("records.saved", lang, kind=kinds.kind_label(kind, lang), key=key))
    else:
        flash(i18n.t("records.unchanged", lang))
    st.rerun()


def _reload(kind: str, key: str) -> None:
    forget_opened(kind, key)
    data_changed()


def offer_reload(outcome: writes.Outcome, kind: str, key: str, lang: str) -> None:
    """After a save refused because the record changed meanwhile: open the latest version."""
    if any(p.code == "stale" for p in outcome.problems):
        st.button(
            i18n.t("records.form.reload", lang),
            icon=":material/refresh:",
            key=f"reload:{kind}:{key}",
            on_click=_reload,
            args=(kind, key),
        )


def withdraw_form(kind: str, sel: Selection, key: str, opened_row_id: int) -> None:
    """Withdraw (tombstone) one record from a day on, with a reason; nothing is deleted."""
    lang = sel.lang
    prefix = f"wd:{kind}:{key}:{opened_row_id}"
    with st.form(f"{prefix}:form", enter_to_submit=False):
        top = st.empty()
        st.caption(i18n.t("records.withdraw.help", lang))
        on = st.date_input(
            i18n.t("records.withdraw.on", lang),
            dt.date.today(),
            MIN_DAY,
            MAX_DAY,
            key=f"{prefix}:on",
            format="YYYY-MM-DD",
        )
        reason = st.text_input(i18n.t("records.form.reason", lang) + " *", key=f"{prefix}:reason")
        slot = st.empty()
        submitted = st.form_submit_button(i18n.t("records.withdraw.button", lang))
    if submitted:
        outcome = writes.withdraw(
            engine(),
            kind,
            key,
            actor=current_identity(),
            on=on,
            reason=reason,
            opened_row_id=opened_row_id,
        )
        if outcome.ok:
            finish_write(kind, key, outcome, lang)
        show_problems(outcome, {writes.REASON: slot}, top, lang)
        offer_reload(outcome, kind, key, lang)


def restore_form(kind: str, sel: Selection, version: dict, opened_row_id: int) -> None:
    """Bring one past version back as a new version (the versions in between stay)."""
    lang = sel.lang
    prefix = f"rs:{kind}:{version['key']}:{version['row_id']}:{opened_row_id}"
    with st.form(f"{prefix}:form", enter_to_submit=False):
        top = st.empty()
        on = st.date_input(
            i18n.t("records.restore.on", lang),
            dt.date.today(),
            MIN_DAY,
            MAX_DAY,
            key=f"{prefix}:on",
            format="YYYY-MM-DD",
        )
        reason = st.text_input(
            i18n.t("records.form.reason", lang) + " *",
            i18n.t("records.restore.reason", lang, n=version["version"]),
            key=f"{prefix}:reason",
        )
        slot = st.empty()
        label = i18n.t("records.restore.button", lang, n=version["version"])
        submitted = st.form_submit_button(label, type="primary")
    if submitted:
        outcome = writes.restore(
            engine(),
            kind,
            version,
            actor=current_identity(),
            on=on,
            reason=reason,
            opened_row_id=opened_row_id,
        )
        if outcome.ok:
            finish_write(kind, version["key"], outcome, lang)
        show_problems(outcome, {writes.REASON: slot}, top, lang)
        offer_reload(outcome, kind, version["key"], lang)
