"""Reading an uploaded CSV or XLSX into rows, within limits, before any cell is interpreted.

Limits are checked before parsing: the file's size, then for XLSX (a zip) the number, sizes and
compression ratios of its members (a zip bomb unpacks to gigabytes from a few kilobytes), and the
row count while reading. openpyxl parses XML through defusedxml (entity expansion refused).
Formula cells are read as the value Excel cached when it last calculated; a formula without a
cached value (a file never opened in Excel) is refused cell by cell.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from .encodings import decode
from .problems import FileRefused, Problem, column_letter

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * MB
    max_rows: int = 200_000
    max_unzipped_bytes: int = 250 * MB  # all members of an xlsx, unpacked
    max_ratio: int = 100  # unpacked / packed size of one member
    max_members: int = 2_000

    @classmethod
    def from_environment(cls) -> Limits:
        """``TRACKER_IMPORT_MAX_MB`` and ``TRACKER_IMPORT_MAX_ROWS`` override the defaults."""
        limits = cls()
        mb = os.environ.get("TRACKER_IMPORT_MAX_MB")
        rows = os.environ.get("TRACKER_IMPORT_MAX_ROWS")
        return cls(
            max_bytes=int(float(mb) * MB) if mb else limits.max_bytes,
            max_rows=int(rows) if rows else limits.max_rows,
        )


@dataclass
class Table:
    """A sheet as read: headers as written, rows with their spreadsheet row numbers."""

    headers: list[str]
    rows: list[tuple[int, list]]  # (1-based row number, cell values)
    file_format: str  # csv | xlsx
    encoding: str | None = None
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)  # cells that could not be read
    header_row: int = 1


def read_table(
    data: bytes, filename: str, *, sheet: str | None = None, limits: Limits | None = None
) -> Table:
    """Rows of a ``.csv`` or ``.xlsx`` file; raises :class:`FileRefused` for the whole file."""
    limits = limits or Limits.from_environment()
    check_size(len(data), limits)
    if not data.strip():
        raise FileRefused("empty")
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(data, limits)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(data, limits, sheet=sheet)
    if suffix == ".xls":
        raise FileRefused("old_xls")
    raise FileRefused("unknown_format", suffix=suffix or filename)


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file over the size cap (called before a file is read into memory, too)."""
    if size > limits.max_bytes:
        limit = round(limits.max_bytes / MB, 3)
        raise FileRefused("too_large", size=f"{size / MB:.1f}", limit=f"{limit:g}")


def _trim(cells: list) -> list:
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


def read_csv(data: bytes, limits: Limits) -> Table:
    text, encoding = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list]] = []
    headers: list[str] | None = None
    try:
        for number, cells in enumerate(reader, start=1):
            if headers is None:
                headers = [h.strip().lstrip("\ufeff") for h in _trim(cells)]
                continue
            if len(rows) >= limits.max_rows:
                raise FileRefused("too_many_rows", limit=f"{limits.max_rows:,}")
            rows.append((number, cells))
    except csv.Error as exc:
        raise FileRefused("broken_csv", row=reader.line_num, detail=str(exc)) from exc
    if not headers:
        raise FileRefused("no_header")
    return Table(headers, rows, "csv", encoding=encoding)


# --- xlsx ----------------------------------------------------------------------------------------


def check_zip(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive whose members would unpack to too much, before unpacking any."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise FileRefused("zip_bomb", detail=f"{len(members)} members")
    total = 0
    for member in members:
        total += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size > MB and member.file_size / packed > limits.max_ratio:
            raise FileRefused(
                "zip_bomb", detail=f"{member.filename}: {member.file_size / packed:.0f}:1"
            )
    if total > limits.max_unzipped_bytes:
        raise FileRefused("zip_bomb", detail=f"{total / MB:.0f} MB unpacked")


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            with archive.open(name) as handle:
                while chunk := handle.read(MB):
                    if b"<f>" in chunk or b"<f " in chunk or b":f>" in chunk:
                        return True
    return False


def _pick_sheet(workbook, wanted: str | None):
    if wanted is not None:
        for name in workbook.sheetnames:
            if name.strip().lower() == wanted.lower():
                return workbook[name]
    return workbook.worksheets[0]


def read_xlsx(data: bytes, limits: Limits, *, sheet: str | None = None) -> Table:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise FileRefused("no_defusedxml")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise FileRefused("broken_xlsx", detail=str(exc)) from exc
    with archive:
        check_zip(archive, limits)
        try:
            formulas = _has_formulas(archive)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise FileRefused("broken_xlsx", detail=str(exc)) from exc
    try:
        values_book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formula_book = (
            openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            if formulas
            else None
        )
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many types for a broken or hostile file
        raise FileRefused("broken_xlsx", detail=_explain(exc)) from exc
    try:
        return _read_sheet(values_book, formula_book, limits, sheet)
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused("broken_xlsx", detail=_explain(exc)) from exc
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()


def _explain(exc: BaseException) -> str:
    """The error and its cause (e.g. defusedxml's EntitiesForbidden behind openpyxl's ValueError)."""
    text = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    cause = exc.__cause__ or exc.__context__
    return f"{text} ({type(cause).__name__})" if cause is not None else text


def _read_sheet(values_book, formula_book, limits: Limits, sheet: str | None) -> Table:
    values_sheet = _pick_sheet(values_book, sheet)
    formula_rows = (
        _pick_sheet(formula_book, values_sheet.title).iter_rows()
        if formula_book is not None
        else None
    )
    headers: list[str] | None = None
    header_row = 1
    rows: list[tuple[int, list]] = []
    problems: list[Problem] = []
    # Read-only sheets yield every row from row 1 on, blank ones included: the count is the number.
    for number, cells in enumerate(values_sheet.iter_rows(min_row=1), start=1):
        formula_cells = next(formula_rows, ()) if formula_rows is not None else ()
        values = [cell.value for cell in cells]
        for index, cell in enumerate(formula_cells):
            if getattr(cell, "data_type", None) != "f":
                continue
            header = headers[index] if headers and index < len(headers) else None
            if index < len(values) and values[index] is None:
                problems.append(
                    Problem(
                        "imports.cell.formula_no_value",
                        number,
                        header,
                        column_letter(index),
                        {"value": str(cell.value)[:40]},
                    )
                )
                values[index] = ""
        for index, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "e":
                header = headers[index] if headers and index < len(headers) else None
                problems.append(
                    Problem(
                        "imports.cell.formula_error",
                        number,
                        header,
                        column_letter(index),
                        {"value": str(cell.value)},
                    )
                )
                values[index] = ""
        if headers is None:
            if not any(v not in (None, "") for v in values):
                continue  # blank rows above the header
            headers = ["" if v is None else str(v).strip() for v in _trim(values)]
            header_row = number
            continue
        if len(rows) >= limits.max_rows:
            raise FileRefused("too_many_rows", limit=f"{limits.max_rows:,}")
        rows.append((number, values))
    if not headers:
        raise FileRefused("no_header")
    return Table(
        headers, rows, "xlsx", sheet=values_sheet.title, problems=problems, header_row=header_row
    )
