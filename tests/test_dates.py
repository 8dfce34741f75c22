"""tracker.dates: when a date of each precision has passed, and how dates read, on the edges
(month ends, 29 February, 31 December); expected values written by hand."""

import datetime as dt

import pandas as pd
import pytest

from tracker import dates

D = dt.date
LEAP_DAY = D(2024, 2, 29)


# --- the same rule in Python (tracker.dates) ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "known"),
    [
        (D(2024, 2, 10), "month", D(2024, 2, 29)),
        (D(2023, 2, 10), "month", D(2023, 2, 28)),
        (D(2024, 4, 30), "month", D(2024, 4, 30)),
        (D(2024, 12, 5), "month", D(2024, 12, 31)),
        (D(2024, 3, 3), "year", D(2024, 12, 31)),
        (D(2024, 3, 3), "day", D(2024, 3, 3)),
        (D(2024, 3, 3), None, D(2024, 3, 3)),
        (D(2024, 3, 3), "by", D(2024, 3, 3)),
        (None, "month", None),
        ("2024-02-10", "month", D(2024, 2, 29)),
    ],
)
def test_known_from(value, precision, known):
    assert dates.known_from(value, precision) == known


def test_is_known_by_on_the_day_and_the_day_before():
    assert dates.is_known_by(D(2024, 2, 10), "month", LEAP_DAY) is True
    assert dates.is_known_by(D(2024, 2, 10), "month", D(2024, 2, 28)) is False
    assert dates.is_known_by(LEAP_DAY, "day", LEAP_DAY) is True
    assert dates.is_known_by(D(2024, 3, 1), "day", LEAP_DAY) is False
    assert dates.is_known_by(None, "day", LEAP_DAY) is False


def test_visible_from_uses_the_compile_day_only_without_a_date():
    compiled = D(2026, 11, 25)
    assert dates.visible_from(D(2024, 2, 3), "month", compiled_on=compiled) == LEAP_DAY
    assert dates.visible_from(D(2024, 2, 3), "day", compiled_on=compiled) == D(2024, 2, 3)
    assert dates.visible_from(None, None, compiled_on=compiled) == compiled


@pytest.mark.parametrize(
    ("day", "precision", "start"),
    [
        (D(2024, 2, 29), "month", D(2024, 2, 1)),
        (D(2024, 2, 29), "year", D(2024, 1, 1)),
        (D(2024, 2, 29), "day", D(2024, 2, 29)),
        (D(2024, 2, 29), None, D(2024, 2, 29)),
    ],
)
def test_period_start(day, precision, start):
    assert dates.period_start(day, precision) == start


@pytest.mark.parametrize(
    ("value", "precision", "lang", "text"),
    [
        (D(2019, 10, 5), "month", "ko", "2019년 10월"),
        (D(2019, 10, 5), "month", "en", "Oct 2019"),
        (D(2024, 2, 29), "month", "en", "Feb 2024"),
        (D(2021, 3, 3), "year", "ko", "2021년"),
        (D(2021, 3, 3), "year", "en", "2021"),
        (D(2020, 4, 28), "by", "ko", "2020-04-28 이전"),
        (D(2020, 4, 28), "by", "en", "by 2020-04-28"),
        (D(2020, 4, 28), "day", "en", "2020-04-28"),
        (D(2020, 4, 28), None, "ko", "2020-04-28"),
        ("2020-04-28", "unknown", "ko", "2020-04-28"),
        (None, "month", "ko", "—"),
    ],
)
def test_format_date_per_precision_and_language(value, precision, lang, text):
    assert dates.format_date(value, precision, lang) == text


def test_format_date_defaults_to_a_day_in_korean():
    assert dates.format_date(D(2024, 2, 29)) == "2024-02-29"
    assert dates.format_date(pd.Timestamp("2024-02-29 13:00")) == "2024-02-29"
    assert dates.format_date(float("nan")) == "—"


def test_as_date_reads_the_date_part_of_a_timestamp_text():
    assert dates.as_date("2024-02-29T13:45:00") == LEAP_DAY
    assert dates.as_date("2024-02-29 13:45") == LEAP_DAY
    assert dates.as_date(None) is None
