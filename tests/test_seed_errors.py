"""`tracker seed` on a bad bundle: each error says what is wrong, where, in Korean and in English,
exits with status 2 and writes nothing. Expected texts are written out by hand from
locales/common.toml (cli.bundle.*, store.problem.*)."""

from __future__ import annotations

import shutil

import pytest
from conftest import BUNDLE
from sqlalchemy import create_engine

from tracker.cli.main import main as cli_main
from tracker.db import queries

REGIONS_HEAD = "key,valid_from,kostat_code,name_ko,name_en,level,source_key\n"


def seed(url: str, folder, lang: str, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.setenv("TRACKER_LANG", lang)
    code = cli_main(["--database-url", url, "seed", "--data-dir", str(folder)])
    return code, capsys.readouterr().err


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'seed-errors.sqlite'}"


def bundle(tmp_path, **files: str):
    folder = tmp_path / "bundle"
    folder.mkdir()
    shutil.copy(BUNDLE / "sources.csv", folder / "sources.csv")
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def assert_nothing_written(url: str) -> None:
    engine = create_engine(url)
    try:
        assert queries.is_empty(engine)
        counts = queries.table_counts(engine).set_index("table")
        assert counts.loc["sources", "versions"] == 0  # the good file was not loaded either
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "오류: 데이터 폴더 '{folder}'이(가) 없습니다"),
        ("en", "Error: Data folder '{folder}' does not exist"),
    ],
)
def test_a_missing_folder_is_named(url, tmp_path, capsys, monkeypatch, lang, expected):
    folder = tmp_path / "no-such-bundle"
    code, err = seed(url, folder, lang, capsys, monkeypatch)
    assert code == 2
    assert expected.format(folder=folder) in err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "오류: 데이터 폴더 '{folder}'에 표 파일(*.csv)이 없습니다"),
        ("en", "Error: Data folder '{folder}' holds no table files (*.csv)"),
    ],
)
def test_a_folder_without_table_files_is_refused(
    url, tmp_path, capsys, monkeypatch, lang, expected
):
    folder = tmp_path / "empty-bundle"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a table", encoding="utf-8")
    (folder / "budget.csv").write_text("key,valid_from\n", encoding="utf-8")  # not a table name
    code, err = seed(url, folder, lang, capsys, monkeypatch)
    assert code == 2
    assert expected.format(folder=folder) in err
    assert_nothing_written(url)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "오류: regions.csv: 필수 열이 없습니다: valid_from"),
        ("en", "Error: regions.csv: missing column(s) valid_from"),
    ],
)
def test_a_missing_column_names_the_file_and_column(
    url, tmp_path, capsys, monkeypatch, lang, expected
):
    folder = bundle(
        tmp_path,
        regions="key,kostat_code,name_ko,name_en,level\ngwangju,24,광주광역시,Gwangju,province\n",
    )
    code, err = seed(url, folder, lang, capsys, monkeypatch)
    assert code == 2
    assert expected in err
    assert_nothing_written(url)


def test_both_missing_columns_are_listed_in_order(url, tmp_path, capsys, monkeypatch):
    folder = bundle(tmp_path, regions="name_ko,name_en\n광주광역시,Gwangju\n")
    code, err = seed(url, folder, "en", capsys, monkeypatch)
    assert code == 2
    assert "Error: regions.csv: missing column(s) key, valid_from" in err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "오류: regions.csv 3행: valid_from '2024-02-30'은(는) 날짜가 아닙니다 (YYYY-MM-DD)"),
        ("en", "Error: regions.csv line 3: valid_from '2024-02-30' is not a date (YYYY-MM-DD)"),
    ],
)
def test_a_bad_date_names_the_file_line_and_text(
    url, tmp_path, capsys, monkeypatch, lang, expected
):
    # line 1 is the header, line 2 a good row (2024-02-29: a leap day), line 3 the bad one
    folder = bundle(
        tmp_path,
        regions=REGIONS_HEAD
        + "gwangju,2024-02-29,24,광주광역시,Gwangju,province,src-kostat-sgis-2013\n"
        + "daegu,2024-02-30,22,대구광역시,Daegu,province,src-kostat-sgis-2013\n",
    )
    code, err = seed(url, folder, lang, capsys, monkeypatch)
    assert code == 2
    assert expected in err
    assert_nothing_written(url)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ko",
            [
                "검증 오류 1건 — 아무것도 저장하지 않았습니다:",
                "  - 2행 initiatives:x.region_key — 참조 대상이 없습니다 (regions:no-such-region)",
            ],
        ),
        (
            "en",
            [
                "1 validation problem(s) — nothing was saved:",
                "  - line 2 initiatives:x.region_key"
                " — refers to something that does not exist (regions:no-such-region)",
            ],
        ),
    ],
)
def test_an_unknown_reference_is_refused_with_the_row(
    url, tmp_path, capsys, monkeypatch, lang, expected
):
    folder = bundle(
        tmp_path,
        regions=REGIONS_HEAD
        + "gwangju,2013-12-31,24,광주광역시,Gwangju,province,src-kostat-sgis-2013\n",
        initiatives="key,valid_from,region_key,name_ko,name_en,envelope_won,source_key\n"
        "x,2020-01-01,no-such-region,가,A,1200000000,src-kostat-sgis-2013\n",
    )
    code, err = seed(url, folder, lang, capsys, monkeypatch)
    assert code == 2
    lines = err.splitlines()
    assert expected[0] in lines
    assert expected[1] in lines
    assert_nothing_written(url)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ko", "오류: 이 데이터베이스에는 합성 데이터(tracker seed --synthetic)가 들어 있습니다."),
        ("en", "Error: This database holds synthetic data (tracker seed --synthetic); load"),
    ],
)
def test_the_bundle_is_not_mixed_into_synthetic_data(url, capsys, monkeypatch, lang, expected):
    monkeypatch.setenv("TRACKER_LANG", "en")
    assert cli_main(["--database-url", url, "seed", "--synthetic", "small"]) == 0
    capsys.readouterr()
    code, err = seed(url, BUNDLE, lang, capsys, monkeypatch)
    assert code == 2
    assert expected in err
