"""Users and audit (administrators): accounts and roles, sign-ins and failed attempts, account
and data changes. New accounts and passwords are made on the server's command line."""

import streamlit as st

from tracker.access import audit, users
from tracker.access import view as access_view
from tracker.ui import access, engine, selection


def log(frame) -> None:
    """A log as a table; an empty one says so (the grid alone writes an English "empty")."""
    if frame.empty:
        st.caption(sel.t("admin.nothing_yet"))
    else:
        st.dataframe(access_view.labelled(frame, sel.lang), hide_index=True, placeholder="—")


who = access.require("admin")
sel = selection()
st.title(sel.t("admin.title"))
db = engine()

st.header(sel.t("admin.users"))
accounts = users.listing(db, actor=who)
if accounts.empty:
    st.info(sel.t("admin.no_users"))
else:
    st.dataframe(access_view.labelled(accounts, sel.lang), hide_index=True, placeholder="—")
    with st.form("role_change"):
        st.subheader(sel.t("admin.role_change"))
        name = st.selectbox(sel.t("admin.user"), list(accounts["name"]), key="admin_user")
        choices = access_view.role_choices(sel.lang)
        role = st.segmented_control(
            sel.t("admin.role"), list(choices), format_func=choices.get, default="viewer"
        )
        left, middle, right = st.columns(3)
        save = left.form_submit_button(sel.t("admin.apply_role"), type="primary")
        disable = middle.form_submit_button(sel.t("admin.disable"))
        enable = right.form_submit_button(sel.t("admin.enable"))
    if save or disable or enable:
        change = users.set_role if save else users.disable if disable else users.enable
        extra = {"role": role or "viewer"} if save else {}
        try:
            change(db, name, actor=who, **extra)
            st.success(sel.t("admin.done", name=name))
        except users.AccountError as refused:
            st.error(sel.t(f"admin.error.{refused.code}"))
st.caption(sel.t("admin.cli_hint"))

st.header(sel.t("admin.sign_ins"))
failed_only = st.toggle(sel.t("admin.failed_only"), key="admin_failed_only")
log(audit.sign_ins(db, actor=who, failed_only=failed_only))

st.header(sel.t("admin.account_changes"))
log(audit.account_changes(db, actor=who))

st.header(sel.t("admin.data_changes"))
log(audit.data_changes(db, actor=who))
