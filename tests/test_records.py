"""Records: forms from db.kinds, add / edit / withdraw, history, diff, restore, change log,
concurrent editors, table edits. Expected values are worked out by hand in each test."""

import datetime as dt
import threading

import pandas as pd
import pytest

from tracker.access.roles import operator as _operator
from tracker.db import kinds, queries, store
from tracker.db.store import Write
from tracker.records import forms, metrics, reads, writes

OPERATOR = _operator("tests")

D = dt.date
NOW = dt.datetime(2025, 5, 2, 9, 0, tzinfo=dt.UTC)


def base(engine) -> None:
    """A source, a region, an initiative, a project and a plan version."""
    store.apply(
        engine,
        [
            Write("sources", "s1", {"outlet": "관보"}, D(2025, 1, 1)),
            Write(
                "regions",
                "r1",
                {"kostat_code": "29", "name_ko": "광주", "name_en": "Gwangju", "level": "province"},
                D(2025, 1, 1),
            ),
            Write(
                "initiatives",
                "i1",
                {"region_key": "r1", "name_ko": "사업", "name_en": "Programme"},
                D(2025, 1, 1),
            ),
            Write(
                "projects",
                "p1",
                {"initiative_key": "i1", "name_ko": "부지", "name_en": "Site", "category": "site"},
                D(2025, 1, 1),
            ),
            Write(
                "plan_versions",
                "pv1",
                {
                    "initiative_key": "i1",
                    "label_ko": "기본",
                    "label_en": "Base",
                    "announced_on": D(2025, 1, 1),
                    "kind": "plan",
                },
                D(2025, 1, 1),
            ),
        ],
        by="seed-test",
        reason="base",
        now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        actor=_operator("seed-test"),
    )


def expenditure(**extra) -> dict:
    return {
        "key": "e1",
        "valid_from": D(2025, 5, 2),
        "project_key": "p1",
        "spent_on": D(2025, 4, 30),
        "funding_source": "national",
        "amount_won": 1_200_000_000,
        "source_key": "s1",
        **extra,
    }


def test_the_form_of_a_kind_is_derived_from_its_fields():
    fields = {f.name: f for f in forms.form_fields("expenditures")}
    assert list(fields) == kinds.file_columns("expenditures")
    assert fields["project_key"].widget == "reference"
    assert fields["project_key"].references == "projects"
    assert fields["funding_source"].widget == "choice"
    assert fields["funding_source"].choices == (
        "national",
        "city",
        "private",
        "other",
        "unspecified",
    )
    assert fields["spent_on"].widget == "date"
    assert fields["amount_won"].widget == "money"
    assert fields["note"].widget == "textarea"
    assert fields["is_estimate"].widget == "boolean"
    # the source is required on every kind but sources themselves
    assert fields["source_key"].required
    assert not {f.name: f for f in forms.form_fields("sources")}["source_key"].required
    assert fields["reference"].required is False


def test_every_problem_of_a_submission_is_given_per_field_in_the_users_language(engine):
    base(engine)
    outcome = writes.save_record(
        engine,
        "expenditures",
        expenditure(project_key="nope", amount_won=-5, source_key=None, funding_source="gift"),
        reason="  ",
        opened_row_id=None,
        actor=OPERATOR,
    )
    assert not outcome.ok and outcome.written == 0
    ko = outcome.by_field("ko")
    assert set(ko) == {"project_key", "amount_won", "source_key", "funding_source", "reason"}
    assert ko["amount_won"] == ["음수일 수 없습니다 (-5)"]
    assert ko["source_key"] == ["필수 값이 비어 있습니다"]
    assert outcome.by_field("en")["reason"] == ["a required value is missing"]
    assert reads.current_records(engine, "expenditures").empty  # nothing written


def test_add_edit_withdraw_and_restore_keep_every_version(engine):
    base(engine)
    added = writes.save_record(
        engine,
        "expenditures",
        expenditure(),
        reason="3월 집행",
        opened_row_id=None,
        now=NOW,
        actor=OPERATOR,
    )
    assert added.ok and added.written == 1
    current = reads.current_records(engine, "expenditures")
    assert list(current["amount_won"]) == [1_200_000_000]
    first_row = int(current["latest_row_id"].iloc[0])
    edited = writes.save_record(
        engine,
        "expenditures",
        expenditure(amount_won=3_000_000_000),
        reason="금액 정정",
        opened_row_id=first_row,
        actor=OPERATOR,
    )
    assert edited.ok
    assert queries.executed_total(engine, "i1", D(2025, 5, 2)) == {
        "won": 3_000_000_000,
        "records": 1,
    }
    versions = reads.versions(engine, "expenditures", "e1")
    assert list(versions["version"]) == [1, 2]
    assert list(versions["reason"]) == ["3월 집행", "금액 정정"]
    diff = metrics.version_diff("expenditures", *versions.to_dict("records"))
    assert [(d["column"], d["before"], d["after"]) for d in diff] == [
        ("amount_won", 1_200_000_000, 3_000_000_000)
    ]
    # restore version 1: a third version, nothing deleted
    restored = writes.restore(
        engine,
        "expenditures",
        versions.to_dict("records")[0],
        on=D(2025, 5, 2),
        reason="버전 1로 되돌림",
        opened_row_id=int(versions["row_id"].iloc[-1]),
        actor=OPERATOR,
    )
    assert restored.ok
    assert queries.executed_total(engine, "i1", D(2025, 5, 2))["won"] == 1_200_000_000
    assert len(reads.versions(engine, "expenditures", "e1")) == 3
    latest = int(reads.versions(engine, "expenditures", "e1")["row_id"].iloc[-1])
    gone = writes.withdraw(
        engine,
        "expenditures",
        "e1",
        on=D(2025, 5, 3),
        reason="중복",
        opened_row_id=latest,
        actor=OPERATOR,
    )
    assert gone.ok
    assert queries.executed_total(engine, "i1", D(2025, 5, 2))["won"] == 1_200_000_000
    assert queries.executed_total(engine, "i1", D(2025, 5, 3)) == {"won": 0, "records": 0}
    history = reads.versions(engine, "expenditures", "e1")
    assert list(history["is_deleted"]) == [False, False, False, True]
    # restoring the withdrawn record's last live version brings it back
    back = writes.restore(
        engine,
        "expenditures",
        history.to_dict("records")[2],
        on=D(2025, 5, 4),
        reason="복원",
        opened_row_id=int(history["row_id"].iloc[-1]),
        actor=OPERATOR,
    )
    assert back.ok
    assert queries.executed_total(engine, "i1", D(2025, 5, 4))["won"] == 1_200_000_000


def test_a_second_editor_on_a_stale_version_is_refused_with_what_changed(engine):
    base(engine)
    writes.save_record(
        engine, "expenditures", expenditure(), reason="add", opened_row_id=None, actor=OPERATOR
    )
    opened = int(reads.current_records(engine, "expenditures")["latest_row_id"].iloc[0])
    # both editors opened the form on `opened`; the first saves
    first = writes.save_record(
        engine,
        "expenditures",
        expenditure(amount_won=2_000_000_000),
        reason="A",
        opened_row_id=opened,
        actor=OPERATOR,
    )
    assert first.ok
    second = writes.save_record(
        engine,
        "expenditures",
        expenditure(reference="D-7"),
        reason="B",
        opened_row_id=opened,
        actor=OPERATOR,
    )
    assert not second.ok
    [problem] = second.problems
    assert problem.code == "stale"
    assert "amount_won" in problem.detail
    assert problem.message("ko").startswith("expenditures:e1 — 이 기록은 양식을 연 뒤")
    assert "Nothing was overwritten" in problem.message("en")
    # the first editor's value stands; the second editor's never landed
    row = reads.current_records(engine, "expenditures").iloc[0]
    assert (row["amount_won"], row["reference"]) == (2_000_000_000, None)
    # adding a key that exists is refused the same way
    again = writes.save_record(
        engine, "expenditures", expenditure(), reason="C", opened_row_id=None, actor=OPERATOR
    )
    assert [p.code for p in again.problems] == ["exists"]


def test_store_apply_checks_the_expected_version_directly(engine):
    base(engine)
    row_id = int(reads.current_records(engine, "projects")["latest_row_id"].iloc[0])
    write = Write(
        "projects",
        "p1",
        {"initiative_key": "i1", "name_ko": "부지2", "name_en": "Site", "category": "site"},
    )
    store.apply(
        engine,
        [write],
        by="a",
        reason="r",
        expected={("projects", "p1"): row_id},
        actor=_operator("a"),
    )
    with pytest.raises(store.ValidationError) as refused:
        store.apply(
            engine,
            [write],
            by="b",
            reason="r",
            expected={("projects", "p1"): row_id},
            actor=_operator("b"),
        )
    assert refused.value.problems[0].code == "stale"


def test_a_new_region_with_its_first_initiative_from_forms(engine):
    base(engine)
    region = {
        "key": "r-jeju",
        "valid_from": D(2025, 5, 2),
        "kostat_code": "50",
        "name_ko": "제주",
        "name_en": "Jeju",
        "level": "province",
        "source_key": "s1",
    }
    assert writes.save_record(
        engine, "regions", region, reason="new", opened_row_id=None, actor=OPERATOR
    ).ok
    assert "r-jeju" in reads.reference_choices(engine, "regions", "ko")
    initiative = {
        "key": "i-jeju",
        "valid_from": D(2025, 5, 2),
        "region_key": "r-jeju",
        "name_ko": "제주 AI",
        "name_en": "Jeju AI",
        "source_key": "s1",
    }
    assert writes.save_record(
        engine, "initiatives", initiative, reason="new", opened_row_id=None, actor=OPERATOR
    ).ok
    frame = queries.initiatives(engine, D(2025, 5, 2))
    assert frame.set_index("key").loc["i-jeju", "region_ko"] == "제주"


def test_a_table_edit_adds_changes_and_withdraws_budget_lines_in_one_change(engine):
    base(engine)
    store.apply(
        engine,
        [
            Write(
                "budget_lines",
                f"bl{n}",
                {
                    "plan_version_key": "pv1",
                    "year": 2025 + n,
                    "funding_source": "national",
                    "amount_won": 100 * (n + 1),
                    "source_key": "s1",
                },
                D(2025, 1, 1),
            )
            for n in range(3)
        ],
        by="t",
        reason="lines",
        actor=_operator("t"),
    )
    before = reads.current_records(engine, "budget_lines").reset_index(drop=True)
    after = before.copy()
    after.loc[after["key"] == "bl1", "amount_won"] = 250  # was 200
    after = after[after["key"] != "bl2"]  # removed: withdrawn
    new = {
        "key": None,
        "year": 2028,
        "funding_source": "city",
        "amount_won": 70,
        "source_key": "s1",
    }
    after = pd.concat([after, pd.DataFrame([new])], ignore_index=True)
    outcome = writes.save_table(
        engine,
        "budget_lines",
        before,
        after,
        fixed={"plan_version_key": "pv1"},
        valid_from=D(2025, 6, 1),
        reason="2차 추경",
        key_prefix="pv1-budget_lines",
        actor=OPERATOR,
    )
    assert outcome.ok and outcome.written == 3
    now = reads.current_records(engine, "budget_lines", D(2025, 6, 1)).set_index("key")
    assert now["amount_won"].to_dict() == {"bl0": 100, "bl1": 250, "pv1-budget_lines-1": 70}
    assert now.loc["pv1-budget_lines-1", "plan_version_key"] == "pv1"
    log = reads.change_log(engine, kind="budget_lines")
    assert len(log[log["reason"] == "2차 추경"]) == 3
    assert log["change_id"].nunique() == 2  # the three lines, then one change for the edit


def test_the_change_log_filters_by_author_kind_and_day_recorded(engine):
    base(engine)  # recorded 2025-01-01 by seed-test: five versions
    store.apply(
        engine,
        [Write("sources", "s2", {"outlet": "뉴스"}, D(2025, 3, 1))],
        by="kim",
        reason="r",
        now=dt.datetime(2025, 3, 1, 23, 59, tzinfo=dt.UTC),
        actor=_operator("kim"),
    )
    store.apply(
        engine,
        [Write("sources", "s3", {"outlet": "방송"}, D(2025, 3, 2))],
        by="lee",
        reason="r",
        now=dt.datetime(2025, 3, 2, 0, 0, tzinfo=dt.UTC),
        actor=_operator("lee"),
    )
    assert len(reads.change_log(engine)) == 7
    assert list(reads.change_log(engine, user="kim")["key"]) == ["s2"]
    assert list(reads.change_log(engine, kind="sources")["key"]) == ["s3", "s2", "s1"]
    day = reads.change_log(engine, start=D(2025, 3, 1), end=D(2025, 3, 1))
    assert list(day["key"]) == ["s2"]  # 23:59 on the 1st counts, 00:00 on the 2nd does not
    assert reads.authors(engine) == ["kim", "lee", "seed-test"]


def test_edited_rows_sorts_a_table_edit_into_added_changed_removed():
    before = pd.DataFrame({"key": ["a", "b"], "year": [2024, 2025], "amount_won": [1, 2]})
    after = pd.DataFrame(
        {"key": ["a", None, "b2"], "year": [2024, 2026, 2027], "amount_won": [5, 3, 4]}
    )
    rows = metrics.edited_rows("budget_lines", before, after)
    assert [r["key"] for r in rows["added"]] == [None, "b2"]
    assert [(r["key"], r["amount_won"]) for r in rows["changed"]] == [("a", 5)]
    assert rows["removed"] == ["b"]
    assert metrics.new_key("pv", {"pv-1", "pv-2"}) == "pv-3"


def test_a_missing_key_does_not_hide_the_other_fields_problems(engine):
    base(engine)
    outcome = writes.save_record(
        engine,
        "expenditures",
        expenditure(key="", project_key=None),
        reason="r",
        opened_row_id=None,
        actor=OPERATOR,
    )
    assert set(outcome.by_field("ko")) == {"key", "project_key"}


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def save_at_once(engine, opened: int, amounts: list[int], reason: str) -> list:
    """Two editors press "save" at the same moment, both on version ``opened``."""
    start = threading.Barrier(len(amounts))
    outcomes = []

    def save(amount: int) -> None:
        start.wait()
        values = expenditure(amount_won=amount)
        outcomes.append(
            writes.save_record(
                engine, "expenditures", values, reason=reason, opened_row_id=opened, actor=OPERATOR
            )
        )

    threads = [threading.Thread(target=save, args=(amount,)) for amount in amounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_editors_saving_at_the_same_moment_on_sqlite_one_is_refused(engine):
    base(engine)
    writes.save_record(
        engine, "expenditures", expenditure(), reason="add", opened_row_id=None, actor=OPERATOR
    )
    for attempt in range(4):
        opened = int(reads.current_records(engine, "expenditures")["latest_row_id"].iloc[0])
        outcomes = save_at_once(engine, opened, [10 * attempt + 1, 10 * attempt + 2], "same time")
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert [p.code for o in outcomes for p in o.problems] == ["stale"]
    assert len(reads.versions(engine, "expenditures", "e1")) == 5  # the add, then one per round


def test_a_record_others_still_point_at_is_not_withdrawn(engine):
    base(engine)
    region_row = int(reads.current_records(engine, "regions")["latest_row_id"].iloc[0])
    refused = writes.withdraw(
        engine,
        "regions",
        "r1",
        on=D(2025, 5, 2),
        reason="정리",
        opened_row_id=region_row,
        actor=OPERATOR,
    )
    [problem] = refused.problems
    assert (problem.code, problem.detail) == ("referenced", "initiatives.region_key: i1")
    assert "i1" in problem.message("ko") and "Change or withdraw them first" in problem.message(
        "en"
    )
    assert list(reads.current_records(engine, "regions")["key"]) == ["r1"]
    # a source used by every record is refused too; an unused one goes
    store.apply(
        engine,
        [Write("sources", "s9", {"outlet": "쓰지 않음"}, D(2025, 1, 1))],
        by="t",
        reason="r",
        actor=_operator("t"),
    )
    unused = int(
        reads.current_records(engine, "sources").set_index("key").loc["s9", "latest_row_id"]
    )
    assert writes.withdraw(
        engine, "sources", "s9", on=D(2025, 5, 2), reason="r", opened_row_id=unused, actor=OPERATOR
    ).ok


def test_reference_choices_put_the_chosen_initiatives_records_first(engine):
    base(engine)
    store.apply(
        engine,
        [
            Write("initiatives", "i0", {"region_key": "r1", "name_ko": "가", "name_en": "A"}),
            Write(
                "plan_versions",
                "pv0",
                {
                    "initiative_key": "i0",
                    "label_ko": "앞선 계획",
                    "label_en": "Earlier",
                    "announced_on": D(2024, 1, 1),
                    "kind": "plan",
                },
            ),
        ],
        by="t",
        reason="r",
        actor=_operator("t"),
    )
    assert list(reads.reference_choices(engine, "plan_versions", "ko")) == ["pv0", "pv1"]
    assert list(reads.reference_choices(engine, "plan_versions", "ko", "i1")) == ["pv1", "pv0"]
    assert reads.reference_choices(engine, "plan_versions", "en")["pv1"] == "Base (pv1)"


def test_a_table_edit_over_a_row_someone_changed_is_refused(engine):
    base(engine)
    line = {"plan_version_key": "pv1", "year": 2025, "funding_source": "city", "source_key": "s1"}
    store.apply(
        engine,
        [Write("budget_lines", "bl", {**line, "amount_won": 100})],
        by="t",
        reason="r",
        actor=_operator("t"),
    )
    before = reads.current_records(engine, "budget_lines").reset_index(drop=True)
    store.apply(
        engine,
        [Write("budget_lines", "bl", {**line, "amount_won": 150})],
        by="lee",
        reason="r",
        actor=_operator("lee"),
    )
    after = before.copy()
    after["amount_won"] = 120
    outcome = writes.save_table(
        engine,
        "budget_lines",
        before,
        after,
        fixed={"plan_version_key": "pv1"},
        valid_from=D.today(),
        reason="표 수정",
        key_prefix="pv1",
        actor=OPERATOR,
    )
    assert [p.code for p in outcome.problems] == ["stale"]
    assert "lee" in outcome.problems[0].detail
    assert list(reads.current_records(engine, "budget_lines")["amount_won"]) == [150]


def test_the_change_log_names_every_kind_of_change_in_both_languages():
    """A synthetic load is a change kind of its own; the log page once failed on its label."""
    from tracker.records import view

    log = pd.DataFrame(
        {
            "recorded_at": ["2026-12-01T09:00:00"] * 4,
            "recorded_by": ["tests"] * 4,
            "record_kind": ["expenditures"] * 4,
            "key": ["e1", "e2", "e3", "e4"],
            "valid_from": ["2026-11-30"] * 4,
            "is_deleted": [False] * 4,
            "change_kind": ["seed", "edit", "import", "synthetic"],
            "reason": [""] * 4,
        }
    )
    assert list(view.log_table(log, "ko")["방식"]) == [
        "기본 자료",
        "화면 입력",
        "가져오기",
        "합성 자료",
    ]
    assert list(view.log_table(log, "en")["How"]) == [
        "bundled data",
        "edited",
        "import",
        "synthetic data",
    ]


def test_the_record_table_names_allowed_values_in_words_and_days_as_text(engine):
    store.apply(
        engine,
        [
            Write(
                "sources",
                "s-dated",
                {"outlet": "관보", "published_on": D(2020, 12, 8), "published_precision": "day",
                 "language": "ko", "confidence": "H"},
                D(2020, 12, 8),
            ),
            Write("sources", "s-bare", {"outlet": "e4ds.com"}, D(2026, 11, 25)),
        ],
        reason="test",
        actor=OPERATOR,
    )  # fmt: skip
    found, _ = reads.find_records(engine, "sources", "")
    from tracker.records import view

    table = view.record_table(found, "sources", "ko").set_index("키")
    dated, bare = table.loc["s-dated"], table.loc["s-bare"]
    assert (dated["발행일"], dated["게재일 정밀도"]) == ("2020-12-08", "일 (정확한 날짜)")
    assert (dated["언어"], dated["신뢰도"]) == ("한국어", "높음")
    # nothing recorded: missing (the grid writes its placeholder "—"), not the text "None"
    assert [pd.isna(bare[c]) for c in ("발행일", "게재일 정밀도", "언어", "신뢰도", "제목")] == [
        True
    ] * 5
    assert dated["적용 시작일"] == "2020-12-08"
    english = view.record_table(found, "sources", "en").set_index("Key")
    assert english.loc["s-dated", "Language"] == "Korean"
    assert english.loc["s-dated", "Confidence"] == "High"


def test_every_allowed_value_of_a_data_page_column_has_words():
    # Korean words never read like the stored code; the catalogue tests hold every key to both
    # languages
    raw = [
        (kind, f.name, value)
        for kind in kinds.kinds()
        for f in kinds.fields(kind)
        for value in f.choices
        if kinds.choice_label(kind, f.name, value, "ko") == value
    ]
    assert raw == []
    assert kinds.choice_label("partners", "kind", "company", "ko") == "기업"  # another page's
    assert kinds.choice_label("milestones", "actual_precision", "by", "en") == (
        "By (on or before that day)"
    )
    assert kinds.choice_label("partners", "sector", "biotech", "ko") == "biotech"  # free text
