"""The write path validates, writes atomically and never loses history."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tracker.access import roles
from tracker.db import queries, schema, store
from tracker.db.store import Write

D = dt.date


def base_writes():
    return [
        Write("sources", "s1", {"outlet": "Paper", "published_on": "2020-04-28"}, D(2020, 4, 28)),
        Write(
            "regions",
            "r",
            {"kostat_code": "24", "name_ko": "광주", "name_en": "Gwangju", "level": "province"},
            D(2020, 1, 1),
        ),
        Write(
            "initiatives",
            "i",
            {
                "region_key": "r",
                "name_ko": "사업",
                "name_en": "Programme",
                "envelope_won": "411,600,000,000",
                "source_key": "s1",
            },
            D(2020, 4, 28),
        ),
    ]


def milestone(valid_from, **values):
    base = {
        "initiative_key": "i",
        "name_ko": "착공",
        "name_en": "Construction start",
        "status": "planned",
        "baseline_date": D(2020, 12, 31),
        "source_key": "s1",
    }
    return Write("milestones", "m", {**base, **values}, valid_from)


def count_rows(engine, table):
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(schema.FACTS[table].table)
        ).scalar_one()


def test_it_coerces_text_input_and_stores_integer_won(engine):
    store.apply(engine, base_writes(), by="t", actor=roles.operator("t"), reason="r")
    frame = queries.initiatives(engine, D(2021, 1, 1))
    assert frame.loc[0, "envelope_won"] == 411_600_000_000


def test_a_bad_batch_writes_nothing_and_says_why_in_both_languages(engine):
    writes = base_writes() + [
        Write(
            "budget_lines",
            "b",
            {"plan_version_key": "nope", "funding_source": "lottery", "amount_won": -5},
            D(2020, 5, 1),
            row=7,
        )
    ]
    with pytest.raises(store.ValidationError) as caught:
        store.apply(engine, writes, by="t", actor=roles.operator("t"), reason="r")
    codes = {p.code for p in caught.value.problems}
    assert codes == {"unknown_reference", "not_allowed", "negative"}
    assert all(count_rows(engine, t) == 0 for t in ("sources", "regions", "initiatives"))
    ko = " ".join(caught.value.messages("ko"))
    assert "7행" in ko and "허용되지 않는 값" in ko
    assert "value not allowed" in " ".join(caught.value.messages("en"))


def test_required_and_malformed_values_are_reported(engine):
    writes = [Write("sources", "s", {"outlet": "", "published_on": "28/04/2020"}, D(2020, 1, 1))]
    with pytest.raises(store.ValidationError) as caught:
        store.apply(engine, writes, by="t", actor=roles.operator("t"), reason="r")
    assert {(p.column, p.code) for p in caught.value.problems} == {
        ("outlet", "required"),
        ("published_on", "bad_value"),
    }


def test_changes_append_versions_and_reads_answer_as_of_a_date(engine):
    store.apply(
        engine,
        base_writes() + [milestone(D(2020, 4, 28))],
        by="seed",
        actor=roles.operator("seed"),
        reason="plan",
    )
    store.apply(
        engine,
        [milestone(D(2021, 11, 22), actual_date="2021-11-22", status="done")],
        by="kim",
        actor=roles.operator("kim"),
        reason="groundbreaking",
    )
    assert count_rows(engine, "milestones") == 2  # nothing overwritten

    before = queries.milestones(engine, "i", D(2021, 6, 1))
    after = queries.milestones(engine, "i", D(2022, 1, 1))
    # past its planned date with no actual on record: "actual not recorded", not late
    assert before.loc[0, "state"] == "not_recorded" and before.loc[0, "actual_date"] is None
    assert after.loc[0, "state"] == "done" and after.loc[0, "actual_date"] == D(2021, 11, 22)
    assert queries.milestones(engine, "i", D(2019, 1, 1)).empty  # not yet known

    with engine.connect() as conn:
        who = conn.execute(
            select(schema.changes.c.recorded_by, schema.changes.c.reason).order_by(
                schema.changes.c.change_id
            )
        ).all()
    assert who == [("seed", "plan"), ("kim", "groundbreaking")]


def test_writing_the_same_facts_twice_changes_nothing(engine):
    first = store.apply(engine, base_writes(), by="t", actor=roles.operator("t"), reason="r")
    second = store.apply(engine, base_writes(), by="t", actor=roles.operator("t"), reason="r")
    assert first.written == 3 and second.written == 0 and second.unchanged == 3
    assert second.change_id is None
    assert count_rows(engine, "initiatives") == 1


def test_a_withdrawn_fact_disappears_from_later_reads_but_stays_in_history(engine):
    store.apply(
        engine,
        base_writes() + [milestone(D(2020, 4, 28))],
        by="t",
        actor=roles.operator("t"),
        reason="r",
    )
    store.apply(
        engine,
        [Write("milestones", "m", delete=True, valid_from=D(2022, 1, 1))],
        by="t",
        actor=roles.operator("t"),
        reason="duplicate",
    )
    assert len(queries.milestones(engine, "i", D(2021, 1, 1))) == 1
    assert queries.milestones(engine, "i", D(2022, 1, 2)).empty
    assert count_rows(engine, "milestones") == 2


def test_a_reference_to_a_withdrawn_fact_is_refused(engine):
    store.apply(engine, base_writes(), by="t", actor=roles.operator("t"), reason="r")
    store.apply(
        engine,
        [Write("sources", "s1", delete=True, valid_from=D(2021, 1, 1))],
        by="t",
        actor=roles.operator("t"),
        reason="r",
    )
    with pytest.raises(store.ValidationError, match="refers to something that does not exist"):
        store.apply(
            engine, [milestone(D(2021, 2, 1))], by="t", actor=roles.operator("t"), reason="r"
        )


def test_every_change_needs_an_author_and_a_reason(engine):
    with pytest.raises(ValueError, match="who made it"):
        store.apply(engine, base_writes(), by="", actor=roles.operator(""), reason="r")


def test_a_percent_outside_0_to_100_is_refused(engine):
    store.apply(engine, base_writes(), by="t", actor=roles.operator("t"), reason="r")
    with pytest.raises(store.ValidationError) as caught:
        store.apply(
            engine,
            [milestone(D(2021, 1, 1), progress_pct=160)],
            by="t",
            actor=roles.operator("t"),
            reason="r",
        )
    assert [p.code for p in caught.value.problems] == ["percent"]


def test_a_true_false_value_left_out_takes_its_columns_default_and_a_given_one_is_read():
    """centres.is_approximate defaults to true (a centre's point is usually its building's
    district), sites.is_approximate to false; is_estimate is false unless said."""
    known = {"initiatives": {"i"}, "partners": {"p"}}
    centre = {"initiative_key": "i", "partner_key": "p", "name_ko": "센터"}
    site = {"initiative_key": "i", "name_ko": "부지", "name_en": "Site", "kind": "cluster"}
    writes = [
        Write("centres", "c1", centre),
        Write("centres", "c2", {**centre, "is_approximate": "아니오", "is_estimate": "예"}),
        Write("sites", "s1", site),
        Write("sites", "s2", {**site, "is_approximate": "1", "area_m2": "1,250.5"}),
    ]
    clean, problems = store.validate(writes, known)
    assert problems == []
    got = {w.key: (w.values["is_approximate"], w.values["is_estimate"]) for w in clean}
    assert got == {
        "c1": (True, False),
        "c2": (False, True),
        "s1": (False, False),
        "s2": (True, False),
    }
    assert clean[3].values["area_m2"] == 1250.5
