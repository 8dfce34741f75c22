"""One description per kind of record: the bundled files, labels and header aliases agree."""

import csv

import pytest
from conftest import ROOT

from tracker.db import kinds


@pytest.mark.parametrize("kind", kinds.kinds())
def test_the_bundled_file_has_exactly_the_kind_s_columns(kind):
    path = ROOT / "data" / f"{kind}.csv"
    # every kind ships a bundled file (seed and the round trip read them): a missing one fails
    assert path.exists(), f"data/{kind}.csv is missing"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == kinds.file_columns(kind)


@pytest.mark.parametrize("kind", kinds.kinds())
def test_every_column_has_both_labels_and_no_header_is_ambiguous(kind):
    for field in kinds.fields(kind):
        assert field.label("ko") and field.label("en")
        assert field.label("ko") != field.name
    aliases = kinds.header_aliases(kind)
    assert set(aliases.values()) == set(kinds.file_columns(kind))


def test_expenditure_fields_carry_type_reference_and_rules():
    by_name = {f.name: f for f in kinds.fields("expenditures")}
    assert list(by_name)[:2] == ["key", "valid_from"]
    assert by_name["amount_won"].type == "money"
    assert by_name["amount_won"].non_negative and by_name["amount_won"].required
    assert by_name["spent_on"].type == "date"
    assert by_name["project_key"].references == "projects"
    assert by_name["source_key"].references == "sources"
    assert by_name["funding_source"].choices == (
        "national",
        "city",
        "private",
        "other",
        "unspecified",
    )
    assert by_name["is_estimate"].type == "boolean" and not by_name["is_estimate"].required


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("집행일", "spent_on"),
        ("지출일", "spent_on"),
        ("Spent on", "spent_on"),
        ("spent-on", "spent_on"),
        (" 금액 ", "amount_won"),
        ("금액(원)", "amount_won"),
        ("ＡＭＯＵＮＴ＿ＷＯＮ", "amount_won"),  # full-width, as Korean Excel may write it
        ("재원구분", "funding_source"),
        ("합계금액", None),
    ],
)
def test_spreadsheet_headers_resolve_to_columns(header, column):
    assert kinds.column_for_header("expenditures", header) == column


def test_kinds_resolve_from_how_people_write_them():
    assert kinds.resolve_kind("budget-lines") == "budget_lines"
    assert kinds.resolve_kind("예산 항목") == "budget_lines"
    assert kinds.resolve_kind("Expenditures") == "expenditures"
    with pytest.raises(kinds.UnknownKindError, match="budget-lines"):
        kinds.resolve_kind("budgets")


def test_field_types_money_only_for_amounts_in_won():
    regions = {f.name: f for f in kinds.fields("regions")}
    assert regions["grdp_won"].type == "money"
    assert regions["population"].type == "integer"  # a BIGINT count of people, not won
    assert regions["stats_year"].type == "integer"
    assert (regions["lat"].type, regions["name_ko"].type) == ("number", "text")
    assert regions["is_estimate"].type == "boolean"
    assert regions["valid_from"].type == "date"


def test_field_rules_key_and_valid_from_required_percent_and_no_choices():
    milestones = {f.name: f for f in kinds.fields("milestones")}
    assert milestones["key"].required and milestones["valid_from"].required
    assert not milestones["project_key"].required
    assert milestones["progress_pct"].percent and not milestones["baseline_date"].percent
    assert milestones["name_ko"].choices == ()
    assert milestones["depends_on"].references == "milestones"


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("ko", "'budgets'은(는) 기록 종류가 아닙니다. 종류: "),
        ("en", "'budgets' is not a kind of record; known: "),
    ],
)
def test_an_unknown_kind_names_itself_and_the_known_ones(lang, start):
    for call in (kinds.fields, kinds.resolve_kind):
        with pytest.raises(kinds.UnknownKindError) as refused:
            call("budgets")
        message = refused.value.message(lang)
        assert message.startswith(start)
        known = message.removeprefix(start).split(", ")
        # every kind once, as the schema lists them (fields: table names; resolve: with hyphens)
        assert sorted(k.replace("-", "_") for k in known) == sorted(kinds.kinds())
        assert "budget_lines" in known or "budget-lines" in known


def test_english_labels_and_headers():
    by_name = {f.name: f for f in kinds.fields("expenditures")}
    assert by_name["amount_won"].label("en") == "Amount (won)"
    assert by_name["amount_won"].label("ko") == "금액(원)"
    assert kinds.kind_label("agreements", "en") == "Agreements (MOUs)"
    assert kinds.column_label("amount_won", "en") == "Amount (won)"
    # an English column label that is not the column's name, and an English kind label
    assert kinds.column_for_header("expenditures", "Amount (won)") == "amount_won"
    assert kinds.resolve_kind("Agreements (MOUs)") == "agreements"
