"""A corpus of bad files, built here: each is refused with its own message and changes nothing.

Every case goes through ``tracker import`` (in process) against a copy of the bundled database,
and the whole database is compared before and after.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import zipfile

import openpyxl
import pytest
import xlsxwriter

from tracker.cli.main import main as cli_main
from tracker.db import schema

HEADER = "key,project_key,spent_on,funding_source,amount_won,note\n"
GOOD_ROW = "pay-1,gj1-site,2024-03-05,national,1000000,\n"


def dump(path) -> list:
    with sqlite3.connect(path) as conn:
        return [
            conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for name in (*schema.LOAD_ORDER, "changes")
        ]


@pytest.fixture
def database(bundled_db_file, tmp_path, monkeypatch):
    path = tmp_path / "live.sqlite"
    path.write_bytes(bundled_db_file.read_bytes())
    monkeypatch.setenv("TRACKER_LANG", "en")
    return path


def run_import(database, tmp_path, capsys, name: str, data: bytes, kind="expenditures"):
    file = tmp_path / name
    file.write_bytes(data)
    before = dump(database)
    code = cli_main(["--database-url", f"sqlite:///{database}", "import", kind, str(file)])
    out = capsys.readouterr()
    return code, out.out + out.err, before == dump(database)


def refused(database, tmp_path, capsys, name, data, *expected, kind="expenditures"):
    code, output, untouched = run_import(database, tmp_path, capsys, name, data, kind)
    assert code == 2, output
    assert untouched
    assert "nothing was saved" in output
    for text in expected:
        assert text in output, output
    return output


def xlsx(rows, *, formulas=None) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False}) as book:
        sheet = book.add_worksheet("Sheet1")
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif value is not None:
                    sheet.write(r, c, value)
        for (r, c), (formula, cached) in (formulas or {}).items():
            sheet.write_formula(r, c, formula, None, cached)
    return buffer.getvalue()


# --- encodings and headers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("utf-16", "UTF-16 ('Unicode text') files are not read"),
        ("shift_jis", "unknown text encoding (only UTF-8, UTF-8 with BOM and CP949/EUC-KR"),
        ("latin-1", "unknown text encoding"),
    ],
)
def test_wrong_encodings_are_refused(database, tmp_path, capsys, encoding, message):
    note = {"utf-16": "기성금", "shift_jis": "東京都の支払い", "latin-1": "Größe"}[encoding]
    text = HEADER + f"pay-1,gj1-site,2024-03-05,national,1000000,{note}\n"
    refused(database, tmp_path, capsys, "x.csv", text.encode(encoding), message)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949", "euc-kr", "utf-8"])
def test_bom_and_korean_encodings_with_korean_headers_go_in(database, tmp_path, capsys, encoding):
    text = "키,세부 사업 키,집행일,재원,금액,비고\npay-1,gj1-site,2024.03.05,국비,1억,기성금\n"
    code, output, untouched = run_import(database, tmp_path, capsys, "x.csv", text.encode(encoding))
    assert code == 0 and not untouched
    assert "1 new, 0 changed, 0 unchanged" in output


def test_a_header_with_a_second_bom_still_maps(database, tmp_path, capsys):
    data = ("\ufeff" + HEADER + GOOD_ROW).encode("utf-8-sig")
    code, output, _ = run_import(database, tmp_path, capsys, "x.csv", data)
    assert code == 0, output


def test_a_missing_required_column_is_named(database, tmp_path, capsys):
    data = b"key,project_key,spent_on,funding_source\npay-1,gj1-site,2024-03-05,national\n"
    refused(
        database,
        tmp_path,
        capsys,
        "x.csv",
        data,
        "a required column is missing: amount_won (금액(원) / Amount (won))",
    )


def test_an_extra_column_is_named_by_letter_and_header(database, tmp_path, capsys):
    data = (HEADER.strip() + ",합계금액\n" + GOOD_ROW.strip() + ",5\n").encode()
    refused(
        database,
        tmp_path,
        capsys,
        "x.csv",
        data,
        "row 1, column G '합계금액' — unknown column header",
    )


def test_the_same_column_twice_is_refused(database, tmp_path, capsys):
    data = (HEADER.strip() + ",금액\n" + GOOD_ROW.strip() + ",5\n").encode()
    refused(
        database,
        tmp_path,
        capsys,
        "x.csv",
        data,
        "row 1, column G '금액' — the same column appears twice (as column E: amount_won)",
    )


# --- cells ---------------------------------------------------------------------------------------


def test_bad_dates_and_amounts_are_each_reported_by_row_and_column(database, tmp_path, capsys):
    rows = [
        "a,gj1-site,03/05/2024,national,1000,",
        "b,gj1-site,2024-02-30,national,1.5,",
        "c,gj1-site,24.3.5,national,3억 5천,",
        'd,gj1-site,2024-03-05,national,"1,23",',
        "e,gj1-site,2024-03-05,national,5,,surplus",
    ]
    data = (HEADER + "\n".join(rows) + "\n").encode()
    output = refused(
        database,
        tmp_path,
        capsys,
        "x.csv",
        data,
        "row 2, column C 'spent_on' — ambiguous day and month: 03/05/2024",
        "row 3, column C 'spent_on' — no such date: 2024-02-30",
        "row 3, column E 'amount_won' — not a whole number of won: 1.5",
        "row 4, column C 'spent_on' — two-digit year: 24.3.5",
        "row 4, column E 'amount_won' — ambiguous amount: 3억 5천",
        "row 5, column E 'amount_won' — thousands commas are misplaced: 1,23",
        "row 6, column G — a cell beyond the headers holds a value: surplus",
    )
    assert "7 problem(s)" in output


def test_negative_and_absurd_amounts_are_refused(database, tmp_path, capsys):
    data = (
        HEADER + "a,gj1-site,2024-03-05,national,-1000,\nb,gj1-site,2024-03-05,national,1000조,\n"
    ).encode()
    refused(
        database,
        tmp_path,
        capsys,
        "x.csv",
        data,
        "row 2, column E 'amount_won' — cannot be negative (-1000)",
        "row 3, column E 'amount_won' — more than 100 trillion won: 1000조",
    )


def test_duplicate_keys_and_unknown_references_are_refused(database, tmp_path, capsys):
    data = (
        HEADER
        + GOOD_ROW
        + "pay-2,gj1-nowhere,2024-03-05,national,5,\n"
        + "pay-3,gj1-site,2024-03-05,국외,5,\n"
        + GOOD_ROW
    ).encode()
    refused(
        database,
        tmp_path,
        capsys,
        "x.csv",
        data,
        "row 3, column B 'project_key' — refers to something that does not exist (projects:gj1-nowhere)",
        "row 4, column D 'funding_source' — value not allowed: 국외",
        "row 5, column A 'key' — the same key and valid-from date are also in row 2: pay-1",
    )


def test_formula_like_text_is_refused(database, tmp_path, capsys):
    data = (HEADER + "pay-1,gj1-site,2024-03-05,national,5,\"=cmd|' /C calc'!A0\"\n").encode()
    refused(
        database,
        tmp_path,
        capsys,
        "x.csv",
        data,
        "row 2, column F 'note' — text that looks like a formula",
    )


# --- xlsx ----------------------------------------------------------------------------------------


def test_an_xlsx_with_date_cells_numbers_and_cached_formulas_goes_in(database, tmp_path, capsys):
    rows = [
        HEADER.strip().split(","),
        ["pay-1", "gj1-site", dt.date(2024, 3, 5), "국비", None, "x"],
    ]
    data = xlsx(rows, formulas={(1, 4): ("=1000*1234", 1234000)})
    code, output, _ = run_import(database, tmp_path, capsys, "x.xlsx", data)
    assert code == 0, output
    with sqlite3.connect(database) as conn:
        row = conn.execute("SELECT spent_on, amount_won FROM expenditures").fetchone()
    assert row == ("2024-03-05", 1234000)


def test_a_formula_without_a_cached_value_is_refused(database, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["pay-1", "gj1-site", "2024-03-05", "national", "=1000*5", None])
    buffer = io.BytesIO()
    book.save(buffer)
    refused(
        database,
        tmp_path,
        capsys,
        "x.xlsx",
        buffer.getvalue(),
        "row 2, column E 'amount_won' — a formula without a calculated value: =1000*5",
    )


def test_a_truncated_xlsx_is_refused(database, tmp_path, capsys):
    data = xlsx([HEADER.strip().split(","), GOOD_ROW.strip().split(",")])
    refused(
        database, tmp_path, capsys, "x.xlsx", data[: len(data) // 2], "not a complete XLSX file"
    )


def test_an_xlsx_over_the_size_or_row_cap_is_refused(database, tmp_path, capsys, monkeypatch):
    rows = [HEADER.strip().split(",")] + [
        [f"pay-{n}", "gj1-site", "2024-03-05", "national", 1000, None] for n in range(300)
    ]
    data = xlsx(rows)
    monkeypatch.setenv("TRACKER_IMPORT_MAX_ROWS", "200")
    refused(database, tmp_path, capsys, "x.xlsx", data, "too many rows (at most 200)")
    monkeypatch.setenv("TRACKER_IMPORT_MAX_MB", "0.005")
    refused(
        database, tmp_path, capsys, "x.xlsx", data, "the file is too large", "(at most 0.005 MB)"
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked(database, tmp_path, capsys):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            zeros = b"0" * (1024 * 1024)
            for _ in range(200):  # 200 MB of zeros packs into a few hundred kilobytes
                member.write(zeros)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    refused(
        database,
        tmp_path,
        capsys,
        "x.xlsx",
        data,
        "would unpack to far too much data",
        "sheet1.xml",
    )


def test_an_xml_entity_bomb_inside_an_xlsx_is_refused(database, tmp_path, capsys):
    data = bytearray(xlsx([HEADER.strip().split(","), GOOD_ROW.strip().split(",")]))
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>&lol2;</t></si></sst>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            payload = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                payload = bomb.encode()
            target.writestr(item.filename, payload)
    refused(
        database, tmp_path, capsys, "x.xlsx", buffer.getvalue(), "not a complete XLSX file", "Entit"
    )


def test_a_40_mb_file_is_refused_before_it_is_read(database, tmp_path, capsys):
    row = GOOD_ROW.encode()
    data = HEADER.encode() + row * (40 * 1024 * 1024 // len(row))
    assert len(data) > 39 * 1024 * 1024
    refused(
        database,
        tmp_path,
        capsys,
        "big.csv",
        data,
        "the file is too large: 40.0 MB (at most 25 MB)",
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel files (.xls)"),
        ("x.csv", b"", "the file is empty"),
        ("x.csv", HEADER.encode(), "no data rows"),
        ("x.ods", b"whatever", "only CSV and XLSX files are read (.ods)"),
        ("x.csv", b"PK\x03\x04" + b"\0" * 50, "this is an Excel (xlsx) file, not a CSV"),
    ],
)
def test_other_files_that_are_not_tables_are_refused(
    database, tmp_path, capsys, name, data, message
):
    refused(database, tmp_path, capsys, name, data, message)


def test_xlsx_rows_are_numbered_as_the_sheet_shows_them(database, tmp_path, capsys):
    rows = [
        [],  # a blank first row: the header is on row 2
        HEADER.strip().split(","),
        ["pay-1", "gj1-site", dt.date(2024, 3, 5), "국비", "1,000원", None],
        [],
        ["pay-2", "gj1-site", "2024/13/01", "국비", 1000, None],
    ]
    data = xlsx(rows[1:])
    refused(database, tmp_path, capsys, "x.xlsx", data, "row 4, column C 'spent_on' — no such date")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    refused(
        database,
        tmp_path,
        capsys,
        "y.xlsx",
        buffer.getvalue(),
        "row 5, column C 'spent_on' — no such date: 2024/13/01",
    )
