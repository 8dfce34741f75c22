"""Edge cases of the cell parsers and the encoding check, each worked out by hand.

tests/test_import_values.py covers the common spellings; this file covers the edges the mutation
run (tests/mutation/run.py imports) found unchecked: each branch of the Korean amount reader,
the date window and serial edges, the words read as yes / no, what a refused cell's message
shows (``detail``), and the thresholds of the CP949 check.
"""

import codecs
import datetime as dt

import pytest

from tracker.imports import encodings, values
from tracker.imports.problems import CellError, FileRefused


def refused(parse, value, **options):
    with pytest.raises(CellError) as caught:
        parse(value, **options)
    return caught.value.code, caught.value.detail


# --- amounts: the Korean unit reader --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("1억 2,500만원", 125_000_000),
        ("１억 ２，５００만원", 125_000_000),  # full-width digits and comma
        ("12.5억", 1_250_000_000),
        ("0.5억", 50_000_000),
        (".5억", 50_000_000),
        ("1.5천", 1_500),
        ("억", 100_000_000),  # a unit alone counts once
        ("억원", 100_000_000),
        ("백만", 1_000_000),
        ("5십", 50),
        ("3백", 300),
        ("1천2백3십4", 1_234),  # every small unit once, descending
        ("2천5백만", 25_000_000),
        ("2천5만", 20_050_000),  # 이천오만: the 5 joins the thousands before 만
        ("3천만 2천원", 30_002_000),  # small units start again after 만
        ("1만 2000원", 12_000),  # digits after 만 are plain won, not ambiguous
        ("1만 2,000", 12_000),
        ("1조 5000억 3000만원", 1_500_030_000_000),
        ("1억만", 100_010_000),  # 만 alone after 억 is 1만
        ("  3억  ", 300_000_000),
    ],
)
def test_korean_unit_amounts_worked_out_by_hand(text, won):
    assert values.parse_amount(text) == won


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1 2억", "not_an_amount"),  # two numbers side by side before a unit
        ("1억 2 3만", "not_an_amount"),
        ("5백3천", "not_an_amount"),  # small units must descend
        ("3천3천", "not_an_amount"),  # ... strictly
        ("1만1억", "not_an_amount"),  # big units must descend
        ("1억 1억", "not_an_amount"),  # ... strictly
        ("1억 가", "not_an_amount"),
        ("1억-2만", "not_an_amount"),
        ("천이백", "not_an_amount"),  # numbers in words are not read
        ("1억 0.5", "not_whole_won"),  # a fraction of a won after 억
        ("2천 0.5", "not_whole_won"),
        ("1억 1,0000만", "bad_grouping"),
        ("3조 5천", "ambiguous_amount"),
    ],
)
def test_korean_unit_amounts_that_are_refused(text, code):
    assert refused(values.parse_amount, text) == (code, {"value": text})


# --- amounts: signs, currency marks, plain numbers -------------------------------------------


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("( 1,000원 )", -1_000),
        ("−1,000", -1_000),  # U+2212 minus sign
        ("▲500", -500),
        ("△ 500", -500),
        ("- 1000", -1_000),
        ("-₩1,000", -1_000),
        ("₩-1,000", -1_000),  # sign after the won mark
        ("KRW1,000", 1_000),
        ("KRW 1,000", 1_000),
        ("₩ 1,000", 1_000),
        ("1,000 원", 1_000),
        ("－１，０００", -1_000),  # full-width minus
        ("12,345,678", 12_345_678),
        ("0012", 12),
        (-5, -5),
        (10**14, 10**14),  # 100조, the largest amount accepted
        (-(10**14), -(10**14)),
    ],
)
def test_amount_signs_and_currency_marks(text, won):
    assert values.parse_amount(text) == won


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("500)", "not_an_amount"),  # one parenthesis is not a negative
        ("(500", "not_an_amount"),
        ("12a", "not_an_amount"),
        ("1 234", "not_an_amount"),  # a space inside digits: two numbers
        (dt.datetime(2024, 3, 5), "not_an_amount"),  # a date cell in the amount column
        ("₩", "not_an_amount"),
        ("()", "not_an_amount"),
        ("-", "not_an_amount"),
        ("1,0000", "bad_grouping"),
        ("1234,567", "bad_grouping"),
        (".5", "not_whole_won"),
        ("1.5", "not_whole_won"),
        ("1,234.56", "not_whole_won"),
        (0.1 + 0.2, "not_whole_won"),  # 0.30000000000000004: read as written, not rounded
        (10**14 + 1, "absurd_amount"),
        (-(10**14) - 1, "absurd_amount"),  # the limit holds for negatives too
        ("-100,000,000,000,001", "absurd_amount"),
        (1e15, "absurd_amount"),
        (float("inf"), "not_an_amount"),
        (False, "not_an_amount"),
    ],
)
def test_amounts_refused_name_the_cell_as_written(value, code):
    assert refused(values.parse_amount, value) == (code, {"value": str(value)})


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024.3.1.", dt.date(2024, 3, 1)),
        ("2024년 3월 1일", dt.date(2024, 3, 1)),
        ("2024 년 3 월 1 일", dt.date(2024, 3, 1)),
        ("2024. 3. 1", dt.date(2024, 3, 1)),
        ("2024/3/1", dt.date(2024, 3, 1)),
        ("2024.03.01 13:45", dt.date(2024, 3, 1)),
        ("2024-03-01T13:45:10.5", dt.date(2024, 3, 1)),
        ("  2024-03-01 ", dt.date(2024, 3, 1)),  # spaces around the ISO form
        ("\u3000２０２４－０３－０１\u3000", dt.date(2024, 3, 1)),  # ideographic spaces
        (dt.datetime(2024, 3, 1, 13, 45), dt.date(2024, 3, 1)),
        (45352.0, dt.date(2024, 3, 1)),  # 2024-03-01 - 1899-12-30 = 45352 days
        (32874.9, dt.date(1990, 1, 1)),  # the time of day is dropped, not rounded
        (73415.0, dt.date(2100, 12, 31)),
    ],
)
def test_dates_worked_out_by_hand(value, day):
    assert values.parse_date(value) == day


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        ("2024-02-30", "no_such_date", "2024-02-30"),
        ("20241305", "no_such_date", "20241305"),  # month 13
        ("1899-12-31", "date_out_of_range", "1899-12-31"),
        ("2101.1.1", "date_out_of_range", "2101.1.1"),
        (dt.datetime(1899, 12, 31), "date_out_of_range", "1899-12-31 00:00:00"),
        (dt.date(2101, 1, 1), "date_out_of_range", "2101-01-01"),
        ("2024-03.01", "not_a_date", "2024-03.01"),  # separators must match
        ("3월 5일", "not_a_date", "3월 5일"),  # five characters, not a serial
        ("453560", "not_a_date", "453560"),
        ("12345", "not_a_date", "12345"),  # five digits outside the serial window
        ("2024-W10-2", "not_a_date", "2024-W10-2"),  # ISO week dates are not read
        ("2024W102", "not_a_date", "2024W102"),
        ("5-3-2024", "ambiguous_date", "5-3-2024"),
        ("24.3.5.", "short_year", "24.3.5."),
        ("2024.3", "no_day", "2024.3"),
        ("2024.3.", "no_day", "2024.3."),
        ("2024년3월", "no_day", "2024년3월"),
        (32873, "not_a_date", "32873"),
        (32873.5, "not_a_date", "32873.5"),
        (73415.5, "not_a_date", "73415.5"),  # past the last day of 2100
        (73416, "not_a_date", "73416"),
        (float("inf"), "not_a_date", "inf"),
        (float("nan"), "not_a_date", "nan"),
        (False, "not_a_date", "False"),
    ],
)
def test_dates_refused_name_the_cell_as_written(value, code, shown):
    assert refused(values.parse_date, value) == (code, {"value": shown})


# --- other numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "percent"),
    [
        ("50 %", 50.0, True),
        ("12.5%", 12.5, True),
        ("46,200 ㎡", 46200.0, False),
        ("46200m2", 46200.0, False),
        ("-3.5", -3.5, False),
        ("−3.5", -3.5, False),
        ("+3.5", 3.5, False),
        ("- 3.5", -3.5, False),
        ("－３．５", -3.5, False),
        (".25", 0.25, False),
        (3, 3.0, False),
        (-2.5, -2.5, False),
    ],
)
def test_numbers_worked_out_by_hand(text, number, percent):
    result = values.parse_number(text, percent=percent)
    assert result == number and type(result) is float


@pytest.mark.parametrize(
    ("value", "code", "options"),
    [
        ("50%", "not_a_number", {}),  # a percent sign outside a percent column
        ("%", "not_a_number", {"percent": True}),
        ("-", "not_a_number", {}),
        ("+-3", "not_a_number", {}),
        ("abc", "not_a_number", {}),
        ("1,23", "bad_grouping", {}),
        (float("inf"), "not_a_number", {}),
        (float("nan"), "not_a_number", {}),
        (True, "not_a_number", {}),
    ],
)
def test_numbers_refused(value, code, options):
    assert refused(values.parse_number, value, **options) == (code, {"value": str(value)})


@pytest.mark.parametrize(
    ("value", "whole"),
    [("1,200", 1200), ("12.0", 12), ("-3", -3), ("+7", 7), (12, 12), (2024.0, 2024)],
)
def test_whole_numbers(value, whole):
    result = values.parse_integer(value)
    assert result == whole and type(result) is int


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12.5", "not_whole"),
        (2.5, "not_whole"),
        (True, "not_whole"),
        ("열둘", "not_a_number"),
        ("50%", "not_a_number"),  # a percent sign is read in percent columns only
        ("1,23", "bad_grouping"),
    ],
)
def test_whole_numbers_refused(value, code):
    assert refused(values.parse_integer, value) == (code, {"value": str(value)})


# --- yes / no ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["1", "true", "yes", "y", "예", "네", "o", "참", "추정", "YES", "Ｙｅｓ", " O "]
)
def test_every_word_for_yes(word):
    assert values.parse_boolean(word) is True


@pytest.mark.parametrize("word", ["0", "false", "no", "n", "아니오", "아니요", "x", "거짓", "X"])
def test_every_word_for_no(word):
    assert values.parse_boolean(word) is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), (1, True), (0, False), (1.0, True), (0.0, False)],
)
def test_boolean_and_number_cells(value, expected):
    assert values.parse_boolean(value) is expected


@pytest.mark.parametrize("value", [2, -1, 0.5, "2", "아마", ""])
def test_other_values_are_not_yes_or_no(value):
    assert refused(values.parse_boolean, value) == ("not_a_boolean", {"value": str(value)})


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (2024.0, "2024"),
        (2.5, "2.5"),
        (12, "12"),
        (dt.datetime(2024, 3, 5), "2024-03-05"),
        (dt.datetime(2024, 3, 5, 13, 45), "2024-03-05T13:45:00"),
        (dt.date(2024, 3, 5), "2024-03-05"),
        ("'=1", "=1"),  # the export's quote comes off a formula
        ("'+1", "+1"),
        ("'\t=1 ", "=1"),  # then trimmed like any text
        ("'abc", "'abc"),  # ... and stays on anything else
        ("'", "'"),
        ("  가나  ", "가나"),
    ],
)
def test_text_cells_as_written(value, text):
    assert values.parse_text(value) == text


def test_formula_text_is_refused_showing_its_first_40_characters():
    formula = "=" + "A" * 50
    assert refused(values.parse_text, formula) == ("formula_text", {"value": "=" + "A" * 39})
    assert refused(values.parse_text, "\r=1") == ("formula_text", {"value": "\r=1"})


def test_text_length_limit_edges():
    assert values.parse_text("가나다", max_length=3) == "가나다"
    assert values.parse_text("가" * 600) == "가" * 600  # no limit unless the column has one
    assert refused(values.parse_text, "가나다라마", max_length=4) == (
        "too_long",
        {"length": "5", "limit": "4"},
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [("=1", "'=1"), ("-5", "'-5"), ("+1", "'+1"), ("@A", "'@A"), ("abc", "abc"), ("", "")],
)
def test_export_quotes_only_formula_looking_text(text, written):
    assert values.neutralise(text) == written


# --- encodings --------------------------------------------------------------------------------


def test_a_bad_byte_after_a_utf8_bom_is_reported_at_its_offset():
    with pytest.raises(FileRefused) as caught:
        encodings.decode(codecs.BOM_UTF8 + b"key\n\xff\xfe")
    assert caught.value.code == "bad_utf8" and caught.value.detail == {"offset": "4"}


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + "키".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "키".encode("utf-16-be"),
        codecs.BOM_UTF32_LE + "키".encode("utf-32-le"),
        codecs.BOM_UTF32_BE + "키".encode("utf-32-be"),
    ],
)
def test_every_utf16_and_utf32_byte_order_mark_is_told_apart(data):
    with pytest.raises(FileRefused) as caught:
        encodings.decode(data)
    assert caught.value.code == "utf16"


def test_a_nul_byte_is_looked_for_in_the_first_64_kib_only():
    with pytest.raises(FileRefused) as caught:
        encodings.decode(b"a" * 65535 + b"\x00")  # the last byte of the first 64 KiB
    assert caught.value.code == "binary"
    text, found = encodings.decode(b"a" * 65536 + b"\x00")  # the first byte after it
    assert found == "utf-8" and len(text) == 65537


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("가나다※※", True),  # 3 of 5 wide characters are Hangul: 0.6, the threshold
        ("가나※※", False),  # 2 of 4: 0.5
        ("가가가※※", True),  # 가 (U+AC00) is the first syllable counted
        ("ㄱㄱㄱ※※", True),  # ㄱ (U+3131) the first jamo
        ("ㆎㆎㆎ※※", True),  # ㆎ (U+318E) the last jamo
        ("똠똠똠가가", False),  # 똠 is outside EUC-KR's 2,350 common syllables
        ("가\x7f\x7f\x7f", True),  # DEL is ASCII and does not count
    ],
)
def test_cp949_is_accepted_only_when_mostly_common_hangul(text, accepted):
    data = text.encode("cp949")
    if accepted:
        assert encodings.decode(data) == (text, "cp949")
    else:
        with pytest.raises(FileRefused) as caught:
            encodings.decode(data)
        assert caught.value.code == "unknown_encoding"


def test_bytes_that_are_neither_utf8_nor_cp949_are_refused():
    with pytest.raises(FileRefused) as caught:
        encodings.decode(b"ab\xff")
    assert caught.value.code == "unknown_encoding"


def test_only_the_first_million_characters_are_sampled():
    # 600,000 Hangul then 400,000 symbols: a share of exactly 0.6 in the first million; the
    # symbol after them (which would make it 600,000 / 1,000,001) is not looked at
    text = "가" * 600_000 + "※" * 400_000 + "※"
    assert encodings.decode(text.encode("cp949"))[1] == "cp949"
