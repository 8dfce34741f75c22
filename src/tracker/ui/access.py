"""The sign-in guard: who is using this session, the sign-in screen, sign-out, page guards.

Pages call one function at the top::

    who = access.require("editor")   # draws a refusal and stops the page unless editor or admin

and pass ``actor=who`` to every write (``store.apply``, users, import, restore), which refuses a
write without the role whatever the page shows. The router (``dashboard.py``) calls
:func:`current` before drawing anything: ``None`` means the sign-in screen is all there is.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st
from sqlalchemy import Engine

from .. import config, i18n
from ..access import modes, sessions, signin, sso
from ..access.roles import Identity, Role
from ..db import backend, store

SESSION_KEY = "_access"  # {"identity": Identity, "last_seen": datetime}
FLASH_KEY = "_access_flash"  # an i18n key to show once on the sign-in screen (e.g. expired)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = backend.make_engine(url)
    store.create_schema(engine)
    return engine


def engine() -> Engine:
    """The access tables' engine (its own, so that ``ui.state`` may ask this module first)."""
    return _engine(config.settings().database_url)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def client() -> str:
    """The browser's address as the server sees it ("local" on localhost; a proxy's address
    behind one, which is why the client limit is higher than the account limit)."""
    try:
        address = st.context.ip_address
    except Exception:  # no browser connection (bare script run)
        address = None
    return address if isinstance(address, str) and address else "local"


def _secrets_table(name: str) -> dict:
    try:
        return dict(st.secrets.get(name) or {})
    except Exception:  # no secrets.toml at all
        return {}


def sso_configured() -> bool:
    """Single sign-on is on when ``.streamlit/secrets.toml`` has an ``[auth]`` table."""
    return bool(_secrets_table("auth"))


def sso_mapping() -> dict:
    roles = _secrets_table("tracker").get("roles") or {}
    return dict(roles)


def _sso_identity() -> Identity | None:
    if not sso_configured():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        claims = st.user.to_dict()
    except Exception:
        return None
    return sso.identity_for(claims, sso_mapping())


def _end(outcome: str, identity: Identity) -> None:
    signin.record(
        engine(),
        identity.name,
        client(),
        ok=True,
        outcome=outcome,
        method="sso" if identity.via == "sso" else "password",
        now=_now(),
    )
    st.session_state.pop(SESSION_KEY, None)


def _signed_in() -> Identity | None:
    """The identity kept for this session, unless it was idle too long or lost its account."""
    kept = st.session_state.get(SESSION_KEY)
    if kept is None:
        identity = _sso_identity()
        if identity is None:
            return None
        kept = st.session_state[SESSION_KEY] = {"identity": identity, "last_seen": _now()}
        signin.record(
            engine(), identity.name, client(), ok=identity.role is not None,
            outcome="ok" if identity.role else "no_role", method="sso", now=_now(),
        )  # fmt: skip
    now = _now()
    if sessions.is_expired(kept["last_seen"], now, sessions.idle_limit()):
        _end("expired", kept["identity"])
        st.session_state[FLASH_KEY] = "access.signin.expired"
        if kept["identity"].via == "sso":
            st.logout()
        return None
    identity = signin.still_allowed(engine(), kept["identity"])
    if identity is None:
        st.session_state.pop(SESSION_KEY, None)
        return None
    kept.update(identity=identity, last_seen=now)
    return identity


def current() -> Identity | None:
    """Who uses this session: the signed-in person; else the local administrator (local mode),
    an anonymous viewer (public mode); else None (sign in first)."""
    identity = _signed_in()
    if identity is not None:
        return identity
    mode = modes.mode(engine(), sso=sso_configured())
    if mode == "local":
        return modes.local_identity()
    if mode == "public":
        from ..access.roles import anonymous

        return anonymous()
    return None


def mode() -> str:
    return modes.mode(engine(), sso=sso_configured())


def url_lang() -> str:
    lang = st.query_params.get("lang")
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _lang() -> str:
    selected = st.session_state.get("_selection")
    if selected is not None:
        return selected.lang
    lang = st.session_state.get("lang") or st.query_params.get("lang")
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def require(role: str = "viewer") -> Identity:
    """The current identity if it holds ``role`` (viewer, editor or admin); otherwise a refusal
    is drawn and the page stops here. Call it first thing in a page."""
    needed = Role.parse(role)
    identity = current()
    if identity is None:  # nobody signed in (and sign-in is on): sign in first
        sign_in_screen()
        st.stop()
    if identity.role is None or identity.role < needed:
        lang = _lang()
        st.title(i18n.t("access.refused.title", lang))
        name = i18n.t("access.via.anonymous", lang) if identity.is_anonymous else identity.name
        role_name = i18n.t(f"access.role.{needed.code}", lang)
        st.error(i18n.t("access.refused.page", lang, name=name, role=role_name))
        st.stop()
    return identity


def _fragment_rerun() -> bool:
    """True while Streamlit reruns one fragment alone (not the whole app)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and getattr(ctx, "fragment_ids_this_run", None))


def checked_fragment(fn):
    """``st.fragment`` for the part of a page that a filter reruns alone. Such a rerun skips the
    router and its sign-in check, so the part checks the session itself: when the account was
    disabled or removed, or the session expired, since the page was drawn, the whole app runs
    again and its router asks to sign in."""

    @functools.wraps(fn)
    def checked(*args, **kwargs):
        if _fragment_rerun():
            identity = current()
            if identity is None or identity.role is None:
                st.rerun(scope="app")
        return fn(*args, **kwargs)

    return st.fragment(checked)


def _sign_in(name_key: str, password_key: str) -> None:
    """Form callback: check the password, keep the identity for this session."""
    name = st.session_state.get(name_key, "")
    password = st.session_state.get(password_key, "")
    st.session_state[password_key] = ""  # never kept in the session after the attempt
    try:
        identity = signin.authenticate(engine(), name, password, client=client(), now=_now())
    except signin.SignInRefused as refused:
        st.session_state["_access_error"] = refused
        return
    st.session_state.pop("_access_error", None)
    st.session_state[SESSION_KEY] = {"identity": identity, "last_seen": _now()}


def sign_in_page() -> None:
    """``pages/sign_in.py``: the screen, or the home page for someone already signed in."""
    identity = current()
    if identity is not None and identity.via in ("password", "sso"):
        st.switch_page(f"pages/{config.settings().home}.py")
    sign_in_screen()


def sign_in_screen() -> None:
    """The sign-in page body: language, password form (when accounts exist), SSO button."""
    # No widget key: the default follows the URL, so a language chosen here survives the rerun
    # of a sign-in attempt and carries on into the dashboard's own sidebar (?lang=en).
    lang = (
        st.segmented_control(
            "언어 · Language",
            i18n.LANGUAGES,
            format_func={"ko": "한국어", "en": "English"}.get,
            default=url_lang(),
            required=True,
        )
        or i18n.DEFAULT_LANGUAGE
    )
    if lang != url_lang():
        if lang == i18n.DEFAULT_LANGUAGE:
            del st.query_params["lang"]
        else:
            st.query_params["lang"] = lang
    st.title(i18n.t("access.signin.title", lang))
    public = config.settings().public
    st.write(i18n.t("access.signin.intro_public" if public else "access.signin.intro", lang))
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.info(i18n.t(flash, lang))
    error = st.session_state.pop("_access_error", None)
    if error is not None:
        st.error(error.message(lang))
    form_column, _ = st.columns([1, 1])
    with form_column, st.form("sign_in", clear_on_submit=False, enter_to_submit=True):
        st.text_input(
            i18n.t("access.signin.name", lang),
            key="signin_name",
            max_chars=120,
            autocomplete="username",
        )
        st.text_input(
            i18n.t("access.signin.password", lang),
            type="password",
            key="signin_password",
            max_chars=200,
            autocomplete="current-password",
        )
        st.form_submit_button(
            i18n.t("access.signin.submit", lang),
            type="primary",
            on_click=_sign_in,
            args=("signin_name", "signin_password"),
        )
    if sso_configured():
        st.caption(i18n.t("access.signin.or", lang))
        st.button(i18n.t("access.signin.sso", lang), on_click=st.login, icon=":material/key:")


def _sign_out() -> None:
    kept = st.session_state.get(SESSION_KEY)
    if kept is not None:
        _end("signed_out", kept["identity"])
        if kept["identity"].via == "sso":
            st.logout()


def sidebar_status(identity: Identity) -> None:
    """Who is signed in and a sign-out button; or the local-mode / public-mode label. Drawn
    before the shared controls, right under the navigation, so that it is seen."""
    lang = _lang()
    with st.sidebar:
        if identity.via == "local":
            st.warning(
                i18n.t("access.sidebar.local", lang, name=identity.name),
                icon=":material/person:",
            )
            st.divider()
            return
        if identity.is_anonymous:
            st.caption(i18n.t("access.sidebar.public", lang))
            st.page_link(
                "pages/sign_in.py",
                label=i18n.t("access.sidebar.sign_in", lang),
                icon=":material/login:",
            )
            st.divider()
            return
        st.caption(i18n.t("access.sidebar.signed_in", lang, who=identity.label(lang)))
        st.button(
            i18n.t("access.sidebar.sign_out", lang),
            on_click=_sign_out,
            icon=":material/logout:",
            key="sign_out",
        )
        st.divider()
