"""The strategy tree: the committee's strategies and their tasks, sized by task, coloured by status.

Pure builder (frames in, figure out) plus its catalogue entry. Strategies without recorded tasks
stay visible and say so: the bundled data names the 3 strategies but not the 11 tasks.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from .. import frames, i18n, theme
from ..catalog import ChartContext, ChartEntry, ChartResult
from ..db import queries
from ..schedule.metrics import missing
from . import reads, view

TASK_COLOURS = {
    "done": theme.STATE_COLOURS["done"],
    "in_progress": theme.STATE_COLOURS["on_track"],
    "planned": theme.STATE_COLOURS["unscheduled"],
    "stopped": theme.STATE_COLOURS["stopped"],
}

STRATEGY_COLOUR = "#e4e7eb"

WRAP = 30  # Latin widths per line inside a tile


def strategy_tree_figure(
    strategies: pd.DataFrame,
    tasks: pd.DataFrame,
    *,
    lang: str,
    as_of,
    root_label: str,
    title: str | None = None,
    sources: list[str] | None = None,
) -> go.Figure:
    def t(key: str, **fields) -> str:
        return i18n.t(key, lang, **fields)

    title = title or t("committee.tree.title")
    if strategies.empty:
        return theme.empty_figure(t("committee.tree.empty"), title=title, lang=lang, as_of=as_of)
    ids, labels, parents, values, colours, details = (
        ["root"],
        [root_label],
        [""],
        [0],
        ["#ffffff"],
        [""],
    )
    for s in frames.records(strategies):
        sid = f"s:{s['key']}"
        ids.append(sid)
        labels.append(theme.wrap_words(f"{int(s['number'])}. {i18n.pick(s, 'name', lang)}", WRAP))
        parents.append("root")
        count = int(s["tasks"])
        values.append(0 if count else 1)
        colours.append(STRATEGY_COLOUR)
        if count:
            progress = "—" if missing(s["progress_pct"]) else f"{float(s['progress_pct']):.0f}%"
            details.append(
                t(
                    "committee.tree.strategy_detail",
                    tasks=count,
                    done=int(s["done"]),
                    progress=progress,
                )
            )
        else:
            details.append(t("committee.tree.no_tasks_tile"))
    for task in frames.records(tasks):
        ids.append(f"t:{task['key']}")
        labels.append(
            theme.wrap_words(f"{int(task['number'])}. {i18n.pick(task, 'name', lang)}", 24)
        )
        parents.append(f"s:{task['strategy_key']}")
        values.append(1)
        colours.append(TASK_COLOURS.get(task["status"], STRATEGY_COLOUR))
        progress = "—" if missing(task["progress_pct"]) else f"{float(task['progress_pct']):.0f}%"
        details.append(f"{t('committee.task_status.' + task['status'])} · {progress}")
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="remainder",
            marker={"colors": colours, "line": {"width": 2, "color": "#ffffff"}},
            customdata=details,
            texttemplate="<b>%{label}</b><br>%{customdata}",
            hovertemplate="%{label}<br>%{customdata}<extra></extra>",
            textfont={"size": 15},
            root={"color": "#ffffff"},
            pathbar={"visible": False},
            tiling={"pad": 4},
        )
    )
    subtitle = None
    if tasks.empty:
        notes = [view.note_in(n, lang) for n in strategies["note"] if not missing(n)]
        subtitle = t("committee.tree.no_tasks", note=notes[0] if notes else "")
    theme.set_layout(fig, height=520)
    return theme.apply(fig, title=title, subtitle=subtitle, lang=lang, as_of=as_of, sources=sources)


def build_strategy_tree(engine: Engine, ctx: ChartContext) -> ChartResult:
    strategies = reads.strategy_progress(engine, ctx.initiative_key, ctx.as_of)
    tasks = reads.tasks(engine, ctx.initiative_key, ctx.as_of)
    keys = sorted({k for k in [*strategies["source_key"], *tasks["source_key"]] if not missing(k)})
    outlets = list(queries.sources(engine, keys, ctx.as_of)["outlet"])
    return strategy_tree_result(strategies, tasks, lang=ctx.lang, as_of=ctx.as_of, sources=outlets)


def strategy_tree_result(
    strategies: pd.DataFrame,
    tasks: pd.DataFrame,
    *,
    lang: str,
    as_of,
    sources: list[str] | None = None,
) -> ChartResult:
    title = i18n.t("committee.tree.title", lang)
    keys = sorted(
        {
            k
            for k in list(strategies.get("source_key", [])) + list(tasks.get("source_key", []))
            if not missing(k)
        }
    )
    figure = strategy_tree_figure(
        strategies,
        tasks,
        lang=lang,
        as_of=as_of,
        root_label=i18n.t("committee.tree.root", lang, n=len(strategies), tasks=len(tasks)),
        title=title,
        sources=sources,
    )
    if strategies.empty:
        return ChartResult(figure, strategies, title, None, [], is_empty=True)
    if tasks.empty:
        takeaway = i18n.t("committee.tree.takeaway_no_tasks", lang, n=len(strategies))
    else:
        done = int((tasks["status"] == "done").sum())
        mean = tasks["progress_pct"].dropna()
        takeaway = i18n.t(
            "committee.tree.takeaway",
            lang,
            n=len(strategies),
            tasks=len(tasks),
            done=done,
            progress="—" if mean.empty else f"{mean.mean():.0f}%",
        )
    data = (
        view.task_table(tasks, lang) if not tasks.empty else view.strategy_table(strategies, lang)
    )
    return ChartResult(figure, data, title, takeaway, keys)


CHARTS = [
    ChartEntry(
        key="committee.strategy_tree",
        section="committee.section",
        title_key="committee.tree.title",
        build=build_strategy_tree,
    )
]


def strategy_tree(engine: Engine, initiative_key: str, as_of, lang: str) -> ChartResult:
    """The catalogued strategy tree for plain arguments (what ``ui.call`` caches on)."""
    return build_strategy_tree(engine, ChartContext(initiative_key, as_of, lang))
