"""`make mutation`: mutmut 3 over the core packages, each with its fast (SQLite-only) test set.

Every package runs in its own scratch copy of the repository (``var/mutation/PACKAGE``) with a
generated ``[tool.mutmut]`` section, so the tests that mutmut runs for a package are only that
package's fast tests. The score per package is printed and written to
``var/mutation/report.md`` (killed / (total - not checked)); surviving mutants are listed there
with their diffs' names, and those we judged equivalent are in ``tests/mutation/equivalent.md``.

    python tests/mutation/run.py                 # every package
    python tests/mutation/run.py money status    # some of them
    python tests/mutation/run.py --score         # recount the verdicts of earlier runs
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "var" / "mutation"
# SQLite only, no browser; the one page (AppTest) test among these files is left out: it covers
# every metric and would run for each of their mutants (the page tests are not the fast set).
FAST = [
    "-x",
    "-q",
    "-p",
    "no:cacheprovider",
    "--hypothesis-profile",
    "mutation",
    "-m",
    "not browser and not postgres",
    "-k",
    "not postgresql and not test_page_renders_bundled_empty_and_relative",
]

# package -> (files to mutate, function globs inside them (None = all), test files)
PACKAGES: dict[str, tuple[list[str], list[str] | None, list[str]]] = {
    "money": (["src/tracker/money.py"], None, ["tests/test_money.py"]),
    "status": (
        [
            "src/tracker/db/rules.py",
            "src/tracker/schedule/metrics.py",
            "src/tracker/budget/metrics.py",
            "src/tracker/partners/metrics.py",
            "src/tracker/portfolio/metrics.py",
        ],
        [
            "tracker.db.rules.*",
            "tracker.schedule.metrics.x_compute_slip*",
            "tracker.budget.metrics.x_year_status*",
            "tracker.partners.metrics.x_stalled*",
            "tracker.portfolio.metrics.x_health*",
        ],
        [
            "tests/test_boundaries.py",
            "tests/test_schedule.py",
            "tests/test_budget_metrics.py",
            "tests/test_partners.py",
            "tests/test_portfolio.py",
            "tests/test_queries.py",
        ],
    ),
    "i18n": (
        ["src/tracker/i18n.py", "src/tracker/dates.py"],
        None,
        ["tests/test_i18n.py", "tests/test_dates.py", "tests/test_boundaries.py"],
    ),
    "metrics": (
        [
            "src/tracker/schedule/metrics.py",
            "src/tracker/budget/metrics.py",
            "src/tracker/partners/metrics.py",
            "src/tracker/portfolio/metrics.py",
            "src/tracker/committee/metrics.py",
            "src/tracker/records/metrics.py",
        ],
        None,
        [
            "tests/test_boundaries.py",
            "tests/test_schedule.py",
            "tests/test_budget_metrics.py",
            "tests/test_partners.py",
            "tests/test_portfolio.py",
            "tests/test_committee.py",
            "tests/test_committee_diff.py",
            "tests/test_records.py",
            "tests/test_metrics_edges.py",
        ],
    ),
    "imports": (
        ["src/tracker/imports/values.py", "src/tracker/imports/encodings.py"],
        None,
        ["tests/test_import_values.py", "tests/test_import_parsers_edges.py"],
    ),
    "db": (
        ["src/tracker/db/asof.py", "src/tracker/db/rules.py", "src/tracker/db/kinds.py"],
        None,
        [
            "tests/test_asof.py",
            "tests/test_queries.py",
            "tests/test_kinds.py",
            "tests/test_boundaries.py",
            "tests/test_store.py",
        ],
    ),
}


def module_of(path: str) -> str:
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


def prepare(name: str) -> Path:
    files, _, tests = PACKAGES[name]
    place = WORK / name
    if place.exists():  # mutmut keeps earlier verdicts of unchanged files: start clean
        shutil.rmtree(place)
    place.mkdir(parents=True)
    for folder in ("src", "tests", "data", "pages"):
        target = place / folder
        shutil.copytree(
            ROOT / folder, target, ignore=shutil.ignore_patterns("__pycache__", "mutation")
        )
    shutil.copy2(ROOT / "dashboard.py", place / "dashboard.py")
    tests = [t for t in tests if (ROOT / t).exists()]
    config = [
        "[tool.mutmut]",
        'source_paths = ["src/"]',
        f"only_mutate = {json.dumps(files)}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        f"pytest_add_cli_args = {json.dumps(FAST)}",
        'also_copy = ["data/", "pages/", "dashboard.py"]',  # tests that read the code
        "timeout_multiplier = 5.0",
        "",
        "[tool.pytest.ini_options]",
        'testpaths = ["tests"]',
        'addopts = "--strict-markers"',
        'markers = ["browser: browser", "postgres: postgres"]',
        'filterwarnings = ["ignore::DeprecationWarning"]',
        "",
    ]
    (place / "pyproject.toml").write_text("\n".join(config), encoding="utf-8")
    return place


def run(name: str) -> dict:
    files, globs, _ = PACKAGES[name]
    place = prepare(name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["TRACKER_LANG"] = "ko"
    mutmut = Path(sys.executable).with_name("mutmut")
    args = [str(mutmut), "run", "--max-children", os.environ.get("MUTATION_JOBS", "1")]
    if globs:
        args += globs
    print(f"== {name}: {' '.join(files)}", flush=True)
    log = WORK / f"{name}.log"
    with log.open("w") as out:
        done = subprocess.run(args, cwd=place, env=env, check=False, stdout=out, stderr=out)
    result = score(name, place, files, globs)
    if done.returncode or not result["killed"]:
        print(f"   mutmut exit {done.returncode}: see {log}", flush=True)
    return result


def score(name: str, place: Path, files: list[str], globs: list[str] | None) -> dict:
    counts = {"killed": 0, "survived": 0, "other": 0}
    survivors: list[str] = []
    for path in files:
        meta = place / "mutants" / (path + ".meta")
        if not meta.exists():
            continue
        data = json.loads(meta.read_text())
        for mutant, code in data["exit_code_by_key"].items():
            if globs and not any(fnmatch.fnmatch(mutant, g) for g in globs):
                continue
            if code in (1, 3, 36, 37, -24, 24, 152, 255):
                counts["killed"] += 1
            elif code == 0 or code in (5, 33):
                counts["survived"] += 1
                survivors.append(mutant)
            else:
                counts["other"] += 1
                survivors.append(f"{mutant} (exit {code})")
    total = counts["killed"] + counts["survived"] + counts["other"]
    counts["total"] = total
    counts["score"] = counts["killed"] / total if total else 0.0
    counts["survivors"] = survivors
    print(f"   {name}: {counts['killed']}/{total} killed = {counts['score']:.1%}", flush=True)
    return counts


def rescore(name: str) -> dict:
    """The score of an earlier run from the verdicts left in ``var/mutation/NAME``."""
    files, globs, _ = PACKAGES[name]
    return score(name, WORK / name, files, globs)


def main(argv: list[str]) -> int:
    only_score = "--score" in argv  # recount earlier runs without running mutmut
    argv = [a for a in argv if a != "--score"]
    names = argv or list(PACKAGES)
    unknown = [n for n in names if n not in PACKAGES]
    if unknown:
        print(f"unknown package(s) {unknown}; choose from {list(PACKAGES)}")
        return 2
    if only_score:
        names = [n for n in names if (WORK / n / "mutants").exists()]
    fresh = {name: (rescore if only_score else run)(name) for name in names}
    # packages run earlier keep their last result in the report (each run replaces its own)
    saved = WORK / "report.json"
    results = json.loads(saved.read_text()) if saved.exists() else {}
    results.update(fresh)
    results = {name: results[name] for name in PACKAGES if name in results}
    lines = [
        "# Mutation score (mutmut)",
        "",
        "| package | killed | total | score |",
        "|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(f"| {name} | {r['killed']} | {r['total']} | {r['score']:.1%} |")
    lines += ["", "## Surviving mutants", ""]
    for name, r in results.items():
        lines += [f"### {name}", ""] + [f"- `{m}`" for m in r["survivors"]] + [""]
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "report.md").write_text("\n".join(lines), encoding="utf-8")
    (WORK / "report.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("\n".join(lines[: 4 + len(results)]))
    print(f"report: {WORK / 'report.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
