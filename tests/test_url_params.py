"""URL query parameters: each one a link can carry changes what the user sees, and a value that
is wrong (a typo, a day that does not exist, a day outside the allowed range) falls back to the
default instead of breaking the page. Expected figures come from data/*.csv: the Gwangju AI
cluster's first plan is 4,116억원 (411,600백만원); on the presentation page the pack is a title
slide, the key figures, one slide per chart and the sources."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

GJ = "gj-ai-cluster-phase1"
FIRST_PLAN = "총사업비 (최초 계획)"


def open_app(params: dict[str, str], page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update(params)
    if page:
        at.switch_page(page)  # a deep link: the page's own first run, with the URL's parameters
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# --- lang, unit, initiative, as_of, recorded_on ------------------------------------------------


def test_an_unknown_language_falls_back_to_korean(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_app({"lang": "fr", "initiative": GJ})
    assert at.title[0].value == "개요"
    assert metric(at, FIRST_PLAN) == "4,116억원"
    assert "lang" not in at.query_params  # the default is not written back


def test_an_unknown_unit_falls_back_to_eok_and_a_known_one_is_used(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    assert metric(open_app({"unit": "dollars", "initiative": GJ}), FIRST_PLAN) == "4,116억원"
    assert metric(open_app({"unit": "million", "initiative": GJ}), FIRST_PLAN) == "411,600백만원"


def test_an_initiative_named_in_the_link_is_shown(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_app({"initiative": "daegu-ai-hub"})
    assert at.sidebar.selectbox(key="initiative").value == "daegu-ai-hub"
    assert at.query_params["initiative"] == "daegu-ai-hub"


def test_an_unknown_initiative_falls_back_to_the_first(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_app({"initiative": "no-such-programme"})
    # the first in the chooser: the initiative with the most milestones (Gwangju)
    assert at.sidebar.selectbox(key="initiative").value == GJ
    assert at.query_params["initiative"] == GJ


@pytest.mark.parametrize("raw", ["2021-02-30", "yesterday", "1999-12-31", "2099-01-01"])
def test_an_impossible_or_out_of_range_as_of_falls_back_to_today(app_env, bundled_db_file, raw):
    # 30 February does not exist; 1999-12-31 is before the chooser's first day (2000-01-01);
    # 2099 is after its last (ten years ahead): none may break the page
    app_env("bundled", bundled_db_file)
    at = open_app({"as_of": raw, "initiative": GJ})
    assert at.sidebar.date_input(key="as_of").value == dt.date.today()
    assert "as_of" not in at.query_params


def test_the_as_of_range_ends_are_accepted(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_app({"as_of": "2000-01-01", "initiative": GJ})
    assert at.sidebar.date_input(key="as_of").value == dt.date(2000, 1, 1)
    assert at.query_params["as_of"] == "2000-01-01"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("2000-01-01", dt.date(2000, 1, 1)),  # the first day accepted
        ("1999-12-31", None),  # the day before
        (dt.date.today().isoformat(), dt.date.today()),  # today: the latest record
        ((dt.date.today() + dt.timedelta(days=1)).isoformat(), None),  # tomorrow: not yet
        ("2024-13-01", None),
    ],
)
def test_recorded_on_takes_only_a_past_day(app_env, bundled_db_file, raw, kept):
    app_env("bundled", bundled_db_file)
    at = open_app({"recorded_on": raw, "initiative": GJ})
    assert at.sidebar.date_input(key="recorded_on").value == kept
    assert at.query_params.get("recorded_on") == (kept.isoformat() if kept else None)


# --- data tables: t_kind ------------------------------------------------------------------------


def test_the_table_editor_opens_on_the_kind_in_the_link(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_app({"t_kind": "regions"}, "pages/data_tables.py")
    assert at.selectbox(key="t_kind").value == "regions"
    assert at.query_params["t_kind"] == "regions"


def test_the_table_editor_ignores_an_unknown_kind(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_app({"t_kind": "budgets"}, "pages/data_tables.py")
    assert at.selectbox(key="t_kind").value == "budget_lines"  # the page's default


# --- presentation: slide, charts, empty ---------------------------------------------------------

TWO = "overview.plan_totals,budget.s_curve"  # the S-curve is empty: no sourced spending


def position(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "text-align:center" in m.value)


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        # title, key figures, 2 charts, sources = 5 slides; slide 99 is clamped to the last
        ({"slide": "99", "charts": TWO}, "5 / 5"),
        # empty=0 leaves the empty S-curve out: 4 slides
        ({"slide": "99", "charts": TWO, "empty": "0"}, "4 / 4"),
        # slide 0 and a non-number are the first slide
        ({"slide": "0", "charts": TWO}, "1 / 5"),
        ({"slide": "two", "charts": TWO}, "1 / 5"),
        # an unknown chart key is dropped: one chart, 4 slides
        ({"slide": "3", "charts": "overview.plan_totals,no.such_chart"}, "3 / 4"),
    ],
)
def test_presentation_follows_slide_charts_and_empty(app_env, bundled_db_file, params, shown):
    app_env("bundled", bundled_db_file)
    at = open_app({"as_of": "2025-12-31", "initiative": GJ, **params}, "pages/present.py")
    assert f">{shown}</div>" in position(at)
