"""Shared sidebar state (kept in the URL) and cached reads."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from .. import config, frames, i18n, money
from ..db import backend, migrate, queries, store


@dataclass(frozen=True)
class Selection:
    initiative_key: str | None
    initiative_name: str
    as_of: dt.date
    lang: str
    unit: str
    initiative_count: int = 0
    recorded_on: dt.date | None = None  # "as recorded on": None is now

    def t(self, key: str, /, **fields: object) -> str:
        return i18n.t(key, self.lang, **fields)

    def money(self, won, **kwargs) -> str:
        return money.format_krw(won, self.unit, self.lang, **kwargs)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = backend.make_engine(url)
    store.create_schema(engine)
    return engine


def engine() -> Engine:
    try:
        return _engine(config.settings().database_url)
    except (migrate.NeedsMigrationError, migrate.SchemaTooNewError) as exc:
        kind = "newer" if isinstance(exc, migrate.SchemaTooNewError) else "older"
        lang = i18n.DEFAULT_LANGUAGE  # before the sidebar: the language is not chosen yet
        st.error(i18n.t(f"app.schema_{kind}", lang) + f"\n\n{exc.message(lang)}")
        st.stop()


@st.cache_data(show_spinner=False, ttl=2)
def _data_version(url: str) -> int:
    return queries.data_version(_engine(url))


def data_changed() -> None:
    """After a write: the next read sees the new data version at once (not after the TTL)."""
    _data_version.clear()


RECORDED_ON = "recorded_on"  # the sidebar widget's key and the URL parameter


def recorded_point() -> dt.date | None:
    """The sidebar's "as recorded on" day (None: as recorded now)."""
    value = st.session_state.get(RECORDED_ON)
    return value if isinstance(value, dt.date) else None


def _run(qualified: str, url: str, recorded: dt.date | None, args: tuple, kwargs: tuple):
    module_name, _, name = qualified.rpartition(".")
    fn = getattr(importlib.import_module(module_name), name)
    with queries.recorded_on(recorded):
        return fn(_engine(url), *args, **dict(kwargs))


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_call(
    qualified: str, url: str, version: int, recorded: dt.date | None, args: tuple, kwargs: tuple
):
    return _run(qualified, url, recorded, args, kwargs)


def call(fn, *args, **kwargs):
    """``fn(engine, *args, **kwargs)`` as recorded on the sidebar's day, cached until the data
    changes (any write bumps the version; the recorded-on day is part of the key)."""
    url = config.settings().database_url
    return _cached_call(
        f"{fn.__module__}.{fn.__qualname__}",
        url,
        _data_version(url),
        recorded_point(),
        args,
        tuple(sorted(kwargs.items())),
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached_chart(
    qualified: str, url: str, version: int, recorded: dt.date | None, args: tuple, kwargs: tuple
):
    return _run(qualified, url, recorded, args, kwargs)


def chart(fn, *args, **kwargs):
    """Like :func:`call`, for builders that return figures (a ``ChartResult``).

    Kept as objects rather than pickled copies: un-pickling a plotly figure re-validates it and
    costs about as much as building it again. Figures are never changed after building (exports
    work on copies), so sessions can share them.
    """
    url = config.settings().database_url
    return _cached_chart(
        f"{fn.__module__}.{fn.__qualname__}",
        url,
        _data_version(url),
        recorded_point(),
        args,
        tuple(sorted(kwargs.items())),
    )


def forget_figures() -> None:
    """Drop every kept figure (benchmarks time a visit right after the data changed)."""
    _cached_chart.clear()
    _cached_figure.clear()


@st.cache_resource(show_spinner=False, max_entries=256)
def _cached_figure(qualified: str, args: tuple, kwargs: tuple):
    module_name, _, name = qualified.rpartition(".")
    return getattr(importlib.import_module(module_name), name)(*args, **dict(kwargs))


def cached_figure(builder, *args, **kwargs):
    """A pure figure builder's result, cached on its inputs (DataFrames are hashed by content) and
    kept as an object, like :func:`chart`'s."""
    return _cached_figure(
        f"{builder.__module__}.{builder.__qualname__}", args, tuple(sorted(kwargs.items()))
    )


_LANG_NAMES = {"ko": "한국어", "en": "English"}


def _from_url(key: str, default, parse):
    """Seed a widget's state from the URL once per session (a shared link reproduces the view)."""
    if key not in st.session_state:
        raw = st.query_params.get(key)
        try:
            value = parse(raw) if raw not in (None, "") else None
        except ValueError:
            value = None
        st.session_state[key] = default if value is None else value


def _to_url(key: str, text: str | None) -> None:
    """Write the current value back as a readable code (``?lang=en&unit=eok&as_of=2021-06-01``)."""
    if text is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != text:
        st.query_params[key] = text


def url_choice(key: str, options, default=None) -> None:
    """Seed a chooser's state from ``?key=`` (a raw value among ``options``) before drawing it:
    on the first run, and whenever the URL names a value this session did not write there (a
    link followed). :func:`keep_in_url` writes the chosen value back (links name values)."""
    options = list(options)
    fallback = default if default in options else (options[0] if options else None)
    raw = st.query_params.get(key)
    followed = raw in options and raw != st.session_state.get(f"_url:{key}")
    if followed or key not in st.session_state:
        st.session_state[key] = raw if raw in options else fallback
    elif st.session_state[key] not in options:
        st.session_state[key] = fallback


def keep_in_url(key: str, value) -> None:
    text = None if value is None else str(value)
    st.session_state[f"_url:{key}"] = text
    _to_url(key, text)


def _past_day(raw: str) -> dt.date:
    day = dt.date.fromisoformat(raw)
    if not dt.date(2000, 1, 1) <= day <= dt.date.today():
        raise ValueError(f"{raw} is not a past day")
    return day


def _day_between(first: dt.date, last: dt.date):
    """A parser for a day the date chooser accepts (outside its range Streamlit would raise)."""

    def parse(raw: str) -> dt.date:
        day = dt.date.fromisoformat(raw)
        if not first <= day <= last:
            raise ValueError(f"{raw} is outside {first}..{last}")
        return day

    return parse


def _choice(options):
    return lambda raw: raw if raw in options else None


def initiative_order(frame, preferred: str | None) -> list[str]:
    """The chooser's order: the deployment's own programme (else the most documented) first, then
    the rest grouped by region (KOSTAT code order) and name."""
    if frame.empty:
        return []
    first = preferred if preferred in set(frame["key"]) else frame["key"].iloc[0]
    rest = frame[frame["key"] != first].sort_values(
        ["kostat_code", "name_ko", "key"], kind="stable"
    )
    return [first, *rest["key"]]


def initiative_labels(frame, lang: str) -> dict[str, str]:
    """ "Region · initiative" when the initiatives span more than one region (typing filters)."""
    several = frame["region_key"].nunique() > 1 if not frame.empty else False
    labels = {}
    for row in frames.records(frame):
        name = i18n.pick(row, "name", lang)
        region = i18n.pick({"name_ko": row["region_ko"], "name_en": row["region_en"]}, "name", lang)
        labels[row["key"]] = f"{region} · {name}" if several and region else name
    return labels


def sidebar() -> Selection:
    """Draw the shared controls; their values live in the URL so a link reproduces the view."""
    today = dt.date.today()
    engine()  # a database from another schema revision stops here with what to do
    with st.sidebar:
        _from_url("lang", i18n.DEFAULT_LANGUAGE, _choice(i18n.LANGUAGES))
        lang = (
            st.segmented_control(
                "언어 · Language",
                i18n.LANGUAGES,
                format_func=_LANG_NAMES.get,
                key="lang",
                required=True,
            )
            or i18n.DEFAULT_LANGUAGE
        )
        _from_url(RECORDED_ON, None, _past_day)  # read before the first query
        if call(queries.is_synthetic):
            st.warning(i18n.t("app.synthetic_badge", lang), icon=":material/science:")
        frame = call(queries.initiatives, today)
        names = {row.key: i18n.pick(row._asdict(), "name", lang) for row in frame.itertuples()}
        labels = initiative_labels(frame, lang)
        initiative_key = None
        if names:
            keys = initiative_order(frame, config.settings().default_initiative)
            _from_url("initiative", keys[0], _choice(keys))
            if st.session_state["initiative"] not in keys:  # withdrawn since the link was made
                st.session_state["initiative"] = keys[0]
            initiative_key = st.selectbox(
                i18n.t("sidebar.initiative", lang),
                keys,
                format_func=labels.get,
                key="initiative",
                help=i18n.t("sidebar.initiative_help", lang),
            )
        else:
            st.caption(i18n.t("sidebar.no_initiatives", lang))
        first_day, last_day = dt.date(2000, 1, 1), today + dt.timedelta(days=365 * 10)
        _from_url("as_of", today, _day_between(first_day, last_day))
        as_of = (
            st.date_input(
                i18n.t("sidebar.as_of", lang),
                min_value=first_day,
                max_value=last_day,
                key="as_of",
                help=i18n.t("sidebar.as_of_help", lang),
                format="YYYY-MM-DD",
            )
            or today
        )
        recorded = st.date_input(
            i18n.t("sidebar.recorded_on", lang),
            min_value=dt.date(2000, 1, 1),
            max_value=today,
            key=RECORDED_ON,
            help=i18n.t("sidebar.recorded_on_help", lang),
            format="YYYY-MM-DD",
        )
        if recorded is not None:
            st.caption(i18n.t("sidebar.recorded_on_note", lang, date=recorded.isoformat()))
        _from_url("unit", "eok", _choice(money.UNIT_CHOICES))
        unit = st.selectbox(
            i18n.t("sidebar.unit", lang),
            money.UNIT_CHOICES,
            format_func=lambda u: i18n.t(f"unit.{u}", lang),
            key="unit",
        )
    _to_url("lang", None if lang == i18n.DEFAULT_LANGUAGE else lang)
    _to_url("initiative", initiative_key)
    _to_url("as_of", None if as_of == today else as_of.isoformat())
    _to_url("unit", None if unit == "eok" else unit)
    _to_url(RECORDED_ON, recorded.isoformat() if recorded else None)
    selected = Selection(
        initiative_key=initiative_key,
        initiative_name=names.get(initiative_key, "") if initiative_key else "",
        as_of=as_of,
        lang=lang,
        unit=unit or "eok",
        initiative_count=len(names),
        recorded_on=recorded,
    )
    st.session_state["_selection"] = selected
    return selected


def selection() -> Selection:
    """The selection drawn by ``dashboard.py``'s sidebar on this run."""
    selected = st.session_state.get("_selection")
    if selected is None:  # the page runs without the router (AppTest reruns do): draw it here
        selected = sidebar()
        forget_selection()  # and keep it for this run only, like the router does
    return selected


def forget_selection() -> None:
    """Called by the router after the page: a later run must not see this run's selection."""
    st.session_state.pop("_selection", None)


def open_initiative_on_select(table_key: str, keys: list[str]):
    """A dataframe ``on_select`` callback: the chosen row's initiative becomes the sidebar's
    initiative and the Overview opens (the callback runs before the sidebar is drawn again)."""

    def callback() -> None:
        rows = st.session_state[table_key].selection.rows
        if rows and 0 <= rows[0] < len(keys):
            st.session_state["initiative"] = keys[rows[0]]
            st.session_state["_open_overview"] = True

    return callback


def follow_open_overview() -> None:
    """Called by the portfolio page first: switch to the Overview after a row was chosen, keeping
    the shared view (language, initiative, dates, unit) in the URL."""
    if st.session_state.pop("_open_overview", False):
        keep = {k: v for k, v in st.query_params.to_dict().items() if not k.startswith("p_")}
        st.switch_page("pages/overview.py", query_params=keep)


def follow_click(key: str, clicked: str | None, options) -> None:
    """Before the selectbox ``key`` is drawn: a new click on a chart (``clicked``, the chosen
    item's key) moves the selectbox to it; a click already followed does not, so that a choice
    made in the list since stays. A value no longer among ``options`` is cleared."""
    seen = f"_{key}_clicked"
    if clicked != st.session_state.get(seen):
        st.session_state[seen] = clicked
        if clicked is not None:
            st.session_state[key] = clicked
    if st.session_state.get(key, "") not in ("", *options):
        st.session_state[key] = ""
