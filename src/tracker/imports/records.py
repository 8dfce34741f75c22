"""The one file format in and out: templates, the records export, and seeding from an export.

Every kind is written with exactly the columns of ``kinds.file_columns`` (those of the bundled
``data/*.csv``): UTF-8, ``\\n`` line ends, ISO dates, ``true``/``false``, whole won. A history
export of a table that holds withdrawals adds one last column, ``is_deleted``, which the import
and ``seed --from`` read back. Text a spreadsheet would run as a formula gets a leading ``'``
(and loses it again on import), so an export seeded into an empty database exports identically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from sqlalchemy import Engine

from .. import i18n
from ..access.roles import Identity
from ..db import kinds, schema, store
from . import reads
from .files import Limits, check_zip
from .plan import DELETED_COLUMN
from .problems import FileRefused
from .values import neutralise


class SeedRefused(i18n.LocalisedError, ValueError):
    """``seed --from`` was refused: not empty, or not an export (``refused``: the file itself could
    not be read, which says why in the reader's language)."""

    PREFIX = "imports.seed."

    def __init__(self, code: str, refused: FileRefused | None = None, **fields: object):
        self.refused = refused
        super().__init__(code, **fields)

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        return self.refused.message(lang) if self.refused else super().message(lang)


def cell_text(value) -> str:
    """A stored value as the file format writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def export_rows(engine: Engine, kind: str, *, history: bool) -> tuple[list[str], list[list]]:
    """Columns and rows of one table in the file format (values still typed)."""
    columns = kinds.file_columns(kind)
    rows = list(reads.record_rows(engine, kind, history=history))
    withdrawn = history and any(r["is_deleted"] for r in rows)
    if withdrawn:
        columns = [*columns, DELETED_COLUMN]
    return columns, [[r[c] for c in columns] for r in rows]


def table_csv(columns: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def export_records(engine: Engine, *, file_format: str = "csv", history: bool = False) -> bytes:
    """Every record table: a zip of ``KIND.csv`` files, or one workbook with a sheet per table."""
    if file_format == "xlsx":
        return _export_xlsx(engine, history=history)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in schema.LOAD_ORDER:
            columns, rows = export_rows(engine, kind, history=history)
            info = zipfile.ZipInfo(f"{kind}.csv", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, table_csv(columns, rows))
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, str):
        return neutralise(value)
    return value


def _export_xlsx(engine: Engine, *, history: bool) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        bold = book.add_format({"bold": True})
        for kind in schema.LOAD_ORDER:
            columns, rows = export_rows(engine, kind, history=history)
            sheet = book.add_worksheet(kind)
            sheet.write_row(0, 0, columns, bold)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    if isinstance(value, dt.date):
                        sheet.write_datetime(
                            r, c, dt.datetime.combine(value, dt.time()), date_format
                        )
                    elif value is not None:
                        sheet.write(r, c, _xlsx_value(value))
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()


# --- templates -----------------------------------------------------------------------------------


def example_row(engine: Engine, kind: str, *, today: dt.date | None = None) -> dict:
    """One row valid against the current database: references name existing records."""
    today = today or dt.date.today()
    row: dict = {}
    for field in kinds.fields(kind):
        if field.name == "key":
            value = f"example-{kind.replace('_', '-')}-1"
        elif field.name == "valid_from":
            value = today
        elif field.references:
            value = reads.first_live_key(engine, field.references)
        elif field.choices:
            value = field.choices[0]
        elif field.type == "date":
            value = today
        elif field.type == "money":
            value = 1_234_000
        elif field.type == "integer":
            value = today.year if "year" in field.name else 1
        elif field.type == "number":
            value = 50.0 if field.percent else 1.5
        elif field.type == "boolean":
            value = False
        elif field.required or field.name == "note":
            length = getattr(schema.FACTS[kind].table.columns[field.name].type, "length", None)
            value = f"{kinds.column_label(field.name, 'ko')} 예시 / example"[: length or None]
        else:
            value = None
        row[field.name] = value
    return row


def template(engine: Engine, kind: str, file_format: str, *, lang: str = "ko") -> bytes:
    """The kind's columns and one example row, as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    kind = kinds.resolve_kind(kind)
    columns = kinds.file_columns(kind)
    example = example_row(engine, kind)
    if file_format == "csv":
        return b"\xef\xbb\xbf" + table_csv(columns, [[example[c] for c in columns]])
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        bold = book.add_format({"bold": True, "bg_color": "#E8EEF7"})
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet = book.add_worksheet(kind)
        guide = book.add_worksheet(i18n.t("imports.template.guide_sheet", lang))
        for c, field in enumerate(kinds.fields(kind)):
            sheet.write(0, c, field.name, bold)
            sheet.write_comment(0, c, _describe(field, lang))
            sheet.set_column(c, c, max(12, len(field.name) + 2))
            value = example[field.name]
            if isinstance(value, dt.date):
                sheet.write_datetime(1, c, dt.datetime.combine(value, dt.time()), date_format)
            elif value is not None:
                sheet.write(1, c, value)
        sheet.freeze_panes(1, 0)
        heads = [i18n.t(f"imports.template.{h}", lang) for h in ("column", "label", "rule")]
        guide.write_row(0, 0, heads, bold)
        for r, field in enumerate(kinds.fields(kind), start=1):
            guide.write_row(r, 0, [field.name, field.label(lang), _describe(field, lang)])
        guide.set_column(0, 1, 24)
        guide.set_column(2, 2, 90)
    return buffer.getvalue()


def _describe(field: kinds.Field, lang: str) -> str:
    parts = [i18n.t(f"imports.template.type.{field.type}", lang)]
    parts.append(i18n.t("imports.template." + ("required" if field.required else "optional"), lang))
    if field.choices:
        parts.append(i18n.t("imports.template.choices", lang, choices=", ".join(field.choices)))
    if field.references:
        label = kinds.kind_label(field.references, lang)
        parts.append(i18n.t("imports.template.references", lang, kind=label))
    if field.non_negative:
        parts.append(i18n.t("imports.template.non_negative", lang))
    return "; ".join(parts)


# --- seed --from ---------------------------------------------------------------------------------


def _export_files(path: Path, limits: Limits) -> dict[str, bytes]:
    """``KIND.csv`` -> bytes, from an export's zip or a folder of CSV files."""
    wanted = {f"{kind}.csv" for kind in schema.LOAD_ORDER}
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.iterdir() if p.name in wanted}
    if not path.is_file():
        raise SeedRefused("missing", path=path)
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive, limits)
            return {
                Path(n).name: archive.read(n) for n in archive.namelist() if Path(n).name in wanted
            }
    except zipfile.BadZipFile as exc:
        raise SeedRefused("not_zip", path=path) from exc


def read_export(path: Path, *, limits: Limits | None = None) -> list[store.Write]:
    """The rows of an export (or a ``data/``-style folder) as writes, oldest table first."""
    try:
        files = _export_files(path, limits or Limits.from_environment())
    except FileRefused as exc:
        raise SeedRefused("file", refused=exc) from exc
    if not files:
        raise SeedRefused("no_tables", path=path)
    writes: list[store.Write] = []
    for kind in schema.LOAD_ORDER:
        data = files.get(f"{kind}.csv")
        if data is None:
            continue
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = next(reader, [])
        expected = kinds.file_columns(kind)
        if header not in (expected, [*expected, DELETED_COLUMN]):
            raise SeedRefused("columns", file=f"{kind}.csv")
        for line, cells in enumerate(reader, start=2):
            row = dict(zip(header, cells, strict=False))
            try:
                valid_from = dt.date.fromisoformat(row.pop("valid_from", ""))
            except ValueError as exc:
                raise SeedRefused("bad_date", file=f"{kind}.csv", line=line) from exc
            key = row.pop("key", "")
            delete = row.pop(DELETED_COLUMN, "false") == "true"
            values = {
                k: (v[1:] if v.startswith("'") and v[1:2] in "=+-@\t\r" and v[1:] else v)
                for k, v in row.items()
            }
            writes.append(store.Write(kind, key, values, valid_from, delete=delete, row=line))
    return writes


def seed_from(engine: Engine, path: Path, *, actor: Identity | None) -> store.ChangeResult:
    """Load an export into an empty database, as one change set."""
    if reads.row_count(engine):
        raise SeedRefused("not_empty")
    writes = read_export(path)
    return store.apply(
        engine, writes, by="tracker seed --from", reason=f"파일에서 적재 / seed from {path.name}", kind="seed",
        actor=actor,
    )  # fmt: skip
