"""Chart images through the reused browser, data files, the report theme and `tracker export`."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import ARTIFACTS
from PIL import Image

from tracker import catalog, room, theme
from tracker.cli.main import main as cli_main
from tracker.reports import images as reports_images
from tracker.reports import workbook

AS_OF = dt.date(2024, 6, 30)


def themed(title="집행 실적", sources=("광주광역시",)) -> go.Figure:
    fig = go.Figure(go.Bar(x=["2022", "2023"], y=[10, 20], name="국비"))
    return theme.apply(fig, title=title, lang="ko", as_of=AS_OF, unit="억원", sources=list(sources))


# --- theme ------------------------------------------------------------------------------------------


def test_the_footer_wraps_long_source_lists_between_parts():
    lines = theme.footer_lines(lang="en", as_of=AS_OF, unit="KRW bn", sources=["A" * 60, "B" * 60])
    # "As of 2024-06-30 · Unit: KRW bn" (31) + " · " + source part (8 + 122) > 150: two lines
    assert lines == ["As of 2024-06-30 · Unit: KRW bn", f"Source: {'A' * 60}, {'B' * 60}"]
    assert theme.footer_lines(lang="ko", as_of=AS_OF) == ["기준일 2024-06-30"]


def test_the_footer_sits_in_pixels_under_the_axis_at_any_size():
    fig = themed()
    footer = [a for a in fig.layout.annotations if a.name == "footer"][0]
    assert (footer.y, footer.yanchor, footer.yshift) == (0, "top", -52)
    assert fig.layout.margin.b == 52 + 15 + 10  # room for the ticks, one footer line, padding
    slide = theme.for_export(fig, target="slide")
    footer = [a for a in slide.layout.annotations if a.name == "footer"][0]
    assert (slide.layout.width, slide.layout.height) == theme.SLIDE_SIZE
    assert footer.font.size == 14 and slide.layout.font.size == 17
    assert slide.layout.margin.b == 60 + 19 + 10 and footer.yshift == -60
    assert fig.layout.width is None  # the page's figure is not changed by an export


def test_the_export_spec_matches_for_export_without_touching_the_figure():
    fig = themed()
    spec = theme.export_spec(fig, target="slide", size=(1200, 560))
    expected = theme.for_export(fig, target="slide", size=(1200, 560)).to_plotly_json()["layout"]
    for key in ("width", "height", "font", "margin", "annotations"):
        assert spec["layout"][key] == expected[key], key
    assert spec["layout"]["title"]["font"]["size"] == 26
    assert fig.layout.width is None and fig.layout.font.size == 13


def test_an_export_breaks_the_footer_for_its_own_width():
    # "As of 2024-06-30 · Source: aaaaaaaaaa, bbbbbbbbbb, cccccccccc, dddddddddd": 41.1 em, at
    # 11 px 452.1 px. Half a row on the page leaves 462 - 60 - 8 = 394 px: up to "cccccccccc,"
    # (34.54 em, 379.94 px) on the first line, "dddddddddd" on the second
    fig = theme.apply(
        go.Figure(go.Bar(y=["a"], x=[1], orientation="h")),
        title="t",
        lang="en",
        as_of=AS_OF,
        sources=["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"],
        width=theme.HALF_ROW,
    )
    one = "As of 2024-06-30 · Source: aaaaaaaaaa, bbbbbbbbbb, cccccccccc, dddddddddd"
    footer = [a for a in fig.layout.annotations if a.name == "footer"][0]
    assert (
        footer.text
        == "As of 2024-06-30 · Source: aaaaaaaaaa, bbbbbbbbbb, cccccccccc,<br>dddddddddd"
    )

    def exported(size):
        layout = theme.export_spec(fig, target="slide", size=size)["layout"]
        return [a for a in layout["annotations"] if a["name"] == "footer"][0]["text"]

    # a slide: 1,280 - 60 - 8 = 1,212 px at 14 px (86.6 em): one line
    assert exported(None) == one
    # 400 px: 332 px at 14 px (23.71 em): "As of 2024-06-30 ·" (9.6 em) and "Source:
    # aaaaaaaaaa," (10.74) make 20.7 em, "bbbbbbbbbb," (6.56) would make 27.62; the rest
    # (6.56 + 6.56 + 6.2 and two spaces: 20.04 em) is one line
    assert exported((400, 700)) == (
        "As of 2024-06-30 · Source: aaaaaaaaaa,<br>bbbbbbbbbb, cccccccccc, dddddddddd"
    )


def test_for_export_rejects_unknown_targets():
    with pytest.raises(ValueError, match="poster"):
        theme.for_export(themed(), target="poster")


# --- images -----------------------------------------------------------------------------------------


def test_png_is_rendered_at_print_resolution():
    png = reports_images.chart_image(themed(), "png", target="a4")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (theme.A4_SIZE[0] * 2, theme.A4_SIZE[1] * 2)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "export-chart.png").write_bytes(png)


def test_svg_carries_title_unit_date_and_source_as_text():
    svg = reports_images.chart_image(themed(), "svg", target="slide").decode("utf-8")
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    text = " ".join(root.itertext())
    assert "집행 실적" in text
    assert "기준일 2024-06-30" in text and "단위: 억원" in text and "출처: 광주광역시" in text
    assert "Noto Sans CJK KR" in svg


def test_date_ticks_on_a_korean_chart_are_written_as_days_are_everywhere_else():
    # 2020-01 .. 2021-12 on a slide: plotly ticks it by quarter, in English ("Apr 2020") unless told
    days = list(pd.date_range("2020-01-01", "2021-12-01", freq="MS"))

    def ticks(lang: str, x) -> list[str]:
        fig = go.Figure(go.Scatter(x=x, y=list(range(len(x)))))
        fig = theme.apply(fig, title="누적", lang=lang, as_of=AS_OF)
        svg = reports_images.chart_image(fig, "svg", target="slide").decode("utf-8")
        root = ElementTree.fromstring(svg)
        return [t.text for t in root.iterfind(".//{*}g[@class='xtick']/{*}text")]

    korean = ticks("ko", days)
    assert korean[:2] == ["2020-01", "2020-04"] and len(korean) >= 6
    assert all(re.fullmatch(r"20\d\d-\d\d", t) for t in korean), korean
    assert ticks("en", days)[:2] == ["Jan 2020", "Apr 2020"]  # English keeps plotly's words
    # days written as ISO text, a week of them: ticked by day, written as days
    week = ticks("ko", [f"2024-06-{d:02d}" for d in range(1, 9)])
    assert week and all(re.fullmatch(r"2024-06-0\d", t) for t in week), week
    # an axis of categories is left alone
    bars = go.Figure(go.Bar(x=["2022", "2023"], y=[1, 2]))
    assert theme.apply(bars, title="t", lang="ko", as_of=AS_OF).layout.xaxis.tickformatstops == ()


def test_pdf_is_a_pdf():
    assert reports_images.chart_image(themed(), "pdf").startswith(b"%PDF")


def test_the_browser_is_started_once_and_reused():
    reports_images.chart_image(themed(), "png")
    first = reports_images.renderer()
    process = first._kaleido.subprocess.pid
    images = reports_images.chart_images([themed(f"차트 {n}") for n in range(4)], "png")
    assert len({len(i) for i in images}) > 1  # four different images, in order
    assert reports_images.renderer() is first and first._kaleido.subprocess.pid == process


def test_an_image_once_drawn_is_not_drawn_again(monkeypatch):
    reports_images.clear_image_cache()
    first = reports_images.chart_images([themed("하나"), themed("둘")], "png", target="slide")
    drawn: list[int] = []
    real = reports_images.ImageRenderer.render_many

    def counting(self, jobs):
        drawn.append(len(jobs))
        return real(self, jobs)

    monkeypatch.setattr(reports_images.ImageRenderer, "render_many", counting)
    # the same two figures (rebuilt, equal) and a new one: only the new one reaches the browser
    again = reports_images.chart_images(
        [themed("하나"), themed("셋"), themed("둘")], "png", target="slide"
    )
    assert drawn == [1]
    assert again[0] == first[0] and again[2] == first[1] and again[1] != first[0]
    # another format or size of the same figure is another image
    reports_images.chart_image(themed("하나"), "svg", target="slide")
    reports_images.chart_image(themed("하나"), "png", target="a4")
    assert drawn == [1, 1, 1]


def test_without_chromium_images_explain_what_to_install(monkeypatch):
    reports_images.shutdown()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not reports_images.images_available()
    with pytest.raises(reports_images.ChromiumMissingError) as caught:
        reports_images.chart_image(themed(), "png", lang="en")
    assert "sudo apt-get install -y chromium fonts-noto-cjk" in str(caught.value)
    assert "Data exports (CSV, XLSX) still work" in str(caught.value)
    assert workbook.data_csv(pd.DataFrame({"a": [1]})).startswith(b"\xef\xbb\xbf")
    monkeypatch.delenv("BROWSER_PATH")
    reports_images.shutdown()


def test_unknown_image_formats_are_refused():
    with pytest.raises(ValueError, match="gif"):
        reports_images.chart_image(themed(), "gif")


# --- native charts --------------------------------------------------------------------------------


def test_stacked_bars_translate_to_a_stacked_column_chart():
    fig = go.Figure(
        [
            go.Bar(x=["2022", "2023"], y=[1, 2], name="국비", marker={"color": "#1f4e9c"}),
            go.Bar(x=["2023", "2024"], y=[3, 4], name="시비"),
        ]
    )
    fig.update_layout(barmode="stack")
    spec = workbook.native_chart(fig)
    assert spec.kind == "column" and spec.stacked
    assert spec.categories == ["2022", "2023", "2024"]
    assert spec.series == [("국비", [1.0, 2.0, None], "bar"), ("시비", [None, 3.0, 4.0], "bar")]
    assert spec.colours == ["#1f4e9c", None]


def test_horizontal_bars_lines_and_pies_translate_too():
    hbar = workbook.native_chart(go.Figure(go.Bar(y=["a", "b"], x=[5, 6], orientation="h")))
    assert hbar.kind == "bar" and hbar.categories == ["a", "b"]
    line = workbook.native_chart(
        go.Figure(go.Scatter(x=[dt.date(2024, 1, 1), dt.date(2024, 2, 1)], y=[1, float("nan")]))
    )
    assert line.kind == "line" and line.categories == ["2024-01-01", "2024-02-01"]
    assert line.series[0][1] == [1.0, None]
    pie = workbook.native_chart(go.Figure(go.Pie(labels=["x", "y"], values=[1, 3])))
    assert pie.kind == "pie" and pie.series[0][1] == [1.0, 3.0]


def test_values_written_on_the_bars_are_no_series_of_the_native_chart():
    fig = go.Figure(go.Bar(y=["a", "b"], x=[5, 6], orientation="h", name="n", text=["5", "6"],
                           textposition="outside"))  # fmt: skip
    fig = room.bar_values(fig, 940)  # the values: a text trace beside the bars now
    assert len(fig.data) == 2
    spec = workbook.native_chart(fig)
    assert spec.kind == "bar" and spec.series == [("n", [5.0, 6.0], "bar")]


def test_shapes_excel_cannot_draw_have_no_native_chart():
    timeline = go.Figure(go.Bar(y=["a"], x=[10], base=["2020-01-01"], orientation="h"))
    assert workbook.native_chart(timeline) is None
    assert workbook.native_chart(go.Figure(go.Heatmap(z=[[1, 2]]))) is None
    assert workbook.native_chart(go.Figure()) is None
    assert workbook.native_chart(go.Figure(go.Bar(x=["a"], y=["text"]))) is None


# --- workbooks and CSV ------------------------------------------------------------------------------


def test_sheet_names_are_legal_and_unique():
    names = workbook.sheet_names(["a/b:c", "x" * 40, "x" * 40, "'quoted'", ""])
    assert names == ["a b c", "x" * 31, "x" * 27 + " (2)", "quoted", "Sheet"]


def test_workbook_cells_keep_their_types_and_text_never_becomes_a_formula():
    frame = pd.DataFrame(
        {
            "=name": ["=1+1", "+SUM(A1)", "-2", "@x", "\tt", "\rr", "plain"],
            "won": [1, 2, 3, 4, 5, 6, 7_000_000_000_000],
            "rate": [0.5, None, 1.5, 2.5, float("nan"), 3.5, 4.5],
            "day": [dt.date(2024, 1, d) for d in range(1, 8)],
        }
    )
    book = openpyxl.load_workbook(
        io.BytesIO(workbook.write_workbook([workbook.Sheet("데이터", frame, title="=제목")]))
    )
    ws = book["데이터"]
    assert ws["A1"].value == "'=제목"
    header = [c.value for c in ws[3]]
    assert header == ["'=name", "won", "rate", "day"]
    # xlsxwriter stores a CR as the escape _x000D_, which Excel decodes and openpyxl does not.
    assert [ws.cell(r, 1).value.replace("_x000D_", "\r") for r in range(4, 11)] == [
        "'=1+1", "'+SUM(A1)", "'-2", "'@x", "'\tt", "'\rr", "plain"
    ]  # fmt: skip
    assert ws["B10"].value == 7_000_000_000_000 and ws["B10"].data_type == "n"
    assert ws["C5"].value is None and ws["C6"].value == 1.5
    assert ws["D4"].value == dt.datetime(2024, 1, 1)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_csv_has_a_bom_and_neutralised_text():
    data = workbook.data_csv(pd.DataFrame({"항목": ["=cmd", "국비"], "금액": [1, -2]}))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=cmd" in text and "국비" in text and ",-2" in text  # negative numbers stay numbers


def test_data_zip_holds_one_csv_per_table():
    payload = workbook.data_zip(
        {"kpis": pd.DataFrame({"a": [1]}), "x.y/z": pd.DataFrame({"b": [2]})}
    )
    names = zipfile.ZipFile(io.BytesIO(payload)).namelist()
    assert names == ["kpis.csv", "x.y_z.csv"]


# --- command line -----------------------------------------------------------------------------------


def run_cli(db_url: str, *args: str) -> int:
    return cli_main(["--database-url", db_url, "export", *args])


def test_cli_exports_the_data_behind_every_chart(bundled_db_file, tmp_path, capsys):
    url = f"sqlite:///{bundled_db_file}"
    target = tmp_path / "data.xlsx"
    code = run_cli(url, "data", "--format", "xlsx", "--as-of", "2025-12-31", "-o", str(target))
    assert code == 0, capsys.readouterr().err
    book = openpyxl.load_workbook(target)
    registered = catalog.entries()
    assert book.sheetnames[0] == "요약" and book.sheetnames[-1] == "출처"
    assert len(book.sheetnames) == len(registered) + 2  # one sheet per registered chart
    assert "총사업비 발표·보도 추이" in book.sheetnames
    archive = tmp_path / "data.zip"
    assert run_cli(url, "data", "--format", "csv", "-o", str(archive), "--lang", "en") == 0
    names = zipfile.ZipFile(archive).namelist()
    assert names == ["kpis.csv", *[f"{e.key}.csv" for e in registered], "sources.csv"]


def test_cli_builds_a_briefing_deck(bundled_db_file, tmp_path):
    from pptx import Presentation

    target = tmp_path / "deck.pptx"
    code = run_cli(
        f"sqlite:///{bundled_db_file}",
        "briefing", "--format", "pptx", "--lang", "en", "--as-of", "2025-12-31", "-o", str(target),
    )  # fmt: skip
    assert code == 0
    deck = Presentation(str(target))
    assert len(deck.slides) >= 5


def test_cli_fails_clearly(bundled_db_file, engine, db_url, tmp_path, capsys, monkeypatch):
    url = f"sqlite:///{bundled_db_file}"
    assert (
        run_cli(url, "data", "--format", "xlsx", "--charts", "nope", "-o", str(tmp_path / "x")) == 2
    )
    assert "nope" in capsys.readouterr().err
    assert run_cli(url, "data", "--format", "csv", "-o", str(tmp_path / "x.csv")) == 2
    assert ".zip" in capsys.readouterr().err
    assert run_cli(db_url, "data", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")) == 2
    assert "tracker seed" in capsys.readouterr().err
    assert run_cli(url, "data", "--format", "xlsx", "-o", str(tmp_path / "no" / "x.xlsx")) == 2
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert run_cli(url, "briefing", "--format", "pdf", "-o", str(tmp_path / "x.pdf")) == 3
    assert "apt-get install" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run_cli(url, "data", "--format", "xlsx", "--as-of", "2024-13-01", "-o", "x.xlsx")
