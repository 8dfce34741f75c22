"""``tracker`` command line: init, seed, info (export and others register here as they land)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import backend, config, i18n, queries, seed, store


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
    result = seed.seed(engine, data_dir, progress=lambda m: print(m, file=sys.stderr))
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
    for register in _extensions():
        register(sub)
    return parser


def _extensions():
    """Subcommands contributed by other modules (each exposes ``register_cli(subparsers)``)."""
    registrars = []
    for module_name in ("tracker.export",):
        try:
            module = __import__(module_name, fromlist=["register_cli"])
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        registrars.append(module.register_cli)
    return registrars


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
    except (seed.BundleError, backend.UnsupportedDatabaseError) as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
