"""What every command shares: who the command line acts as, the language, the database."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .. import config, i18n
from ..access import roles
from ..db import backend


def operator() -> roles.Identity:
    """The command line acts as the operator: whoever runs ``tracker`` on the server already holds
    the database file, so it is an administrator named after ``TRACKER_USER`` / ``$USER``."""
    return roles.operator(config.settings().user)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def _cli_lang(args) -> str:
    if args.lang:
        return args.lang
    lang = os.environ.get("TRACKER_LANG", i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _progress(lang: str):
    def report(done: int, total: int, message: str) -> None:
        print(f"[{done}/{total}] {message}", file=sys.stderr)

    return report


def _write(path: Path, payload: bytes, lang: str) -> None:
    from ..reports.images import ExportError

    if path.parent and not path.parent.exists():
        raise ExportError(i18n.t("reports.cli.no_folder", lang, folder=str(path.parent)))
    path.write_bytes(payload)
    print(i18n.t("reports.cli.written", lang, path=str(path), size=f"{len(payload):,}"))


def _run(args, body) -> int:
    from ..reports.images import ChromiumMissingError, ExportError, shutdown
    from ..reports.pack import PackError

    lang = _cli_lang(args)
    try:
        body(lang)
    except (ExportError, PackError) as exc:
        print(f"{i18n.t('cli.error', lang)}: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, ChromiumMissingError) else 2
    finally:
        shutdown()
    return 0


def _lang() -> str:
    lang = os.environ.get("TRACKER_LANG", i18n.DEFAULT_LANGUAGE)
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def _engine(args: argparse.Namespace):
    return backend.make_engine(args.database_url or config.settings().database_url)
