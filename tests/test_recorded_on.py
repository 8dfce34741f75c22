"""Two time axes: valid_from ("as of") and the time a change was recorded ("as recorded on").

Story (amounts in won, all hand-picked): on 2025-01-05 a payment e1 of 300,000,000 is recorded;
on 2025-03-10 at 23:59 a payment e2 of 200,000,000; the committee meets on 2025-04-15; on
2025-06-20 e1 is corrected to 350,000,000 with its original valid_from 2025-01-05 (backdated).
"""

import datetime as dt

from tracker.access.roles import operator as _operator
from tracker.committee import reads as committee_reads
from tracker.committee import view as committee_view
from tracker.db import queries, store
from tracker.db.store import Write
from tracker.reports import pack

OPERATOR = _operator("tests")

D = dt.date


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=dt.UTC)


def story(engine) -> None:
    def apply(writes, when, reason, kind="edit"):
        store.apply(
            engine, writes, by="kim", reason=reason, kind=kind, now=when, actor=_operator("kim")
        )

    apply(
        [
            Write("sources", "s", {"outlet": "시청"}, D(2025, 1, 1)),
            Write(
                "regions",
                "r",
                {"kostat_code": "29", "name_ko": "광주", "name_en": "Gwangju", "level": "province"},
                D(2025, 1, 1),
            ),
            Write(
                "initiatives",
                "i",
                {
                    "region_key": "r",
                    "name_ko": "사업",
                    "name_en": "Programme",
                    "start_year": 2025,
                    "end_year": 2026,
                },
                D(2025, 1, 1),
            ),
            Write(
                "projects",
                "p",
                {"initiative_key": "i", "name_ko": "부지", "name_en": "Site", "category": "site"},
                D(2025, 1, 1),
            ),
            Write(
                "committee_bodies",
                "c",
                {
                    "initiative_key": "i",
                    "name_ko": "추진위",
                    "name_en": "Committee",
                    "kind": "committee",
                },
                D(2025, 1, 1),
            ),
        ],
        at(2025, 1, 1),
        "base",
        kind="seed",
    )
    pay = {"project_key": "p", "funding_source": "national", "source_key": "s"}
    apply(
        [
            Write(
                "expenditures",
                "e1",
                {**pay, "spent_on": D(2025, 1, 3), "amount_won": 300_000_000},
                D(2025, 1, 5),
            )
        ],
        at(2025, 1, 5),
        "1월 집행",
    )
    apply(
        [
            Write(
                "expenditures",
                "e2",
                {**pay, "spent_on": D(2025, 3, 1), "amount_won": 200_000_000},
                D(2025, 3, 10),
            )
        ],
        at(2025, 3, 10, 23, 59),
        "3월 집행",
    )
    meeting = {"body_key": "c", "held_on": D(2025, 4, 15), "title_ko": "제1차", "title_en": "1st"}
    apply([Write("meetings", "m1", meeting, D(2025, 4, 15))], at(2025, 4, 15), "회의")
    apply(
        [
            Write(
                "expenditures",
                "e1",
                {**pay, "spent_on": D(2025, 1, 3), "amount_won": 350_000_000},
                D(2025, 1, 5),
            )
        ],
        at(2025, 6, 20),
        "영수증 대조 정정",
    )


def executed(engine, as_of, recorded_on=None) -> int:
    with queries.recorded_on(recorded_on):
        return queries.executed_total(engine, "i", as_of)["won"]


def test_as_recorded_on_an_earlier_day_the_backdated_correction_is_not_there(engine):
    story(engine)
    # "as of" views (recorded now) show the corrected 350M for every date from 2025-01-05
    assert executed(engine, D(2025, 2, 1)) == 350_000_000
    assert executed(engine, D(2025, 4, 1)) == 550_000_000
    # as recorded on 2025-04-15 (the meeting), the figures the committee saw
    assert executed(engine, D(2025, 2, 1), D(2025, 4, 15)) == 300_000_000
    assert executed(engine, D(2025, 4, 1), D(2025, 4, 15)) == 500_000_000
    # as recorded on the correction's day, the correction counts
    assert executed(engine, D(2025, 4, 1), D(2025, 6, 20)) == 550_000_000


def test_a_change_counts_until_the_end_of_the_day_it_was_recorded(engine):
    story(engine)
    assert executed(engine, D(2025, 4, 1), D(2025, 3, 10)) == 300_000_000 + 200_000_000  # 23:59
    assert executed(engine, D(2025, 4, 1), D(2025, 3, 9)) == 300_000_000
    assert executed(engine, D(2025, 4, 1), D(2025, 1, 4)) == 0  # nothing recorded yet


def test_facts_as_of_takes_recorded_on_as_a_keyword_too(engine):
    story(engine)
    ex = queries.facts_as_of("expenditures", D(2025, 4, 1), recorded_on=D(2025, 4, 15))
    frame = queries.read(engine, ex.select().order_by(ex.c.key))
    assert list(frame["amount_won"]) == [300_000_000, 200_000_000]


def test_since_the_last_meeting_shows_the_backdated_correction_as_a_correction(engine):
    story(engine)
    summary = committee_reads.changes_between(engine, "i", D(2025, 4, 15), D(2025, 7, 1))
    # the committee saw 500M on 2025-04-15; 550M is on record now: +50M, no new payment
    assert (summary.executed_won, summary.executed_records) == (50_000_000, 0)
    [correction] = summary.corrections
    assert (correction["record_kind"], correction["key"], correction["reason"]) == (
        "expenditures",
        "e1",
        "영수증 대조 정정",
    )
    table = committee_view.change_table(summary, "ko")
    row = table[table["구분"] == "소급 정정"]
    assert len(row) == 1
    assert "집행 내역 · e1" in row.to_string()
    assert "2025-06-20에 kim가 고침" in row.to_string()
    # looking back from the day of the meeting itself, nothing was corrected yet
    with queries.recorded_on(D(2025, 4, 15)):
        seen = committee_reads.changes_between(engine, "i", D(2025, 4, 15), D(2025, 7, 1))
    assert (seen.executed_won, seen.corrections) == (0, [])


def test_a_window_before_the_correction_day_is_unchanged_by_it(engine):
    story(engine)
    # first quarter: e2 (200M) was paid in it; e1's correction was recorded after its end
    summary = committee_reads.changes_between(engine, "i", D(2025, 1, 10), D(2025, 3, 31))
    assert (summary.executed_won, summary.executed_records) == (200_000_000, 1)
    assert summary.corrections == []


def test_the_briefing_pack_stamps_the_point_it_was_built_from(engine):
    story(engine)
    options = pack.PackOptions("i", D(2025, 4, 1), chart_keys=[], recorded_on=D(2025, 4, 15))
    built = pack.build_pack(engine, options)
    assert built.as_of_line == "기준일 2025-04-01 · 기록 기준 2025-04-15"
    now = pack.build_pack(engine, pack.PackOptions("i", D(2025, 4, 1), chart_keys=[]))
    assert now.as_of_line == f"기준일 2025-04-01 · 기록 기준 {dt.date.today().isoformat()}"


def test_the_sidebar_shows_the_dashboard_as_recorded_on_a_day_kept_in_the_url(app_env):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    from tracker.db import backend

    url = app_env("empty")
    engine = backend.make_engine(url)
    store.create_schema(engine)
    story(engine)
    engine.dispose()

    def executed_card(**query) -> tuple[str, AppTest]:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params.update({"unit": "million", "as_of": "2025-04-01", **query})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        [card] = [m for m in at.metric if m.label.startswith("집행액")]
        return card.value, at

    now, _ = executed_card()
    assert now == "550백만원"  # 350M corrected + 200M
    then, at = executed_card(recorded_on="2025-04-15")
    assert then == "500백만원"  # as the committee saw it: 300M + 200M
    assert at.date_input(key="recorded_on").value == D(2025, 4, 15)
    assert at.query_params["recorded_on"] == "2025-04-15"
    assert "2025-04-15에 기록된 자료 기준으로 보는 중" in [c.value for c in at.sidebar.caption]
    # a day that has not happened yet is ignored, not an error
    future, at = executed_card(recorded_on="2999-01-01")
    assert (future, at.date_input(key="recorded_on").value) == ("550백만원", None)


def test_tracker_export_briefing_rebuilds_the_pack_as_recorded_on_a_day(db_url, tmp_path):
    import openpyxl

    from tracker.cli.main import main as cli_main
    from tracker.db import backend

    engine = backend.make_engine(db_url)
    store.create_schema(engine)
    story(engine)
    engine.dispose()

    def summary(*extra: str) -> str:
        target = tmp_path / f"pack{len(extra)}.xlsx"
        args = ["--database-url", db_url, "export", "briefing", "--format", "xlsx"]
        args += [
            "--as-of",
            "2025-04-01",
            "--unit",
            "million",
            "--charts",
            "overview.plan_totals",
            "-o",
            str(target),
        ]
        assert cli_main([*args, *extra]) == 0
        sheet = openpyxl.load_workbook(target).worksheets[0]
        return " | ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)

    then = summary("--recorded-on", "2025-04-15")
    assert "기준일 2025-04-01 · 기록 기준 2025-04-15" in then
    assert "500백만원" in then and "550백만원" not in then
    now = summary()
    assert f"기록 기준 {dt.date.today().isoformat()}" in now
    assert "550백만원" in now


def test_the_committee_page_lists_the_backdated_correction_since_the_last_meeting(app_env):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    from tracker.db import backend

    url = app_env("empty")
    engine = backend.make_engine(url)
    store.create_schema(engine)
    story(engine)
    engine.dispose()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"as_of": "2025-07-01", "unit": "million"})
    at.switch_page("pages/committee.py").run()  # the page's own first run
    assert not at.exception, [e.value for e in at.exception]
    # one meeting (2025-04-15): the window runs from it to the as-of date
    assert (at.date_input(key="chg_start").value, at.date_input(key="chg_end").value) == (
        D(2025, 4, 15),
        D(2025, 7, 1),
    )
    table = at.dataframe[0].value  # the first tab: since the last meeting
    [row] = table[table["구분"] == "소급 정정"].to_dict("records")
    assert row["항목"] == "집행 내역 · e1"
    assert row["내용"].startswith("2025-01-05 기준 값을 2025-06-20에 kim가 고침")


def test_a_stop_reported_after_the_window_is_not_a_change_in_it(engine):
    """The milestone history behind "since the last meeting" is read as recorded by the end of
    the window too: a stop dated inside it but reported later shows in a later window only."""
    story(engine)
    ground = {
        "initiative_key": "i",
        "project_key": "p",
        "name_ko": "착공",
        "name_en": "Ground-breaking",
        "status": "in_progress",
        "baseline_date": D(2025, 9, 30),
    }
    for status, day, when in (("in_progress", D(2025, 1, 1), at(2025, 1, 2)),
                              ("stopped", D(2025, 5, 1), at(2025, 8, 1))):  # fmt: skip
        store.apply(
            engine,
            [Write("milestones", "g", {**ground, "status": status}, day)],
            reason=status,
            actor=OPERATOR,
            now=when,
        )
    to_july = committee_reads.changes_between(engine, "i", D(2025, 4, 15), D(2025, 7, 1))
    assert to_july.milestone_status == []
    to_august = committee_reads.changes_between(engine, "i", D(2025, 4, 15), D(2025, 8, 31))
    assert [(e["key"], e["status_from"], e["status_to"]) for e in to_august.milestone_status] == [
        ("g", "in_progress", "stopped")
    ]
