"""Partners: reads on the bundled data, pure pipeline metrics, and the chart builders."""

import datetime as dt

import pandas as pd
import pytest

from tracker import catalog
from tracker.catalog import ChartContext
from tracker.partners import charts as partners_charts
from tracker.partners import metrics as partners_metrics
from tracker.partners import reads as partners_reads
from tracker.partners import view as partners_view

GJ = "gj-ai-cluster-phase1"
# After the bundle was compiled (2026-11-25): facts from undated sources are visible too.
KNOWN_ALL = dt.date(2026, 11, 30)


def summary_row(key, signed, opened=None, *, mous=1, headcount=None, kind="company"):
    return {
        "partner_key": key,
        "name_ko": key,
        "name_en": key,
        "kind": kind,
        "sector": None,
        "first_signed_on": signed,
        "agreements": 1,
        "mous": mous,
        "undated": 0 if signed else 1,
        "pledged_investment_won": None,
        "pledged_jobs": None,
        "centre_opened_on": opened,
        "centres": 1 if opened else 0,
        "headcount": headcount,
    }


def test_bundled_summary_has_the_13_recorded_partners_and_2_centres(bundled_engine):
    summary = partners_reads.partner_summary(bundled_engine, GJ, KNOWN_ALL)
    assert len(summary) == 13
    opened = dict(zip(summary["partner_key"], summary["centre_opened_on"], strict=True))
    assert opened["tmax"] == dt.date(2020, 3, 31)
    assert opened["saltlux"] == dt.date(2020, 4, 23)
    assert sum(d is not None for d in opened.values()) == 2
    nhn = summary[summary["partner_key"] == "nhn"].iloc[0]
    assert int(nhn["pledged_investment_won"]) == 210_000_000_000 and nhn["mous"] == 0
    undated = summary[summary["partner_key"] == "energy-ai-institute"].iloc[0]
    assert undated["first_signed_on"] is None and undated["undated"] == 1


def test_the_as_of_date_hides_later_agreements_and_tallies(bundled_engine):
    summary = partners_reads.partner_summary(bundled_engine, GJ, dt.date(2020, 3, 20))
    # Only IEEE's MOU was reported by then (etnews 2020-02-19); NSRI, Tmax and Saltlux come from
    # undated reports (known from the compile date) or the 2020-04-28 article. Encored's 2019
    # MOU only became known with the 2020-11-06 report.
    assert sorted(summary["partner_key"]) == ["ieee-ai-standards"]
    assert summary["centre_opened_on"].isna().all()
    assert partners_reads.tallies(bundled_engine, GJ, dt.date(2020, 3, 20)).empty


def test_funnels_keep_tallies_and_recorded_items_apart(bundled_engine):
    summary = partners_reads.partner_summary(bundled_engine, GJ, KNOWN_ALL)
    recorded = partners_metrics.recorded_funnel(summary, KNOWN_ALL)
    assert [s.count for s in recorded.stages] == [13, 2, None]  # no headcount: operating unknown
    assert recorded.conversion == pytest.approx(2 / 13)
    tally = partners_metrics.tally_funnel(partners_reads.tallies(bundled_engine, GJ, KNOWN_ALL))
    assert [s.count for s in tally.stages] == [349, 160, None]
    assert tally.is_estimate and tally.counted_on == dt.date(2025, 12, 1)
    assert tally.conversion == pytest.approx(160 / 349)
    assert tally.source_keys == ("src-thefairnews-61238",)


def test_a_tally_without_a_total_uses_the_mou_number_as_a_lower_bound(bundled_engine):
    tally = partners_metrics.tally_funnel(
        partners_reads.tallies(bundled_engine, GJ, dt.date(2024, 9, 1))
    )
    # 2024-08-28: MOUs no. 204-213 signed, 120 offices opened; no total reported that day
    assert [s.count for s in tally.stages[:2]] == [213, 120]
    assert tally.is_lower_bound and not tally.is_estimate
    assert partners_view.count_text(tally.stages[0], tally, "ko", first=True) == "213 이상"
    assert partners_view.count_text(tally.stages[1], tally, "en") == "120"


def test_operating_counts_centres_with_reported_staff():
    day = dt.date(2022, 1, 1)
    summary = pd.DataFrame(
        [
            summary_row("a", dt.date(2020, 1, 1), dt.date(2020, 6, 1), headcount=12),
            summary_row("b", dt.date(2020, 1, 1), dt.date(2021, 6, 1), headcount=None),
            summary_row("c", dt.date(2020, 1, 1)),
        ]
    )
    funnel = partners_metrics.recorded_funnel(summary, day)
    assert [s.count for s in funnel.stages] == [3, 2, 1]
    assert funnel.stage("operating").rate == pytest.approx(0.5)
    assert [s.count for s in partners_metrics.recorded_funnel(pd.DataFrame(), day).stages] == [
        0,
        0,
        None,
    ]


def test_stage_durations_from_the_bundled_dates(bundled_engine):
    summary = partners_reads.partner_summary(bundled_engine, GJ, KNOWN_ALL)
    frame = partners_metrics.stage_durations(summary, KNOWN_ALL).set_index("stage")
    # Tmax 2020-03-05 -> 03-31 = 26 days; Saltlux 2020-03-11 -> 04-23 = 43 days
    assert frame.loc["signed_to_opened", "partners"] == 2
    assert frame.loc["signed_to_opened", "median_days"] == 34.5
    assert (
        frame.loc["signed_to_opened", "min_days"],
        frame.loc["signed_to_opened", "max_days"],
    ) == (26, 43)
    # 10 dated partners without a centre (NHN included); the undated institute is counted apart
    assert frame.loc["waiting", "partners"] == 10 and frame.loc["waiting", "undated"] == 1
    assert frame.loc["waiting", "max_days"] == (KNOWN_ALL - dt.date(2019, 10, 1)).days
    assert frame.loc["operating", "min_days"] == (KNOWN_ALL - dt.date(2020, 4, 23)).days


def test_months_before_clamps_to_the_end_of_the_month():
    assert partners_metrics.months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert partners_metrics.months_before(dt.date(2024, 1, 15), 13) == dt.date(2022, 12, 15)
    assert partners_metrics.months_before(dt.date(2024, 1, 15), 0) == dt.date(2024, 1, 15)


def test_stalled_lists_old_mous_without_an_office():
    as_of = dt.date(2022, 1, 1)
    summary = pd.DataFrame(
        [
            summary_row("old", dt.date(2020, 1, 1)),
            summary_row("exactly-12", dt.date(2021, 1, 1)),
            summary_row("young", dt.date(2021, 6, 1)),
            summary_row("opened", dt.date(2020, 1, 1), dt.date(2020, 5, 1)),
            summary_row("opens-later", dt.date(2020, 1, 1), dt.date(2023, 1, 1)),
            summary_row("undated", None),
            summary_row("investment-only", dt.date(2020, 1, 1), mous=0),
        ]
    )
    out = partners_metrics.stalled(summary, as_of, 12)
    assert list(out["partner_key"]) == ["old", "opens-later", "exactly-12"]
    assert list(out["months_waiting"]) == [24, 24, 12]
    assert partners_metrics.undated_mous(summary) == 1
    assert partners_metrics.stalled(summary, as_of, 30).empty
    assert partners_metrics.stalled(pd.DataFrame(), as_of, 12).empty


def test_bundled_stalled_after_12_months(bundled_engine):
    summary = partners_reads.partner_summary(bundled_engine, GJ, KNOWN_ALL)
    out = partners_metrics.stalled(summary, KNOWN_ALL, 12)
    assert len(out) == 9  # 11 dated MOUs minus the two with a centre
    assert out.iloc[0]["partner_key"] == "encored"


def test_cumulative_series_marks_each_kind_of_evidence(bundled_engine):
    counts = partners_reads.mou_counts_by_date(bundled_engine, GJ, KNOWN_ALL)
    series = partners_metrics.cumulative_series(
        counts, partners_reads.tallies(bundled_engine, GJ, KNOWN_ALL)
    )
    by = {name: part for name, part in series.groupby("series")}
    assert list(by["recorded"]["value"])[-1] == 11  # 11 dated MOUs (undated one left out)
    assert list(by["tally"]["value"]) == [50, 320, 347, 349]
    assert list(by["tally"]["is_estimate"]) == [False, False, False, True]
    assert list(by["numbering"]["value"]) == [95, 213, 244, 252]
    assert list(by["offices"]["value"]) == [32, 120, 160]


def test_partner_table_lists_agreements_centres_and_sources(bundled_engine):
    agreements = partners_reads.agreements(bundled_engine, GJ, KNOWN_ALL)
    centres = partners_reads.centres(bundled_engine, GJ, KNOWN_ALL)
    from tracker.db import queries

    used = queries.sources(bundled_engine, sorted(set(agreements["source_key"])), KNOWN_ALL)
    table = partners_view.partner_table(
        agreements, centres, used, lang="ko", unit="eok", as_of=KNOWN_ALL
    )
    assert len(table) == 13
    tmax = table[table["기업·기관"] == "티맥스"].iloc[0]
    assert tmax["센터·사무소"] == "티맥스인공지능개발센터 · 2020-03-31 개소 · 위치 미확인"
    nhn = table[table["기업·기관"] == "NHN"].iloc[0]
    assert nhn["협약"] == "투자협약 2021-02-04 (2,100억원)"
    assert nhn["분야"] == "—"  # not recorded
    # the sector stored as the code "energy" is shown by its label
    assert table[table["기업·기관"] == "에너지인공지능연구소"].iloc[0]["분야"] == "에너지"
    english = partners_view.partner_table(
        agreements, centres, used, lang="en", unit="eok", as_of=KNOWN_ALL
    )
    assert "datanuri" not in set(english["Partner"])  # no English name: falls back to Korean
    assert "데이터누리" in set(english["Partner"])
    assert "MOU 2021-06-01 (one of no. 92–95)" in set(english["Agreements"])
    assert len(partners_view.search(table, "전자신문")) == 6  # IEEE, NHN and MOUs 92–95
    assert len(partners_view.search(english, "TMAX")) == 1
    assert len(partners_view.search(table, "  ")) == 13


def test_chart_builders_draw_both_funnels_and_say_what_is_missing(bundled_engine):
    ctx = ChartContext(GJ, KNOWN_ALL, "ko", "eok")
    funnel = partners_charts.build_funnel(bundled_engine, ctx)
    traces = funnel.figure.data
    assert [list(t.x) for t in traces] == [[349, 160, 0], [13, 2, 0]]
    assert list(traces[0].text) == ["약 349", "약 160 (45.8%)", "자료 없음"]
    assert funnel.takeaway.startswith("보도 집계: 업무협약 약 349건 → 사무소 약 160곳 (45.8%)")
    pledged = partners_charts.build_pledged(bundled_engine, ctx)
    assert [round(y, 1) for y in pledged.figure.data[0].y] == [2100.0]
    notes = pledged.figure.layout.title.text
    assert "실현 투자: 공개 자료 없음" in notes and "고용(약정·실적): 공개 자료 없음" in notes
    breakdown = partners_charts.build_breakdown(bundled_engine, ChartContext(GJ, KNOWN_ALL, "en"))
    assert (
        breakdown.takeaway == "10 of 13 recorded partners are Company; sector not recorded for 12"
    )
    # the research institute's sector is stored as the code "energy": shown by its label, and
    # the counts written on the bars are whole numbers
    bars = {t.name: list(t.text) for t in breakdown.figure.data if t.type == "bar"}
    assert bars == {"sector not recorded": ["10", "1", "1"], "Energy": ["1"]}
    written = [t for t in breakdown.figure.data if t.name == "bar values"]
    # written by text traces (no value left for plotly to measure: "1.0" was too wide for its bar)
    assert [list(t.text) for t in written] == [["10 ", "1 ", "1 "], ["1 "]]
    for result in (funnel, pledged, breakdown):
        footer = [a.text for a in result.figure.layout.annotations if a.name == "footer"]
        assert footer and "2026-11-30" in footer[0]


def test_chart_builders_explain_an_empty_initiative(engine):
    ctx = ChartContext("nothing", KNOWN_ALL, "en", "eok")
    for entry in partners_charts.CHARTS:
        result = entry.build(engine, ctx)
        assert result.is_empty
        assert result.figure.layout.annotations[0].text.startswith("No ")


def test_the_catalogue_lists_the_partner_charts():
    keys = [e.key for e in catalog.entries()]
    assert {
        "partners.funnel",
        "partners.cumulative",
        "partners.breakdown",
        "partners.pledged",
    } <= set(keys)


def test_synthetic_programme_funnel_counts_every_mou(engine):
    import fixtures

    fixtures.build_demo(engine, partners=25)
    summary = partners_reads.partner_summary(engine, "demo", dt.date(2030, 1, 1))
    assert len(summary) == 25 and int(summary["mous"].sum()) == 25
    assert [
        s.count for s in partners_metrics.recorded_funnel(summary, dt.date(2030, 1, 1)).stages
    ] == [
        25,
        0,
        None,
    ]
