"""Korean cell formats: dates, amounts, numbers, text; refused when ambiguous, never guessed."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.imports import encodings, values
from tracker.imports.problems import CellError, FileRefused

FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05",
        "2024-3-5",
        "2024.03.05",
        "2024. 3. 5.",
        "2024/03/05",
        "2024년 3월 5일",
        "2024년3월5일",
        "20240305",
        "２０２４－０３－０５",
        "2024-03-05 00:00:00",
        "45356",  # Excel serial of 2024-03-05
        45356,
        45356.75,  # serial with a time of day
        dt.datetime(2024, 3, 5, 0, 0),
        dt.date(2024, 3, 5),
    ],
)
def test_every_korean_way_of_writing_5_march_2024_reads_as_that_day(text):
    assert values.parse_date(text) == dt.date(2024, 3, 5)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("03/05/2024", "ambiguous_date"),
        ("05.03.2024", "ambiguous_date"),
        ("24.3.5", "short_year"),
        ("2024-02-30", "no_such_date"),
        ("2023년 2월 29일", "no_such_date"),  # 2023 is not a leap year
        ("2024-03", "no_day"),
        ("2024년 3월", "no_day"),
        ("1899-12-31", "date_out_of_range"),
        ("2101-01-01", "date_out_of_range"),
        ("2024-03/05", "not_a_date"),
        ("내일", "not_a_date"),
        ("1234", "not_a_date"),
        (32873, "not_a_date"),  # 1989-12-31 as a serial: outside the serial window
        (True, "not_a_date"),
    ],
)
def test_dates_that_could_be_misread_are_refused_with_the_reason(text, code):
    with pytest.raises(CellError) as caught:
        values.parse_date(text)
    assert caught.value.code == code


def test_the_date_window_edges_are_inside():
    assert values.parse_date("1900-01-01") == dt.date(1900, 1, 1)
    assert values.parse_date("2100-12-31") == dt.date(2100, 12, 31)
    assert values.parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert values.parse_date(32874) == dt.date(1990, 1, 1)
    assert values.parse_date(73415) == dt.date(2100, 12, 31)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_reads_back_in_every_year_first_format(day):
    spellings = [
        day.isoformat(),
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        f"{day.year}. {day.month}. {day.day}.",
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}-{day.month}-{day.day}",
        f"{day.year}년 {day.month}월 {day.day}일",
        f"{day.year:04d}{day.month:02d}{day.day:02d}",
        day.isoformat().translate(FULL_WIDTH),
    ]
    for text in spellings:
        assert values.parse_date(text) == day, text


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_excel_serials_count_days_from_30_december_1899(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert values.parse_date(serial) == day


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1900, 2100))
def test_day_and_month_before_the_year_is_always_refused(a, b, year):
    with pytest.raises(CellError) as caught:
        values.parse_date(f"{a:02d}/{b:02d}/{year}")
    assert caught.value.code == "ambiguous_date"


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("1,234,000", 1_234_000),
        ("1234000", 1_234_000),
        ("1,234원", 1_234),
        ("₩1,234", 1_234),
        ("￦1,234", 1_234),  # the full-width won sign Korean Excel writes
        ("１，２３４，０００", 1_234_000),
        ("1.2억", 120_000_000),
        ("1.2억원", 120_000_000),
        ("3억 5천만원", 350_000_000),
        ("3억5천만", 350_000_000),
        ("4,116억원", 411_600_000_000),
        ("1조 2,345억", 1_234_500_000_000),
        ("천만원", 10_000_000),
        ("5천원", 5_000),
        ("3만 5천", 35_000),
        ("2억 3456만 7890원", 234_567_890),
        ("(500)", -500),
        ("△1,000", -1_000),
        ("-1,000", -1_000),
        (1234, 1234),
        (1234.0, 1234),
        ("100조", 100 * 10**12),
    ],
)
def test_amounts_as_korean_officials_write_them(text, won):
    assert values.parse_amount(text) == won


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("3억 5천", "ambiguous_amount"),  # 350,005,000 or 350,000,000?
        ("1억 2000", "ambiguous_amount"),
        ("1,23", "bad_grouping"),
        ("12,34,567", "bad_grouping"),
        ("1.234", "not_whole_won"),
        ("1,234.5원", "not_whole_won"),
        ("1.234567891억", "not_whole_won"),
        ("1 234", "not_an_amount"),
        ("만억", "not_an_amount"),  # units must descend
        ("약 1억", "not_an_amount"),
        ("원", "not_an_amount"),
        ("101조", "absurd_amount"),
        (10**15, "absurd_amount"),
        (12.5, "not_whole_won"),
        (float("nan"), "not_an_amount"),
        (True, "not_an_amount"),
    ],
)
def test_ambiguous_or_unreadable_amounts_are_refused(text, code):
    with pytest.raises(CellError) as caught:
        values.parse_amount(text)
    assert caught.value.code == code


@given(st.integers(0, 100 * 10**12))
def test_any_amount_reads_back_from_digits_commas_won_sign_and_full_width(won):
    grouped = f"{won:,}"
    for text in (str(won), grouped, f"{grouped}원", f"₩{grouped}", f"￦{grouped}"):
        assert values.parse_amount(text) == won
    assert values.parse_amount(grouped.translate(FULL_WIDTH)) == won


@given(st.integers(0, 9999), st.integers(0, 9999), st.integers(0, 9999))
def test_any_amount_reads_back_written_in_eok_and_man(eok, man, rest):
    won = eok * 10**8 + man * 10**4 + rest
    parts = []
    if eok:
        parts.append(f"{eok}억")
    if man:
        parts.append(f"{man:,}만")
    text = " ".join(parts) + "원"
    if rest:
        text = f"{won:,}원"  # a remainder below 만 after 억 is written in digits
    if text == "원":
        text = "0원"
    assert values.parse_amount(text) == won


@given(st.integers(1, 9999), st.integers(1, 9))
def test_a_thousands_group_right_after_eok_is_always_ambiguous(eok, thousands):
    with pytest.raises(CellError) as caught:
        values.parse_amount(f"{eok}억 {thousands}천")
    assert caught.value.code == "ambiguous_amount"


def test_numbers_integers_and_booleans():
    assert values.parse_number("46,200㎡") == 46200.0
    assert values.parse_number("35.1653") == 35.1653
    assert values.parse_number("50%", percent=True) == 50.0
    assert values.parse_integer("１２") == 12
    assert values.parse_integer(2024.0) == 2024
    with pytest.raises(CellError):
        values.parse_integer("1.5")
    assert values.parse_boolean("예") is True and values.parse_boolean("FALSE") is False
    with pytest.raises(CellError):
        values.parse_boolean("maybe")


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_looking_text_is_refused_but_comes_back_when_quoted(text):
    with pytest.raises(CellError) as caught:
        values.parse_text(text)
    assert caught.value.code == "formula_text"
    assert values.parse_text(values.neutralise(text)) == text.strip()


def test_text_longer_than_its_column_is_refused():
    assert values.parse_text(" 가나다 ", max_length=3) == "가나다"
    with pytest.raises(CellError) as caught:
        values.parse_text("가나다라", max_length=3)
    assert caught.value.detail == {"length": "4", "limit": "3"}


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("키,금액\n가,1\n".encode(), "utf-8"),
        ("키,금액\n가,1\n".encode("utf-8-sig"), "utf-8-sig"),
        ("키,금액\n집행,1\n".encode("cp949"), "cp949"),
        ("키,금액\n집행,1\n".encode("euc-kr"), "cp949"),
        (b"key,amount\nx,1\n", "utf-8"),
    ],
)
def test_utf8_bom_and_cp949_are_detected(data, encoding):
    text, found = encodings.decode(data)
    assert found == encoding and text.startswith(("키", "key"))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("키,금액\n".encode("utf-16"), "utf16"),
        ("키,금액\n".encode("utf-16-be"), "binary"),
        ("Straße,Größe\nÄ,1\n".encode("latin-1"), "unknown_encoding"),
        ("キー,金額\n".encode("shift_jis"), "unknown_encoding"),
        ("大阪の請求書\n".encode("shift_jis"), "unknown_encoding"),  # decodes as rare Hangul
        (b"\xef\xbb\xbfkey\n\xff\xfe", "bad_utf8"),
        (b"PK\x03\x04rest", "zip_named_csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old_xls"),
    ],
)
def test_other_encodings_are_refused_with_a_way_out(data, code):
    with pytest.raises(FileRefused) as caught:
        encodings.decode(data)
    assert caught.value.code == code
