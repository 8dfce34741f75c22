"""Titles, legends and point labels that fit their chart: ``room.wrap``, ``room.legend_box``,
``room.place_labels`` and the title's lines and top margin in ``theme.apply``.

Widths are worked out by hand from the per-character table in ``room`` (see
tests/test_label_room.py): a Korean syllable 0.93 em, the narrow characters (space, ``i``, ``·``
is not one) 0.36 em, anything else 0.62 em.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tracker import room, theme

AS_OF = dt.date(2026, 12, 7)


# --- words in lines of a width in px -----------------------------------------------------------


def test_wrap_breaks_between_words_at_the_width():
    # at 10 px: "aa bb ·" is 0.62 x 4 + 0.36 x 2 + 0.62 = 3.82 em = 38.2 px
    assert room.wrap("aa bb · cc", 10, 38.3) == ["aa bb ·", "cc"]
    # 0.1 px less and "bb ·" goes down: the separator stays at the end of its line
    assert room.wrap("aa bb · cc", 10, 38.1) == ["aa", "bb ·", "cc"]


def test_wrap_keeps_a_long_word_and_the_breaks_given():
    # "가나다라" is 37.2 px at 10: wider than the line, it keeps a line of its own
    assert room.wrap("가 가나다라 나", 10, 30) == ["가", "가나다라", "나"]
    assert room.wrap("a<br>b c", 10, 100) == ["a", "b c"]
    assert room.wrap("", 10, 100) == [""]


# --- the legend above the plot -------------------------------------------------------------------


def scatter(*names: str | None, **trace) -> go.Figure:
    fig = go.Figure()
    for name in names:
        fig.add_scatter(x=[1, 2], y=[1, 2], name=name, **trace)
    return fig


def test_plotly_lists_a_legend_of_one_beside_a_trace_kept_out_of_it():
    assert room.legend_names(scatter("a")) == []  # one trace: no legend
    assert room.legend_names(scatter("a", "b")) == ["a", "b"]
    fig = scatter("a")
    fig.add_scatter(x=[1], y=[1], showlegend=False)  # a line kept out of the legend
    assert room.legend_names(fig) == ["a"]
    fig.update_layout(showlegend=False)
    assert room.legend_names(fig) == []
    assert room.legend_names(go.Figure([go.Treemap(labels=["a"]), go.Treemap(labels=["b"])])) == []


def test_legend_box_one_row_when_the_items_fit_else_a_grid_as_wide_as_the_plot():
    # at 13 px: "ab" 16.12 px and "가" 12.09, each after a 40 px swatch: 56.12 + 52.09, a 5 px
    # gap and a 10 px border: 123.21 px in one row
    fig = scatter("ab", "가")
    assert room.legend_box(fig, 13, 123.3) == (124, 30)  # 20 px a row, 10 of border
    # 0.1 px narrower: a grid of one column (61.12 px a cell), two rows, the plot's width
    assert room.legend_box(fig, 13, 123.2) == (124, 50)
    assert room.legend_box(fig, 13, 300.0)[1] == 30
    assert room.legend_box(scatter("a"), 13, 300.0) == (0, 0)


# --- the title's lines and the top margin --------------------------------------------------------

WORD = "가가가가가"  # 90.675 px at the title's 20 px, bold (x 0.975); a space 7.02


def themed(title: str, fig: go.Figure | None = None, **kwargs) -> go.Figure:
    return theme.apply(
        fig or go.Figure(go.Bar(x=[1], y=[1])),
        title=title,
        lang="ko",
        as_of=AS_OF,
        width=theme.HALF_ROW,
        **kwargs,
    )


def test_a_title_wider_than_half_a_row_breaks_into_lines_hung_from_the_top():
    # 462 px less 1 % and 8: 449.38 px a line; four words take 383.76, five 481.5
    fig = themed(" ".join([WORD] * 6))
    lines = fig.layout.title.text.split("<br>")
    assert lines == [f"<b>{' '.join([WORD] * 4)}</b>", f"<b>{WORD} {WORD}</b>"]
    assert fig.layout.margin.t == 76  # two lines: 26 x 2 + 24
    assert fig.layout.title.yref == "container"


def test_a_title_that_fits_stays_in_plotlys_place():
    fig = themed(" ".join([WORD] * 4), subtitle="s")
    assert fig.layout.title.text == f"<b>{' '.join([WORD] * 4)}</b><br><sup>s</sup>"
    assert fig.layout.margin.t == 80
    assert fig.layout.title.yref is None


def test_a_long_subtitle_breaks_at_its_own_size():
    # <sup> is drawn at 14 px: 30.2 words of 0.62 em ... "aaaa" is 34.72 px, with a space 39.76
    # a line: 11 words (11 x 34.72 + 10 x 5.04 = 432.32), 12 would take 472.08
    fig = themed("t", subtitle=" ".join(["aaaa"] * 12))
    lines = fig.layout.title.text.split("<br>")
    assert lines[1:] == [f"<sup>{' '.join(['aaaa'] * 11)}</sup>", "<sup>aaaa</sup>"]
    assert fig.layout.margin.t == 102  # three lines: 26 x 3 + 24


def test_the_legend_above_the_plot_gets_a_row_under_a_title_that_reaches_it():
    # the legend ("ab", "가") is 124 px wide at the plot's right edge (462 - 30): it starts at
    # 308, less an 8 px gap: 300. The title starts at 4.62 px (1 %).
    fits = f"{WORD} {WORD} {WORD}i"  # 293.09 px ("i" 7.02): ends at 297.71
    assert themed(fits, scatter("ab", "가")).layout.margin.t == 64
    reaches = fits + "i"  # 300.11 px: ends at 304.73, over the legend's start
    fig = themed(reaches, scatter("ab", "가"))
    assert fig.layout.margin.t == 70  # one line: 26 + 14 + the legend's 30
    assert fig.layout.title.yref == "container"


def test_a_legend_set_beside_the_plot_stays_there_with_its_room():
    fig = scatter("ab", "가")
    fig.update_layout(legend={"orientation": "v", "x": 1.02})
    themed("t", fig)
    assert (fig.layout.legend.orientation, fig.layout.legend.x) == ("v", 1.02)
    # the wider name "ab" (16.12 px) + 48 swatch + 38: 102.12
    assert fig.layout.margin.r == 103


def test_a_treemap_footer_sits_under_the_tiles():
    fig = themed("t", go.Figure(go.Treemap(labels=["a"], parents=[""])))
    # no axis: 10 px, one footer line of 15 (11 px x 1.35), 10 under it
    assert fig.layout.margin.b == 35
    assert fig.layout.annotations[-1].yshift == -10
    assert themed("t").layout.margin.b == 77  # under an axis: 52 + 15 + 10


# --- labels beside points ----------------------------------------------------------------------


def points(days: list[int | None], texts: list[str], ys: list[float] | None = None) -> go.Figure:
    """A figure 462 x 450 with a plot 352 x 293 px (margins 80, 30, 64, 93), y from 0 to 100
    (50 unless given): a point at y is y x 2.93 px up the plot. A day of None: no date."""
    fig = go.Figure(
        go.Scatter(
            x=[None if d is None else dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in days],
            y=ys or [50] * len(days),
            mode="markers+text",
            text=texts,
            textposition="top center",
        )
    )
    fig.update_layout(margin={"l": 80, "r": 30, "t": 64, "b": 93}, yaxis={"range": [0, 100]})
    return room.place_labels(fig, 462, 450)


def test_labels_far_apart_keep_their_place():
    assert points([0, 182, 365], ["a", "", "b"]).data[0].textposition == (
        "top center",
        "top center",
        "top center",
    )


def test_a_label_that_would_print_over_the_one_before_goes_under_its_point():
    # a day apart on a 401.5-day axis (days 0 to 365, 5 % either side): 0.9 px apart, at 103.7
    # px, so the second label's first place is taken; under its point (146.5 px up) it ends
    # 6 px below it, clear of the first label and of both markers (5 px either side)
    fig = points([0, 100, 101, 365], ["", "aaaa", "aaaa", ""])
    assert fig.data[0].textposition == ("top center", "top center", "bottom center", "top center")


def test_a_point_without_a_date_or_a_value_is_not_drawn_and_moves_no_label():
    # the pair a day apart of the test before, with a point of no date and one of no value
    # (plotly draws neither) among them: they keep their own place, the axis still runs from
    # day 0 to 365, and the second of the pair (the fifth point) still goes under its point
    fig = points(
        [0, None, 100, 180, 101, 365],
        ["", "zzzz", "aaaa", "yyyy", "aaaa", ""],
        ys=[50, 50, 50, None, 50, 50],
    )
    assert fig.data[0].textposition == (
        "top center",
        "top center",
        "top center",
        "top center",
        "bottom center",
        "top center",
    )


def test_a_label_at_the_plots_right_edge_turns_inwards():
    # the last of 366 days sits at (365 + 18.25) / 401.5 x 352 = 336 px; "abcdefghij" (5.42 em,
    # 70.46 px) centred over it would end at 371.2, past the plot's 352: above it to the left;
    # the first, at 16 px, would start before the plot: above it to the right
    fig = points([0, 365], ["abcdefghij", "abcdefghij"])
    assert fig.data[0].textposition == ("top right", "top left")


def test_a_label_moves_the_one_before_it_when_that_frees_a_place():
    # A: day 312 at 289.5 px, 146.5 px up, "aaaaaaa" (56.42 px); B: day 365 at 336 px, 158.2 up,
    # "aaaaaaaaaaaaa" (104.78 px). A's label above its point (152.5 to 172 px up) leaves B's
    # label no place: at the right edge B can only go left, and above-left runs into A's label,
    # below-left and middle-left into A's label and marker. Under A (121 to 140.5 px up) A's
    # label frees above-left for B's.
    fig = points([0, 312, 365], ["", "aaaaaaa", "aaaaaaaaaaaaa"], ys=[0, 50, 54])
    assert fig.data[0].textposition == ("top center", "bottom center", "top left")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_title_line_runs_past_its_chart(bundled_engine, lang):
    from tracker.catalog import ChartContext, entries

    halves = {
        "overview.plan_totals",
        "overview.milestones_by_year",
        "partners.breakdown",
        "partners.pledged",
        "budget.by_year",
        "budget.by_source",
        "budget.s_curve",
        "budget.components",
    }
    ctx = ChartContext("gj-ai-cluster-phase1", AS_OF, lang, "eok")
    for chart in entries():
        fig = chart.build(bundled_engine, ctx).figure
        width = theme.HALF_ROW if chart.key in halves else theme.FULL_ROW
        for line in fig.layout.title.text.split("<br>"):
            size = 14 if line.startswith("<sup>") else 20 * room.BOLD_TITLE
            # the line starts 1 % in and keeps 8 px from the edge
            assert room.text_width(line, size) <= width * 0.99 - 8, (chart.key, line)


def test_no_catalogued_chart_has_its_title_cut_at_the_top(bundled_db_file):
    # drawn by Chromium as exported (an A4 page at twice its pixels: 2,000 x 1,240): a title's
    # first line sits 24.7 px down at the least (hung from the top) or in the middle of a 64 px
    # margin, so the top 10 rows are blank. The Gantt's title, pinned by its top with a
    # subtitle under it, was drawn half a line too high: its first line cut through (486 dark
    # pixels in the top 4 rows).
    from PIL import Image

    from tracker.catalog import ChartContext, entries
    from tracker.db import backend
    from tracker.reports import images

    engine = backend.make_engine(f"sqlite:///{bundled_db_file}")  # drawing is the same on both
    ctx = ChartContext("gj-ai-cluster-phase1", AS_OF, "ko", "eok")
    for chart in entries():
        figure = chart.build(engine, ctx).figure
        png = Image.open(io.BytesIO(images.chart_image(figure, "png", target="a4"))).convert("L")
        top = png.crop((0, 0, png.width, 10))
        darkest = min(top.getextrema())
        assert darkest > 200, (chart.key, darkest)
    engine.dispose()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_catalogued_chart_is_a_figure_plotly_takes(bundled_engine, lang):
    # charts of many bars are built unchecked (theme.unchecked): plotly checks them whole here,
    # and an unknown property or a value it does not take raises
    from tracker.catalog import ChartContext, entries

    ctx = ChartContext("gj-ai-cluster-phase1", AS_OF, lang, "eok")
    for chart in entries():
        drawn = chart.build(bundled_engine, ctx).figure
        checked = go.Figure(drawn.to_plotly_json())
        assert json.loads(pio.to_json(checked)) == json.loads(pio.to_json(drawn)), chart.key
