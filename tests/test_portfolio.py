"""Portfolio: the health rule (every branch, at its thresholds), elapsed time, ranking, the
one-row-per-initiative read on a hand-made database, units, the page and the CLI."""

import datetime as dt
import json
import math
import subprocess
import sys

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from tracker.access import roles
from tracker.catalog import ChartContext
from tracker.db import store
from tracker.db.store import Write
from tracker.portfolio import charts as portfolio_charts
from tracker.portfolio import metrics as portfolio_metrics
from tracker.portfolio import reads as portfolio_reads
from tracker.portfolio import view as portfolio_view
from tracker.ui import navigation

AS_OF = dt.date(2022, 6, 30)


def row(**fields) -> dict:
    base = {
        "ms_late": 0,
        "ms_done": 0,
        "ms_at_risk": 0,
        "ms_total": 0,
        "expenditure_records": 0,
        "gap_points": None,
    }
    return base | fields


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ("no_data", "no_data")),
        # late share exactly one third of the milestones due (done 2 + late 1): off track
        ({"ms_late": 1, "ms_done": 2, "ms_total": 3}, ("off_track", "late_share")),
        # one in four due: below the third, so only "watch"
        ({"ms_late": 1, "ms_done": 3, "ms_total": 6}, ("watch", "late")),
        ({"ms_at_risk": 1, "ms_done": 1, "ms_total": 2}, ("watch", "at_risk")),
        # 20 points behind elapsed time, exactly at the threshold: off track
        (
            {"ms_done": 1, "ms_total": 1, "expenditure_records": 3, "gap_points": 20.0},
            ("off_track", "behind_time"),
        ),
        (
            {"ms_done": 1, "ms_total": 1, "expenditure_records": 3, "gap_points": 19.9},
            ("watch", "behind_time"),
        ),
        (
            {"ms_done": 1, "ms_total": 1, "expenditure_records": 3, "gap_points": 10.0},
            ("watch", "behind_time"),
        ),
        (
            {"ms_done": 1, "ms_total": 1, "expenditure_records": 3, "gap_points": 9.9},
            ("on_track", None),
        ),
        # spending recorded but no milestone: judged, not "no data"
        ({"expenditure_records": 1, "gap_points": -5.0}, ("on_track", None)),
        ({"ms_done": 2, "ms_total": 2}, ("on_track", None)),
    ],
)
def test_health_rule_at_its_thresholds(fields, expected):
    assert portfolio_metrics.health(row(**fields)) == expected


def test_gap_of_half_elapsed_and_thirty_percent_spent_is_exactly_twenty_points():
    # 0.5 - 0.3 is 0.19999999999999998 in floating point; the rule must still see 20 points
    assert portfolio_metrics.gap_points(0.5, 0.3) == 20.0
    assert (
        portfolio_metrics.health(
            row(ms_done=1, ms_total=1, expenditure_records=1, gap_points=20.0)
        )[0]
        == "off_track"
    )


def test_elapsed_share_counts_days_of_the_whole_programme_period():
    # 2020-01-01 .. 2024-12-31 is 1,826 days; 2022-07-01 is day 912 (366 + 365 + 181)
    assert portfolio_metrics.elapsed_share(2020, 2024, dt.date(2022, 7, 1)) == pytest.approx(
        912 / 1826
    )
    assert portfolio_metrics.elapsed_share(2020, 2024, dt.date(2019, 12, 31)) == 0.0
    assert portfolio_metrics.elapsed_share(2020, 2024, dt.date(2024, 12, 31)) == 1.0
    assert portfolio_metrics.elapsed_share(2020, 2024, dt.date(2025, 3, 1)) == 1.0
    assert portfolio_metrics.elapsed_share(None, 2024, AS_OF) is None
    assert portfolio_metrics.elapsed_share(2024, 2024, dt.date(2024, 7, 1)) == pytest.approx(
        182 / 365
    )


def test_envelope_is_the_latest_total_else_the_baseline():
    assert portfolio_metrics.envelope_won(12_000_000_000, 10_000_000_000) == 12_000_000_000
    assert portfolio_metrics.envelope_won(None, 5_000_000_000) == 5_000_000_000
    assert portfolio_metrics.envelope_won(pd.NA, None) is None
    assert portfolio_metrics.execution_rate(4_200_000_000, 2, 12_000_000_000) == 0.35
    assert portfolio_metrics.execution_rate(0, 0, 12_000_000_000) is None


def write_programmes(engine) -> None:
    day = dt.date
    w = [
        Write("sources", "src", {"outlet": "Test"}, day(2020, 1, 1)),
        Write(
            "regions",
            "r1",
            {"kostat_code": "11", "name_ko": "가시", "name_en": "A-city", "level": "province"},
            day(2020, 1, 1),
        ),  # fmt: skip
        Write(
            "regions",
            "r2",
            {
                "kostat_code": "22",
                "name_ko": "나도",
                "name_en": "B-do",
                "level": "province",
                "population": 2_000_000,
            },
            day(2020, 1, 1),
        ),  # fmt: skip
        Write(
            "initiatives",
            "alpha",
            {
                "region_key": "r1",
                "name_ko": "알파",
                "name_en": "Alpha",
                "start_year": 2020,
                "end_year": 2023,
                "envelope_won": 9_000_000_000,
            },
            day(2020, 1, 1),
        ),  # fmt: skip
        Write(
            "initiatives",
            "beta",
            {
                "region_key": "r2",
                "name_ko": "베타",
                "name_en": "Beta",
                "envelope_won": 5_000_000_000,
            },
            day(2020, 1, 1),
        ),  # fmt: skip
        Write(
            "initiatives",
            "gamma",
            {"region_key": "r2", "name_ko": "감마", "name_en": "Gamma"},
            day(2020, 1, 1),
        ),  # fmt: skip
        Write(
            "plan_versions",
            "a-p1",
            {
                "initiative_key": "alpha",
                "label_ko": "1",
                "label_en": "1",
                "announced_on": day(2020, 3, 1),
                "kind": "plan",
                "total_won": 10_000_000_000,
            },
            day(2020, 3, 1),
        ),  # fmt: skip
        Write(
            "plan_versions",
            "a-p2",
            {
                "initiative_key": "alpha",
                "label_ko": "2",
                "label_en": "2",
                "announced_on": day(2021, 6, 30),
                "kind": "reported",
                "total_won": 12_000_000_000,
                "source_key": "src",
            },
            day(2021, 6, 30),
        ),  # fmt: skip
        Write(
            "plan_versions",
            "a-p3",
            {
                "initiative_key": "alpha",
                "label_ko": "3",
                "label_en": "3",
                "announced_on": day(2022, 7, 1),
                "kind": "plan",
                "total_won": 15_000_000_000,
            },
            day(2022, 7, 1),
        ),  # fmt: skip
        Write(
            "projects",
            "a-proj",
            {
                "initiative_key": "alpha",
                "name_ko": "공사",
                "name_en": "Works",
                "category": "building",
            },
            day(2020, 1, 1),
        ),  # fmt: skip
        Write(
            "expenditures",
            "a-x1",
            {
                "project_key": "a-proj",
                "spent_on": day(2021, 5, 1),
                "funding_source": "national",
                "amount_won": 3_000_000_000,
            },
            day(2021, 5, 1),
        ),  # fmt: skip
        Write(
            "expenditures",
            "a-x2",
            {
                "project_key": "a-proj",
                "spent_on": day(2022, 1, 31),
                "funding_source": "city",
                "amount_won": 1_200_000_000,
            },
            day(2022, 1, 31),
        ),  # fmt: skip
        Write(
            "expenditures",
            "a-x3",
            {
                "project_key": "a-proj",
                "spent_on": day(2023, 1, 2),
                "funding_source": "city",
                "amount_won": 1_000_000_000,
            },
            day(2023, 1, 2),
        ),  # fmt: skip
        Write(
            "milestones",
            "a-m1",
            {
                "initiative_key": "alpha",
                "name_ko": "설계",
                "name_en": "Design",
                "baseline_date": day(2021, 1, 31),
                "actual_date": day(2021, 1, 15),
                "status": "done",
            },
            day(2021, 1, 15),
        ),  # fmt: skip
        Write(
            "milestones",
            "a-m2",
            {
                "initiative_key": "alpha",
                "name_ko": "착공",
                "name_en": "Start",
                "baseline_date": day(2022, 3, 31),
                "status": "in_progress",
            },
            day(2021, 1, 15),
        ),  # fmt: skip
        Write(
            "milestones",
            "a-m3",
            {
                "initiative_key": "alpha",
                "name_ko": "준공",
                "name_en": "Finish",
                "baseline_date": day(2022, 12, 31),
                "status": "planned",
            },
            day(2021, 1, 15),
        ),  # fmt: skip
        # due on the as-of day itself: not late yet
        Write(
            "milestones",
            "a-m4",
            {
                "initiative_key": "alpha",
                "name_ko": "검사",
                "name_en": "Check",
                "baseline_date": AS_OF,
                "status": "planned",
            },
            day(2021, 1, 15),
        ),  # fmt: skip
        Write(
            "milestones",
            "b-m1",
            {
                "initiative_key": "beta",
                "name_ko": "출범",
                "name_en": "Launch",
                "baseline_date": day(2021, 3, 31),
                "actual_date": day(2021, 3, 2),
                "status": "done",
            },
            day(2021, 3, 2),
        ),  # fmt: skip
        Write("partners", "co1", {"name_ko": "회사1", "kind": "company"}, day(2020, 1, 1)),
        Write(
            "agreements",
            "a-mou1",
            {
                "initiative_key": "alpha",
                "partner_key": "co1",
                "kind": "mou",
                "signed_on": day(2021, 1, 1),
            },
            day(2021, 1, 1),
        ),  # fmt: skip
        Write(
            "agreements",
            "a-mou2",
            {"initiative_key": "alpha", "kind": "mou", "signed_on": AS_OF},
            AS_OF,
        ),  # fmt: skip
        Write(
            "agreements",
            "a-mou3",
            {"initiative_key": "alpha", "kind": "mou", "signed_on": day(2022, 7, 1)},
            day(2022, 7, 1),
        ),  # fmt: skip
        Write(
            "agreement_tallies",
            "a-t1",
            {"initiative_key": "alpha", "counted_on": day(2022, 5, 1), "cumulative_agreements": 5},
            day(2022, 5, 1),
        ),  # fmt: skip
        Write(
            "centres",
            "a-c1",
            {
                "initiative_key": "alpha",
                "partner_key": "co1",
                "name_ko": "센터",
                "opened_on": day(2022, 1, 1),
            },
            day(2022, 1, 1),
        ),  # fmt: skip
    ]
    store.apply(
        engine,
        w,
        by="test",
        actor=roles.operator("test"),
        reason="portfolio fixture",
        today=day(2026, 1, 1),
    )


@pytest.fixture
def programmes(engine):
    write_programmes(engine)
    return engine


def test_one_row_per_initiative_with_figures_worked_out_by_hand(programmes):
    frame = portfolio_charts.portfolio_frame(programmes, AS_OF)
    assert list(frame["initiative_key"]) == ["alpha", "beta", "gamma"]
    alpha, beta, gamma = frame.to_dict("records")
    # alpha: first total 100억, latest by the as-of date 120억 (the 150억 plan comes a day later)
    assert (alpha["first_total_won"], alpha["latest_total_won"]) == (10_000_000_000, 12_000_000_000)
    assert (alpha["executed_won"], alpha["expenditure_records"]) == (4_200_000_000, 2)
    assert alpha["execution_rate"] == pytest.approx(0.35)
    # 2020-01-01 .. 2023-12-31 is 1,460 days; 2022-06-30 is day 911: 62.4 % elapsed, 27.4 behind
    assert alpha["elapsed_share"] == pytest.approx(911 / 1460)
    assert alpha["gap_points"] == pytest.approx((911 / 1460 - 0.35) * 100)
    assert (alpha["ms_done"], alpha["ms_late"], alpha["ms_on_track"], alpha["ms_total"]) == (
        1,
        1,
        2,
        4,
    )
    assert (alpha["next_key"], alpha["next_due"], alpha["next_state"]) == (
        "a-m2",
        dt.date(2022, 3, 31),
        "late",
    )
    # 2 MOUs recorded by the as-of day (the third is signed a day later); the tally says 5
    assert (alpha["mous_recorded"], alpha["mous"], alpha["centres"]) == (2, 5, 1)
    assert alpha["latest_data_on"] == AS_OF
    assert (alpha["health"], alpha["health_reason"]) == ("off_track", "late_share")
    # beta: no plan version, so its first total is its own recorded envelope
    assert beta["first_total_won"] == 5_000_000_000 and pd.isna(beta["latest_total_won"])
    assert beta["envelope_won"] == 5_000_000_000
    assert (beta["health"], beta["mous"]) == ("on_track", 0)
    assert gamma["health"] == "no_data" and pd.isna(gamma["next_key"])


def test_relative_units_divide_by_sourced_population_only(programmes):
    frame = portfolio_charts.portfolio_frame(programmes, AS_OF)
    regions = portfolio_reads.region_figures(programmes, AS_OF)
    per_person = portfolio_metrics.relative(frame, regions, "per_capita").set_index(
        "initiative_key"
    )
    assert per_person.loc["beta", "envelope_won_per_capita"] == 2_500  # 50억 / 2,000,000 people
    assert pd.isna(per_person.loc["alpha", "envelope_won_per_capita"])  # r1 has no population
    assert portfolio_view.relative_note(regions, "per_capita", "en").startswith("1 regions")


def test_table_and_cards_in_english(programmes):
    frame = portfolio_charts.portfolio_frame(programmes, AS_OF)
    table = portfolio_view.portfolio_table(frame, lang="en", unit="eok")
    first = table.iloc[0]
    assert first["Status"] == "Off track"
    assert first["Why"] == "1 of 2 due milestones late"
    assert first["Latest total"] == "KRW 12.0 bn"
    assert first["Executed"] == "35.0%"
    assert first["Next milestone"] == "Start (2022-03-31)"
    cards = {c.label: c.value for c in portfolio_view.kpi_cards(frame, "en")}
    assert cards == {"Initiatives": "3", "Off track": "1", "Watch": "0", "On track": "1", "No data": "1"}  # fmt: skip


def test_charts_draw_every_initiative_and_say_what_is_missing(programmes):
    ctx = ChartContext("alpha", AS_OF, "en", "eok")
    envelopes = portfolio_charts.build_envelopes(programmes, ctx)
    bars = envelopes.figure.data[0]
    assert list(bars.y) == ["A-city · Alpha", "B-do · Beta"]  # gamma has no figure: not drawn
    assert list(bars.x) == [12.0, 5.0]  # KRW bn in English (120억원 and 50억원)
    execution = portfolio_charts.build_execution(programmes, ctx)
    points = execution.figure.data[1]
    assert list(points.x) == [pytest.approx(911 / 1460 * 100)]
    assert list(points.y) == [pytest.approx(35.0)]
    assert "2 initiatives without recorded spending" in execution.figure.layout.title.text
    health = portfolio_charts.build_milestone_health(programmes, ctx)
    late = next(t for t in health.figure.data if t.name == "Late")
    assert list(late.y) == ["B-do · Beta", "A-city · Alpha"] and list(late.x) == [0, 1]
    assert (
        envelopes.takeaway
        == "Of 3 initiatives: 1 off track, 0 to watch, 1 on track, 1 without data"
    )


def test_navigation_lists_the_portfolio_first_only_with_several_initiatives():
    assert [p.url_path for p in navigation.ordered(1)][:2] == ["overview", "portfolio"]
    several = navigation.ordered(10)
    assert [p.url_path for p in several][:2] == ["portfolio", "overview"]
    assert [p.url_path for p in several if p.default] == ["overview"]
    assert [p.url_path for p in navigation.ordered(10, "portfolio") if p.default] == ["portfolio"]


def test_page_renders_bundled_empty_and_relative(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = AppTest.from_file(str(ROOT / "pages" / "portfolio.py"), default_timeout=60)
    at.query_params["as_of"] = "2026-11-30"  # after the compile date: Ulsan (undated) shows
    at.run()
    assert not at.exception
    assert at.title[0].value == "포트폴리오"
    assert [m.label for m in at.metric] == ["사업 수", "지연", "주의", "정상", "자료 부족"]
    table = at.dataframe[0].value
    assert "울산 AI 데이터센터 (민간)" in set(table["사업"])
    at.segmented_control(key="p_basis").set_value("per_capita").run()
    assert not at.exception
    at2 = at
    assert any("인구 자료가 등록되지 않은 지역" in c.value for c in at2.caption)
    region_map = json.loads(at.get("plotly_chart")[-1].proto.spec)  # drawn as SVG, not WebGL
    assert (
        region_map["layout"]["title"]["text"] == "<b>지역별 지도: 사업 규모(최근 총사업비 합)</b>"
    )
    assert len([t for t in region_map["data"] if t.get("fill") == "toself"]) == 17
    assert not at.get("deck_gl_json_chart")
    app_env("empty")
    empty = AppTest.from_file(str(ROOT / "pages" / "portfolio.py"), default_timeout=60).run()
    assert not empty.exception and empty.info


def test_cli_builds_the_portfolio_pack(db_url, programmes, tmp_path):
    out = tmp_path / "portfolio.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "--database-url", db_url, "export", "data",
         "--format", "xlsx", "--portfolio", "--as-of", AS_OF.isoformat(), "--lang", "en", "-o", str(out)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from openpyxl import load_workbook

    names = load_workbook(out).sheetnames
    assert [n for n in names if "Initiatives by region" in n or "Milestones by" in n]
    assert not [n for n in names if "Gantt" in n or "Schedule" in n]


def square(code: str, x: float) -> dict:
    ring = [[x, 35.0], [x + 1, 35.0], [x + 1, 36.0], [x, 36.0], [x, 35.0]]
    return {
        "type": "Feature",
        "properties": {"code": code, "name": f"P{code}", "name_eng": f"P{code}"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_region_measures_and_their_map(programmes, tmp_path):
    frame = portfolio_charts.portfolio_frame(programmes, AS_OF)
    envelope = portfolio_metrics.by_region(frame, "envelope").set_index("kostat_code")["value"]
    assert envelope.to_dict() == {"11": 12_000_000_000, "22": 5_000_000_000}  # gamma has none
    execution = portfolio_metrics.by_region(frame, "execution").set_index("kostat_code")["value"]
    assert execution["11"] == pytest.approx(0.35) and pd.isna(execution["22"])
    late = portfolio_metrics.by_region(frame, "late").set_index("kostat_code")["value"]
    assert late.to_dict() == {"11": 1.0, "22": 0.0}
    with pytest.raises(ValueError, match="Unknown measure"):
        portfolio_metrics.by_region(frame, "gdp")
    values = portfolio_view.measure_values(frame, "envelope", lang="en", unit="eok")
    provinces = tmp_path / "provinces.geojson"
    provinces.write_text(json.dumps({"type": "FeatureCollection", "features": [square("11", 126), square("22", 128), square("33", 130)]}))  # fmt: skip
    result = portfolio_view.region_map(values, "envelope", str(provinces), lang="en", as_of=AS_OF)
    fills = {t.name: t.fillcolor for t in result.figure.data if t.fill == "toself"}
    assert fills == {
        "P11: KRW 12.0 bn": "rgba(8,48,107,0.90)",  # the largest value: darkest
        "P22: KRW 5.0 bn": "rgba(219,233,246,0.90)",  # the smallest: lightest
        "P33: No AI programme recorded": "rgba(225,228,232,0.78)",  # no initiative: grey
    }
    labels = [a.text for a in result.figure.layout.annotations if a.name != "footer"]
    assert labels == ["<b>P11</b><br>KRW 12.0 bn", "<b>P22</b><br>KRW 5.0 bn"]
    assert result.title == "Map by region: Programme size (latest totals added)"
    assert result.data.to_dict("list") == {
        "Region": ["A-city", "B-do"],  # the fixture's region names
        "Programme size (latest totals added)": ["KRW 12.0 bn", "KRW 5.0 bn"],
    }
    assert result.takeaway.startswith(
        "Legend (Programme size (latest totals added)): light blue KRW 5.0 bn → dark blue KRW 12.0 bn"
    )


def _region_values(rows: list[tuple[str, float | None, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"kostat_code": code, "region_ko": f"P{code}", "region_en": f"P{code}", "value": value,
          "initiatives": 1, "text": text} for code, value, text in rows]
    )  # fmt: skip


def test_region_map_calls_out_cities_beside_the_map_and_scales_its_colours():
    from tracker.maps import regions

    city = {  # 0.2 x 0.2 degrees inside P11: a city in its province, like Seoul in Gyeonggi
        "type": "Feature",
        "properties": {"code": "24", "name": "P24", "name_eng": "P24"},
        "geometry": {"type": "Polygon", "coordinates": [[[126.4, 35.4], [126.6, 35.4], [126.6, 35.6], [126.4, 35.6], [126.4, 35.4]]]},
    }  # fmt: skip
    provinces = {"type": "FeatureCollection", "features": [city, square("11", 126), square("22", 128)]}  # fmt: skip
    values = _region_values([("11", 12e9, "12"), ("22", 5e9, "5"), ("24", 7.8e9, "7.8")])
    fig = regions.measure_figure(values, provinces, lang="en", as_of=AS_OF, title="T", scale="Size")
    shapes = [t for t in fig.data if t.fill == "toself"]
    # the city is drawn after the province around it, and 40% of the way from light to dark
    assert [t.name for t in shapes] == ["P11: 12", "P22: 5", "P24: 7.8"]
    assert shapes[2].fillcolor == "rgba(135,159,190,0.90)"
    # a ring, then a gap (NaN: plotly lifts the pen) before the next ring
    assert list(shapes[0].x[:5]) == [126, 127, 127, 126, 126] and math.isnan(shapes[0].x[5])
    assert len(shapes[0].x) == 6  # one ring: its five points and the gap after it
    assert all(t.hoveron == "fills" and t.line.color == "white" for t in shapes)
    notes = {a.text: a for a in fig.layout.annotations if a.name != "footer"}
    assert set(notes) == {"<b>P11</b><br>12", "<b>P22</b><br>5", "<b>P24</b><br>7.8"}
    province = notes["<b>P11</b><br>12"]
    assert not province.showarrow and (province.x, province.y) == (126.5, 35.5)
    callout = notes["<b>P24</b><br>7.8"]  # west of the labels' middle (127.17): left of the map
    assert callout.showarrow and (callout.x, callout.y) == pytest.approx((126.5, 35.5))
    assert (callout.ax, callout.ay) == pytest.approx((126.3, 35.5))
    assert callout.xanchor == "right" and callout.axref == "x"
    scale = fig.data[-1].marker
    assert scale.showscale and list(scale.colorbar.ticktext) == ["5", "12"]
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1.2274, abs=1e-3)  # 1 / cos(35.5 deg)
    # built unchecked for speed: every property is one plotly knows, with a value it takes
    checked = go.Figure(fig.to_plotly_json())
    assert checked.to_plotly_json() == fig.to_plotly_json()


def test_region_map_without_values_says_so_in_the_picture(tmp_path):
    provinces = tmp_path / "provinces.geojson"
    provinces.write_text(json.dumps({"type": "FeatureCollection", "features": [square("11", 126)]}))
    values = _region_values([("11", None, "1 initiatives, no value recorded")])
    result = portfolio_view.region_map(values, "execution", str(provinces), lang="en", as_of=AS_OF)
    title = result.figure.layout.title.text
    assert "No value is recorded for this measure: every region is grey." in title
    assert [a for a in result.figure.layout.annotations if a.name != "footer"] == []
    assert not result.figure.data[-1].marker.showscale
    assert result.figure.data[0].fillcolor == "rgba(225,228,232,0.78)"


def test_region_map_moves_a_label_that_would_cover_its_neighbours():
    from tracker.maps import regions

    def strip(code: str, x: float, wide: float) -> dict:  # 1 degree tall: labels side by side
        ring = [[x, 35.0], [x + wide, 35.0], [x + wide, 36.0], [x, 36.0], [x, 35.0]]
        return {"type": "Feature", "properties": {"code": code, "name": f"P{code}", "name_eng": f"P{code}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}  # fmt: skip

    provinces = {
        "type": "FeatureCollection",
        "features": [strip("11", 126.0, 0.1), strip("22", 126.1, 0.08)],
    }
    values = _region_values([("11", 2.0, "KRW 12,345.6 bn"), ("22", 1.0, "KRW 10,000.0 bn")])
    fig = regions.measure_figure(values, provinces, lang="en", as_of=AS_OF, title="T", scale="S")
    notes = {a.text.split("<br>")[0]: a for a in fig.layout.annotations if a.name != "footer"}
    assert (notes["<b>P11</b>"].x, notes["<b>P11</b>"].y) == pytest.approx((126.05, 35.5))
    # a label is 2 lines x 16 px high, 510 px showing 1 degree: half a label is 0.031373 degrees;
    # half a step down or up still overlaps, a whole label's height and a fifth down does not
    assert notes["<b>P22</b>"].x == pytest.approx(126.14)  # the smaller one moves
    assert notes["<b>P22</b>"].y == pytest.approx(35.5 - 1.2 * 2 * 16 / 510, abs=1e-6)


def _points(*points: tuple[str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"name_ko": n, "name_en": n, "elapsed_share": x, "execution_rate": y}
            for n, x, y in points
        ]
    )


def test_the_execution_chart_names_every_point_up_to_ten():
    frame = _points(*((f"P{i}", 0.5, 0.08 * i) for i in range(10)))
    fig = portfolio_charts.execution_figure(frame, lang="en", as_of=AS_OF, title="T")
    assert list(fig.data[1].text) == [f"P{i}" for i in range(10)]
    assert "<sup>" not in fig.layout.title.text  # nothing left unnamed: no note


def test_the_execution_chart_names_the_ten_furthest_behind_without_printing_over_each_other():
    # A and B share a spot (B 2 points above A); A lags most (40 points behind), then B (38),
    # then K0..K9 (20, 12, 4 ... points): A is named, B would print over A, K9 lags least
    points = [("A", 0.5, 0.10), ("B", 0.5, 0.12)]
    points += [(f"K{k}", 0.5, 0.30 + 0.08 * k) for k in range(10)]
    fig = portfolio_charts.execution_figure(_points(*points), lang="en", as_of=AS_OF, title="T")
    labels = dict(zip(fig.data[1].hovertext, fig.data[1].text, strict=True))
    assert [name for name, text in labels.items() if text] == ["A", *(f"K{k}" for k in range(9))]
    assert labels["B"] == "" and labels["K9"] == ""
    assert len(fig.data[1].hovertext) == 12  # every point names itself on hover
    assert "Named: up to 10, furthest behind first" in fig.layout.title.text


def test_a_name_near_either_end_of_the_period_leans_inwards():
    frame = _points(("a", 0.14, 0.1), ("b", 0.15, 0.2), ("c", 0.85, 0.3), ("d", 0.86, 0.4))
    fig = portfolio_charts.execution_figure(frame, lang="en", as_of=AS_OF, title="T")
    assert list(fig.data[1].textposition) == ["top right", "top center", "top center", "top left"]
