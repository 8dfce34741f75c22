"""``room.label_room``: the margins a chart's labels need, reckoned from their text, so that
plotly fits them on its first drawing instead of drawing the chart again with wider margins.

Widths are worked out by hand from the per-character table in ``room``: a Korean syllable 0.93
em, the narrow characters (space, ``i``, ``,``, ``.`` ...) 0.36 em, ``%@MWmw`` 0.95 em, anything
else 0.62 em (``·`` U+00B7 among them).
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from tracker import room, theme

AS_OF = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "size", "px"),
    [
        ("가A i", 10, 22.7),  # 0.93 + 0.62 + 0.36 + 0.36
        ("ab<br>가가가", 10, 27.9),  # the wider line: 3 x 0.93 against 2 x 0.62
        ("<b>가</b>", 10, 9.3),  # markup takes no room
        ("100%", 13, 36.53),  # 3 x 0.62 + 0.95
        ("", 13, 0.0),
    ],
)
def test_text_width(text, size, px):
    assert room.text_width(text, size) == pytest.approx(px)


def bars(names, *, title: str | None = None, **trace) -> go.Figure:
    fig = go.Figure(go.Bar(y=names, x=[1] * len(names), orientation="h", **trace))
    if title:
        fig.update_layout(yaxis={"title": {"text": title}})
    return fig


def test_names_down_the_left_axis_get_their_width_and_the_gap_to_the_axis():
    # "광주 · 사업": 4 x 0.93 + 2 x 0.36 + 0.62 = 5.06 em = 65.78 px, + 14 = 79.78
    fig = bars(["광주 · 사업", "Busan"])
    assert room.label_room(fig, 13) == {"l": 80, "r": 30}


def test_an_axis_title_beside_the_names_adds_its_room():
    assert room.label_room(bars(["광주 · 사업"], title="사업"), 13)["l"] == 108  # 79.78 + 28


def test_short_names_keep_the_theme_margin():
    assert room.label_room(bars(["A", "B"]), 13) == {"l": 60, "r": 30}  # 8.06 + 14


def test_the_room_grows_with_the_type_size():
    # a slide's 17 px: 5.06 em = 86.02 px, and the gap 14 x 17 / 13 = 18.31
    assert room.label_room(bars(["광주 · 사업"]), 17)["l"] == 105


def test_a_numeric_axis_takes_the_room_of_six_characters_when_titled():
    fig = go.Figure(go.Bar(x=["2024", "2025"], y=[22_600, 100]))
    assert room.label_room(fig, 13) == {"l": 60, "r": 30}
    fig.update_layout(yaxis={"title": {"text": "억원"}})
    assert room.label_room(fig, 13) == {"l": 80, "r": 30}


def test_hidden_or_right_hand_labels_take_no_room_on_the_left():
    wide = ["광주광역시 인공지능 집적단지 조성사업"]
    hidden = bars(wide)
    hidden.update_layout(yaxis={"showticklabels": False})
    assert room.label_room(hidden, 13)["l"] == 60
    right = bars(wide)
    right.update_layout(yaxis={"side": "right"})
    assert room.label_room(right, 13)["l"] == 60


def test_ticktext_stands_for_the_categories():
    fig = bars(["a", "b"])
    fig.update_layout(yaxis={"tickvals": ["a", "b"], "ticktext": ["광주광역시", "b"]})
    assert room.label_room(fig, 13)["l"] == 75  # 5 x 0.93 x 13 = 60.45, + 14 = 74.45


def test_values_written_past_the_bars_ends_get_room_on_the_right():
    # "7,000.0 bn": 7 0 0 0 0 b n = 7 x 0.62, and , . space = 3 x 0.36: 5.42 em = 70.46 + 10
    fig = bars(["a", "b"], text=["1,000", "7,000.0 bn"], textposition="outside")
    assert room.label_room(fig, 13)["r"] == 81
    inside = bars(["a", "b"], text=["1,000", "7,000.0 bn"], textposition="inside")
    assert room.label_room(inside, 13)["r"] == 30
    assert room.label_room(bars(["a"], text=[""], textposition="outside"), 13)["r"] == 30


def test_a_legend_beside_the_plot_gets_its_names_swatch_and_gap():
    fig = go.Figure(
        [go.Bar(x=["2024"], y=[1], name="국비"), go.Bar(x=["2024"], y=[2], name="Private")]
    )
    fig.update_layout(legend={"orientation": "v", "x": 1.02})
    # "Private": P v a e = 4 x 0.62, r i t = 3 x 0.36: 3.56 em = 46.28, + 48 + 38 = 132.28
    assert room.label_room(fig, 13)["r"] == 133
    fig.update_layout(legend={"orientation": "h", "x": 1.0})  # above the plot: no room aside
    assert room.label_room(fig, 13)["r"] == 30


def test_apply_gives_the_room_and_exports_widen_it_to_their_type_size():
    fig = theme.apply(bars(["광주 · 사업"]), title="t", lang="ko", as_of=AS_OF)
    assert (fig.layout.margin.l, fig.layout.margin.r) == (80, 30)
    slide = theme.export_spec(fig, target="slide")["layout"]["margin"]
    assert (slide["l"], slide["r"]) == (105, 30)
    assert theme.for_export(fig, target="slide").layout.margin.l == 105
    a4 = theme.export_spec(fig, target="a4")["layout"]["margin"]  # 13 px: never narrowed
    assert a4["l"] == 80


def test_the_right_takes_the_wider_of_a_legend_aside_and_the_values_past_the_bars():
    # legend "a": 8.06 + 86 = 94.06; "1,234,567,890.0 bn": 11 digits and b n = 13 x 0.62, three
    # commas, a point and a space = 5 x 0.36: 9.86 em = 128.18, + 10 = 138.18
    fig = bars(["x"], text=["1,234,567,890.0 bn"], textposition="outside", name="a")
    fig.update_layout(legend={"orientation": "v", "x": 1.02})
    assert room.label_room(fig, 13)["r"] == 139
    fig.update_traces(text=["1"])  # 0.62 em = 8.06 + 10: the legend's 94.06 is the wider
    assert room.label_room(fig, 13)["r"] == 95


def test_a_long_subtitle_hangs_from_the_top_clear_of_the_plot():
    fig = theme.apply(bars(["a"]), title="t", lang="ko", as_of=AS_OF, subtitle="1<br>2<br>3")
    # four lines, 26 px apart, the first 26 px down: 26 x 4 + 24
    assert fig.layout.margin.t == 128
    assert (fig.layout.title.yref, fig.layout.title.yanchor) == ("container", "middle")
    assert fig.layout.title.y == pytest.approx(1 - 26 / 450)  # Streamlit draws it 450 px tall
    fig.update_layout(height=650)
    theme.hang_title(fig, 128)
    assert fig.layout.title.y == pytest.approx(1 - 26 / 650)


def test_an_export_hangs_a_title_of_many_lines_in_lines_of_its_own_size():
    fig = theme.apply(bars(["a"]), title="t", lang="ko", as_of=AS_OF, subtitle="1<br>2<br>3")
    # a slide's 26 px title (20 on screen): lines 1.3 times as far apart, 33.8 px of 720; the
    # subtitle's own breaks stay: four lines, 4 x 33.8 + 24 = 159.2, rounded up
    slide = theme.export_spec(fig, target="slide")["layout"]
    assert slide["title"]["y"] == pytest.approx(1 - 33.8 / 720)
    assert slide["margin"]["t"] == 160
    copy = theme.for_export(fig, target="slide")
    assert (copy.layout.title.y, copy.layout.margin.t) == (pytest.approx(1 - 33.8 / 720), 160)
    # an A4 page's 19 px title: 24.7 px of 1,000, over 4 x 24.7 + 24 = 122.8
    a4 = theme.export_spec(fig, target="a4", size=(1400, 1000))["layout"]
    assert (a4["title"]["y"], a4["margin"]["t"]) == (pytest.approx(1 - 24.7 / 1000), 123)


def test_an_export_breaks_the_title_anew_for_its_own_width():
    # five words of ten a's (6.2 em each, a space 0.36 em). Half a row on the page: lines of
    # 462 x 0.99 - 8 = 449.38 px at a bold 19.5 px; three words are 19.32 em = 376.74 px, four
    # 25.88 em = 504.66: two lines, hung (26 x 2 + 24 = 76)
    title = " ".join(["aaaaaaaaaa"] * 5)
    fig = theme.apply(bars(["a"]), title=title, lang="en", as_of=AS_OF, width=theme.HALF_ROW)
    three, two = " ".join(["aaaaaaaaaa"] * 3), " ".join(["aaaaaaaaaa"] * 2)
    assert fig.layout.title.text == f"<b>{three}</b><br><b>{two}</b>"
    assert fig.layout.margin.t == 76
    # a slide: lines of 1,259.2 px at 25.35 px; all five words are 32.44 em = 822.35 px: one
    # line in plotly's own place, over the theme's 64 px
    slide = theme.export_spec(fig, target="slide")["layout"]
    assert slide["title"]["text"] == f"<b>{title}</b>"
    assert "y" not in slide["title"] and "yref" not in slide["title"]
    assert slide["margin"]["t"] == 64
    # a page 600 px wide: lines of 586 px at 18.525 px; four words 479.42 px, five 600.95:
    # four and one, hung 24.7 px down over 2 x 24.7 + 24 = 73.4
    narrow = theme.export_spec(fig, target="a4", size=(600, 800))["layout"]
    four = " ".join(["aaaaaaaaaa"] * 4)
    assert narrow["title"]["text"] == f"<b>{four}</b><br><b>aaaaaaaaaa</b>"
    assert (narrow["title"]["y"], narrow["margin"]["t"]) == (pytest.approx(1 - 24.7 / 800), 74)
    assert fig.layout.title.text == f"<b>{three}</b><br><b>{two}</b>"  # the page's unchanged


def test_a_title_placed_after_the_theme_is_exported_as_placed():
    # a title placed otherwise after apply (at the very top, say): an export keeps it there
    fig = theme.apply(bars(["a"]), title=" ".join(["aaaaaaaaaa"] * 5), lang="en", as_of=AS_OF)
    fig.update_layout(margin={"t": 175}, title={"yref": "container", "y": 1, "yanchor": "top"})
    slide = theme.export_spec(fig, target="slide")["layout"]
    assert (slide["title"]["yanchor"], slide["margin"]["t"]) == ("top", 175)
    assert slide["title"]["text"] == fig.layout.title.text


def test_a_title_left_in_plotlys_place_is_exported_there():
    fig = theme.apply(bars(["a"]), title="t", lang="ko", as_of=AS_OF, subtitle="s")
    slide = theme.export_spec(fig, target="slide")["layout"]
    assert "y" not in slide["title"]
    assert slide["margin"]["t"] == 80


def test_a_footer_already_in_lines_is_broken_again_to_the_width():
    # at 11 px (see the budget footer tests) "aaaa · bbbb" is 69.3 px, "aaaa · bbbb ·" 80.08
    def footer(text: str, width: int) -> tuple[str, int]:
        fig = go.Figure()
        fig.update_layout(margin={"l": 100, "b": 120})
        fig.add_annotation(text=text, name="footer", x=0, y=0, showarrow=False)
        theme.fit_footer(fig, width)  # a line has width - 100 - 8
        return fig.layout.annotations[0].text, fig.layout.margin.b

    assert footer("aaaa · bbbb<br>cccc", 178) == ("aaaa · bbbb<br>cccc", 120)  # 70: it fits
    # 60 px: the theme's break is one more place to break; three lines where two were
    assert footer("aaaa · bbbb<br>cccc", 168) == ("aaaa ·<br>bbbb ·<br>cccc", 136)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_half_row_footer_runs_past_its_chart(bundled_engine, lang):
    from tracker.catalog import ChartContext, entry

    ctx = ChartContext("gj-ai-cluster-phase1", AS_OF, lang, "eok")
    halves = ("overview.plan_totals", "overview.milestones_by_year", "partners.breakdown")
    for key in (*halves, "partners.pledged"):
        fig = entry(key).build(bundled_engine, ctx).figure
        note = next(a.text for a in fig.layout.annotations if a.name == "footer")
        # the bundle's sources run these footers to 2-3 lines in half a row (462 px)
        assert room.text_width(note, 11) <= 462 - fig.layout.margin.l - 8, key


def test_a_footer_fitted_again_stays_as_it_was():
    # a footer one piece of which is wider than the line ("cccccccccccc": 81.84 px of 80): it
    # cannot fit, and fitting it again must not add separators or lines
    fig = go.Figure()
    fig.update_layout(margin={"l": 100, "b": 120})
    fig.add_annotation(text="aaaa · cccccccccccc, bb", name="footer", x=0, y=0, showarrow=False)
    theme.fit_footer(fig, 188)
    first = (fig.layout.annotations[0].text, fig.layout.margin.b)
    assert first == ("aaaa ·<br>cccccccccccc,<br>bb", 152)  # three lines: 120 + 2 x 16
    theme.fit_footer(fig, 188)
    assert (fig.layout.annotations[0].text, fig.layout.margin.b) == first


# room.bar_values: the values on horizontal bars written by a text trace, where they surely fit.
# A chart 510 px wide with margins 80 and 30 has 400 px across; 85 % of that (room._SURE) over an
# axis from 0 to 85 is 4 px a unit. "10" at 10 px is 2 x 0.62 em = 12.4 px, + 3 px either side:
# 18.4 px, so a bar of 5 (20 px) holds it and one of 4 (16 px) does not. Without the 85 %, 4 would
# hold it (18.8 px); without the sides, too (16 against 12.4).
def stacked(**layout) -> go.Figure:
    fig = go.Figure(
        [
            go.Bar(y=["p", "q"], x=[4, 5], orientation="h", text=["10", "10"],
                   textposition="inside", marker={"color": "#1f4e9c"}, name="A"),
            go.Bar(y=["p", "q"], x=[50, 30], orientation="h", text=["20", "20"],
                   textposition="inside", marker={"color": "#f2b134"}, name="B"),
        ]
    )  # fmt: skip
    fig.update_layout(
        barmode="stack", xaxis={"range": [0, 85]}, margin={"l": 80, "r": 30, "t": 100, "b": 80}
    )
    fig.update_layout(**layout)
    return fig


def test_values_inside_stacked_bars_that_surely_fit_are_written_by_a_text_trace():
    fig = room.bar_values(stacked(), 510, 10)
    a, b, a_values, b_values = fig.data
    assert (a_values.name, b_values.name) == (room.BAR_VALUES, room.BAR_VALUES)
    # A's bar of 4 draws its text for plotly to shrink; the bar of 5 is written at its end
    assert list(a.textposition) == ["inside", "none"]
    assert list(a_values.x) == [4, 5] and list(a_values.text) == ["", "10 "]
    # B starts where A ends: 4 + 50 = 54, 5 + 30 = 35; both hold their value
    assert b.textposition == "none"
    assert list(a.text) == ["10", "10"] and list(b.text) == ["20", "20"]  # kept for the hover
    assert list(b_values.x) == [54, 35] and list(b_values.text) == ["20 ", "20 "]
    assert a_values.textposition == "middle left" and a_values.mode == "text"
    # white on the dark blue (brightness 72.7); plotly's grey on the yellow: (242 x 299 + 177 x
    # 587 + 52 x 114) / 1000 = 182.2
    assert (a_values.textfont.color, b_values.textfont.color) == ("#ffffff", "#444444")
    assert a_values.hoverinfo == "skip" and a_values.showlegend is False

    def lettered(size: int) -> go.Figure:
        fig = stacked()
        fig.update_traces(textfont={"color": "#123456", "size": 9}, insidetextfont={"size": size})
        return room.bar_values(fig, 510, 10)  # changes the figure in place, and returns it

    inked = lettered(11).data[2]
    assert (inked.textfont.color, inked.textfont.size) == ("#123456", 11)  # as plotly takes them
    # "10" at 11 px: 13.64 + 6 = 19.64 px, still held by the bar of 5 (20 px); at 12 px, 20.88: not
    assert list(inked.text) == ["", "10 "]
    larger = lettered(12)
    assert larger.data[0].textposition == "inside" and len(larger.data) == 3  # none of A's
    assert tuple(fig.layout.yaxis.range) == (-0.5, 1.5)  # the two rows, not padded for text
    kept = room.bar_values(stacked(yaxis={"range": [-1, 2]}), 510, 10)
    assert tuple(kept.layout.yaxis.range) == (-1, 2)  # a range of its own stays


def test_values_in_the_middle_of_their_bars_and_past_a_lone_bars_end():
    fig = stacked()
    fig.update_traces(insidetextanchor="middle")
    middle = room.bar_values(fig, 510, 10).data
    assert list(middle[2].x) == [2, 2.5] and list(middle[2].text) == ["", "10"]
    assert list(middle[3].x) == [29, 20] and middle[3].textposition == "middle center"
    lone = go.Figure(go.Bar(y=["p", "q"], x=[3, 70], orientation="h", text=["a", "b"],
                            textposition="outside", cliponaxis=False))  # fmt: skip
    bar, values = room.bar_values(lone, 510, 10).data
    assert bar.textposition == "none"  # past the end it always fits: plotly never shrinks it
    assert list(bar.text) == ["a", "b"]  # kept for the hover
    assert list(values.x) == [3, 70] and list(values.text) == [" a", " b"]
    assert values.textposition == "middle right" and values.cliponaxis is False
    # the room on the right is the same as for the bar's own text: "b" 0.62 em, + 10
    assert room.label_room(room.bar_values(lone, 510, 13), 13)["r"] == 30
    zero = go.Figure(go.Bar(y=["p"], x=[0], orientation="h", text=[0], textposition="outside"))
    assert list(room.bar_values(zero, 510, 10).data[1].text) == [" 0"]  # plotly writes 0 too
    lone.update_traces(text=["a", "7,000.0 bn"])  # 70.46 + 10, as above
    assert room.label_room(room.bar_values(lone, 510, 13), 13)["r"] == 81


@pytest.mark.parametrize(
    "change",
    [
        {"text": "10"},  # one text for every bar
        {"x": [4, -5]},  # a bar below zero
        {"textposition": "auto"},
        {"marker": {"color": ["#1f4e9c", "#1f4e9c"]}},  # a colour per bar: no one ink
        {"marker": {"color": "navy"}},  # a colour by name: plotly picks the ink
        {"texttemplate": "%{x}"},
        {"base": [1, 1]},  # floating bars
        {"y": ["p", "p"]},  # one row twice
        {"insidetextanchor": "start"},
        {"xaxis": "x2"},
    ],
)
def test_other_bars_keep_their_own_text(change):
    fig = stacked()
    fig.data[0].update(**change)
    fig = room.bar_values(fig, 510, 10)
    assert [t.name for t in fig.data] == ["A", "B", room.BAR_VALUES]  # only B's are written
    assert fig.data[0].textposition == change.get("textposition", "inside")  # as it was
    assert fig.data[1].textposition == "none"


def test_rows_too_thin_for_the_text_upright_and_grouped_bars_are_left_to_plotly():
    thin = room.bar_values(stacked(height=200, margin={"t": 60, "b": 60}), 510, 10)
    # 200 - 120 = 80 px for two rows, 40 each, 32 of it the bar: holds 10 + 6, and 26 + 6 just;
    # at 27 px nothing is written (at 26, B's bars of 50 and 30 hold "20": 32.24 + 6 px)
    assert len(thin.data) == 4
    just = room.bar_values(stacked(height=200, margin={"t": 60, "b": 60}), 510, 26)
    assert [t.name for t in just.data] == ["A", "B", room.BAR_VALUES]
    assert len(room.bar_values(stacked(height=200, margin={"t": 60, "b": 60}), 510, 27).data) == 2
    upright = stacked()
    upright.data[0].update(orientation="v", x=["p", "q"], y=[4, 5])
    assert len(room.bar_values(upright, 510, 10).data) == 2
    assert len(room.bar_values(stacked(xaxis={"autorange": "reversed"}), 510, 10).data) == 2
    grouped = stacked(barmode="group")
    grouped.update_traces(textposition="outside")
    assert len(room.bar_values(grouped, 510, 10).data) == 2  # where each bar sits: plotly knows
