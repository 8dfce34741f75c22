"""Finding records at a ministry's scale: the data page's search, its first page and its count,
a table of one parent's records and "who still points at this record" all run in SQL, on both
engines. Expected keys and counts are worked out by hand from the records written here."""

import datetime as dt

import pytest
from test_records import base

from tracker.access.roles import operator
from tracker.db import store
from tracker.db.store import Write
from tracker.records import reads, view, writes

D = dt.date
NOW = dt.datetime(2025, 5, 2, 9, 0, tzinfo=dt.UTC)


def pay(key: str, amount: int, spent: dt.date, project: str = "p1", **extra) -> Write:
    values = {
        "project_key": project,
        "spent_on": spent,
        "funding_source": "national",
        "amount_won": amount,
        "source_key": "s1",
        **extra,
    }
    return Write("expenditures", key, values, D(2025, 5, 1))


def write(engine, writes_: list[Write], by: str = "kim", when: dt.datetime = NOW) -> None:
    store.apply(engine, writes_, reason="test", now=when, actor=operator(by))


@pytest.fixture
def payments(engine):
    """Seven payments of p1 (e1..e7) and two of p2 (f1, f2); e3 is changed later (its old
    amount 3,000,000 is no longer current) and e5 withdrawn; f2 was recorded by lee."""
    base(engine)
    write(
        engine,
        [
            Write(
                "projects",
                "p2",
                {
                    "initiative_key": "i1",
                    "name_ko": "인재",
                    "name_en": "Talent_100%",
                    "category": "talent",
                },
                D(2025, 1, 1),
            )
        ],
    )
    write(
        engine,
        [
            pay("e1", 1_200_000_000, D(2025, 4, 30)),
            pay("e2", 7_000_000, D(2025, 3, 31)),
            pay("e3", 3_000_000, D(2025, 2, 28)),
            pay("e4", 45_000_000, D(2025, 1, 31)),
            pay("e5", 5_000_000, D(2024, 12, 31)),
            pay("e6", 6_100_000, D(2024, 11, 30)),
            pay("e7", 7_700_000, D(2024, 10, 31)),
            pay("f1", 90_000, D(2025, 4, 1), project="p2"),
        ],
    )
    write(engine, [pay("f2", 20_000, D(2025, 4, 2), project="p2")], by="lee")
    write(
        engine,
        [
            pay("e3", 3_500_000, D(2025, 2, 28)),
            Write("expenditures", "e5", {}, D(2025, 5, 1), delete=True),
        ],
        when=NOW + dt.timedelta(hours=1),
    )
    return engine


def keys(frame) -> list[str]:
    return list(frame["key"])


def test_a_blank_search_lists_every_current_record_by_key(payments):
    frame, total = reads.find_records(payments, "expenditures")
    assert keys(frame) == ["e1", "e2", "e3", "e4", "e6", "e7", "f1", "f2"]  # e5 withdrawn
    assert total == 8
    assert frame.set_index("key").loc["e3", "amount_won"] == 3_500_000  # the current version
    # an edit form remembers the latest version: e3's second one is the newest row of e3
    versions = reads.versions(payments, "expenditures", "e3")
    assert frame.set_index("key").loc["e3", "latest_row_id"] == versions["row_id"].max()
    assert set(frame.set_index("key").loc[["f1", "f2"], "recorded_by"]) == {"kim", "lee"}


def test_only_the_first_records_are_read_and_all_are_counted(payments):
    frame, total = reads.find_records(payments, "expenditures", limit=3)
    assert (keys(frame), total) == (["e1", "e2", "e3"], 8)
    # exactly as many as the limit: all are shown, the count is theirs
    frame, total = reads.find_records(payments, "expenditures", limit=8)
    assert (len(frame), total) == (8, 8)
    frame, total = reads.find_records(payments, "expenditures", limit=7)
    assert (len(frame), total) == (7, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200000000", ["e1"]),  # an amount as stored (whole won)
        ("000000", ["e1", "e2", "e4"]),  # 3,500,000, 6,100,000 and 7,700,000 have five zeros
        ("2025-04", ["e1", "f1", "f2"]),  # a date, as written in files
        ("2024-1", ["e6", "e7"]),  # e5 (2024-12-31) is withdrawn
        ("P2", ["f1", "f2"]),  # a reference, case-insensitive
        ("LEE", ["f2"]),  # who recorded it
        ("3000000", []),  # e3's old amount is not current
        ("  e4 ", ["e4"]),  # surrounding blanks do not count
        ("nothing like this", []),
    ],
)
def test_a_search_matches_any_value_of_the_current_version(payments, text, expected):
    frame, total = reads.find_records(payments, "expenditures", text)
    assert (keys(frame), total) == (expected, len(expected))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("_100%", ["p2"]), ("%", ["p2"]), ("i_", []), ("_", ["p2"])],
)
def test_percent_and_underscore_are_searched_for_literally(payments, text, expected):
    # as LIKE wildcards "%" and "_" would match both projects ("i_" in their initiative "i1")
    frame, _ = reads.find_records(payments, "projects", text)
    assert keys(frame) == expected


def test_the_caption_says_which_records_are_listed():
    assert view.found_caption(8, 8, False, "ko") == "현재 기록 8건"
    assert view.found_caption(500, 200_000, False, "ko") == (
        "현재 기록 200,000건 가운데 키 순서로 처음 500건을 보여 줍니다. 검색하면 좁혀집니다."
    )
    assert view.found_caption(2, 2, True, "en") == "2 records match"
    assert view.found_caption(500, 501, True, "en") == (
        "501 records match; the first 500 by key are shown. A more precise search narrows them"
        " down."
    )


def test_a_table_of_one_parent_reads_only_its_records(payments):
    frame = reads.current_records(payments, "expenditures", where={"project_key": "p2"})
    assert keys(frame) == ["f1", "f2"]
    assert reads.current_records(payments, "expenditures", where={"project_key": "p9"}).empty


def test_referencing_keys_lists_five_and_counts_the_rest(payments):
    assert reads.referencing_keys(payments, "expenditures", "project_key", "p1") == (
        ["e1", "e2", "e3", "e4", "e6", "e7"],
        6,
    )
    assert reads.referencing_keys(payments, "expenditures", "project_key", "p1", limit=2) == (
        ["e1", "e2"],
        6,
    )
    assert reads.referencing_keys(
        payments, "expenditures", "project_key", "p1", besides="e1", limit=2
    ) == (["e2", "e3"], 5)


def test_a_project_with_seven_payments_is_not_withdrawn_and_the_message_counts_them(payments):
    write(payments, [pay("e8", 8_000_000, D(2024, 9, 30))])  # p1 now has e1-e4, e6, e7, e8
    problems = writes.still_referenced(payments, "projects", "p1")
    assert [p.detail for p in problems] == ["expenditures.project_key: e1, e2, e3, e4, e6 +2"]
    assert writes.still_referenced(payments, "expenditures", "e1") == []


def test_history_lists_the_latest_version_of_every_record_withdrawn_ones_too(payments):
    frame, total = reads.find_record_keys(payments, "expenditures")
    assert (keys(frame), total) == (["e1", "e2", "e3", "e4", "e5", "e6", "e7", "f1", "f2"], 9)
    latest = frame.set_index("key")
    assert bool(latest.loc["e5", "is_deleted"]) is True  # withdrawn: its tombstone is the latest
    assert latest.loc["e3", "amount_won"] == 3_500_000
    assert (
        latest.loc["e3", "latest_row_id"]
        == reads.versions(payments, "expenditures", "e3")["row_id"].max()
    )
    frame, total = reads.find_record_keys(payments, "expenditures", "2024-1", limit=1)
    assert (keys(frame), total) == (["e5"], 3)  # e5 (2024-12-31) is searched in history
    # a linked record comes on top of the first page, in key order; the count stays the search's
    frame, total = reads.find_record_keys(payments, "expenditures", "", include="f2", limit=2)
    assert (keys(frame), total) == (["e1", "e2", "f2"], 9)
    frame, _ = reads.find_record_keys(payments, "expenditures", "", include="zz", limit=2)
    assert keys(frame) == ["e1", "e2"]  # a link to nothing adds nothing
