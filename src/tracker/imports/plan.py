"""The import plan: every problem of a file, by row and column, before anything is written.

``plan_file`` reads a CSV/XLSX, maps its headers (names, labels or Korean aliases from
``db/kinds``) to the kind's one file format, parses each cell, checks keys, references and the
write path's rules (``store.validate``), and sorts rows into new, changed and unchanged against
the versions in force. ``apply_plan`` then writes the new and changed rows through
``store.apply`` as one transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from .. import i18n
from ..access.roles import Identity
from ..db import bulk, kinds, schema, store
from . import reads, values
from .files import Limits, Table, read_table
from .problems import CellError, FileRefused, Problem, column_letter

Progress = Callable[[str, float], None]  # stage (read|check|compare|write), fraction done
DELETED_COLUMN = "is_deleted"  # present only in history exports that hold withdrawals
STAGES = ("read", "check", "compare", "write")
_MISSING = object()
_MEMO_SIZE = 50_000


@dataclass
class ImportPlan:
    kind: str
    problems: list[Problem] = field(default_factory=list)
    writes: list[store.Write] = field(default_factory=list)  # the new and changed rows
    status: dict[int, str] = field(default_factory=dict)  # row number -> new|changed|unchanged
    headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, list]] = field(default_factory=list)
    file_format: str | None = None
    encoding: str | None = None
    row_count: int = 0  # rows in the file; ``rows`` keeps only those a preview shows

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, status: str) -> int:
        return sum(1 for s in self.status.values() if s == status)

    def messages(self, lang: str) -> list[str]:
        return [p.message(lang) for p in self.problems]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _choice_lookup(kind: str) -> dict[str, dict[str, str]]:
    """Column -> normalised spelling -> allowed value: codes and their labels in both languages."""
    out: dict[str, dict[str, str]] = {}
    for name, choices in schema.FACTS[kind].enums.items():
        spellings: dict[str, str] = {}
        for code in choices:
            names = [code]
            key = f"enum.{name}.{code}"
            if key in i18n.catalogue():
                names += [i18n.t(key, lang) for lang in i18n.LANGUAGES]
            for spelling in names:
                spellings[unicodedata.normalize("NFKC", spelling).strip().lower()] = code
        out[name] = spellings
    return out


def _parser(field_: kinds.Field, max_length: int | None):
    if field_.type == "date":
        return values.parse_date
    if field_.type == "money":
        return values.parse_amount
    if field_.type == "integer":
        return values.parse_integer
    if field_.type == "number":
        return lambda v: values.parse_number(v, percent=field_.percent)
    if field_.type == "boolean":
        return values.parse_boolean
    return lambda v: values.parse_text(v, max_length=max_length)


def _parse_column(all_cells: list, index: int, parse, *, remember: bool):
    """One column's cells parsed: values (None where blank or refused) and the refusals by
    position. Most columns repeat a few spellings (a project, a funding source, a month's
    dates): with ``remember`` each distinct spelling is parsed once."""
    memo: dict = {}
    values: list = []
    errors: list[tuple[int, CellError]] = []
    for position, cells in enumerate(all_cells):
        raw = cells[index] if index < len(cells) else None
        if raw is None or (type(raw) is str and not raw.strip()):
            values.append(None)
            continue
        seen_as = raw if type(raw) is str else (type(raw), raw)  # True == 1, yet not alike
        value = memo.get(seen_as, _MISSING) if remember else _MISSING
        if value is _MISSING:
            try:
                value = parse(raw)
            except CellError as exc:
                value = exc
            if remember and len(memo) < _MEMO_SIZE:
                memo[seen_as] = value
        if type(value) is CellError:
            errors.append((position, value))
            values.append(None)
        else:
            values.append(value)
    return values, errors


def _choice_parser(text_parser, spellings: dict[str, str], allowed: tuple[str, ...]):
    """Text, then the allowed value it spells (its code or a label in either language)."""

    def parse(raw):
        value = text_parser(raw)
        code = spellings.get(unicodedata.normalize("NFKC", value).strip().lower())
        if code is None:
            raise CellError("not_a_choice", value=value, allowed=", ".join(allowed))
        return code

    return parse


def map_headers(
    kind: str, headers: list[str], rows, header_row: int = 1
) -> tuple[dict[int, str], list[Problem]]:
    """Column index -> column name, and the header problems (unknown, twice, missing)."""
    mapping: dict[int, str] = {}
    problems: list[Problem] = []
    where: dict[str, int] = {}
    for index, header in enumerate(headers):
        letter = column_letter(index)
        if not header:
            if any(index < len(cells) and not _blank(cells[index]) for _, cells in rows):
                problems.append(Problem("imports.header.blank_with_values", header_row, "", letter))
            continue
        column = kinds.column_for_header(kind, header)
        if column is None and header.strip().lower() == DELETED_COLUMN:
            column = DELETED_COLUMN
        if column is None:
            problems.append(Problem("imports.header.unknown", header_row, header, letter))
        elif column in where:
            other = column_letter(where[column])
            detail = {"other": other, "column": column}
            problems.append(Problem("imports.header.duplicate", header_row, header, letter, detail))
        else:
            where[column] = index
            mapping[index] = column
    spec = schema.FACTS[kind]
    for column in ("key", *spec.required):
        if column not in where:
            label = kinds.column_label(column, "ko") + " / " + kinds.column_label(column, "en")
            problems.append(
                Problem(
                    "imports.header.missing", None, None, None, {"column": column, "label": label}
                )
            )
    return mapping, problems


def plan_table(
    engine: Engine,
    kind: str,
    table: Table,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """The plan for a table already read: every cell parsed and checked, every row compared
    with the record in force."""
    with bulk.collector_paused(len(table.rows)):
        return _plan_table(engine, kind, table, today=today, progress=progress)


def _plan_table(
    engine: Engine,
    kind: str,
    table: Table,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    today = today or dt.date.today()
    plan = ImportPlan(kind, headers=table.headers, rows=table.rows, row_count=len(table.rows))
    plan.file_format, plan.encoding = table.file_format, table.encoding
    mapping, header_problems = map_headers(kind, table.headers, table.rows, table.header_row)
    plan.problems += header_problems + table.problems
    if header_problems:
        return plan
    if not table.rows:
        plan.problems.append(Problem("imports.file.no_rows"))
        return plan
    fields = {f.name: f for f in kinds.fields(kind)}
    columns = schema.FACTS[kind].table.columns
    parsers = {
        name: _parser(fields[name], getattr(columns[name].type, "length", None)) for name in fields
    }
    parsers[DELETED_COLUMN] = values.parse_boolean
    for column, spellings in _choice_lookup(kind).items():
        parsers[column] = _choice_parser(
            parsers[column], spellings, schema.FACTS[kind].enums[column]
        )
    header_at = {column: index for index, column in mapping.items()}
    width = len(table.headers)
    writes: list[store.Write] = []
    seen: dict[tuple[str, dt.date], int] = {}
    bad_cells: set[tuple[int, str]] = set()  # (row, column) already reported
    if progress:
        progress("check", 0.0)
    kept = [
        (number, cells)
        for number, cells in table.rows
        if any(c.strip() if type(c) is str else c is not None for c in cells)
    ]
    for number, cells in kept:
        for index in range(width, len(cells)):
            if not _blank(cells[index]):
                detail = {"value": str(cells[index])[:40]}
                plan.problems.append(
                    Problem("imports.row.extra_cells", number, None, column_letter(index), detail)
                )
    all_cells = [cells for _, cells in kept]
    parsed: dict[str, list] = {}
    for done, (index, column) in enumerate(mapping.items(), start=1):
        parsed[column], errors = _parse_column(
            all_cells, index, parsers[column], remember=column != "key"
        )
        for position, exc in errors:
            number = kept[position][0]
            bad_cells.add((number, column))
            plan.problems.append(
                Problem(
                    f"imports.cell.{exc.code}",
                    number,
                    table.headers[index],
                    column_letter(index),
                    exc.detail,
                )
            )
        if progress:
            progress("check", done / len(mapping) * 0.7)
    names = list(parsed)
    column_values = [parsed[name] for name in names]
    for position, (number, _) in enumerate(kept):
        row = {name: values_[position] for name, values_ in zip(names, column_values, strict=True)}
        key = row.pop("key", None)
        valid_from = row.pop("valid_from", None) or today
        delete = bool(row.pop(DELETED_COLUMN, False))
        if not key:
            if "key" in header_at:
                plan.problems.append(
                    Problem(
                        "imports.cell.required",
                        number,
                        table.headers[header_at["key"]],
                        column_letter(header_at["key"]),
                    )
                )
            continue
        if (key, valid_from) in seen:
            plan.problems.append(
                Problem(
                    "imports.row.duplicate_key",
                    number,
                    table.headers[header_at["key"]],
                    column_letter(header_at["key"]),
                    {"other": seen[(key, valid_from)], "key": key},
                )
            )
            continue
        seen[(key, valid_from)] = number
        writes.append(store.Write(kind, key, row, valid_from, delete=delete, row=number))
    if progress:
        progress("compare", 0.75)
    history = reads.versions(engine, kind, (w.key for w in writes))
    in_force = {}
    absent = [c for c in schema.data_columns(kind) if c not in header_at]
    for w in writes:
        version = _version_at(history.get(w.key, []), w.valid_from)
        in_force[w.row] = version
        if absent and not w.delete:
            live = version if version is not None and not version["is_deleted"] else {}
            for column in absent:
                w.values[column] = live.get(column)
    referenced = set(schema.FACTS[kind].references.values())
    clean, store_problems = store.validate(writes, reads.live_keys(engine, referenced))
    for p in store_problems:
        if (p.row, p.column) in bad_cells:
            continue
        index = header_at.get(p.column) if p.column else None
        plan.problems.append(
            Problem(
                f"store.problem.{p.code}",
                p.row,
                table.headers[index] if index is not None else p.column,
                column_letter(index) if index is not None else None,
                {"detail": p.detail},
            )
        )
    refused = {p.row for p in store_problems} | {row for row, _ in bad_cells}
    for w in clean:
        if w.row in refused:
            continue
        status = _status(w, in_force.get(w.row))
        plan.status[w.row] = status
        if status != "unchanged":
            plan.writes.append(w)
    plan.problems.sort(key=lambda p: (p.row or 0, p.letter or ""))
    plan.row_count = len(table.rows)
    plan.rows = _preview_rows(table.rows, {p.row for p in plan.problems})
    if progress:
        progress("compare", 1.0)
    return plan


def _preview_rows(rows, problem_rows: set, first: int = 200, bad: int = 1000) -> list:
    """The rows a preview can show (the first ones and those with problems), not 100,000."""
    kept, extra = [], 0
    for n, row in enumerate(rows):
        if n < first:
            kept.append(row)
        elif row[0] in problem_rows and extra < bad:
            kept.append(row)
            extra += 1
    return kept


def _version_at(versions: list[dict], day: dt.date) -> dict | None:
    at = None
    for version in versions:
        if version["valid_from"] <= day:
            at = version
    return at


def _status(write: store.Write, version: dict | None) -> str:
    live = version is not None and not version["is_deleted"]
    if write.delete:
        return "changed" if live else "unchanged"
    if not live:
        return "new"
    same = all(version.get(k) == v for k, v in write.values.items())
    return "unchanged" if same else "changed"


def plan_file(
    engine: Engine,
    kind: str,
    data: bytes,
    filename: str,
    *,
    today: dt.date | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> ImportPlan:
    """The plan for one uploaded file; a file that cannot be read at all gives one problem."""
    kind = kinds.resolve_kind(kind)
    if progress:
        progress("read", 0.0)
    try:
        table = read_table(data, filename, sheet=kind, limits=limits)
    except FileRefused as exc:
        return refused_plan(kind, exc)
    if progress:
        progress("read", 1.0)
    return plan_table(engine, kind, table, today=today, progress=progress)


def refused_plan(kind: str, refusal: FileRefused) -> ImportPlan:
    """The plan of a file refused as a whole: one problem, no rows."""
    return ImportPlan(
        kind, problems=[Problem(f"imports.file.{refusal.code}", detail=refusal.detail)]
    )


def apply_plan(
    engine: Engine,
    plan: ImportPlan,
    *,
    actor: Identity | None,
    reason: str,
    by: str = "import",
    progress: Progress | None = None,
) -> store.ChangeResult:
    """Write the plan's new and changed rows as one change set (kind ``import``)."""
    if plan.problems:
        raise ValueError("a plan with problems cannot be applied")
    if not plan.writes:
        return store.ChangeResult(None, 0, plan.count("unchanged"))
    if progress:
        progress("write", 0.0)
    result = store.apply(engine, plan.writes, by=by, reason=reason, kind="import", actor=actor)
    if progress:
        progress("write", 1.0)
    return result
