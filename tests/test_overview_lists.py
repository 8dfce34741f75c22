"""The Overview's "next milestones" (overdue first, then the soonest due) and "recent events"
lists on the hand-made programme (tests/fixtures.py build_hand), read on 15 July 2021 with three
more milestones: one due tomorrow, one whose forecast moved past its baseline, one reached
yesterday. Every expected row is worked out by hand below."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from fixtures import build_hand
from streamlit.testing.v1 import AppTest

from tracker.access import roles
from tracker.db import backend, queries, store
from tracker.db.store import Write

AS_OF = dt.date(2021, 7, 15)


def extra_milestones() -> list[Write]:
    base = {"initiative_key": "hand", "project_key": "hand-p1", "source_key": "src-hand"}
    rows = (
        # due tomorrow, not started: on track, listed after the ones due today
        ("m7", dt.date(2021, 7, 16), None, "planned", None),
        # baseline a week ago, forecast 1 August: not yet due by its forecast, at risk; sorted by
        # the forecast (a sort on the baseline would put it first, before the late m3)
        ("m8", dt.date(2021, 7, 8), dt.date(2021, 8, 1), "in_progress", None),
        # reached yesterday: done, so not in the next list, and the newest-but-one event
        ("m9", dt.date(2021, 7, 20), None, "done", dt.date(2021, 7, 14)),
    )
    writes = []
    for key, baseline, forecast, status, actual in rows:
        values = base | {
            "name_ko": f"이정표 {key}",
            "name_en": f"Milestone {key}",
            "baseline_date": baseline,
            "forecast_date": forecast,
            "actual_date": actual,
            "status": status,
        }
        writes.append(Write("milestones", f"hand-{key}", values, actual or dt.date(2021, 1, 1)))
    return writes


@pytest.fixture
def lists_db(app_env):
    engine = backend.make_engine(app_env("empty"))
    store.create_schema(engine)
    build_hand(engine)
    store.apply(
        engine, extra_milestones(), by="tests", actor=roles.operator("tests"), reason="due dates"
    )
    yield engine
    engine.dispose()


def test_next_milestones_put_the_overdue_first_then_the_soonest(lists_db):
    frame = queries.next_milestones(lists_db, "hand", AS_OF)
    # open: m3 late (due 14 Jul, under way), m2 due today (on track: today is not late), m7 due
    # tomorrow, m8 at risk (forecast 1 Aug), m4 (13 Oct), m5 (14 Oct). Five at most: m5 drops.
    # m1 and m9 are done, m6 (due 30 Jun, no record) is "actual not recorded": not open.
    assert frame["key"].tolist() == ["hand-m3", "hand-m2", "hand-m7", "hand-m8", "hand-m4"]
    assert frame["state"].tolist() == ["late", "on_track", "on_track", "at_risk", "on_track"]


def test_a_milestone_due_today_turns_late_the_next_day_only_when_under_way(lists_db):
    # on 16 July, m2 (due 15 July, planned) is past due without a record: not recorded, gone
    # from the list; m7 is due that day and stays on track; m3 is still late
    frame = queries.next_milestones(lists_db, "hand", AS_OF + dt.timedelta(days=1))
    assert frame["key"].tolist() == ["hand-m3", "hand-m7", "hand-m8", "hand-m4", "hand-m5"]


def test_recent_events_newest_first_up_to_the_as_of_day(lists_db):
    frame = queries.recent_events(lists_db, "hand", AS_OF)
    # MOU with 기업1 signed on the as-of day (counted), m9 reached yesterday, the revised plan of
    # 1 June, m1 reached 20 March, the MOU with 기업0 of 1 February, the base plan of 1 January.
    # The MOU signed 16 July (tomorrow) is not yet an event.
    assert list(zip(frame["event_date"], frame["kind"], frame["name_ko"], strict=True)) == [
        (dt.date(2021, 7, 15), "agreement", "기업1"),
        (dt.date(2021, 7, 14), "milestone", "이정표 m9"),
        (dt.date(2021, 6, 1), "plan", "수정계획"),
        (dt.date(2021, 3, 20), "milestone", "이정표 m1"),
        (dt.date(2021, 2, 1), "agreement", "기업0"),
        (dt.date(2021, 1, 1), "plan", "기본계획"),
    ]


def open_overview(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params.update({"as_of": AS_OF.isoformat(), "initiative": "hand", "lang": lang})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_overview_page_shows_both_lists_in_korean(lists_db):
    at = open_overview("ko")
    upcoming, events = at.dataframe[0].value, at.dataframe[1].value
    assert upcoming.to_dict("list") == {
        "항목": ["이정표 m3", "이정표 m2", "이정표 m7", "이정표 m8", "이정표 m4"],
        "세부사업": ["연구"] * 5,
        "예정일": ["2021-07-14", "2021-07-15", "2021-07-16", "2021-08-01", "2021-10-13"],
        "상태": ["지연", "정상", "정상", "지연 우려", "정상"],
    }
    assert events["항목"].tolist() == [
        "기업1",
        "이정표 m9",
        "수정계획",
        "이정표 m1",
        "기업0",
        "기본계획",
    ]
    assert events["일자"].tolist()[:2] == ["2021-07-15", "2021-07-14"]


def test_the_overview_page_shows_both_lists_in_english(lists_db):
    at = open_overview("en")
    upcoming, events = at.dataframe[0].value, at.dataframe[1].value
    assert upcoming["Item"].tolist() == [
        "Milestone m3",
        "Milestone m2",
        "Milestone m7",
        "Milestone m8",
        "Milestone m4",
    ]
    assert upcoming["Project"].tolist() == ["R&D"] * 5
    assert events["Item"].tolist() == [
        "기업1",  # no English name recorded: the Korean one, never blank
        "Milestone m9",
        "Revised plan",
        "Milestone m1",
        "기업0",
        "Base plan",
    ]
    assert upcoming["Status"].tolist() == ["Late", "On track", "On track", "At risk", "On track"]
