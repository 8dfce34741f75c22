"""AppTest and Chromium checks for the Schedule and Committee pages on the bundled data."""

import datetime as dt
import json
import re

import pytest
from browser import error_texts, wait_for_page
from conftest import ROOT
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest


def open_page(path: str, *, lang: str = "ko", as_of: str | None = None) -> AppTest:
    """The page with the sidebar set (query parameters do not survive ``switch_page``)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state["lang"] = lang
    if as_of:
        at.session_state["as_of"] = dt.date.fromisoformat(as_of)
    at.switch_page(path).run()  # the page's own first run
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str):
    """The first dataframe on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def figure(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def test_schedule_shows_the_slip_and_filters_by_state(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/schedule.py", as_of="2026-01-01")
    spec = json.dumps(figure(at), ensure_ascii=False)
    assert "+11개월 지연" in spec and "계획(기준)" in spec
    assert "공사 중단 기간" not in spec  # halt and resumption first reported together
    table = at.dataframe[-1].value
    assert len(table) == 11
    # nothing late: the design start has no sourced date, but construction (which depends on
    # it) began in 2021, so it is "done, date unknown", not "+77 months late"
    assert len(at.dataframe) == 1
    design = table[table["이정표"] == "건축 기본 및 실시설계 착수"].iloc[0]
    assert design["상태"] == "완료 (일자 미확인)" and design["지연"] == "—"
    at.multiselect(key="sch_states").set_value(["done"]).run()
    assert not at.exception
    assert len(at.dataframe[-1].value) == 8  # 11 less 2 done-date-unknown, 1 unscheduled
    assert "건축 기본 및 실시설계 착수" not in json.dumps(figure(at), ensure_ascii=False)


def test_schedule_in_english(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/schedule.py", lang="en", as_of="2024-06-15")
    assert at.title[0].value == "Schedule"
    spec = json.dumps(figure(at))
    assert "+11 mo late" in spec
    # the halt of May 2024 was first reported on 2024-09-23: not known yet on 2024-06-15
    assert "stopped since" not in spec
    table = at.dataframe[-1].value
    assert "Startup and testbed building construction" not in set(table["Milestone"])
    assert "Done, date unknown" in set(table["Status"])


def test_committee_since_the_last_meeting_and_records(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/committee.py", as_of="2026-01-01")
    assert any("하나뿐" in c.value for c in at.caption)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["집행액 변화"] == "미등록"
    assert metrics["이정표 달성"] == "7"
    # 349 (Dec 2025) less the 1 MOU reported by 2020-04-27 (IEEE; the others' reports are
    # undated or later)
    assert metrics["업무협약(MOU) 증가"] == "+348"
    assert "과제 미등록" in json.dumps(figure(at), ensure_ascii=False)  # the strategy tree
    assert any("세부 추진과제가 아직 등록되지 않았습니다" in i.value for i in at.info)
    at.date_input(key="chg_start").set_value(dt.date(2024, 4, 1))
    at.date_input(key="chg_end").set_value(dt.date(2024, 10, 1)).run()
    assert not at.exception
    changes = table_with(at, "구분")
    # the May 2024 total (visible from 2024-05-31); the halt/resumption has a single version
    assert list(changes["구분"]) == ["사업계획·총사업비 발표"]


def test_committee_in_english_highlights_overdue_actions(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page("pages/committee.py", lang="en", as_of="2026-01-01")
    assert at.title[0].value == "Committee"
    assert any("1 overdue" in m.value for m in at.markdown)
    actions = table_with(at, "Owner")
    assert "overdue 2,041 days" in set(actions["Status"])


@pytest.mark.browser
def test_the_gantt_is_drawn_with_baseline_and_actual_items(
    served_app, browser_page_factory, screenshot_on_failure
):
    page = browser_page_factory()
    screenshot_on_failure(page)
    page.goto(f"{served_app}/schedule?as_of=2026-01-01")
    wait_for_page(page)
    plot = page.locator(".js-plotly-plot").first
    expect(plot).to_be_visible(timeout=60_000)
    expect(plot.locator(".legendtext", has_text="계획(기준)")).to_have_count(1)
    expect(plot.locator(".legendtext", has_text=re.compile("^완료$"))).to_have_count(1)
    expect(plot.locator("text", has_text="+11개월 지연").first).to_be_visible()
    # bars (baseline bands, slip and stoppage) and points (actual markers) are really drawn
    assert plot.locator("g.barlayer path").count() >= 5
    # 11 milestones known on 2026-01-01; the building works and the vision declaration (done,
    # date unknown) have no date to place a marker on
    assert plot.locator("g.scatterlayer path.point").count() >= 9
    assert error_texts(page) == []
    page.goto(f"{served_app}/committee?lang=en")
    wait_for_page(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Since the last meeting", timeout=60_000)
    expect(main).to_contain_text("only one meeting is recorded")
    assert error_texts(page) == []
    page.close()
