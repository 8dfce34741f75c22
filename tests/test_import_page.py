"""AppTest of the import page: empty state, upload, preview with problems, confirm."""

from __future__ import annotations

from conftest import ROOT
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from tracker.access.roles import operator as _operator
from tracker.db import backend, schema

OPERATOR = _operator("tests")

GOOD = (
    "키,세부 사업 키,집행일,재원,금액\n"
    'pay-001,gj1-site,2024.03.05,국비,"1,234,000원"\n'
    "pay-002,gj1-site,2024년 4월 1일,시비,3억 5천만원\n"
)
BAD = GOOD + "pay-003,gj1-site,03/05/2024,국비,3억 5천\n"


def open_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("pages/data_import.py").run()  # the page's own first run
    assert not at.exception, [e.value for e in at.exception]
    return at


def expenditure_keys(url: str) -> list[str]:
    engine = backend.make_engine(url)
    with engine.connect() as conn:
        keys = conn.execute(select(schema.expenditures.c.key).order_by("key")).scalars().all()
    engine.dispose()
    return list(keys)


def upload(at: AppTest, text: str, name: str = "payments.csv") -> AppTest:
    at.file_uploader(key="import_file_expenditures").set_value(
        (name, text.encode("cp949"), "text/csv")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_before_an_upload_the_page_offers_templates_and_says_what_to_do(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = open_page()
    assert at.title[0].value == "자료 가져오기"
    assert at.selectbox(key="import_kind").value == "expenditures"
    assert "아직 올린 파일이 없습니다" in at.info[0].value
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["서식 파일 받기 (Excel)", "서식 파일 받기 (CSV)"]


def test_a_file_with_problems_is_previewed_by_row_and_column_and_cannot_be_saved(
    app_env, bundled_db_file
):
    url = app_env("bundled", bundled_db_file)
    at = upload(open_page(), BAD)
    assert [m.value for m in at.metric] == ["2", "0", "0", "2"]
    assert "문제 2건" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems["행"].tolist() == [4, 4]
    assert problems["열"].tolist() == ["C", "E"]
    assert problems["열 제목"].tolist() == ["집행일", "금액"]
    assert "월과 일의 순서가 모호합니다" in problems["문제"].iloc[0]
    assert "모호한 금액입니다" in problems["문제"].iloc[1]
    preview = at.dataframe[1].value
    assert preview["행"].tolist() == [4, 2, 3]  # rows with problems first
    assert preview["상태"].tolist() == ["문제", "새 행", "새 행"]
    assert preview["금액"].tolist() == ["3억 5천", "1,234,000원", "3억 5천만원"]
    assert at.button(key="import_confirm").disabled
    assert expenditure_keys(url) == []


def test_a_clean_file_is_saved_on_confirm_and_then_shows_as_unchanged(app_env, bundled_db_file):
    url = app_env("bundled", bundled_db_file)
    at = upload(open_page(), GOOD)
    assert [m.value for m in at.metric] == ["2", "0", "0", "0"]
    assert not at.error
    assert expenditure_keys(url) == []  # nothing before the confirmation
    at.text_input(key="import_reason").input("3월 집행 내역").run()
    at.button(key="import_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert expenditure_keys(url) == ["pay-001", "pay-002"]
    assert "집행 내역 2건을 저장했습니다" in at.success[0].value
    assert [m.value for m in at.metric] == ["0", "0", "2", "0"]
    assert at.button(key="import_confirm").disabled


def test_the_page_speaks_english(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.switch_page("pages/data_import.py").run()  # the page's own first run
    at = upload(at, BAD)
    assert at.title[0].value == "Import data"
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Row", "Column", "Header", "Problem"]
    assert "ambiguous day and month" in problems["Problem"].iloc[0]


def test_on_an_empty_database_the_page_still_offers_templates(app_env):
    app_env("empty")
    at = open_page()
    assert "아직 올린 파일이 없습니다" in at.info[-1].value
    assert len(at.get("download_button")) == 2


def test_the_preview_marks_exactly_the_cells_with_problems(bundled_engine):
    from tracker.imports import plan as plans
    from tracker.imports import view

    plan = plans.plan_file(bundled_engine, "expenditures", BAD.encode("cp949"), "x.csv")
    styled = view.preview_styled(plan, "en")
    frame = styled.data
    assert frame["Row"].tolist() == [4, 2, 3]
    # columns: Row, Status, 키, 세부 사업 키, 집행일, 재원, 금액; row 4 is shown first
    assert "#T_x_row0_col4, #T_x_row0_col6 {" in styled.set_uuid("x").to_html()
    assert styled.to_html().count("background-color: #FDE2E1") == 1  # that one rule only


def test_a_record_withdrawn_between_preview_and_save_stops_the_save(app_env, bundled_db_file):
    import datetime as dt

    from tracker.db import store

    url = app_env("bundled", bundled_db_file)
    at = upload(open_page(), GOOD)
    assert not at.error
    engine = backend.make_engine(url)  # meanwhile, someone withdraws the project
    store.apply(
        engine,
        [store.Write("projects", "gj1-site", delete=True, valid_from=dt.date.today())],
        by="lee",
        reason="merged",
        actor=_operator("lee"),
    )
    engine.dispose()
    at.button(key="import_confirm").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "아무것도 저장하지 않았습니다" in at.error[0].value
    assert any("projects:gj1-site" in m.value for m in at.markdown)
    assert expenditure_keys(url) == []
