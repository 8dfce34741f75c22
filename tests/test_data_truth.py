"""Data truth: dates as precise as their sources, facts not before they were reported, unknown
is not late. Expected values are worked out by hand in the comments."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from tracker import dates, i18n
from tracker.access.roles import operator as _operator
from tracker.db import queries
from tracker.db.store import Write, apply
from tracker.overview import reads as overview_reads
from tracker.portfolio import metrics as portfolio_metrics

D = dt.date
BUNDLE = Path(__file__).resolve().parents[1] / "data"
COMPILED_ON = D(2026, 11, 25)  # the day the bundle was compiled (first commit of data/*.csv)
OPERATOR = _operator("tests")


def bundle(name: str) -> list[dict]:
    with (BUNDLE / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- one formatter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "lang", "expected"),
    [
        (D(2019, 10, 1), "month", "ko", "2019년 10월"),
        (D(2019, 10, 1), "month", "en", "Oct 2019"),
        (D(2021, 1, 1), "year", "ko", "2021년"),
        (D(2021, 1, 1), "year", "en", "2021"),
        (D(2020, 4, 28), "day", "ko", "2020-04-28"),
        (D(2020, 4, 28), None, "en", "2020-04-28"),  # no precision recorded: an exact day
        ("2025-12-01", "month", "ko", "2025년 12월"),  # text from a CSV
        (None, "month", "ko", "—"),
        (float("nan"), "day", "en", "—"),
    ],
)
def test_dates_print_as_precisely_as_they_are_known(value, precision, lang, expected):
    assert dates.format_date(value, precision, lang) == expected


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (D(2024, 2, 1), "month", D(2024, 2, 29)),  # leap year
        (D(2023, 2, 15), "month", D(2023, 2, 28)),
        (D(2021, 1, 1), "year", D(2021, 12, 31)),
        (D(2020, 4, 28), "day", D(2020, 4, 28)),
        (None, "day", None),
    ],
)
def test_a_date_is_known_from_the_end_of_its_period(value, precision, expected):
    assert dates.known_from(value, precision) == expected


def test_a_fact_is_visible_from_its_source_date_or_the_compile_date():
    compiled = D(2026, 11, 25)
    assert dates.visible_from(D(2020, 12, 8), "day", compiled_on=compiled) == D(2020, 12, 8)
    assert dates.visible_from(D(2024, 5, 1), "month", compiled_on=compiled) == D(2024, 5, 31)
    assert dates.visible_from(D(2020, 1, 1), "year", compiled_on=compiled) == D(2020, 12, 31)
    assert dates.visible_from(None, None, compiled_on=compiled) == compiled


# --- the as-of rule on hand-made records -------------------------------------------------------


def base_writes(day: dt.date) -> list[Write]:
    return [
        Write("sources", "s", {"outlet": "Test", "published_on": day}, day),
        Write(
            "regions",
            "r",
            {"kostat_code": "1", "name_ko": "가", "name_en": "A", "level": "province"},
            day,
        ),
        Write("initiatives", "i", {"region_key": "r", "name_ko": "사업", "name_en": "P"}, day),
    ]


def test_month_and_year_dates_count_from_the_end_of_their_period(engine):
    day0 = D(2021, 1, 2)
    writes = base_writes(day0)
    writes += [
        Write("partners", "p", {"name_ko": "가", "kind": "company"}, day0),
        # signed "March 2021" (stored as the 1st), recorded on 5 March
        Write(
            "agreements",
            "a-month",
            {
                "initiative_key": "i",
                "partner_key": "p",
                "kind": "mou",
                "signed_on": D(2021, 3, 1),
                "signed_precision": "month",
            },
            D(2021, 3, 5),
        ),
        # signed "2021", recorded early in the year
        Write(
            "agreements",
            "a-year",
            {
                "initiative_key": "i",
                "partner_key": "p",
                "kind": "mou",
                "signed_on": D(2021, 1, 1),
                "signed_precision": "year",
            },
            D(2021, 1, 2),
        ),
        Write(
            "agreements",
            "a-day",
            {
                "initiative_key": "i",
                "partner_key": "p",
                "kind": "mou",
                "signed_on": D(2021, 3, 10),
                "signed_precision": "day",
            },
            D(2021, 3, 10),
        ),
    ]
    apply(engine, writes, by="test", reason="test", actor=OPERATOR)

    def recorded(day):
        return queries.agreement_counts(engine, "i", day)["mous_recorded"]

    assert recorded(D(2021, 3, 9)) == 0  # month: not before 31 March; year: not before 31 Dec
    assert recorded(D(2021, 3, 10)) == 1  # the exact day counts on that day
    assert recorded(D(2021, 3, 30)) == 1
    assert recorded(D(2021, 3, 31)) == 2  # the month's last day
    assert recorded(D(2021, 12, 30)) == 2
    assert recorded(D(2021, 12, 31)) == 3  # the year's last day
    events = queries.recent_events(engine, "i", D(2022, 1, 1))
    shown = {
        r["key"]: dates.format_date(r["event_date"], r["event_precision"], "en")
        for r in events.to_dict("records")
    }
    assert shown == {"a-month": "Mar 2021", "a-year": "2021", "a-day": "2021-03-10"}


# --- bundled valid_from: never before the source reported it ---------------------------------


def test_no_bundled_fact_precedes_its_source():
    sources = {r["key"]: r for r in bundle("sources")}
    early = []
    for name in (p.stem for p in BUNDLE.glob("*.csv")):
        for r in bundle(name):
            key = r["key"] if name == "sources" else r.get("source_key")
            if not key:
                continue
            src = sources[key]
            if src["published_on"]:
                known = dates.known_from(src["published_on"], src["published_precision"])
            else:
                known = COMPILED_ON  # not found: visible from the day the data was compiled
            if D.fromisoformat(r["valid_from"]) < known:
                early.append((name, r["key"], r["valid_from"], known.isoformat()))
    assert early == []


def test_undated_sources_say_so_and_are_dated_the_compile_day():
    undated = [r for r in bundle("sources") if not r["published_on"]]
    assert len(undated) == 17  # counted in data/sources.csv: the fact sheet gives no date
    for r in undated:
        assert r["valid_from"] == "2026-11-25", r["key"]
        assert "게재일 미확인" in r["note"] and "publication date not found" in r["note"], r["key"]
    # the placeholder of the first bundle is gone everywhere
    placeholder = [
        (p.stem, r["key"])
        for p in BUNDLE.glob("*.csv")
        for r in bundle(p.stem)
        if r["valid_from"] == "2020-01-01"
    ]
    assert placeholder == []


def test_bundled_facts_appear_only_once_reported(bundled_engine):
    def keys(table, day):
        frame = queries.read(bundled_engine, queries.select(queries.facts_as_of(table, day)))
        return set(frame["key"])

    # Ulsan (about 7tn): its report is undated, so nothing before the compile date
    assert "ulsan-ai-datacentre" not in keys("initiatives", D(2026, 11, 24))
    assert "ulsan-ai-datacentre" in keys("initiatives", D(2026, 11, 25))
    # AI Times' 90.2bn and hansbiz's 95.9bn no longer borrow the founding article's date
    for key in ("gj1-pv-datacentre-aitimes", "gj1-pv-startup-building"):
        assert key not in keys("plan_versions", D(2026, 11, 24))
        assert key in keys("plan_versions", D(2026, 11, 25))
    # "May 2024" (ndaily): from the month's last day
    totals = queries.plan_totals(bundled_engine, "gj-ai-cluster-phase1", D(2024, 5, 30))
    assert "gj1-pv-2024-05-reported" not in set(totals["key"])
    totals = queries.plan_totals(bundled_engine, "gj-ai-cluster-phase1", D(2024, 5, 31))
    assert "gj1-pv-2024-05-reported" in set(totals["key"])
    latest = queries.latest_plan_total(bundled_engine, "gj-ai-cluster-phase1", D(2024, 5, 31))
    assert latest["total_won"] == 426_500_000_000
    assert dates.format_date(latest["announced_on"], latest["announced_precision"]) == "2024년 5월"


# --- unknown is not late: the status rule, branch by branch -------------------------------------

AS_OF = D(2025, 3, 12)


def milestone_writes(rows: list[tuple[str, dict]]) -> list[Write]:
    writes = base_writes(D(2020, 1, 1))
    for key, values in rows:
        writes.append(
            Write(
                "milestones",
                key,
                {"initiative_key": "i", "name_ko": key, "name_en": key, "status": "planned"}
                | values,
                D(2020, 1, 1),
            )
        )
    return writes


CASES = [
    # (key, values, state on 2025-03-12)
    ("due-today", {"baseline_date": AS_OF}, "on_track"),
    ("due-tomorrow", {"baseline_date": AS_OF + dt.timedelta(days=1)}, "on_track"),
    ("due-yesterday", {"baseline_date": AS_OF - dt.timedelta(days=1)}, "not_recorded"),
    (
        "under-way-yesterday",
        {"baseline_date": AS_OF - dt.timedelta(days=1), "status": "in_progress"},
        "late",
    ),
    ("under-way-today", {"baseline_date": AS_OF, "status": "in_progress"}, "on_track"),
    ("done-today", {"baseline_date": D(2025, 1, 1), "actual_date": AS_OF}, "done"),
    (
        "done-tomorrow",
        {"baseline_date": D(2025, 1, 1), "actual_date": AS_OF + dt.timedelta(days=1)},
        "not_recorded",
    ),
    # done "March 2025": not known to be done before 31 March; its plan (Feb) has passed
    (
        "done-in-march",
        {
            "baseline_date": D(2025, 2, 28),
            "baseline_precision": "month",
            "actual_date": D(2025, 3, 1),
            "actual_precision": "month",
        },
        "not_recorded",
    ),
    ("done-no-date", {"status": "done"}, "done_undated"),
    # the prerequisite of a milestone done yesterday: done, date unknown
    ("design", {"baseline_date": D(2024, 5, 31)}, "done_undated"),
    (
        "build",
        {
            "baseline_date": D(2024, 12, 31),
            "actual_date": AS_OF - dt.timedelta(days=1),
            "depends_on": "design",
        },
        "done",
    ),
    # the prerequisite of a milestone done only tomorrow: still not recorded
    ("survey", {"baseline_date": D(2024, 5, 31)}, "not_recorded"),
    (
        "report",
        {
            "baseline_date": D(2026, 1, 1),
            "actual_date": AS_OF + dt.timedelta(days=1),
            "depends_on": "survey",
        },
        "on_track",
    ),
    (
        "moved",
        {"baseline_date": D(2025, 4, 30), "forecast_date": D(2025, 6, 30)},
        "at_risk",
    ),
    ("halted", {"baseline_date": D(2024, 1, 1), "status": "stopped"}, "stopped"),
    ("dropped", {"baseline_date": D(2024, 1, 1), "status": "cancelled"}, "cancelled"),
    ("no-dates", {}, "unscheduled"),
]


def test_every_branch_of_the_status_rule(engine):
    apply(
        engine,
        milestone_writes([(k, v) for k, v, _ in CASES]),
        by="test",
        reason="test",
        actor=OPERATOR,
    )
    frame = queries.milestones(engine, "i", AS_OF)
    got = dict(zip(frame["key"], frame["state"], strict=True))
    assert got == {key: state for key, _, state in CASES}
    # a month later the March actual is known
    later = queries.milestones(engine, "i", D(2025, 3, 31)).set_index("key")["state"]
    assert later["done-in-march"] == "done"
    assert (
        queries.milestones(engine, "i", D(2025, 3, 30)).set_index("key")["state"]["done-in-march"]
        == "not_recorded"
    )


def test_counts_keep_not_recorded_apart_from_late(engine):
    apply(
        engine,
        milestone_writes([(k, v) for k, v, _ in CASES]),
        by="test",
        reason="test",
        actor=OPERATOR,
    )
    counts = overview_reads.overview_kpis(engine, "i", AS_OF).milestones
    # done: done-today, build (2) + done, date unknown: done-no-date, design (2) = 4
    # not recorded: due-yesterday, done-tomorrow, done-in-march, survey = 4; late: 1
    # upcoming within 90 days (on track / at risk, due by 2025-06-10): due-today, due-tomorrow,
    # under-way-today (3); moved is due 2025-06-30 and report 2026-01-01: outside
    assert counts == {
        "total": 17,
        "done": 4,
        "done_undated": 2,
        "late": 1,
        "not_recorded": 4,
        "stopped": 1,
        "upcoming": 3,
    }


def test_state_labels_in_both_languages():
    assert i18n.label("milestone_state", "not_recorded", "ko") == "실적 미확인"
    assert i18n.label("milestone_state", "not_recorded", "en") == "Actual not recorded"
    assert i18n.label("milestone_state", "done_undated", "ko") == "완료 (일자 미확인)"
    assert i18n.label("milestone_state", "done_undated", "en") == "Done, date unknown"


def health_row(**fields) -> dict:
    base = {"ms_late": 0, "ms_done": 0, "ms_at_risk": 0, "ms_total": 0}
    return base | {"expenditure_records": 0, "gap_points": None} | fields


def test_portfolio_health_neither_counts_not_recorded_nor_forgets_undated_done():
    # five unrecorded past their dates, one done: on track (unknown is not late)
    assert portfolio_metrics.health(health_row(ms_done=1, ms_not_recorded=5, ms_total=6)) == (
        "on_track",
        None,
    )
    # late 1, done 2 + done-date-unknown 1: due 4, 1/4 < 1/3 -> watch (ignoring the undated one
    # would give 1/3 -> off track)
    assert portfolio_metrics.health(
        health_row(ms_late=1, ms_done=2, ms_done_undated=1, ms_total=4)
    ) == ("watch", "late")
    assert portfolio_metrics.health(health_row(ms_late=1, ms_done=2, ms_total=3)) == (
        "off_track",
        "late_share",
    )


def test_bundled_design_start_is_done_date_unknown_once_construction_began(bundled_engine):
    def state(day):
        frame = queries.milestones(bundled_engine, "gj-ai-cluster-phase1", day)
        return frame.set_index("key")["state"]["gj1-design-start"]

    assert state(D(2020, 5, 31)) == "on_track"  # planned May 2020: due on its last day
    assert state(D(2020, 6, 1)) == "not_recorded"  # not "late": no source says either way
    assert state(D(2021, 11, 21)) == "not_recorded"
    assert state(D(2021, 11, 22)) == "done_undated"  # groundbreaking reported that day


# --- only like figures share an axis -------------------------------------------------------------

EOK = 100_000_000


def yearly(*lines):
    import pandas as pd

    return pd.DataFrame(
        [{"year": y, "funding_source": s, "amount_won": a * EOK} for y, s, a in lines]
    )


def test_like_years_keep_the_most_common_measure():
    from tracker.budget import metrics as budget_metrics

    # the bundle's shape: two national shares and one total
    like = budget_metrics.like_years(
        yearly((2020, "national", 626), (2021, "national", 645), (2022, "unspecified", 1076))
    )
    assert like.kept == (2020, 2021) and like.sources == ("national",)
    assert like.left_out == ((2022, ("unspecified",), 1076 * EOK),)
    # full splits in two years beat one national-only year; a split year is one measure
    like = budget_metrics.like_years(
        yearly(
            (2020, "national", 10),
            (2021, "national", 20),
            (2021, "city", 5),
            (2022, "city", 6),
            (2022, "national", 30),
        )
    )
    assert like.kept == (2021, 2022) and like.sources == ("city", "national")
    assert [y for y, _, _ in like.left_out] == [2020]
    # a tie goes to the measure that starts earliest
    like = budget_metrics.like_years(yearly((2021, "national", 1), (2020, "unspecified", 2)))
    assert like.kept == (2020,)


def test_the_by_year_chart_never_draws_a_share_beside_a_total():
    import datetime as dt_

    from tracker.budget import charts as budget_charts

    plan = yearly((2020, "national", 626), (2021, "national", 645), (2022, "unspecified", 1076))
    plan["category"] = None
    fig = budget_charts.plan_vs_executed_by_year(
        plan,
        plan.iloc[0:0],
        lang="en",
        unit="eok",
        as_of=dt_.date(2026, 11, 30),
        basis="Budget by year",
        has_expenditure=False,
    )
    drawn = sorted({x for trace in fig.data for x in trace.x[0]})
    assert drawn == ["2020", "2021"]
    assert [t.name for t in fig.data] == ["National"]
    # the subtitle's lines, as drawn (broken to the chart's width, each in its own <sup>)
    lines = re.sub(r"</?(b|sup)>", "", fig.layout.title.text).split("<br>")
    assert " ".join(lines[lines.index("National figures only") :]) == (
        "National figures only Measured differently, left out: 2022 KRW 107.6 bn (Unspecified)"
    )


def test_bundled_by_year_takeaway_adds_up_like_figures_only(bundled_engine):
    from tracker import catalog

    result = catalog.entry("budget.by_year").build(
        bundled_engine, catalog.ChartContext("gj-ai-cluster-phase1", D(2026, 11, 30), "ko")
    )
    # 626 + 645 = 1,271 (the 2022 total of 1,076 is not added to national shares)
    assert result.takeaway.startswith(
        "2020~2021년 연도별 계획 합계 1,271억원, 최대는 2021년 645억원"
    )


# --- confidence follows the fact sheet -----------------------------------------------------------


def test_medium_confidence_figures_are_flagged(bundled_engine):
    from tracker.schedule import reads as schedule_reads
    from tracker.schedule import view as schedule_view

    milestones = {r["key"]: r for r in bundle("milestones")}
    # data-centre completion: "2023-11 (about the 15th) ... one outlet says October 2023. M"
    completion = milestones["gj1-datacentre-completion"]
    assert completion["is_estimate"] == "true" and completion["actual_precision"] == "month"
    # groundbreaking 2021-11-22 is H: not flagged
    assert milestones["gj1-construction-start"]["is_estimate"] == "false"
    plan = {r["key"]: r for r in bundle("plan_versions")}
    # medium in the fact sheet: the Nov 2019 split, the city figure, both data-centre costs,
    # Gyeongnam, Ulsan, Gangwon
    medium = {k for k, r in plan.items() if r["confidence"] == "M"}
    assert medium == {
        "gj1-pv-2019-11-plan",
        "gj1-pv-2021-city-split",
        "gj1-pv-datacentre-aitimes",
        "gj1-pv-datacentre-etnews",
        "gyeongnam-ai-hub-pv",
        "ulsan-ai-datacentre-pv",
        "gangwon-medical-ai-pv",
    }
    frame = schedule_reads.schedule_frame(bundled_engine, "gj-ai-cluster-phase1", D(2026, 11, 30))
    table = schedule_view.milestone_table(frame, "ko").set_index("이정표")
    assert table.loc["AI 데이터센터 건물 준공 및 서비스 개시", "실적"] == "2023년 11월 (추정)"
    assert table.loc["집적단지 건축 착공", "실적"] == "2021-11-22"


# --- regions by key, never by approximate coordinates -----------------------------------------


def _inside(point, ring) -> bool:
    x, y = point
    crossings = False
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            crossings = not crossings
    return crossings


def _codes_at(point, collection) -> list[str]:
    codes = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        if any(_inside(point, polygon[0]) for polygon in polygons):
            codes.append(feature["properties"]["code"])
    return codes


def test_the_cluster_stays_in_gwangju_though_its_point_falls_in_jangseong(bundled_engine):
    import json

    from tracker.maps import reads as maps_reads
    from tracker.portfolio import charts as portfolio_charts

    site = next(r for r in bundle("sites") if r["key"] == "site-gj-ai-cluster")
    point = (float(site["lon"]), float(site["lat"]))  # 126.847 E, 35.235 N (±1.5 km, L)
    with (BUNDLE / "geo" / "skorea-municipalities-2013-simple.geojson").open() as handle:
        municipalities = json.load(handle)
    # the premise: in the simplified 2013 boundaries the approximate point lies in Jangseong-gun
    # (Jeollanam-do, 36450), not in Buk-gu, Gwangju (24040) where the address is
    assert _codes_at(point, municipalities) == ["36450"]
    day = D(2026, 11, 30)
    region = maps_reads.initiative_region(bundled_engine, "gj-ai-cluster-phase1", day)
    assert (region["key"], region["kostat_code"]) == ("gwangju", "24")
    envelopes = maps_reads.region_envelopes(bundled_engine, day).set_index("kostat_code")
    assert envelopes.loc["24", "initiatives"] == 2  # phase 1 and phase 2
    assert envelopes.loc["36", "initiatives"] == 1  # Jeonnam: the Haenam computing centre only
    frame = portfolio_charts.portfolio_frame(bundled_engine, day).set_index("initiative_key")
    assert frame.loc["gj-ai-cluster-phase1", "region_ko"] == "광주광역시"
    places = maps_reads.places(bundled_engine, "gj-ai-cluster-phase1", day).set_index("key")
    assert bool(places.loc["site-gj-ai-cluster", "is_approximate"])


# --- sourced usage figures -----------------------------------------------------------------------


def test_usage_figures_are_sourced_facts_shown_apart(bundled_engine):
    from tracker.overview import reads as ov_reads
    from tracker.overview import view as ov_view

    frame = ov_reads.indicators(bundled_engine, "gj-ai-cluster-phase1", D(2026, 11, 30))
    assert dict(zip(frame["key"], frame["value"], strict=True)) == {
        "dc-projects-2021-2024": 1946,
        "dc-projects-2024": 1186,
        "dc-gpus-2024-a100": 796,
        "dc-gpus-2024-h100": 880,
    }
    cards = ov_view.indicator_cards(frame, "ko")
    assert [(c.label, c.value) for c in cards] == [
        ("지원 과제 (2021~2024년)", "1,946건"),  # never 1,946 + 1,186
        ("지원 과제 (2024년)", "1,186건"),
        ("GPU 구축 · A100 (2024년)", "796장"),
        ("GPU 구축 · H100 (2024년)", "880장"),
    ]
    assert "광주일보" in cards[0].help and "신뢰도 H" in cards[0].help
    assert "신뢰도 M" in cards[2].help and "honamgoodnews.com" in cards[3].help
    # before the compile date only the dated report (광주일보, 2025-07-02) is known
    early = ov_reads.indicators(bundled_engine, "gj-ai-cluster-phase1", D(2025, 7, 2))
    assert list(early["key"]) == ["dc-projects-2021-2024"]
    assert ov_reads.indicators(bundled_engine, "gj-ai-cluster-phase1", D(2025, 7, 1)).empty
    en = ov_view.indicator_cards(frame, "en")
    assert en[0].label == "Projects supported (2021–2024)"
    assert (en[3].label, en[3].value) == ("GPUs installed · H100 (2024)", "880")


def test_overview_page_shows_the_usage_figures(app_env, bundled_db_file):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    app_env("bundled", bundled_db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state["as_of"] = D(2026, 11, 30)
    at.switch_page("pages/overview.py").run()  # the page's own first run
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["지원 과제 (2021~2024년)"] == "1,946건"
    assert values["GPU 구축 · A100 (2024년)"] == "796장"
    assert any("활용 실적 (출처 보도 기준)" in m.value for m in at.markdown)


def test_a_date_known_only_as_an_upper_bound():
    assert dates.format_date(D(2020, 4, 28), "by", "ko") == "2020-04-28 이전"
    assert dates.format_date(D(2020, 4, 28), "by", "en") == "by 2020-04-28"
    assert dates.known_from(D(2020, 4, 28), "by") == D(2020, 4, 28)


def test_the_founding_article_makes_its_centres_open_by_its_date(bundled_engine):
    # the article (2020-04-28) reports the Tmax and Saltlux centres opened, without dates
    counts = queries.agreement_counts(bundled_engine, "gj-ai-cluster-phase1", D(2020, 4, 28))
    assert counts["centres_recorded"] == 2
    before = queries.agreement_counts(bundled_engine, "gj-ai-cluster-phase1", D(2020, 4, 27))
    assert before["centres_recorded"] == 0


def test_chart_data_prints_dates_as_precisely_as_known(bundled_engine):
    from tracker import catalog

    ctx = catalog.ChartContext("gj-ai-cluster-phase1", D(2026, 11, 30), "ko", "eok")
    result = catalog.entry("overview.plan_totals").build(bundled_engine, ctx)
    dates_shown = list(result.data["일자"])
    # 2019-11-11 (day), 2020-04-28, 2021 (year), 2021-11-22, 2022 (year, inferred), May 2024
    assert dates_shown == [
        "2019-11-11",
        "2020-04-28",
        "2021년",
        "2021-11-22",
        "2022년",
        "2024년 5월",
        "2025-08-22",
    ]
    hover = [c for trace in result.figure.data for c in (trace.customdata or [])]
    assert any(c.endswith("<br>2024년 5월") for c in hover)


def test_the_gantt_names_done_without_a_date(bundled_engine):
    from tracker.schedule import charts as schedule_charts
    from tracker.schedule import reads as schedule_reads

    day = D(2021, 6, 1)
    frame = schedule_reads.schedule_frame(bundled_engine, "gj-ai-cluster-phase1", day)
    fig = schedule_charts.gantt_figure(frame, lang="en", as_of=day)
    (undated,) = [trace for trace in fig.data if trace.name == "undated"]
    assert list(undated.text) == ["Done, date unknown  "]  # the vision declaration
    states = {trace.name for trace in fig.data}
    assert "Actual not recorded" in states and "Late" not in states  # design and construction
