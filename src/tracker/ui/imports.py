"""Streamlit glue for the import page: template downloads, planning an upload with a progress
bar (kept per file in the session), and the confirmed write."""

from __future__ import annotations

import hashlib

import streamlit as st

from .. import i18n
from ..db import kinds, store
from ..imports import plan as plans
from ..imports import records
from .access import current as current_identity
from .state import engine


def template_downloads(kind: str, lang: str) -> None:
    left, right = st.columns(2)
    for column, file_format in ((left, "xlsx"), (right, "csv")):
        column.download_button(
            i18n.t(f"imports.page.template_{file_format}", lang),
            data=lambda f=file_format: records.template(engine(), kind, f, lang=lang),
            file_name=f"{kind}-template.{file_format}",
            icon=":material/download:",
            key=f"template_{kind}_{file_format}",
            width="stretch",
        )


def plan_upload(kind: str, upload, lang: str) -> plans.ImportPlan:
    """The plan of an uploaded file, computed once per file content (a progress bar meanwhile)."""
    data = upload.getvalue()
    token = (kind, hashlib.sha256(data).hexdigest())
    cached = st.session_state.get("_import_plan")
    if cached is not None and cached[0] == token:
        return cached[1]
    bar = st.progress(0.0, text=i18n.t("imports.stage.read", lang))

    def progress(stage: str, fraction: float) -> None:
        base = plans.STAGES.index(stage) / len(plans.STAGES)
        value = min(1.0, base + fraction / len(plans.STAGES))
        bar.progress(value, text=i18n.t(f"imports.stage.{stage}", lang))

    plan = plans.plan_file(engine(), kind, data, upload.name, progress=progress)
    bar.empty()
    st.session_state["_import_plan"] = (token, plan)
    return plan


def confirm(plan: plans.ImportPlan, reason: str, file_name: str, lang: str) -> bool:
    """Write the plan (one transaction) and say what was saved. False when the write path
    refused it after all (someone changed the records since the preview): nothing was saved."""
    try:
        with st.spinner(i18n.t("imports.stage.write", lang)):
            result = plans.apply_plan(
                engine(),
                plan,
                actor=current_identity(),
                by="import page",
                reason=reason or i18n.t("imports.cli.default_reason", lang, file=file_name),
            )
    except store.ValidationError as exc:
        st.session_state.pop("_import_plan", None)
        st.error(i18n.t("imports.page.refused_on_save", lang, count=len(exc.problems)))
        for message in exc.messages(lang)[:50]:
            st.markdown(f"- {message}", unsafe_allow_html=False)
        return False
    st.session_state.pop("_import_plan", None)
    st.session_state["_import_done"] = i18n.t(
        "imports.page.saved",
        lang,
        kind=kinds.kind_label(plan.kind, lang),
        written=result.written,
        change=result.change_id or "-",
    )
    return True


def pop_saved_message() -> str | None:
    return st.session_state.pop("_import_done", None)
