"""The ``tracker`` parser and ``main()``, and the commands about the database itself.

Commands call plain functions of the capability packages; heavy packages (charts, reports) are
imported inside the command that needs them, so ``tracker init`` and ``tracker seed`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import config, i18n
from ..access import roles
from ..db import backend, migrate, queries, seed, store, synthetic
from .common import _engine, _lang, operator
from .exports import _add_export
from .spreadsheets import cmd_backup, cmd_import, cmd_restore, cmd_template
from .users import _add_user


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
            actor=operator(),
            progress=lambda n: print(
                i18n.t("cli.seed_generated", _lang(), rows=n), file=sys.stderr
            ),
        )
        print(i18n.t("cli.seed_synthetic_done", _lang(), written=result.written))
        return 0
    if args.source:
        from ..imports import records

        result = records.seed_from(engine, Path(args.source), actor=operator())
        print(i18n.t("imports.cli.seeded", _lang(), path=args.source, written=result.written))
        return 0
    result = seed.seed(
        engine,
        data_dir,
        actor=operator(),
        progress=lambda n: print(
            i18n.t("cli.seed_read", _lang(), rows=n, folder=data_dir), file=sys.stderr
        ),
    )
    print(i18n.t("cli.seed_done", _lang(), written=result.written, unchanged=result.unchanged))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..db import backup

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
    current, versions = i18n.t("cli.info_current", lang), i18n.t("cli.info_versions", lang)
    print(f"{i18n.t('cli.info_table', lang):<{width}}  {current:>8}  {versions:>8}")
    for row in counts.itertuples():
        print(f"{row.table:<{width}}  {row.current:>8}  {row.versions:>8}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..ui import serve

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
    except i18n.LocalisedError as exc:
        # the bundle, a synthetic size, the database URL, the schema revision, an account, a
        # password, a kind of record, an export to seed from: each says what is wrong in the
        # reader's language
        print(f"{i18n.t('cli.error', lang)}: {exc.message(lang)}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
