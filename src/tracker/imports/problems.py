"""Why a file, a cell or a row was refused: a code (an i18n key) and the details it needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import i18n


class CellError(ValueError):
    """A value that cannot be read as its column's type; ``code`` names the reason."""

    def __init__(self, code: str, **detail: object):
        self.code = code
        self.detail = {k: str(v) for k, v in detail.items()}
        super().__init__(i18n.t(f"imports.cell.{code}", "en", **self.detail))

    def message(self, lang: str) -> str:
        return i18n.t(f"imports.cell.{self.code}", lang, **self.detail)


class FileRefused(ValueError):
    """The file as a whole cannot be read (encoding, size, broken xlsx, zip bomb, ...)."""

    def __init__(self, code: str, **detail: object):
        self.code = code
        self.detail = {k: str(v) for k, v in detail.items()}
        super().__init__(i18n.t(f"imports.file.{code}", "en", **self.detail))

    def message(self, lang: str) -> str:
        return i18n.t(f"imports.file.{self.code}", lang, **self.detail)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the spreadsheet name of a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One problem in a file: where (spreadsheet row, column letter, header as written) and why.

    ``row`` is the 1-based row number a spreadsheet shows (the header is row 1 in most files);
    ``column`` the header as the file writes it. ``code`` is an ``imports.cell.*``,
    ``imports.row.*`` or ``imports.file.*`` key, or a ``store.problem.*`` key for rules the
    write path checks (allowed values, references, negative amounts).
    """

    code: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None
    detail: dict = field(default_factory=dict)

    def where(self, lang: str) -> str:
        parts = []
        if self.row is not None:
            parts.append(i18n.t("imports.where.row", lang, row=self.row))
        if self.letter and self.column:
            parts.append(
                i18n.t("imports.where.column", lang, letter=self.letter, header=self.column)
            )
        elif self.letter:
            parts.append(i18n.t("imports.where.letter", lang, letter=self.letter))
        elif self.column:
            parts.append(i18n.t("imports.where.header", lang, header=self.column))
        return ", ".join(parts)

    def reason(self, lang: str) -> str:
        return i18n.t(self.code, lang, **self.detail)

    def message(self, lang: str = "ko") -> str:
        where = self.where(lang)
        return f"{where} — {self.reason(lang)}" if where else self.reason(lang)
