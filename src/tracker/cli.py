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
from .access import passwords, roles, users
from .db import backend, queries, seed, store


def operator() -> roles.Identity:
    """The command line acts as the operator: whoever runs ``tracker`` on the server already holds
    the database file, so it is an administrator named after ``TRACKER_USER`` / ``$USER``."""
    return roles.operator(config.settings().user)


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
    result = seed.seed(
        engine, data_dir, actor=operator(), progress=lambda m: print(m, file=sys.stderr)
    )
    print(i18n.t("cli.seed_done", _lang(), written=result.written, unchanged=result.unchanged))
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    engine = _engine(args)
    store.create_schema(engine)
    lang = _lang()
    print(i18n.t("cli.info_where", lang, where=backend.describe(engine)))
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


def _read_password(args, lang: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(i18n.t("cli.user.password_prompt", lang))
    if getpass.getpass(i18n.t("cli.user.password_again", lang)) != first:
        raise users.AccountError(i18n.t("cli.user.password_mismatch", lang))
    return first


def _user_engine(args):
    engine = _engine(args)
    store.create_schema(engine)
    return engine


def cmd_user_add(args) -> int:
    lang, engine = _lang(), _user_engine(args)
    users.add(engine, args.name, args.role, _read_password(args, lang), actor=operator())
    role = i18n.t(f"access.role.{args.role}", lang)
    print(i18n.t("cli.user.added", lang, name=args.name, role=role))
    return 0


def cmd_user_list(args) -> int:
    lang, engine = _lang(), _user_engine(args)
    frame = users.listing(engine, actor=operator())
    if frame.empty:
        print(i18n.t("cli.user.none", lang))
        return 0
    width = max(4, *(len(n) for n in frame["name"]))
    print(f"{'name':<{width}}  {'role':<6}  {'state':<8}  password changed")
    for row in frame.itertuples():
        state = "disabled" if row.disabled else "active"
        changed = str(row.password_changed_at)[:19]
        print(f"{row.name:<{width}}  {row.role:<6}  {state:<8}  {changed}")
    return 0


def cmd_user_change(args) -> int:
    lang, engine, actor = _lang(), _user_engine(args), operator()
    if args.user_command == "disable":
        users.disable(engine, args.name, actor=actor)
        what = "disabled"
    elif args.user_command == "enable":
        users.enable(engine, args.name, actor=actor)
        what = "enabled"
    elif args.user_command == "role":
        users.set_role(engine, args.name, args.role, actor=actor)
        what = f"role {args.role}"
    else:
        users.set_password(engine, args.name, _read_password(args, lang), actor=actor)
        what = "password changed"
    print(i18n.t("cli.user.changed", lang, name=args.name, what=what))
    return 0


def _add_user(subparsers) -> None:
    """``tracker user add|list|disable|enable|passwd|role``: local accounts (README "Sign-in")."""
    user = subparsers.add_parser("user", help="local accounts: add, list, disable, passwd, role")
    sub = user.add_subparsers(dest="user_command", required=True)
    add = sub.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", choices=roles.ROLE_CODES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=cmd_user_add)
    sub.add_parser("list", help="accounts, roles and states").set_defaults(func=cmd_user_list)
    for name, text in (("disable", "stop an account signing in"), ("enable", "allow it again")):
        p = sub.add_parser(name, help=text)
        p.add_argument("name")
        p.set_defaults(func=cmd_user_change)
    passwd = sub.add_parser("passwd", help="set a new password (asks for it)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    passwd.set_defaults(func=cmd_user_change)
    role = sub.add_parser("role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=roles.ROLE_CODES)
    role.set_defaults(func=cmd_user_change)


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
    p_seed.set_defaults(func=cmd_seed)
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
    _add_user(sub)
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
    except roles.AccessDenied as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
        return 4
    except (
        seed.BundleError,
        backend.UnsupportedDatabaseError,
        users.AccountError,
        passwords.WeakPasswordError,
    ) as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
