"""Every user-visible string, in Korean and English, from ``locales/*.toml``.

Each catalogue file holds tables of the form::

    [overview.title]
    ko = "개요"
    en = "Overview"

Files are split by area (``common.toml``, ``overview.toml``, ...) so features add their own file;
a key defined twice is an error. ``t(key, lang, **fields)`` formats with ``str.format``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
LOCALE_DIR = Path(__file__).with_name("locales")


class MissingTranslationError(KeyError):
    pass


def _flatten(prefix: str, node: dict, into: dict[str, dict[str, str]], origin: str) -> None:
    if "ko" in node and isinstance(node["ko"], str):
        if prefix in into:
            raise ValueError(f"Translation key {prefix!r} is defined twice (again in {origin})")
        into[prefix] = {lang: node[lang] for lang in node if lang in LANGUAGES}
        return
    for name, child in node.items():
        if isinstance(child, dict):
            _flatten(f"{prefix}.{name}" if prefix else name, child, into, origin)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALE_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            _flatten("", tomllib.load(handle), merged, path.name)
    return merged


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **fields: object) -> str:
    entry = catalogue().get(key)
    if entry is None:
        raise MissingTranslationError(f"No translation for {key!r}")
    text = entry.get(lang) or entry.get(DEFAULT_LANGUAGE)
    if text is None:
        raise MissingTranslationError(f"No {lang!r} translation for {key!r}")
    return text.format(**fields) if fields else text


class LocalisedError(Exception):
    """An error whose text is a catalogue entry (``PREFIX + code``, filled with ``fields``), shown
    in the reader's language with ``message(lang)``; ``str()`` is the English text (logs)."""

    PREFIX = ""

    def __init__(self, code: str, **fields: object):
        self.code, self.fields = code, {k: str(v) for k, v in fields.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return t(f"{self.PREFIX}{self.code}", lang, **self.fields)


def label(group: str, value: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Label of an enumerated value, e.g. ``label("funding_source", "national")`` -> 국비."""
    if value is None:
        return "—"
    key = f"enum.{group}.{value}"
    return t(key, lang) if key in catalogue() else str(value)


def pick(row: dict | object, field: str, lang: str) -> str:
    """The ``field_ko`` / ``field_en`` value of a record, falling back to Korean."""
    get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
    value = get(f"{field}_{lang}") or get(f"{field}_ko")
    return "" if value is None else str(value)
