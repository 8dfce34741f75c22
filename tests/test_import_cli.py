"""tracker template / import / export records / seed --from: one file format in and out."""

import io
import zipfile

import openpyxl
import pytest
from command import run_tracker
from conftest import BUNDLE
from sqlalchemy import func, select

from tracker.access.roles import operator as _operator
from tracker.db import backend, kinds, schema, store
from tracker.imports import plan as plans
from tracker.imports import records

OPERATOR = _operator("tests")


def tracker(*args, url, lang="en"):
    env = {"TRACKER_DATABASE_URL": url, "TRACKER_LANG": lang, "TRACKER_USER": "kim"}
    return run_tracker(args, env=env)


def changes(url) -> int:
    engine = backend.make_engine(url)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(schema.changes)).scalar_one()
    engine.dispose()
    return count


@pytest.fixture
def bundled_url(bundled_db_file, tmp_path):
    path = tmp_path / "bundled.sqlite"
    path.write_bytes(bundled_db_file.read_bytes())
    return f"sqlite:///{path}"


# Korean Excel's CSV: CP949, Korean headers, Korean dates and amounts.
PAYMENTS = (
    "키,세부 사업 키,집행일,재원,금액,비고\n"
    'pay-001,gj1-site,2024.03.05,국비,"1,234,000원",3월 기성금\n'
    "pay-002,gj1-site,2024년 4월 1일,시비,3억 5천만원,\n"
)


def test_a_korean_excel_csv_imports_then_a_second_import_changes_nothing(bundled_url, tmp_path):
    path = tmp_path / "payments.csv"
    path.write_bytes(PAYMENTS.encode("cp949"))
    before = changes(bundled_url)
    first = tracker(
        "import", "expenditures", str(path), "--reason", "March payments", url=bundled_url
    )
    assert first.returncode == 0, first.stderr
    assert "expenditures: 2 new, 0 changed, 0 unchanged" in first.stdout
    assert "CSV (cp949)" in first.stderr
    for stage in ("[1/4]", "[2/4]", "[3/4]", "[4/4]"):
        assert stage in first.stderr
    assert changes(bundled_url) == before + 1
    engine = backend.make_engine(bundled_url)
    table = schema.expenditures
    with engine.connect() as conn:
        rows = conn.execute(select(table.c.key, table.c.amount_won, table.c.funding_source)).all()
        change = conn.execute(
            select(schema.changes).order_by(schema.changes.c.change_id.desc())
        ).first()
    engine.dispose()
    assert sorted(rows) == [("pay-001", 1_234_000, "national"), ("pay-002", 350_000_000, "city")]
    assert (change.kind, change.reason, change.recorded_by) == ("import", "March payments", "kim")
    again = tracker("import", "expenditures", str(path), url=bundled_url)
    assert again.returncode == 0
    assert "0 new, 0 changed, 2 unchanged" in again.stdout
    assert changes(bundled_url) == before + 1


def test_a_file_with_problems_exits_2_with_rows_and_columns_and_saves_nothing(
    bundled_url, tmp_path
):
    path = tmp_path / "bad.csv"
    path.write_text(
        "key,project_key,spent_on,funding_source,amount_won\n"
        "a,gj1-site,2024-03-05,national,100\n"
        "b,no-such-project,03/05/2024,national,-5\n"
        "a,gj1-site,2024-03-05,national,100\n",
        encoding="utf-8-sig",
    )
    before = changes(bundled_url)
    result = tracker("import", "budget-lines", str(path), url=bundled_url)
    assert result.returncode == 2  # budget lines need plan_version_key: a missing column
    assert "required column is missing: plan_version_key" in result.stderr
    result = tracker("import", "expenditures", str(path), url=bundled_url)
    assert result.returncode == 2
    assert "4 problem(s) — nothing was saved" in result.stderr
    assert "row 3, column C 'spent_on' — ambiguous day and month: 03/05/2024" in result.stderr
    assert (
        "row 3, column B 'project_key' — refers to something that does not exist" in result.stderr
    )
    assert "row 3, column E 'amount_won' — cannot be negative (-5)" in result.stderr
    assert (
        "row 4, column A 'key' — the same key and valid-from date are also in row 2"
        in result.stderr
    )
    assert changes(bundled_url) == before


def test_dry_run_reports_and_saves_nothing(bundled_url, tmp_path):
    path = tmp_path / "payments.csv"
    path.write_bytes(PAYMENTS.encode("utf-8"))
    result = tracker("import", "expenditures", str(path), "--dry-run", url=bundled_url, lang="ko")
    assert result.returncode == 0
    assert "새 행 2건" in result.stdout and "아무것도 저장하지 않았습니다" in result.stdout
    assert changes(bundled_url) == 1


@pytest.mark.parametrize("kind", kinds.kinds())
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_kind_s_template_is_the_file_format_and_its_example_row_imports(
    bundled_engine, kind, file_format
):
    payload = records.template(bundled_engine, kind, file_format)
    if file_format == "csv":
        assert payload.startswith(b"\xef\xbb\xbf")
        header = payload[3:].decode().splitlines()[0].split(",")
    else:
        book = openpyxl.load_workbook(io.BytesIO(payload), read_only=True)
        assert book.sheetnames == [kind, "안내"]
        header = [c.value for c in next(book[kind].iter_rows())]
    assert header == kinds.file_columns(kind)
    plan = plans.plan_file(bundled_engine, kind, payload, f"template.{file_format}")
    assert plan.messages("en") == []
    assert (plan.count("new"), plan.count("changed"), plan.count("unchanged")) == (1, 0, 0)


def test_template_command_accepts_hyphenated_kinds_and_refuses_other_suffixes(
    bundled_url, tmp_path
):
    ok = tracker("template", "budget-lines", "-o", str(tmp_path / "t.xlsx"), url=bundled_url)
    assert ok.returncode == 0 and "budget_lines, 10 columns" in ok.stdout
    bad = tracker("template", "budget_lines", "-o", str(tmp_path / "t.ods"), url=bundled_url)
    assert bad.returncode == 2 and ".csv or .xlsx" in bad.stderr
    unknown = tracker("template", "payments", "-o", str(tmp_path / "t.csv"), url=bundled_url)
    assert unknown.returncode == 2 and "not a kind of record" in unknown.stderr


@pytest.mark.parametrize("history", [False, True])
def test_export_then_seed_into_an_empty_database_then_export_gives_identical_files(
    bundled_url, tmp_path, history
):
    flag = ["--history"] if history else []
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    assert tracker("export", "records", *flag, "-o", str(first), url=bundled_url).returncode == 0
    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    seeded = tracker("seed", "--from", str(first), url=empty)
    assert seeded.returncode == 0, seeded.stderr
    assert tracker("export", "records", *flag, "-o", str(second), url=empty).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    names = zipfile.ZipFile(first).namelist()
    assert names == [f"{kind}.csv" for kind in schema.LOAD_ORDER]


def test_the_history_export_of_the_bundled_data_is_the_bundle_byte_for_byte(bundled_engine):
    archive = zipfile.ZipFile(io.BytesIO(records.export_records(bundled_engine, history=True)))
    for kind in schema.LOAD_ORDER:
        bundled = BUNDLE / f"{kind}.csv"
        if bundled.exists():
            assert archive.read(f"{kind}.csv") == bundled.read_bytes(), kind


def test_seed_from_refuses_a_database_that_holds_data_and_a_foreign_zip(bundled_url, tmp_path):
    export = tmp_path / "export.zip"
    tracker("export", "records", "-o", str(export), url=bundled_url)
    refused = tracker("seed", "--from", str(export), url=bundled_url)
    assert refused.returncode == 2 and "not empty" in refused.stderr
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("sources.csv", "id,name\n1,x\n")
    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    result = tracker("seed", "--from", str(foreign), url=empty)
    assert result.returncode == 2 and "sources.csv: the columns differ" in result.stderr


def test_history_export_keeps_withdrawals_and_seed_reads_them_back(bundled_engine, tmp_path):
    store.apply(
        bundled_engine,
        [
            store.Write(
                "partners",
                "encored",
                delete=True,
                valid_from=__import__("datetime").date(2024, 1, 1),
            )
        ],
        by="kim",
        reason="withdrawn",
        actor=_operator("kim"),
    )
    payload = records.export_records(bundled_engine, history=True)
    partners = zipfile.ZipFile(io.BytesIO(payload)).read("partners.csv").decode()
    assert partners.splitlines()[0].endswith(",note,is_deleted")
    assert partners.splitlines()[-1].startswith("encored,2024-01-01,") and partners.endswith(
        ",true\n"
    )
    current = zipfile.ZipFile(io.BytesIO(records.export_records(bundled_engine)))
    assert "encored," not in current.read("partners.csv").decode()
    path = tmp_path / "export.zip"
    path.write_bytes(payload)
    empty = backend.make_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    store.create_schema(empty)
    records.seed_from(empty, path, actor=OPERATOR)
    assert records.export_records(empty, history=True) == payload


def test_the_xlsx_export_has_a_sheet_per_table_and_imports_back_unchanged(bundled_engine):
    payload = records.export_records(bundled_engine, file_format="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(payload), read_only=True)
    assert book.sheetnames == list(schema.LOAD_ORDER)
    plan = plans.plan_file(bundled_engine, "milestones", payload, "records.xlsx")
    assert plan.ok and plan.count("unchanged") > 5 and not plan.writes
