"""Which text encoding a CSV file is in: UTF-8 (with or without BOM) or CP949/EUC-KR.

Korean Excel saves "CSV" as CP949; other tools save UTF-8, often with a BOM. Anything else
(UTF-16 "Unicode text", an old .xls renamed, a picture) is refused with a message saying how
to save the file instead of being read as mojibake.
"""

from __future__ import annotations

import codecs
from collections import Counter

from .problems import FileRefused

# CP949 decodes many byte strings that were never Korean; real Korean text is mostly Hangul.
_MIN_HANGUL_SHARE = 0.6


def _hangul_share(text: str) -> float:
    """Share of the non-ASCII characters that are common Hangul. Text in another encoding read
    as CP949 either fails or turns into Hanja, symbols and the rare syllables of CP949's
    extension (outside EUC-KR's 2,350), which real Korean text hardly uses."""
    counts = Counter(text[:1_000_000])  # a sample is enough to tell
    wide = {ch: n for ch, n in counts.items() if ord(ch) > 127}
    total = sum(wide.values())
    if not total:
        return 1.0
    common = 0
    for ch, n in wide.items():
        if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e":
            # Python's EUC-KR spells a syllable outside the 2,350 as an 8-byte jamo sequence.
            if len(ch.encode("euc-kr", errors="ignore")) == 2:
                common += n
    return common / total


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with (``utf-8-sig``, ``utf-8``, ``cp949``)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise FileRefused("bad_utf8", offset=exc.start) from exc
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise FileRefused("utf16")
    if data.startswith(b"PK\x03\x04"):
        raise FileRefused("zip_named_csv")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("old_xls")
    if b"\x00" in data[:65536]:
        raise FileRefused("binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError as exc:
        raise FileRefused("unknown_encoding") from exc
    if _hangul_share(text) < _MIN_HANGUL_SHARE:
        raise FileRefused("unknown_encoding")
    return text, "cp949"
