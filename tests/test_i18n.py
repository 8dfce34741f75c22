import re
from pathlib import Path

import pytest

from tracker import i18n

ROOT = Path(__file__).resolve().parents[1]
KEY_CALL = re.compile(r"""\bt\(\s*f?["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")


def test_every_string_has_korean_and_english():
    missing = [k for k, v in i18n.catalogue().items() if not v.get("ko") or not v.get("en")]
    assert missing == []


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in (
        list((ROOT / "src").rglob("*.py"))
        + list((ROOT / "pages").glob("*.py"))
        + [ROOT / "dashboard.py"]
    ):
        for match in KEY_CALL.finditer(path.read_text(encoding="utf-8")):
            if "{" not in match.group(0):
                used.add(match.group(1))
    unknown = sorted(k for k in used if k not in i18n.catalogue())
    assert unknown == []


def test_formats_fields_and_falls_back_loudly():
    assert i18n.t("common.as_of_stamp", "en", date="2024-01-01") == "As of 2024-01-01"
    assert i18n.t("common.as_of_stamp", "ko", date="2024-01-01") == "기준일 2024-01-01"
    with pytest.raises(i18n.MissingTranslationError):
        i18n.t("no.such.key")


def test_enum_labels_and_bilingual_fields():
    assert i18n.label("funding_source", "national", "ko") == "국비"
    assert i18n.label("funding_source", "national", "en") == "National"
    assert i18n.pick({"name_ko": "광주", "name_en": None}, "name", "en") == "광주"


def test_flatten_makes_dotted_keys_keeps_known_languages_and_refuses_doubles():
    into: dict = {}
    tree = {
        "a": {"b": {"ko": "가", "en": "A", "fr": "F"}, "c": {"ko": "나"}},
        "x": {"ko": {"ko": "다"}},  # "ko" that is a table is a key part, not a translation
        "n": 3,  # not a table: ignored
    }
    i18n._flatten("", tree, into, "first.toml")
    assert into == {"a.b": {"ko": "가", "en": "A"}, "a.c": {"ko": "나"}, "x.ko": {"ko": "다"}}
    with pytest.raises(ValueError) as raised:
        i18n._flatten("", {"a": {"b": {"ko": "라"}}}, into, "second.toml")
    assert str(raised.value) == "Translation key 'a.b' is defined twice (again in second.toml)"
    assert into["a.b"] == {"ko": "가", "en": "A"}


def test_t_defaults_falls_back_to_korean_and_formats_only_with_fields():
    assert i18n.t("common.as_of_stamp", date="2024-01-01") == "기준일 2024-01-01"  # default ko
    assert i18n.t("common.as_of_stamp", "en") == "As of {date}"  # no fields: left as written
    with pytest.raises(i18n.MissingTranslationError) as raised:
        i18n.t("no.such.key", "en")
    assert "'no.such.key'" in str(raised.value)


def test_label_of_missing_and_unknown_values():
    assert i18n.label("funding_source", None) == "—"
    assert i18n.label("funding_source", "national") == "국비"  # Korean by default
    assert i18n.label("funding_source", "lottery", "en") == "lottery"  # no label: the code


class _Row:
    name_ko = "광주"
    name_en = "Gwangju"
    count_ko = 3


def test_pick_reads_dicts_and_objects_with_a_korean_fallback():
    assert i18n.pick(_Row(), "name", "en") == "Gwangju"
    assert i18n.pick(_Row(), "name", "ko") == "광주"
    assert i18n.pick(_Row(), "count", "en") == "3"  # no English: the Korean value, as text
    assert i18n.pick(_Row(), "title", "en") == ""  # neither
    assert i18n.pick({"name_ko": "광주", "name_en": "Gwangju"}, "name", "en") == "Gwangju"
    assert i18n.pick({"name_ko": None}, "name", "ko") == ""
    assert i18n.pick({"name_en": "Only English"}, "name", "en") == "Only English"
