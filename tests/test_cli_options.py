"""Every `tracker export` option on a successful run, the Korean messages of the command line,
and the TRACKER_DEFAULT_INITIATIVE setting. Expected figures come from data/*.csv: the first
plan of the Gwangju AI cluster is 4,116억원 (411,600백만원, KRW 411,600,000,000)."""

from __future__ import annotations

import datetime as dt

import openpyxl

from tracker.cli.main import main as cli_main

GJ = "gj-ai-cluster-phase1"
TWO_CHARTS = "overview.plan_totals,overview.milestones_by_year"


def run_cli(url: str, *args: str) -> int:
    return cli_main(["--database-url", url, "export", *args])


def workbook_texts(path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def test_a_pdf_briefing_with_every_option(bundled_db_file, tmp_path, capsys):
    import pypdf

    target = tmp_path / "briefing.pdf"
    code = run_cli(
        f"sqlite:///{bundled_db_file}",
        "briefing", "--format", "pdf", "--lang", "ko", "--as-of", "2025-12-31",
        "--recorded-on", dt.date.today().isoformat(), "--initiative", GJ, "--unit", "million",
        "--charts", TWO_CHARTS, "--meeting", "제2차 추진위원회", "-o", str(target),
    )  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    size = target.stat().st_size
    assert f"저장했습니다: {target} ({size:,} 바이트)" in out.out
    reader = pypdf.PdfReader(target)
    # cover, key figures, the two charts on one page, sources
    assert len(reader.pages) == 4
    pages = [page.extract_text() for page in reader.pages]
    assert "제2차 추진위원회" in pages[0] and "2025-12-31" in pages[0]
    assert "411,600백만원" in pages[1]  # the first plan in the chosen unit
    assert "총사업비 발표·보도 추이" in pages[2] and "연도별 이정표 현황" in pages[2]


def test_an_xlsx_briefing_in_english_in_won(bundled_db_file, tmp_path, capsys):
    target = tmp_path / "briefing.xlsx"
    code = run_cli(
        f"sqlite:///{bundled_db_file}",
        "briefing", "--format", "xlsx", "--lang", "en", "--as-of", "2025-12-31",
        "--unit", "won", "--charts", "overview.plan_totals", "-o", str(target),
    )  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"Written: {target}" in out.out
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Summary"
    assert len(book.sheetnames) == 3  # summary, the one chart, sources
    assert "KRW 411,600,000,000" in workbook_texts(target)


def test_data_for_the_portfolio_only(bundled_db_file, tmp_path, capsys):
    from tracker.portfolio.charts import CHARTS

    target = tmp_path / "portfolio.xlsx"
    code = run_cli(
        f"sqlite:///{bundled_db_file}",
        "data", "--format", "xlsx", "--portfolio", "--as-of", "2025-12-31", "-o", str(target),
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    book = openpyxl.load_workbook(target)
    assert len(book.sheetnames) == len(CHARTS) + 2  # summary, one per portfolio chart, sources


def test_one_chart_as_a_single_csv(bundled_db_file, tmp_path, capsys):
    target = tmp_path / "totals.csv"
    code = run_cli(
        f"sqlite:///{bundled_db_file}",
        "data", "--format", "csv", "--charts", "overview.plan_totals", "--as-of", "2025-12-31",
        "-o", str(target),
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM


def test_messages_are_korean_without_lang(
    bundled_db_file, sqlite_engine, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("TRACKER_LANG", "ko")
    empty = sqlite_engine.url.render_as_string(hide_password=False)
    url = f"sqlite:///{bundled_db_file}"
    assert run_cli(url, "data", "--format", "csv", "-o", str(tmp_path / "x.csv")) == 2
    assert "CSV는 표 하나당 파일 하나입니다." in capsys.readouterr().err
    missing = tmp_path / "no" / "x.xlsx"
    assert run_cli(url, "data", "--format", "xlsx", "-o", str(missing)) == 2
    assert f"저장할 폴더가 없습니다: {missing.parent}" in capsys.readouterr().err
    assert run_cli(empty, "data", "--format", "xlsx", "-o", str(tmp_path / "e.xlsx")) == 2
    assert (
        "데이터베이스가 비어 있습니다. 먼저 `tracker seed`를 실행하세요." in capsys.readouterr().err
    )


def summary_head(path) -> tuple[str, str]:
    """The summary sheet's title and its first key figure (the first plan)."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return sheet["A1"].value, sheet["B6"].value


def test_the_default_initiative_setting_picks_the_pack(bundled_db_file, tmp_path, monkeypatch):
    url = f"sqlite:///{bundled_db_file}"
    chosen = tmp_path / "chosen.xlsx"
    monkeypatch.setenv("TRACKER_DEFAULT_INITIATIVE", "daegu-ai-hub")
    assert run_cli(url, "data", "--format", "xlsx", "--as-of", "2026-11-30", "-o", str(chosen)) == 0
    # data/initiatives.csv: Daegu's envelope 551,000,000,000 won
    assert summary_head(chosen) == ("대구 AI 거점 사업 추진 현황 보고", "5,510억원")
    # an unknown key falls back to the main programme
    fallback = tmp_path / "fallback.xlsx"
    monkeypatch.setenv("TRACKER_DEFAULT_INITIATIVE", "no-such-initiative")
    assert (
        run_cli(url, "data", "--format", "xlsx", "--as-of", "2026-11-30", "-o", str(fallback)) == 0
    )
    assert summary_head(fallback) == ("인공지능 집적단지 조성사업 추진 현황 보고", "4,116억원")
