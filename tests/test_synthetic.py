"""`tracker seed --synthetic`: deterministic, marked as synthetic everywhere, never mixed with sourced data."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import BUNDLE, ROOT
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from tracker.access.roles import operator as _operator
from tracker.cli.main import main
from tracker.db import queries, schema, seed, store, synthetic
from tracker.reports import pack as packs

OPERATOR = _operator("tests")

TINY = synthetic.Size(
    regions=2,
    initiatives=3,
    projects=7,
    expenditures=40,
    milestones=11,
    partners=5,
    agreements=9,
    meetings=4,
)


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(spec.table)).scalar_one()
            for name, spec in schema.FACTS.items()
        }


def test_the_named_sizes_have_the_documented_counts():
    large = synthetic.parse_size("large")
    assert (large.regions, large.initiatives, large.projects) == (17, 80, 2_000)
    assert (large.expenditures, large.milestones, large.meetings) == (200_000, 10_000, 300)
    assert synthetic.parse_size("huge").expenditures == 1_000_000


def test_explicit_counts_override_small_and_bad_sizes_are_refused():
    size = synthetic.parse_size("expenditures=50000, initiatives=10")
    assert (size.expenditures, size.initiatives) == (50_000, 10)
    assert size.projects == synthetic.SIZES["small"].projects == 60
    for bad in ("medium", "expenditures=many", "colour=3", "", "initiatives=0"):
        with pytest.raises(synthetic.SyntheticDataError):
            synthetic.parse_size(bad)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = [(w.table, w.key, w.values, w.valid_from) for w in synthetic.generate(TINY, seed=7)]
    again = [(w.table, w.key, w.values, w.valid_from) for w in synthetic.generate(TINY, seed=7)]
    other = [(w.table, w.key, w.values, w.valid_from) for w in synthetic.generate(TINY, seed=8)]
    assert first == again
    assert first != other


def test_it_writes_the_requested_counts_through_the_validated_write_path(engine):
    result = synthetic.seed_synthetic(engine, TINY, seed=7, actor=OPERATOR)
    found = counts(engine)
    assert found["sources"] == 1
    assert found["regions"] == 2
    assert found["initiatives"] == 3
    assert found["projects"] == 7
    assert found["expenditures"] == 40
    assert found["milestones"] == 11
    assert found["partners"] == 5
    assert found["agreements"] == 9
    assert found["meetings"] == 4 and found["action_items"] == 4
    assert found["committee_bodies"] == 3  # one per initiative
    assert found["plan_versions"] == 3
    assert result.written == sum(found.values())
    # Three funding sources for every year of every project's initiative.
    ini = queries.read(
        engine,
        select(
            schema.initiatives.c.key, schema.initiatives.c.start_year, schema.initiatives.c.end_year
        ),
    ).set_index("key")
    per_project = {f"syn-p{p:05d}": ini.loc[f"syn-i{p % 3:03d}"] for p in range(7)}
    expected_lines = sum(3 * (r.end_year - r.start_year + 1) for r in per_project.values())
    assert found["budget_lines"] == expected_lines
    with engine.connect() as conn:
        kinds = {r[0] for r in conn.execute(select(schema.changes.c.kind))}
        keys = [r[0] for r in conn.execute(select(schema.expenditures.c.key))]
        latest = conn.execute(select(func.max(schema.expenditures.c.spent_on))).scalar_one()
    assert kinds == {"synthetic"}
    assert all(k.startswith(synthetic.KEY_PREFIX) for k in keys)
    assert latest <= synthetic.TODAY
    # Loading the same size again changes nothing.
    assert synthetic.seed_synthetic(engine, TINY, seed=7, actor=OPERATOR).written == 0


def test_synthetic_and_sourced_data_never_mix(engine, bundled_engine):
    with pytest.raises(synthetic.SyntheticDataError, match="sourced data"):
        synthetic.seed_synthetic(bundled_engine, TINY, actor=OPERATOR)
    synthetic.seed_synthetic(engine, TINY, actor=OPERATOR)
    before = counts(engine)
    with pytest.raises(seed.BundleError, match="synthetic"):
        seed.seed(engine, BUNDLE, actor=OPERATOR)
    assert counts(engine) == before
    assert queries.is_synthetic(engine) is True
    assert queries.is_synthetic(bundled_engine) is False


def test_the_command_line_generates_and_refuses(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'syn.sqlite'}"
    assert (
        main(
            [
                "--database-url",
                url,
                "seed",
                "--synthetic",
                "initiatives=2,projects=3,"
                "expenditures=30,milestones=4,partners=2,agreements=2,meetings=2,regions=1",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "합성 데이터" in out
    assert main(["--database-url", url, "seed"]) == 2
    assert "synthetic" in capsys.readouterr().err
    assert main(["--database-url", url, "seed", "--synthetic", "medium"]) == 2


def test_every_exported_page_and_the_sidebar_say_synthetic(engine, monkeypatch, tmp_path):
    synthetic.seed_synthetic(engine, TINY, seed=7, actor=OPERATOR)
    options = packs.PackOptions(
        initiative_key="syn-i000",
        as_of=dt.date(2026, 12, 1),
        lang="en",
        unit="eok",
        chart_keys=["overview.milestones_by_year"],
    )
    built = packs.build_pack(engine, options)
    assert built.as_of_line.endswith("Synthetic data — not a real programme")

    url = str(engine.url)
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert any("합성 데이터" in w.value for w in at.sidebar.warning)


def test_a_sourced_database_shows_no_badge(app_env, bundled_db_file):
    app_env("bundled", bundled_db_file)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not any("합성" in w.value for w in at.sidebar.warning)


def test_store_accepts_the_synthetic_change_kind_only_as_declared(engine):
    with pytest.raises(ValueError, match="Unknown change kind"):
        store.apply(engine, [], by="t", reason="r", kind="generated", actor=_operator("t"))
