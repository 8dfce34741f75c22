"""Cells as officials write them: Korean dates and amounts, full-width digits, Excel cells.

Every parser takes one non-empty cell (text from a CSV, or the Python value openpyxl gives for an
XLSX cell) and returns the stored value, or raises :class:`CellError` saying why. Anything that
could be read two ways (``03/05/2024``: March or May? ``3억 5천``: 350,005,000 or 350,000,000?)
is refused, never guessed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .problems import CellError

# Won amounts above this are refused as a slip of the unit (the whole national budget is ~650조).
MAX_AMOUNT_WON = 100 * 10**12
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers read as dates only in this window (1990-01-01 .. 2100-12-31), so that a stray
# amount or count in a date column is not taken for a date.
_SERIAL_MIN, _SERIAL_MAX = 32874, 73415
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII (NFKC: １２３ -> 123, ￦ -> ₩), trimmed."""
    return text.strip() if text.isascii() else unicodedata.normalize("NFKC", text).strip()


# --- dates ---------------------------------------------------------------------------------------

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YMD = re.compile(r"^(\d{4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{1,2})\s*\.?" + _TIME + "$")
_KOREAN = re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_FIRST = re.compile(r"^\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{4}$")
_SHORT_YEAR = re.compile(r"^\d{2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}\.?$")
_MONTH_ONLY = re.compile(r"^\d{4}\s*(?:[-./]\s*\d{1,2}\.?|년\s*\d{1,2}\s*월)$")


def _real_date(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError as exc:
        raise CellError("no_such_date", value=raw) from exc
    if not EARLIEST <= value <= LATEST:
        raise CellError("date_out_of_range", value=raw)
    return value


def from_serial(serial: float, raw: str) -> dt.date:
    """An Excel serial day number (1900 system, as Excel on Windows writes)."""
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise CellError("not_a_date", value=raw)
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value) -> dt.date:
    """``2024-03-05``, ``2024-3-5``, ``2024.03.05``, ``2024. 3. 5.``, ``2024/03/05``,
    ``2024년 3월 5일``, ``20240305``, an Excel date cell or serial number."""
    if isinstance(value, bool):
        raise CellError("not_a_date", value=value)
    if isinstance(value, dt.datetime):
        return _real_date(value.year, value.month, value.day, str(value))
    if isinstance(value, dt.date):
        return _real_date(value.year, value.month, value.day, str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("not_a_date", value=value)
        return from_serial(value, str(value))
    raw = str(value)
    text = normalise(raw)
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the file format's own spelling, the common case
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return _real_date(day.year, day.month, day.day, raw)
    for pattern in (_YMD, _KOREAN):
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups() if g not in "-./")
            return _real_date(year, month, day, raw)
    match = _COMPACT.match(text)
    if match:
        return _real_date(*(int(g) for g in match.groups()), raw)
    if text.isdigit() and len(text) == 5:
        return from_serial(int(text), raw)
    if _DAY_FIRST.match(text):
        raise CellError("ambiguous_date", value=raw)
    if _SHORT_YEAR.match(text):
        raise CellError("short_year", value=raw)
    if _MONTH_ONLY.match(text):
        raise CellError("no_day", value=raw)
    raise CellError("not_a_date", value=raw)


# --- amounts -------------------------------------------------------------------------------------

_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_NEGATIVE_MARKS = ("-", "−", "△", "▲")
_UNIT = re.compile("[십백천만억조]")


def _decimal(token: str, raw: str) -> Decimal:
    if not _GROUPED.match(token):
        raise CellError("bad_grouping", value=raw)
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise CellError("not_an_amount", value=raw) from exc


def _korean_amount(text: str, raw: str) -> Decimal:
    """``3억 5천만`` -> 350,000,000. Big units (조 억 만) descend; within a group the small ones
    (천 백 십) descend. A trailing group without 만 after 억 or 조 (``3억 5천``) is ambiguous."""
    tokens: list[tuple[str, object]] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        match = _NUMBER.match(text, position)
        if match:
            if tokens and tokens[-1][0] == "number":
                raise CellError("not_an_amount", value=raw)  # "1 234": two numbers side by side
            tokens.append(("number", _decimal(match.group(), raw)))
            position = match.end()
        elif char in _SMALL:
            tokens.append(("small", _SMALL[char]))
            position += 1
        elif char in _BIG:
            tokens.append(("big", _BIG[char]))
            position += 1
        else:
            raise CellError("not_an_amount", value=raw)
    total = Decimal(0)
    group = Decimal(0)
    group_has_value = False
    last_small = None
    last_big = None
    pending: Decimal | None = None
    for kind, value in tokens:
        if kind == "number":
            pending = value
        elif kind == "small":
            if last_small is not None and value >= last_small:
                raise CellError("not_an_amount", value=raw)
            group += (pending if pending is not None else 1) * value
            group_has_value, last_small, pending = True, value, None
        else:  # big
            if last_big is not None and value >= last_big:
                raise CellError("not_an_amount", value=raw)
            if pending is not None:
                group += pending
            elif not group_has_value:
                group = Decimal(1)
            total += group * value
            group, group_has_value, last_small, last_big, pending = (
                Decimal(0),
                False,
                None,
                value,
                None,
            )
    if pending is not None:
        if pending != pending.to_integral_value() and (group_has_value or last_big):
            raise CellError("not_whole_won", value=raw)
        group += pending
        group_has_value = True
    if group_has_value and last_big is not None and last_big > _BIG["만"]:
        raise CellError("ambiguous_amount", value=raw)
    return total + group


def parse_amount(value) -> int:
    """Won as officials write them: ``1,234,000``, ``1,234원``, ``₩1,234``, ``￦1,234``,
    ``1.2억``, ``3억 5천만원``, full-width digits, ``(500)`` or ``△500`` for negatives, and
    number cells. Returns whole won; negatives are returned (the write path refuses them)."""
    if isinstance(value, bool):
        raise CellError("not_an_amount", value=value)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("not_an_amount", value=value)
        amount = Decimal(repr(value))
    elif type(value) is str and value.isdigit() and value.isascii():
        amount = Decimal(int(value))  # plain digits, the file format's own spelling
    else:
        raw = str(value)
        text = normalise(raw).replace("\u00a0", " ")
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1].strip()
        if text.startswith(_NEGATIVE_MARKS):
            negative, text = True, text[1:].strip()
        text = text.removeprefix("KRW").removeprefix("₩").strip()
        if text.startswith(_NEGATIVE_MARKS):
            negative, text = True, text[1:].strip()
        text = text.removesuffix("원").strip()
        if not text:
            raise CellError("not_an_amount", value=raw)
        if _UNIT.search(text):
            amount = _korean_amount(text, raw)
        elif " " in text:
            raise CellError("not_an_amount", value=raw)
        else:
            if not _NUMBER.fullmatch(text):
                raise CellError("not_an_amount", value=raw)
            amount = _decimal(text, raw)
        amount = -amount if negative else amount
    if amount != amount.to_integral_value():
        raise CellError("not_whole_won", value=value)
    if abs(amount) > MAX_AMOUNT_WON:
        raise CellError("absurd_amount", value=value)
    return int(amount)


# --- other numbers, booleans, text ---------------------------------------------------------------


def _plain_number(value, *, percent: bool = False) -> Decimal:
    raw = str(value)
    text = normalise(raw)
    if percent:
        text = text.removesuffix("%").strip()
    if text.endswith("m2"):  # ㎡ after NFKC
        text = text.removesuffix("m2").strip()
    negative = text[:1] in ("-", "−")
    if text[:1] in ("-", "−", "+"):
        text = text[1:].strip()
    if not text or not _NUMBER.fullmatch(text):
        raise CellError("not_a_number", value=raw)
    number = _decimal(text, raw)
    return -number if negative else number


def parse_integer(value) -> int:
    """A whole number (a year, a count): ``1,200``, ``１２``, ``12.0`` from an Excel cell."""
    if isinstance(value, bool):
        raise CellError("not_whole", value=value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("not_whole", value=value)
        return int(value)
    number = _plain_number(value)
    if number != number.to_integral_value():
        raise CellError("not_whole", value=value)
    return int(number)


def parse_number(value, *, percent: bool = False) -> float:
    """A decimal number (coordinates, areas, percentages); ``50%`` in a percent column."""
    if isinstance(value, bool):
        raise CellError("not_a_number", value=value)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CellError("not_a_number", value=value)
        return float(value)
    return float(_plain_number(value, percent=percent))


_TRUE = {"1", "true", "yes", "y", "예", "네", "o", "참", "추정"}
_FALSE = {"0", "false", "no", "n", "아니오", "아니요", "x", "거짓"}


def parse_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = normalise(str(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("not_a_boolean", value=value)


def parse_text(value, *, max_length: int | None = None) -> str:
    """Text as written. Text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
    tab, CR first) is refused unless written with a leading ``'`` (the way exports write it)."""
    if type(value) is str:
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if text.startswith("'") and text[1:2] in FORMULA_STARTS and text[1:2]:
        text = text[1:]
    elif text.startswith(FORMULA_STARTS):
        raise CellError("formula_text", value=text[:40])
    text = text.strip()
    if max_length is not None and len(text) > max_length:
        raise CellError("too_long", length=len(text), limit=max_length)
    return text


def neutralise(text: str) -> str:
    """The export's side of :func:`parse_text`: formula-looking text gets a leading ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
