"""Settings and command-line options documented in the README that no other test used:
TRACKER_HOME, TRACKER_DATA_DIR, PORT, `seed --random-seed`, `template --output`, and the
`backup` / `restore` commands with their Korean and English messages. Expected values are
written by hand (a three-row bundle built here; the regions file's columns from data/regions.csv).
"""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT
from sqlalchemy import create_engine
from streamlit.testing.v1 import AppTest

from tracker.cli.main import main as cli_main
from tracker.db import queries

SOURCES = "key,valid_from,outlet,title,confidence\nsrc-tiny,2020-01-01,작은신문,작은 기사,L\n"
REGIONS = (
    "key,valid_from,kostat_code,name_ko,name_en,level,source_key\n"
    "tiny-a,2020-01-01,97,가시,A-si,province,src-tiny\n"
    "tiny-b,2020-01-01,96,나시,Na-si,province,src-tiny\n"
)


@pytest.fixture
def tiny_bundle(tmp_path):
    folder = tmp_path / "tiny-bundle"
    folder.mkdir()
    (folder / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (folder / "regions.csv").write_text(REGIONS, encoding="utf-8")
    return folder


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'settings.sqlite'}"


def versions(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        counts = queries.table_counts(engine)
    finally:
        engine.dispose()
    return {row.table: int(row.versions) for row in counts.itertuples() if row.versions}


# --- TRACKER_DATA_DIR ------------------------------------------------------------------------


def test_seed_reads_the_folder_named_by_tracker_data_dir(url, tiny_bundle, capsys, monkeypatch):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tiny_bundle))
    monkeypatch.setenv("TRACKER_LANG", "en")
    assert cli_main(["--database-url", url, "seed"]) == 0
    assert "Bundled data loaded: 3 new versions, 0 unchanged" in capsys.readouterr().out
    assert versions(url) == {"sources": 1, "regions": 2}


def test_data_dir_on_the_command_line_wins_over_the_setting(
    url, tiny_bundle, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "not-there"))
    monkeypatch.setenv("TRACKER_LANG", "ko")
    assert cli_main(["--database-url", url, "seed", "--data-dir", str(tiny_bundle)]) == 0
    assert "번들 데이터 적재: 새 버전 3건, 변경 없음 0건" in capsys.readouterr().out


# --- seed --random-seed ----------------------------------------------------------------------


def synthetic_amounts(url: str, seed: str) -> list[int]:
    assert (
        cli_main(["--database-url", url, "seed", "--synthetic", "small", "--random-seed", seed])
        == 0
    )
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT amount_won FROM expenditures ORDER BY key"
            ).scalars()
            return list(rows)
    finally:
        engine.dispose()


def test_the_random_seed_makes_the_synthetic_data_repeatable(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRACKER_LANG", "en")
    first = synthetic_amounts(f"sqlite:///{tmp_path / 'a.sqlite'}", "3")
    again = synthetic_amounts(f"sqlite:///{tmp_path / 'b.sqlite'}", "3")
    other = synthetic_amounts(f"sqlite:///{tmp_path / 'c.sqlite'}", "4")
    assert len(first) > 10
    assert first == again
    assert other != first


# --- template --output -----------------------------------------------------------------------


def test_template_writes_to_the_long_output_option(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRACKER_LANG", "en")
    target = tmp_path / "regions-template.csv"
    assert cli_main(["template", "regions", "--output", str(target)]) == 0
    assert f"Template written: {target} (regions, 14 columns)" in capsys.readouterr().out
    with target.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [
        "key",
        "valid_from",
        "kostat_code",
        "name_ko",
        "name_en",
        "level",
        "lat",
        "lon",
        "population",
        "grdp_won",
        "stats_year",
        "source_key",
        "is_estimate",
        "note",
    ]


# --- backup and restore ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "backed_up", "restored", "kept"),
    [
        (
            "ko",
            "백업했습니다: {path} (",
            "복원했습니다: {path}에서 버전 3건",
            "복원 전 데이터베이스는 여기에 보관했습니다: ",
        ),
        (
            "en",
            "Backed up: {path} (",
            "Restored 3 versions from {path}",
            "The database as it was is kept at: ",
        ),
    ],
)
def test_backup_then_restore_from_the_command_line(
    url, tiny_bundle, tmp_path, capsys, monkeypatch, lang, backed_up, restored, kept
):
    monkeypatch.setenv("TRACKER_LANG", lang)
    assert cli_main(["--database-url", url, "seed", "--data-dir", str(tiny_bundle)]) == 0
    copy = tmp_path / "copy.sqlite"
    assert cli_main(["--database-url", url, "backup", str(copy)]) == 0
    out = capsys.readouterr().out
    assert backed_up.format(path=copy) in out
    assert ("버전 3건" if lang == "ko" else "3 versions") in out
    # a later change (a third region), then the restore brings back the three versions
    later = tmp_path / "later"
    later.mkdir()
    (later / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (later / "regions.csv").write_text(
        REGIONS + "tiny-c,2020-02-01,95,다시,Da-si,province,src-tiny\n", encoding="utf-8"
    )
    assert cli_main(["--database-url", url, "seed", "--data-dir", str(later)]) == 0
    assert versions(url) == {"sources": 1, "regions": 3}
    capsys.readouterr()
    assert cli_main(["--database-url", url, "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert restored.format(path=copy) in out
    assert kept in out
    assert versions(url) == {"sources": 1, "regions": 2}


# --- PORT ------------------------------------------------------------------------------------


def test_serve_takes_its_default_port_from_port_and_the_option_wins(monkeypatch):
    from tracker.ui import serve

    seen: list[list[str]] = []
    monkeypatch.setattr(serve, "main", lambda args: seen.append(list(args)) or 0)
    monkeypatch.setenv("PORT", "8765")
    assert cli_main(["serve"]) == 0
    assert cli_main(["serve", "--port", "8777", "--server.headless", "true"]) == 0
    monkeypatch.delenv("PORT")
    assert cli_main(["serve"]) == 0
    assert seen == [
        ["--server.port", "8765"],
        ["--server.port", "8777", "--server.headless", "true"],
        ["--server.port", "8501"],
    ]


# --- TRACKER_HOME ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("home", "title"),
    [(None, "개요"), ("portfolio", "포트폴리오"), ("budget", "개요")],  # only the two are accepted
)
def test_tracker_home_picks_the_landing_page(app_env, bundled_db_file, monkeypatch, home, title):
    app_env("bundled", bundled_db_file)
    if home is None:
        monkeypatch.delenv("TRACKER_HOME", raising=False)
    else:
        monkeypatch.setenv("TRACKER_HOME", home)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title


# --- user disable / enable / role / passwd: Korean and English messages ----------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ko",
            [
                "사용자 kim: 사용 중지.",
                "사용자 kim: 다시 사용.",
                "사용자 kim: 권한 변경 (관리자).",
                "사용자 kim: 비밀번호 변경.",
            ],
        ),
        (
            "en",
            [
                "User kim: disabled.",
                "User kim: enabled.",
                "User kim: role changed (administrator).",
                "User kim: password changed.",
            ],
        ),
    ],
)
def test_an_account_is_disabled_enabled_and_changed(url, capsys, monkeypatch, lang, expected):
    import io

    from tracker.access import signin

    monkeypatch.setenv("TRACKER_LANG", lang)
    monkeypatch.setenv("TRACKER_USER", "ops-kim")
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    run = ["--database-url", url, "user"]
    assert cli_main([*run, "add", "kim", "--role", "editor", "--password-stdin"]) == 0
    capsys.readouterr()
    assert cli_main([*run, "disable", "kim"]) == 0
    assert cli_main([*run, "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == expected[0]
    assert out[2].split()[:3] == ["kim", "editor", "disabled"]
    assert cli_main([*run, "enable", "kim"]) == 0
    assert cli_main([*run, "role", "kim", "admin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("a new long passphrase\n"))
    assert cli_main([*run, "passwd", "kim", "--password-stdin"]) == 0
    assert cli_main([*run, "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == expected[1:]
    assert out[4].split()[:3] == ["kim", "admin", "active"]
    engine = create_engine(url)
    try:
        assert signin.authenticate(engine, "kim", "a new long passphrase", client="t").name == "kim"
    finally:
        engine.dispose()
