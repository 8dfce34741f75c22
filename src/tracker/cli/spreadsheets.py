"""`tracker template|import|backup|restore`: spreadsheets in, backups out and back."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import i18n
from ..db import store
from .common import _engine, _lang, operator


def cmd_template(args) -> int:
    from ..db import kinds
    from ..imports import records

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
    from ..db import kinds
    from ..imports import plan as plans
    from ..imports.files import Limits, check_size
    from ..imports.problems import FileRefused

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
        engine, plan, actor=operator(), by="tracker import", reason=reason, progress=progress
    )
    if result.change_id is None:
        print(i18n.t("imports.cli.nothing_to_save", lang))
    else:
        print(i18n.t("imports.cli.saved", lang, change=result.change_id, written=result.written))
    return 0


def cmd_backup(args) -> int:
    from ..db import backup

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
    from ..db import backup

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
