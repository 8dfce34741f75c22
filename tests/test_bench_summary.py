"""`make bench`'s one table: each figure judged against its target at the boundaries, and the
results file that the benchmarks write into section by section."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import results, summary  # noqa: E402


def _verdicts(measured: dict) -> dict[str, bool | None]:
    rows, _ = summary.judge(measured)
    return {row.what: row.met for row in rows}


def test_server_pages_at_large_must_be_under_300_ms_and_the_overview_at_huge_under_2_s():
    measured = {
        "server": {
            "bundled": {"rows": [{"page": "budget", "page_s": 0.9, "reference_s": 0.01}]},
            "large": {
                "rows": [
                    {"page": "overview", "page_s": 0.299, "reference_s": 0.01},
                    {"page": "budget", "page_s": 0.300, "reference_s": 0.01},  # not under
                ],
                "context": {"measured_at": "2026-12-06T20:00:00+00:00", "load_average": [0.5]},
            },
            "huge": {
                "rows": [
                    {"page": "overview", "page_s": 1.99, "reference_s": 0.01},
                    {"page": "portfolio", "page_s": 9.0, "reference_s": 0.01},  # no target here
                ]
            },
        }
    }
    assert _verdicts(measured) == {
        "budget (bundled, uncached)": None,
        "overview (large, uncached)": True,
        "budget (large, uncached)": False,
        "overview (huge, uncached)": True,
        "portfolio (huge, uncached)": None,
    }
    measured["server"]["huge"]["rows"][0]["page_s"] = 2.0
    assert _verdicts(measured)["overview (huge, uncached)"] is False


def test_postgresql_pages_have_the_same_target_and_old_results_are_left_out():
    measured = {
        "server_postgresql": {
            "large": {"rows": [{"page": "budget", "page_s": 0.25, "reference_s": 0.01}]},
            "bundled": [{"page": "budget", "page_s": 0.2}],  # the shape of an older bench.server
        }
    }
    rows, _ = summary.judge(measured)
    assert [(r.area, r.what, r.met) for r in rows] == [
        ("server pg", "budget (large, uncached)", True)
    ]


def test_a_page_or_an_interaction_may_take_up_to_1_3_times_its_reference():
    measured = {
        "pages": {
            "large": {
                "rows": [
                    {"page": "overview", "warm_s": 1.30, "reference_s": 1.00},  # exactly 1.3x
                    {"page": "budget", "warm_s": 1.31, "reference_s": 1.00},
                    {"page": "map", "warm_s": 0.40, "reference_s": 0.0},  # no reference drawn
                    {"page": "data", "warm_s": math.nan, "reference_s": 0.5},  # not drawn
                ]
            }
        },
        "interactions": {
            "bundled": {
                "rows": [
                    {"name": "language switch, budget", "redraw_s": 0.65, "reference_s": 0.5},
                    {"name": "filter click, budget", "redraw_s": 0.66, "reference_s": 0.5},
                ]
            }
        },
    }
    assert _verdicts(measured) == {
        "overview (large, warm)": True,
        "budget (large, warm)": False,
        "map (large, warm)": False,
        "data (large, warm)": False,
        "language switch, budget (bundled)": True,
        "filter click, budget (bundled)": False,
    }
    rows, _ = summary.judge(measured)
    assert [row.ratio for row in rows[:3]] == [1.3, 1.31, None]
    budget = summary.table(rows).splitlines()[2]  # below the header and the overview
    assert budget.split()[-8:] == ["1.310", "1.000", "1.31", "<=", "1.3x", "ref", "NOT", "met"]


def test_the_map_has_3_s_with_the_bundled_data_and_4_s_with_large():
    def maps(bundled: float, large: float) -> dict:
        return {
            "maps": {
                "bundled": {"rows": [{"what": "map page /map", "drawn_s": bundled},
                                     {"what": "the page's SVG figure alone", "drawn_s": 0.4}]},
                "large": {"rows": [{"what": "map page /map", "drawn_s": large}]},
            }
        }  # fmt: skip

    assert _verdicts(maps(2.99, 3.5)) == {"/map drawn (bundled)": True, "/map drawn (large)": True}
    assert _verdicts(maps(3.0, 4.0)) == {"/map drawn (bundled)": False, "/map drawn (large)": False}
    rows, _ = summary.judge(maps(1.2, 3.5))
    assert rows[0].reference == 0.4 and rows[0].ratio == pytest.approx(3.0)
    assert rows[1].reference is None and rows[1].ratio is None


def test_packs_have_their_own_limits_and_an_import_must_write_every_row():
    measured = {
        "packs": {
            "reference_s": 2.5,
            "packs": {
                "pptx": {"drawn_s": 2.99},
                "pdf": {"drawn_s": 4.0},
                "xlsx": {"drawn_s": 9.0},  # no target
            },
        },
        "imports": {
            "rows": 100_000,
            "written": 100_000,
            "full_s": 4.8,
            "peak_mb": 510,
            "reference_s": 1.2,
        },  # fmt: skip
    }
    assert _verdicts(measured) == {
        "PPTX pack, images drawn (warm)": True,
        "PDF pack, images drawn (warm)": False,
        "XLSX pack, images drawn (warm)": None,
        "100,000 rows, one transaction": True,
        "  its peak memory (MB)": False,
    }
    measured["imports"].update(written=99_999, peak_mb=300)  # fast and small, but a row lost
    verdicts = _verdicts(measured)
    assert verdicts["100,000 rows, one transaction"] is False
    assert verdicts["  its peak memory (MB)"] is False


def test_sections_not_measured_are_named_and_the_count_of_targets_met_is_printed(capsys, tmp_path):
    path = tmp_path / "results.json"
    context = {"measured_at": "2026-12-06T20:00:00+00:00", "load_average": [0.5, 0.25]}
    packs = {"pptx": {"drawn_s": 2.0}, "pdf": {"drawn_s": 5.0}}
    path.write_text(json.dumps({"packs": {"packs": packs, "context": context}}))
    assert summary.main(path) == 0
    out = capsys.readouterr().out
    assert "1 of 2 targets met" in out
    assert "not measured yet: server, pages, elements, maps, imports" in out
    assert "packs: 2026-12-06T20:00:00+00:00 (load average 0.5, 0.25)" in out


def test_a_benchmark_replaces_its_own_section_or_dataset_and_leaves_the_others(tmp_path):
    path = tmp_path / "results.json"
    results.record("server", {"bundled": [1], "large": [2]}, path=path)
    results.record("packs", {"reference_s": 2.5}, path=path)
    results.record("server", [3], key="huge", path=path)
    results.record("server", [4], key="large", path=path)
    assert results.load(path) == {
        "server": {"bundled": [1], "large": [4], "huge": [3]},
        "packs": {"reference_s": 2.5},
    }
    results.record("server", {"bundled": [5]}, path=path)  # a whole run: the old datasets go
    assert results.load(path)["server"] == {"bundled": [5]}
    assert results.load(tmp_path / "none.json") == {}


def test_element_kinds_are_shown_against_the_bare_page_without_a_target():
    measured = {
        "elements": {
            "rows": [
                {"what": "bare page (title only)", "warm_s": 0.4},
                {"what": "6 plotly charts", "warm_s": 0.6},
            ]
        }
    }
    rows, missing = summary.judge(measured)
    assert [(r.area, r.what, r.reference, r.met) for r in rows] == [
        ("element", "6 plotly charts", 0.4, None)
    ]
    assert rows[0].ratio == pytest.approx(1.5)
    assert "elements" not in missing
