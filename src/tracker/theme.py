"""One look for every figure: on screen, in PNG/PDF exports and in the briefing deck.

Builders call :func:`apply` last; the title, unit, as-of date and source line are drawn inside the
figure so that an exported image stands on its own in a report.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from . import i18n

FONT_FAMILY = (
    '"Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
)
# Funding sources keep their colour everywhere (국비 blue, 시비 orange, 민자 green, ...).
FUNDING_COLOURS = {
    "national": "#1f4e9c",
    "city": "#e07b24",
    "private": "#2f9e57",
    "other": "#8c6bb1",
    "unspecified": "#9aa5b1",
}
STATE_COLOURS = {
    "done": "#2f9e57",
    "on_track": "#1f77b4",
    "at_risk": "#f2b134",
    "late": "#d62728",
    "stopped": "#7f1d1d",
    "cancelled": "#9aa5b1",
    "unscheduled": "#c7ccd1",
}
SEQUENCE = ["#1f4e9c", "#e07b24", "#2f9e57", "#8c6bb1", "#d62728", "#17becf", "#bcbd22", "#7f7f7f"]
PLAN_COLOUR = "#9aa5b1"
ACTUAL_COLOUR = "#1f4e9c"

# Export sizes in CSS pixels (kaleido scales them): a 16:9 slide and an A4 page's text width.
SLIDE_SIZE = (1280, 720)
A4_SIZE = (1000, 620)


def footer_text(
    *, lang: str, as_of: dt.date, sources: list[str] | None = None, unit: str | None = None
) -> str:
    parts = [i18n.t("common.as_of_stamp", lang, date=as_of.isoformat())]
    if unit:
        parts.append(i18n.t("theme.unit", lang, unit=unit))
    if sources:
        parts.append(i18n.t("common.source_line", lang, sources=", ".join(dict.fromkeys(sources))))
    return " · ".join(parts)


def apply(
    fig: go.Figure,
    *,
    title: str,
    lang: str,
    as_of: dt.date,
    unit: str | None = None,
    sources: list[str] | None = None,
    subtitle: str | None = None,
) -> go.Figure:
    """Title, fonts, colours and the as-of/unit/source footer, inside the figure."""
    title_text = f"<b>{title}</b>" + (f"<br><sup>{subtitle}</sup>" if subtitle else "")
    fig.update_layout(
        title={"text": title_text, "x": 0.01, "xanchor": "left", "font": {"size": 20}},
        font={"family": FONT_FAMILY, "size": 13, "color": "#1f2933"},
        colorway=SEQUENCE,
        template="plotly_white",
        margin={"l": 60, "r": 30, "t": 80 if subtitle else 64, "b": 90},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.add_annotation(
        text=footer_text(lang=lang, as_of=as_of, sources=sources, unit=unit),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.2,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": "#52606d"},
        name="footer",
    )
    return fig


def empty_figure(message: str, *, title: str, lang: str, as_of: dt.date) -> go.Figure:
    """A figure that says why it has nothing to show (never a blank axis)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply(fig, title=title, lang=lang, as_of=as_of)
