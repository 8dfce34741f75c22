"""Money is integer won in storage; these helpers format it for people at the edge.

Units: ``won`` (원), ``million`` (백만원), ``eok`` (억원 = 10^8), ``jo`` (조원 = 10^12).
Korean output follows the units (``4,116억원``); English output uses KRW with billions and
millions (``KRW 411.6 bn``), which is how English-language reports state these sums.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

UNITS: dict[str, int] = {"won": 1, "million": 10**6, "eok": 10**8, "jo": 10**12}
UNIT_CHOICES = ("eok", "million", "won")

_KO_SUFFIX = {"won": "원", "million": "백만원", "eok": "억원", "jo": "조원"}
# English rendering of each display unit: (divisor, suffix)
_EN_SCALE = {
    "won": (1, ""),
    "million": (10**6, " mn"),
    "eok": (10**9, " bn"),
    "jo": (10**12, " tn"),
}


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group(value: Decimal, decimals: int) -> str:
    return f"{_round(value, decimals):,.{decimals}f}"


def scale(won: int | float | None, unit: str) -> float | None:
    """Won expressed in ``unit`` (for chart axes). None and NaN stay None."""
    if won is None or (isinstance(won, float) and math.isnan(won)):
        return None
    if unit not in UNITS:
        raise ValueError(f"Unknown money unit {unit!r}; expected one of {sorted(UNITS)}")
    return float(won) / UNITS[unit] if unit != "won" else float(won)


def chart_divisor(unit: str, lang: str) -> int:
    """What to divide won by so that chart numbers match :func:`unit_label`."""
    return UNITS[unit] if lang == "ko" else _EN_SCALE[unit][0]


def unit_label(unit: str, lang: str) -> str:
    """Axis label for values produced by ``won / chart_divisor(unit, lang)``."""
    if lang == "ko":
        return _KO_SUFFIX[unit]
    return {"won": "KRW", "million": "KRW mn", "eok": "KRW bn", "jo": "KRW tn"}[unit]


def default_decimals(unit: str, lang: str) -> int:
    if lang == "ko":
        return {"won": 0, "million": 0, "eok": 0, "jo": 2}[unit]
    return {"won": 0, "million": 0, "eok": 1, "jo": 2}[unit]


def format_krw(
    won: int | float | None,
    unit: str = "eok",
    lang: str = "ko",
    *,
    decimals: int | None = None,
    approximate: bool = False,
    missing: str = "—",
) -> str:
    """``format_krw(411_600_000_000)`` -> ``4,116억원``; in English ``KRW 411.6 bn``."""
    if won is None or (isinstance(won, float) and math.isnan(won)):
        return missing
    if unit not in UNITS:
        raise ValueError(f"Unknown money unit {unit!r}; expected one of {sorted(UNITS)}")
    if decimals is None:
        decimals = default_decimals(unit, lang)
    amount = Decimal(str(won))
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if lang == "ko":
        text = f"{sign}{_group(amount / UNITS[unit], decimals)}{_KO_SUFFIX[unit]}"
        return f"약 {text}" if approximate else text
    divisor, suffix = _EN_SCALE[unit]
    text = f"{sign}KRW {_group(amount / divisor, decimals)}{suffix}"
    return f"about {text}" if approximate else text


def format_krw_compound(won: int | None, *, missing: str = "—") -> str:
    """Korean reading form: ``1,234,500,000,000`` -> ``1조 2,345억원`` (rounded to 억)."""
    if won is None:
        return missing
    sign = "-" if won < 0 else ""
    eok = int(_round(Decimal(abs(won)) / UNITS["eok"], 0))
    jo, rest = divmod(eok, 10**4)
    if jo and rest:
        return f"{sign}{jo:,}조 {rest:,}억원"
    if jo:
        return f"{sign}{jo:,}조원"
    return f"{sign}{rest:,}억원"


def format_percent(
    ratio: float | None, lang: str = "ko", *, decimals: int = 1, missing: str = "—"
) -> str:
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return missing
    return f"{ratio * 100:.{decimals}f}%"
