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
