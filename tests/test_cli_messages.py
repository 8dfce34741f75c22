"""The command line's refusals and progress lines in Korean (the default) and English: each names
what is wrong, exits with status 2 and changes nothing. Expected texts are written out by hand
from the catalogue (locales/common.toml cli.*, locales/access.toml admin.error.*)."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from command import run_tracker
from conftest import BUNDLE

LANGS = ("ko", "en")


def run(argv: list[str], lang: str, stdin: str | None = None) -> tuple[int, str, str]:
    ran = run_tracker(argv, env={"TRACKER_LANG": lang}, stdin=stdin)
    return ran.returncode, ran.stdout, ran.stderr


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'messages.sqlite'}"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ko",
            "오류: 데이터베이스 'mysql://db.example/tracker'은(는) SQLite도 PostgreSQL도 아닙니다. "
            "TRACKER_DATABASE_URL을 sqlite:///경로/파일.sqlite 또는 "
            "postgresql://사용자@호스트/DB이름 으로 설정하십시오",
        ),
        (
            "en",
            "Error: Database 'mysql://db.example/tracker' is neither SQLite nor PostgreSQL; set "
            "TRACKER_DATABASE_URL to sqlite:///path/to/file.sqlite or "
            "postgresql://user@host/dbname",
        ),
    ],
)
def test_an_unsupported_database_url_is_named(lang, expected):
    code, _, err = run(["--database-url", "mysql://db.example/tracker", "info"], lang)
    assert (code, err.strip()) == (2, expected)


@pytest.mark.parametrize(
    ("size", "lang", "expected"),
    [
        (
            "tiny",
            "ko",
            "오류: 'tiny': small, large, huge 중 하나이거나 expenditures=50000 같은 개수여야 합니다 "
            "(이름: agreements, expenditures, initiatives, meetings, milestones, partners, "
            "projects, regions)",
        ),
        (
            "projects=many",
            "en",
            "Error: 'projects=many': expected one of small, large, huge or counts like "
            "expenditures=50000 (names: agreements, expenditures, initiatives, meetings, "
            "milestones, partners, projects, regions)",
        ),
        (",", "ko", "오류: ',': small, large, huge 중 하나이거나 개수여야 합니다"),
        (" , ", "en", "Error: ',': expected one of small, large, huge or counts"),
        ("regions=0", "ko", "오류: regions, initiatives, projects는 각각 1 이상이어야 합니다"),
        (
            "initiatives=0,expenditures=10",
            "en",
            "Error: regions, initiatives and projects must each be at least 1",
        ),
    ],
)
def test_a_synthetic_size_that_is_not_understood_is_refused(
    size, lang, expected, sqlite_url, tmp_path
):
    code, _, err = run(["--database-url", sqlite_url, "seed", "--synthetic", size], lang)
    assert (code, err.strip()) == (2, expected)
    assert not (tmp_path / "messages.sqlite").exists() or _rows(tmp_path) == 0


def _rows(tmp_path) -> int:
    with sqlite3.connect(tmp_path / "messages.sqlite") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return sum(
            conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if t != "alembic_version"
        )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ko",
            "오류: 이 데이터베이스에는 출처가 있는 자료가 들어 있습니다. "
            "합성 데이터는 빈 데이터베이스에만 넣습니다",
        ),
        (
            "en",
            "Error: this database holds sourced data; synthetic data goes into an empty database only",
        ),
    ],
)
def test_synthetic_data_is_refused_beside_sourced_data(lang, expected, bundled_db_file, tmp_path):
    copy = tmp_path / "bundled.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    before = _dump(copy)
    code, _, err = run(
        ["--database-url", f"sqlite:///{copy}", "seed", "--synthetic", "small"],
        lang,
    )
    assert (code, err.strip()) == (2, expected)
    assert _dump(copy) == before


def _stamp(path, revision: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))


def _dump(path) -> list[str]:
    """The database's content (the file's bytes move when SQLite checkpoints its journal)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("revision", "lang", "expected"),
    [
        (
            "9999",
            "ko",
            "오류: 데이터베이스의 스키마 버전 9999은(는) 이 프로그램이 아는 최신 버전(0006)보다 "
            "새롭습니다. 이 데이터베이스를 만든 버전을 쓰거나 백업을 복원하십시오.",
        ),
        (
            "9999",
            "en",
            "Error: The database is at schema revision 9999, newer than this release knows "
            "(latest 0006); use the release that wrote it, or restore a backup.",
        ),
        (
            "0003",
            "ko",
            "오류: 데이터베이스의 스키마 버전은 0003이고 이 프로그램에는 0006이(가) 필요합니다. "
            "`tracker migrate`를 실행하십시오 (SQLite에서는 먼저 백업을 만듭니다).",
        ),
        (
            "0003",
            "en",
            "Error: The database is at schema revision 0003; this release needs 0006. Run "
            "`tracker migrate` (it makes a backup first on SQLite).",
        ),
    ],
)
def test_a_database_at_another_schema_revision_is_refused(
    revision, lang, expected, bundled_db_file, tmp_path
):
    copy = tmp_path / "stamped.sqlite"
    copy.write_bytes(bundled_db_file.read_bytes())
    _stamp(copy, revision)
    before = _dump(copy)
    code, _, err = run(
        ["--database-url", f"sqlite:///{copy}", "seed", "--data-dir", str(BUNDLE)],
        lang,
    )
    assert (code, err.strip()) == (2, expected)
    assert _dump(copy) == before


@pytest.mark.parametrize(
    ("argv", "stdin", "lang", "expected"),
    [
        (["user", "add", "kim", "--role", "editor", "--password-stdin"], "short pw\n", "ko",
         "오류: 비밀번호는 10자 이상이어야 합니다"),
        (["user", "add", "kim", "--role", "editor", "--password-stdin"], "123456789\n", "en",
         "Error: A password needs at least 10 characters"),
        (["user", "role", "nobody", "viewer"], None, "ko", "오류: 'nobody'(이)라는 사용자가 없습니다."),
        (["user", "disable", "nobody"], None, "en", "Error: No user named 'nobody'"),
        (["user", "add", "two words", "--role", "viewer", "--password-stdin"], "long enough pw\n",
         "ko", "오류: 사용자 이름은 공백 없이 인쇄 가능한 문자 1~120자입니다: 'two words'"),
        (["template", "budget-linez", "-o", "t.csv"], None, "en",
         "Error: 'budget-linez' is not a kind of record; known: "),
        (["template", "예산항목들", "-o", "t.csv"], None, "ko", "오류: '예산항목들'은(는) 기록 종류가 아닙니다. 종류: "),
    ],
)  # fmt: skip
def test_account_and_kind_refusals(argv, stdin, lang, expected, sqlite_url):
    code, _, err = run(["--database-url", sqlite_url, *argv], lang, stdin)
    assert code == 2
    assert err.strip().startswith(expected)


def test_a_user_name_taken_is_refused_in_korean(sqlite_url):
    argv = [
        "--database-url",
        sqlite_url,
        "user",
        "add",
        "park",
        "--role",
        "viewer",
        "--password-stdin",
    ]
    assert run(argv, "ko", "a long password\n")[0] == 0
    code, _, err = run(argv, "ko", "another password\n")
    assert (code, err.strip()) == (2, "오류: 사용자 'park'이(가) 이미 있습니다.")


def _bundle_rows() -> int:
    """Data rows of the bundle's CSV files, counted with the csv module (quoted newlines)."""
    total = 0
    for path in BUNDLE.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            total += sum(1 for _ in csv.DictReader(handle))
    return total


@pytest.mark.parametrize(
    ("lang", "progress"),
    [("ko", "번들 '{folder}'에서 {rows}행을 읽었습니다"), ("en", "{rows} rows read from {folder}")],
)
def test_seed_reports_its_progress_in_the_reader_s_language(lang, progress, sqlite_url):
    code, _, err = run(["--database-url", sqlite_url, "seed", "--data-dir", str(BUNDLE)], lang)
    assert code == 0
    assert err.strip() == progress.format(folder=BUNDLE, rows=_bundle_rows())


def test_synthetic_seed_progress_and_info_header_in_korean(sqlite_url):
    # 1 region + 1 initiative + 1 project + 2 expenditures + 1 milestone, with a source and the
    # programme's plan version and budget lines: only the first line's words are checked here,
    # the count is whatever was generated (pinned in test_synthetic)
    size = "regions=1,initiatives=1,projects=1,expenditures=2,milestones=1,partners=1,agreements=1,meetings=1"
    code, _, err = run(["--database-url", sqlite_url, "seed", "--synthetic", size], "ko")
    assert code == 0
    assert err.strip().startswith("합성 데이터 ") and err.strip().endswith("행을 만들었습니다")
    code, out, _ = run(["--database-url", sqlite_url, "info"], "ko")
    header = [line for line in out.splitlines() if line.split()[:1] == ["표"]]
    assert code == 0 and header and header[0].split() == ["표", "현재", "버전"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "오류: 압축을 풀면 지나치게 커지는 파일이라 열지 않습니다 (2001 members)"),
        ("en", "Error: refused: the file would unpack to far too much data (2001 members)"),
    ],
)
def test_an_export_that_cannot_be_read_is_refused_in_the_reader_s_language(
    lang, expected, sqlite_url, tmp_path
):
    # 2,001 members: one more than an export may hold (a zip bomb is refused before unpacking)
    import zipfile

    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w") as archive:
        for n in range(2_001):
            archive.writestr(f"part-{n}.csv", "")
    code, _, err = run(["--database-url", sqlite_url, "seed", "--from", bomb], lang)
    assert (code, err.strip()) == (2, expected)
