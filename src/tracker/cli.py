"""The ``tracker`` command line, in one module: every argparse definition lives here.

Commands call plain functions of the capability packages; heavy packages (charts, reports) are
imported inside the command that needs them, so ``tracker init`` and ``tracker seed`` start fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import config, i18n
from .db import backend, migrate, queries, seed, store, synthetic


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


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


def _cli_lang(args) -> str:
    if args.lang:
        return args.lang
    lang = os.environ.get("TRACKER_LANG", i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _pack_options(args, lang: str):
    from .reports import pack
    from .reports.images import ExportError

    engine = backend.make_engine(args.database_url or config.settings().database_url)
    if queries.is_empty(engine):
        raise ExportError(i18n.t("reports.cli.empty_database", lang))
    as_of = args.as_of or dt.date.today()
    with queries.recorded_on(args.recorded_on):
        initiative = args.initiative or pack.default_initiative(engine, as_of)
    charts = [k.strip() for k in args.charts.split(",") if k.strip()] if args.charts else None
    if getattr(args, "portfolio", False):
        from .portfolio.charts import CHARTS as PORTFOLIO_CHARTS

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


def _progress(lang: str):
    def report(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", file=sys.stderr)

    return report


def _write(path: Path, payload: bytes, lang: str) -> None:
    from .reports.images import ExportError

    if path.parent and not path.parent.exists():
        raise ExportError(i18n.t("reports.cli.no_folder", lang, folder=str(path.parent)))
    path.write_bytes(payload)
    print(i18n.t("reports.cli.written", lang, path=str(path), size=f"{len(payload):,}"))


def _run(args, body) -> int:
    from .reports.images import ChromiumMissingError, ExportError, shutdown
    from .reports.pack import PackError

    lang = _cli_lang(args)
    try:
        body(lang)
    except (ExportError, PackError) as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, ChromiumMissingError) else 2
    finally:
        shutdown()
    return 0


def cmd_export_briefing(args) -> int:
    from .reports import briefing

    def body(lang: str) -> None:
        engine, options = _pack_options(args, lang)
        payload = briefing.build_file(engine, options, args.format, progress=_progress(lang))
        _write(args.output, payload, lang)

    return _run(args, body)


def cmd_export_data(args) -> int:
    from .reports import briefing, pack, workbook
    from .reports.images import ExportError

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
    from .imports import records

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


def cmd_template(args) -> int:
    from .db import kinds
    from .imports import records

    lang = _lang()
    suffix = args.output.suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        print(
            f"{i18n.t('cli.error', lang)}: "
            + i18n.t("imports.cli.bad_suffix", lang, path=args.output),
            file=sys.stderr,
        )
        return 2
    kind = kinds.resolve_kind(args.kind)
    engine = _engine(args)
    store.create_schema(engine)
    args.output.write_bytes(records.template(engine, kind, suffix, lang=lang))
    columns = len(kinds.file_columns(kind))
    print(
        i18n.t("imports.cli.template_written", lang, path=args.output, kind=kind, columns=columns)
    )
    return 0


def cmd_import(args) -> int:
    from .db import kinds
    from .imports import plan as plans
    from .imports.files import Limits, check_size
    from .imports.problems import FileRefused

    lang = _lang()
    kind = kinds.resolve_kind(args.kind)
    engine = _engine(args)
    store.create_schema(engine)
    path = Path(args.file)
    limits = Limits.from_environment()
    stages: list[str] = []

    def progress(stage: str, _fraction: float) -> None:
        if stage not in stages:
            stages.append(stage)
            number = plans.STAGES.index(stage) + 1
            label = i18n.t(f"imports.stage.{stage}", lang)
            print(f"[{number}/{len(plans.STAGES)}] {label}", file=sys.stderr)

    try:
        check_size(path.stat().st_size, limits)  # before reading it into memory
    except FileRefused as exc:
        plan = plans.refused_plan(kind, exc)
    else:
        plan = plans.plan_file(
            engine, kind, path.read_bytes(), path.name, limits=limits, progress=progress
        )
    if plan.file_format:
        fmt = plan.file_format.upper()
        print(
            i18n.t(
                "imports.cli.read",
                lang,
                file=path.name,
                rows=plan.row_count,
                format=fmt,
                encoding=plan.encoding or "-",
            ),
            file=sys.stderr,
        )
    if plan.problems:
        print(i18n.t("imports.cli.refused", lang, count=len(plan.problems)), file=sys.stderr)
        for message in plan.messages(lang)[:100]:
            print(f"  - {message}", file=sys.stderr)
        if len(plan.problems) > 100:
            print(
                "  " + i18n.t("imports.cli.more", lang, count=len(plan.problems) - 100),
                file=sys.stderr,
            )
        return 2
    counts = {s: plan.count(s) for s in ("new", "changed", "unchanged")}
    print(i18n.t("imports.cli.summary", lang, kind=kind, **counts))
    if args.dry_run:
        print(i18n.t("imports.cli.dry_run", lang))
        return 0
    reason = args.reason or i18n.t("imports.cli.default_reason", lang, file=path.name)
    result = plans.apply_plan(
        engine, plan, by=config.settings().user, reason=reason, progress=progress
    )
    if result.change_id is None:
        print(i18n.t("imports.cli.nothing_to_save", lang))
    else:
        print(i18n.t("imports.cli.saved", lang, change=result.change_id, written=result.written))
    return 0


def cmd_backup(args) -> int:
    from .db import backup

    lang = _lang()
    try:
        result = backup.backup(_engine(args), Path(args.file))
    except backup.BackupError as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
        return 2
    print(
        i18n.t(
            "backup.cli.done",
            lang,
            path=result.path,
            size=f"{result.size:,}",
            versions=result.versions,
        )
    )
    return 0


def cmd_restore(args) -> int:
    from .db import backup

    lang = _lang()
    try:
        result = backup.restore(_engine(args), Path(args.file))
    except backup.BackupError as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
        return 2
    print(i18n.t("backup.cli.restored", lang, path=args.file, versions=result.versions))
    if result.safety_copy:
        print(i18n.t("backup.cli.safety", lang, path=result.safety_copy))
    return 0


def _lang() -> str:
    lang = os.environ.get("TRACKER_LANG", i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _engine(args: argparse.Namespace):
    return backend.make_engine(args.database_url or config.settings().database_url)


def cmd_init(args: argparse.Namespace) -> int:
    engine = _engine(args)
    store.create_schema(engine)
    print(i18n.t("cli.init_done", _lang(), where=backend.describe(engine)))
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    engine = _engine(args)
    store.create_schema(engine)
    data_dir = Path(args.data_dir or config.settings().data_dir)
    if args.if_empty and not queries.is_empty(engine):
        print(i18n.t("cli.seed_skipped", _lang(), where=backend.describe(engine)))
        return 0
    if args.synthetic:
        result = synthetic.seed_synthetic(
            engine,
            synthetic.parse_size(args.synthetic),
            seed=args.random_seed,
            progress=lambda m: print(m, file=sys.stderr),
        )
        print(i18n.t("cli.seed_synthetic_done", _lang(), written=result.written))
        return 0
    if args.source:
        from .imports import records

        result = records.seed_from(engine, Path(args.source), by=config.settings().user)
        print(i18n.t("imports.cli.seeded", _lang(), path=args.source, written=result.written))
        return 0
    result = seed.seed(engine, data_dir, progress=lambda m: print(m, file=sys.stderr))
    print(i18n.t("cli.seed_done", _lang(), written=result.written, unchanged=result.unchanged))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from .db import backup

    engine = _engine(args)
    older = migrate.status(engine).state == "older"
    saved = backup.safety_copy(engine, "before-migrate") if older else None
    before, after = migrate.upgrade(engine)
    lang = _lang()
    if saved:
        print(i18n.t("cli.migrate_backup", lang, path=saved))
    if before.current == after.current:
        print(i18n.t("cli.migrate_current", lang, revision=after.current))
    else:
        print(i18n.t("cli.migrate_done", lang, before=before.current or "—", after=after.current))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    engine = _engine(args)
    store.create_schema(engine)
    lang = _lang()
    print(i18n.t("cli.info_where", lang, where=backend.describe(engine)))
    found = migrate.status(engine)
    print(i18n.t("cli.info_revision", lang, current=found.current, head=found.head))
    counts = queries.table_counts(engine)
    width = max(len(t) for t in counts["table"])
    print(f"{'table':<{width}}  {'current':>8}  {'versions':>8}")
    for row in counts.itertuples():
        print(f"{row.table:<{width}}  {row.current:>8}  {row.versions:>8}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .ui import serve

    if args.database_url:
        os.environ["TRACKER_DATABASE_URL"] = args.database_url
    return serve.main(
        ["--server.port", str(args.port), *args.streamlit_args]
    )  # extra options: streamlit's


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tracker", description="Regional AI initiative tracker")
    parser.add_argument("--database-url", help="overrides TRACKER_DATABASE_URL")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create the schema").set_defaults(func=cmd_init)
    p_seed = sub.add_parser("seed", help="load the bundled dataset (idempotent)")
    p_seed.add_argument("--data-dir", help="overrides TRACKER_DATA_DIR")
    p_seed.add_argument(
        "--if-empty", action="store_true", help="only when the database holds no data"
    )
    p_seed.add_argument(
        "--synthetic",
        metavar="SIZE",
        help="generate a deterministic synthetic portfolio instead: small, large, huge, "
        "or counts such as expenditures=50000,initiatives=10 (into a database without sourced data)",
    )
    p_seed.add_argument(
        "--random-seed", type=int, default=20261201, help="with --synthetic: the generator's seed"
    )
    p_seed.add_argument(
        "--from",
        dest="source",
        metavar="FILE.zip|DIR",
        help="load a records export (tracker export records) into an empty database",
    )
    p_seed.set_defaults(func=cmd_seed)
    p_template = sub.add_parser("template", help="columns and an example row for one kind")
    p_template.add_argument("kind", help="e.g. expenditures, budget_lines or budget-lines")
    p_template.add_argument(
        "-o", "--output", required=True, type=Path, help="FILE.csv or FILE.xlsx"
    )
    p_template.set_defaults(func=cmd_template)
    p_import = sub.add_parser("import", help="import a CSV or XLSX file of one kind")
    p_import.add_argument("kind", help="e.g. expenditures, budget_lines or budget-lines")
    p_import.add_argument("file", type=Path)
    p_import.add_argument("--dry-run", action="store_true", help="check and report; save nothing")
    p_import.add_argument("--reason", help="why (recorded with the change)")
    p_import.set_defaults(func=cmd_import)
    p_backup = sub.add_parser("backup", help="online, checked copy of the SQLite database")
    p_backup.add_argument("file", type=Path)
    p_backup.set_defaults(func=cmd_backup)
    p_restore = sub.add_parser(
        "restore", help="replace the SQLite database with a checked backup (the old one is kept)"
    )
    p_restore.add_argument("file", type=Path)
    p_restore.set_defaults(func=cmd_restore)
    sub.add_parser(
        "migrate", help="upgrade the database's schema in place (a backup first on SQLite)"
    ).set_defaults(func=cmd_migrate)
    sub.add_parser("info", help="counts per table and where the database is").set_defaults(
        func=cmd_info
    )
    p_serve = sub.add_parser("serve", help="start the dashboard (streamlit)")
    p_serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8501")))
    p_serve.add_argument(
        "streamlit_args", nargs=argparse.REMAINDER, help="passed on to streamlit run"
    )
    p_serve.set_defaults(func=cmd_serve)
    _add_export(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "serve" in argv:  # everything after `serve` but --port goes to streamlit unchanged
        at = argv.index("serve") + 1
        argv, rest = argv[:at], argv[at:]
        while rest:
            item = rest.pop(0)
            if item == "--port" and rest:
                argv += [item, rest.pop(0)]
            elif item.startswith("--port="):
                argv.append(item)
            else:
                extra.append(item)
    args = build_parser().parse_args(argv)
    args.streamlit_args = extra
    lang = _lang()
    try:
        return args.func(args)
    except store.ValidationError as exc:
        print(i18n.t("cli.validation_failed", lang, count=len(exc.problems)), file=sys.stderr)
        for message in exc.messages(lang)[:50]:
            print(f"  - {message}", file=sys.stderr)
        return 2
    except (
        seed.BundleError,
        synthetic.SyntheticDataError,
        backend.UnsupportedDatabaseError,
        migrate.NeedsMigrationError,
        migrate.SchemaTooNewError,
    ) as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        from .db.kinds import UnknownKindError
        from .imports.records import SeedRefused

        if isinstance(exc, SeedRefused):
            print(f"{i18n.t('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
            return 2
        if isinstance(exc, UnknownKindError):
            print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
            return 2
        raise
    except FileNotFoundError as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
