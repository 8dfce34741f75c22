"""`tracker export briefing|data|records`: packs, the data behind the charts, every record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import config, i18n
from ..db import backend, queries, store
from .common import _date, _engine, _lang, _progress, _run, _write


def _add_export(subparsers) -> None:
    """``tracker export briefing ...`` and ``tracker export data ...``."""
    export = subparsers.add_parser("export", help="briefing packs (PPTX/PDF/XLSX) and data files")
    sub = export.add_subparsers(dest="export_command", required=True)

    def common(parser):
        parser.add_argument(
            "--lang", choices=i18n.LANGUAGES, default=None, help="ko (default) or en"
        )
        parser.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default today)")
        parser.add_argument(
            "--recorded-on",
            type=_date,
            default=None,
            help="YYYY-MM-DD: the data as recorded by the end of that day (default: now)",
        )
        parser.add_argument("--initiative", help="initiative key (default: the main one)")
        parser.add_argument(
            "--unit", choices=("eok", "million", "won"), default="eok", help="money unit"
        )
        parser.add_argument("--charts", help="comma-separated chart keys (default: all)")
        parser.add_argument(
            "--portfolio",
            action="store_true",
            help="only the portfolio section: every initiative compared (overrides --charts)",
        )
        parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")

    brief = sub.add_parser(
        "briefing", help="committee deck (pptx), report (pdf) or workbook (xlsx)"
    )
    brief.add_argument("--format", choices=("pptx", "pdf", "xlsx"), required=True)
    brief.add_argument("--meeting", default="", help="meeting name for the title slide")
    common(brief)
    brief.set_defaults(func=cmd_export_briefing)

    data = sub.add_parser("data", help="the data behind every chart (xlsx, or csv)")
    data.add_argument("--format", choices=("xlsx", "csv"), required=True)
    common(data)
    data.set_defaults(func=cmd_export_data)

    records = sub.add_parser(
        "records", help="every record table in the one file format (zip of CSV, or xlsx)"
    )
    records.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    records.add_argument("--history", action="store_true", help="every version, not only current")
    records.add_argument("-o", "--output", required=True, type=Path, help="FILE.zip or FILE.xlsx")
    records.set_defaults(func=cmd_export_records)


def _pack_options(args, lang: str):
    from ..reports import pack
    from ..reports.images import ExportError

    engine = backend.make_engine(args.database_url or config.settings().database_url)
    if queries.is_empty(engine):
        raise ExportError(i18n.t("reports.cli.empty_database", lang))
    as_of = args.as_of or dt.date.today()
    with queries.recorded_on(args.recorded_on):
        initiative = args.initiative or pack.default_initiative(engine, as_of)
    charts = [k.strip() for k in args.charts.split(",") if k.strip()] if args.charts else None
    if getattr(args, "portfolio", False):
        from ..portfolio.charts import CHARTS as PORTFOLIO_CHARTS

        charts = [entry.key for entry in PORTFOLIO_CHARTS]
    options = pack.PackOptions(
        initiative_key=initiative,
        as_of=as_of,
        lang=lang,
        unit=args.unit,
        chart_keys=charts,
        meeting=getattr(args, "meeting", "") or "",
        recorded_on=args.recorded_on,
    )
    return engine, options


def cmd_export_briefing(args) -> int:
    from ..reports import briefing

    def body(lang: str) -> None:
        engine, options = _pack_options(args, lang)
        payload = briefing.build_file(engine, options, args.format, progress=_progress(lang))
        _write(args.output, payload, lang)

    return _run(args, body)


def cmd_export_data(args) -> int:
    from ..reports import briefing, pack, workbook
    from ..reports.images import ExportError

    def body(lang: str) -> None:
        engine, options = _pack_options(args, lang)
        built = pack.build_pack(engine, options, progress=_progress(lang))
        if args.format == "xlsx":
            payload = briefing.to_xlsx(built, images=False)
        elif len(built.charts) == 1 and args.output.suffix.lower() == ".csv":
            payload = workbook.data_csv(built.charts[0].result.data)
        elif args.output.suffix.lower() == ".zip":
            payload = workbook.data_zip(pack.data_tables(built))
        else:
            raise ExportError(i18n.t("reports.cli.csv_needs_zip", lang))
        _write(args.output, payload, lang)

    return _run(args, body)


def cmd_export_records(args) -> int:
    from ..imports import records

    engine = _engine(args)
    store.create_schema(engine)
    payload = records.export_records(engine, file_format=args.format, history=args.history)
    args.output.write_bytes(payload)
    counts = queries.table_counts(engine)
    rows = int(counts["versions" if args.history else "current"].sum())
    print(
        i18n.t(
            "imports.cli.export_written", _lang(), path=args.output, tables=len(counts), rows=rows
        )
    )
    return 0
