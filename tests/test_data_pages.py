"""AppTest for the data pages: add, edit, withdraw, a validation message right below its field,
a refused concurrent edit, history with diff and restore, the change log, the table editor."""

import datetime as dt

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from tracker.access.roles import operator as _operator
from tracker.db import backend, queries, store
from tracker.db.store import Write
from tracker.records import reads

OPERATOR = _operator("tests")

TODAY = dt.date.today()
GJ1 = "gj-ai-cluster-phase1"
NEW = "rf:expenditures:_new:None:"


def open_page(path: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(path).run()  # the page's own first run
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    return button.click().run()


def following(at: AppTest, key: str):
    """The element drawn right after the widget ``key`` in its block (its error slot)."""

    def search(node):
        children = list(getattr(node, "children", {}).values())
        for n, child in enumerate(children):
            if getattr(child, "key", None) == key:
                return children[n + 1] if n + 1 < len(children) else None
            found = search(child)
            if found is not None:
                return found
        return None

    return search(at.main)


@pytest.fixture
def bundled_app(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    engine = backend.make_engine(url)
    yield engine
    engine.dispose()


def fill_expenditure(at: AppTest, key: str, amount: int) -> None:
    at.text_input(key=NEW + "key").input(key)
    at.selectbox(key=NEW + "project_key").set_value("gj1-datacentre")
    at.date_input(key=NEW + "spent_on").set_value(TODAY)
    at.selectbox(key=NEW + "funding_source").set_value("national")
    at.number_input(key=NEW + "amount_won").set_value(amount)
    at.selectbox(key=NEW + "source_key").set_value("src-donga-2019-11-11")
    at.text_input(key=NEW + "reason").input("11월 집행")


def test_adding_an_expenditure_through_the_form(bundled_app):
    at = open_page("pages/data_records.py", kind="expenditures")
    assert at.selectbox(key="kind").value == "expenditures"
    fill_expenditure(at, "gj1-pay-1", 1_200_000_000)
    at = submit(at, "추가")
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "집행 내역 gj1-pay-1 저장했습니다. 모든 화면에 반영됩니다."
    assert queries.executed_total(bundled_app, GJ1, TODAY) == {"won": 1_200_000_000, "records": 1}
    [row] = reads.versions(bundled_app, "expenditures", "gj1-pay-1").to_dict("records")
    assert (row["reason"], row["change_kind"]) == ("11월 집행", "edit")
    # the table of current records shows it at once (the cached read refreshed)
    assert "gj1-pay-1" in at.dataframe[0].value.iloc[:, 0].tolist()


def test_each_problem_is_shown_right_below_its_field(bundled_app):
    at = open_page("pages/data_records.py", kind="expenditures")
    at.text_input(key=NEW + "key").input("gj1-pay-2")
    at.number_input(key=NEW + "amount_won").set_value(5)
    at = submit(at, "추가")
    for field in ("project_key", "spent_on", "funding_source", "source_key", "reason"):
        slot = following(at, NEW + field)
        assert slot is not None and slot.type == "error", field
        assert slot.value == "필수 값이 비어 있습니다"
    assert following(at, NEW + "amount_won").type == "empty"  # a valid field has no message
    assert reads.current_records(bundled_app, "expenditures").empty


def test_a_long_list_shows_its_first_records_and_a_search_narrows_it(bundled_app, monkeypatch):
    monkeypatch.setattr(reads, "RECORD_LIMIT", 20)  # the bundle's 50 sources: more than a page
    at = open_page("pages/data_records.py", kind="sources")
    assert at.caption[1].value == (
        "현재 기록 50건 가운데 키 순서로 처음 20건을 보여 줍니다. 검색하면 좁혀집니다."
    )
    assert len(at.dataframe[0].value) == 20
    assert len(at.selectbox(key="record:sources").options) == 21  # and "add a new one"
    at.text_input(key="search:sources").input("DONGA").run()  # three sources of 동아일보
    assert at.caption[1].value == "검색 결과 3건"
    assert at.dataframe[0].value.iloc[:, 0].tolist() == [
        "src-donga-2019-11-11",
        "src-donga-2024-08-28",
        "src-donga-2025-09-11",
    ]


def test_messages_follow_the_language(bundled_app):
    at = open_page("pages/data_records.py", kind="expenditures", lang="en")
    at = submit(at, "Add")
    assert following(at, NEW + "reason").value == "a required value is missing"


def test_editing_a_record_writes_a_new_version(bundled_app):
    at = open_page("pages/data_records.py", kind="projects")
    at.selectbox(key="record:projects").set_value("gj1-talent").run()
    opened = int(
        reads.current_records(bundled_app, "projects")
        .set_index("key")
        .loc["gj1-talent", "latest_row_id"]
    )
    prefix = f"rf:projects:gj1-talent:{opened}:"
    assert at.text_input(key=prefix + "key").disabled
    at.text_input(key=prefix + "name_en").input("AI talent academy")
    at.text_input(key=prefix + "reason").input("영문 명칭 정정")
    at = submit(at, "저장")
    assert not at.error, [e.value for e in at.error]
    versions = reads.versions(bundled_app, "projects", "gj1-talent")
    assert versions["name_en"].iloc[-1] == "AI talent academy"
    assert versions["reason"].iloc[-1] == "영문 명칭 정정"


def withdraw_in_page(bundled_app, kind: str, key: str) -> AppTest:
    at = open_page("pages/data_records.py", kind=kind)
    at.selectbox(key=f"record:{kind}").set_value(key).run()
    current = reads.current_records(bundled_app, kind).set_index("key")
    opened = int(current.loc[key, "latest_row_id"])
    at.text_input(key=f"wd:{kind}:{key}:{opened}:reason").input("중복 등록")
    return submit(at, "철회")


def test_withdrawing_a_record_takes_it_out_of_the_current_records(bundled_app):
    keys = list(reads.current_records(bundled_app, "decisions")["key"])
    at = withdraw_in_page(bundled_app, "decisions", keys[0])  # nothing refers to decisions
    assert not at.error, [e.value for e in at.error]
    assert list(reads.current_records(bundled_app, "decisions")["key"]) == keys[1:]
    assert bool(reads.versions(bundled_app, "decisions", keys[0])["is_deleted"].iloc[-1])


def test_withdrawing_a_record_others_point_at_is_refused(bundled_app):
    at = withdraw_in_page(bundled_app, "partners", "datanuri")
    [error] = at.error
    assert "agreements.partner_key: ag-datanuri-mou" in error.value
    assert "datanuri" in list(reads.current_records(bundled_app, "partners")["key"])


def test_a_save_over_someone_elses_change_is_refused_with_what_changed(bundled_app):
    at = open_page("pages/data_records.py", kind="projects")
    at.selectbox(key="record:projects").set_value("gj1-rnd").run()
    row = reads.current_records(bundled_app, "projects").set_index("key").loc["gj1-rnd"]
    opened = int(row["latest_row_id"])
    # another editor saves first
    other = {c: row[c] for c in ("initiative_key", "name_ko", "name_en", "category", "source_key")}
    store.apply(
        bundled_app,
        [Write("projects", "gj1-rnd", {**other, "name_ko": "R&D (정정)"})],
        by="lee",
        reason="정정",
        actor=_operator("lee"),
    )
    prefix = f"rf:projects:gj1-rnd:{opened}:"
    at.text_input(key=prefix + "name_en").input("R&D")
    at.text_input(key=prefix + "reason").input("내 수정")
    at = submit(at, "저장")
    [error] = at.error
    assert "다른 사람이 바꾸었습니다 (lee, " in error.value and "name_ko" in error.value
    assert reads.versions(bundled_app, "projects", "gj1-rnd")["name_ko"].iloc[-1] == "R&D (정정)"
    # reloading opens the latest version; the save then goes through
    [reload] = [b for b in at.button if b.label == "최신 내용 다시 불러오기"]
    at = reload.click().run()
    latest = int(reads.versions(bundled_app, "projects", "gj1-rnd")["row_id"].iloc[-1])
    assert at.text_input(key=f"rf:projects:gj1-rnd:{latest}:name_ko").value == "R&D (정정)"


def test_a_new_region_and_its_first_initiative_from_the_browser_show_on_every_page(app_env):
    app_env("empty")
    at = open_page("pages/data_records.py", kind="sources")
    assert "tracker seed" in at.info[0].value

    def add(kind: str, values: dict) -> None:
        nonlocal at
        at.selectbox(key="kind").set_value(kind).run()
        prefix = f"rf:{kind}:_new:None:"
        for name, value in values.items():
            widget = at.get(
                next(
                    t
                    for t in ("text_input", "selectbox", "text_area")
                    if any(w.key == prefix + name for w in at.get(t))
                )
            )
            [w] = [w for w in widget if w.key == prefix + name]
            (w.input(value) if hasattr(w, "input") else w.set_value(value))
        at.text_input(key=prefix + "reason").input("신규 지역")
        at = submit(at, "추가")
        assert not at.error, [e.value for e in at.error]

    add("sources", {"key": "src-jeju", "outlet": "제주도청"})
    add(
        "regions",
        {
            "key": "jeju",
            "kostat_code": "50",
            "name_ko": "제주특별자치도",
            "name_en": "Jeju",
            "level": "province",
            "source_key": "src-jeju",
        },
    )
    add(
        "initiatives",
        {
            "key": "jeju-ai",
            "region_key": "jeju",
            "name_ko": "제주 AI 허브",
            "name_en": "Jeju AI hub",
            "source_key": "src-jeju",
        },
    )
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert "제주 AI 허브" in [h.value for h in at.header]
    at.switch_page("pages/budget.py").run()
    assert not at.exception
    assert "제주 AI 허브" in [h.value for h in at.header]


def test_history_shows_versions_a_diff_and_restores_one(bundled_app):
    store.apply(
        bundled_app,
        [
            Write(
                "expenditures",
                "pay",
                {
                    "project_key": "gj1-site",
                    "spent_on": TODAY,
                    "funding_source": "city",
                    "amount_won": 7_000,
                    "source_key": "src-donga-2019-11-11",
                },
            )
        ],
        by="kim",
        reason="첫 입력",
        actor=_operator("kim"),
    )
    store.apply(
        bundled_app,
        [
            Write(
                "expenditures",
                "pay",
                {
                    "project_key": "gj1-site",
                    "spent_on": TODAY,
                    "funding_source": "city",
                    "amount_won": 9_000,
                    "source_key": "src-donga-2019-11-11",
                },
            )
        ],
        by="lee",
        reason="금액 수정",
        actor=_operator("lee"),
    )
    at = open_page("pages/data_history.py", kind="expenditures", key="pay")
    history = at.dataframe[0].value
    assert list(history["버전"]) == [1, 2]
    assert list(history["기록자"]) == ["kim", "lee"]
    diff = at.dataframe[1].value
    assert diff.values.tolist() == [["금액(원)", "7,000", "9,000"]]
    at = submit(at, "1번 버전으로 되돌리기 (새 버전으로 기록)")
    assert not at.error, [e.value for e in at.error]
    versions = reads.versions(bundled_app, "expenditures", "pay")
    assert list(versions["amount_won"]) == [7_000, 9_000, 7_000]
    assert versions["reason"].iloc[-1] == "1번 버전으로 되돌림"


def test_history_lists_the_first_records_and_keeps_a_linked_one(bundled_app, monkeypatch):
    monkeypatch.setattr(reads, "RECORD_LIMIT", 5)
    at = open_page("pages/data_history.py", kind="sources", key="src-news21-2020-04-28")
    assert at.caption[0].value == (
        "현재 기록 50건 가운데 키 순서로 처음 5건을 보여 줍니다. 검색하면 좁혀집니다."
    )
    options = at.selectbox(key="key").options
    assert len(options) == 6 and at.selectbox(key="key").value == "src-news21-2020-04-28"
    at.text_input(key="h_search:sources").input("donga").run()
    assert at.caption[0].value == "검색 결과 3건"
    at.text_input(key="h_search:sources").input("없는 출처").run()
    assert at.info[0].value == "검색 결과 0건"


def test_the_change_log_filters_by_author(bundled_app):
    store.apply(
        bundled_app,
        [Write("sources", "src-x", {"outlet": "X"})],
        by="park",
        reason="출처 추가",
        actor=_operator("park"),
    )
    at = open_page("pages/data_changes.py")
    assert len(at.dataframe[0].value) > 1
    at.selectbox(key="log_user").set_value("park").run()
    log = at.dataframe[0].value
    assert log.values.tolist()[0][1:4] == ["park", "출처", "src-x"]
    assert len(log) == 1


def test_the_table_editor_offers_a_plan_versions_budget_lines(bundled_app):
    at = open_page("pages/data_tables.py")
    assert at.selectbox(key="t_kind").value == "budget_lines"
    plan = at.selectbox(key="t_parent:budget_lines").value
    lines = reads.current_records(bundled_app, "budget_lines")
    expected = sorted(lines[lines["plan_version_key"] == plan]["key"])
    [editor] = at.get("arrow_data_frame") or at.dataframe
    assert sorted(editor.value["key"]) == expected
    at = submit(at, "표 저장")  # nothing edited, no reason: the reason is asked for
    assert [e.value for e in at.error] == ["필수 값이 비어 있습니다"]


def test_a_link_to_a_records_history_is_followed_after_browsing_another_kind(bundled_app):
    store.apply(
        bundled_app,
        [Write("sources", "src-link", {"outlet": "링크"})],
        by="kim",
        reason="링크 시험",
        actor=_operator("kim"),
    )
    at = open_page("pages/data_records.py", kind="partners")
    assert at.selectbox(key="kind").value == "partners"
    at.query_params["kind"] = "sources"  # what the change log's link carries
    at.query_params["key"] = "src-link"
    at.switch_page("pages/data_history.py").run()
    assert (at.selectbox(key="kind").value, at.selectbox(key="key").value) == (
        "sources",
        "src-link",
    )
    assert list(at.dataframe[0].value["사유"]) == ["링크 시험"]
    # choosing another kind on the page is kept, not pulled back by the URL
    at.selectbox(key="kind").set_value("regions").run()
    assert at.selectbox(key="kind").value == "regions"


def test_the_table_editor_offers_allowed_values_in_words_and_stores_the_codes(
    app_env, bundled_db_file
):
    app_env("bundled", bundled_db_file)
    from tracker.ui import record_table

    config = record_table._column_config("budget_lines", "ko", "plan_version_key")
    options = config["funding_source"]["type_config"]["options"]
    assert options[:3] == [
        {"value": "national", "label": "국비"},
        {"value": "city", "label": "시비"},
        {"value": "private", "label": "민자"},
    ]  # the grid showed "city", "national", "private"
    english = record_table._column_config("milestones", "en", "project_key")
    labels = {o["value"]: o["label"] for o in english["actual_precision"]["type_config"]["options"]}
    assert labels["by"] == "By (on or before that day)"
