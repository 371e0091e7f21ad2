"""Checks for identifiers written by people: resident ID numbers, passport numbers, MoE codes."""

from __future__ import annotations

import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,20}$")
_MOE_RE = re.compile(r"^\d{10}$")


def normalise_code(value: str | None) -> str:
    """Upper case, no spaces (people paste identifiers with spaces and lower-case letters)."""
    return re.sub(r"[\s\u00a0\u3000-]+", "", value or "").upper()


def china_resident_id_is_valid(value: str) -> bool:
    """GB 11643-1999: 17 digits and a check character (ISO 7064 MOD 11-2)."""
    value = normalise_code(value)
    if not _ID_RE.match(value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def china_resident_id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def passport_number_is_valid(value: str) -> bool:
    return bool(_PASSPORT_RE.match(normalise_code(value)))


def moe_code_is_valid(value: str) -> bool:
    """The 10-digit MoE institution code (学校标识码), e.g. 4150012605."""
    return bool(_MOE_RE.match(value or ""))


# -- Erasmus institution codes ------------------------------------------------------------------------
# Country prefixes seen in the ECHE list 2021-2027, plus UK (in the 2008-09 mobility records).
ERASMUS_PREFIXES = frozenset(
    {
        "A",
        "AL",
        "B",
        "BA",
        "BE",
        "BG",
        "CY",
        "CZ",
        "D",
        "DK",
        "E",
        "EE",
        "F",
        "G",
        "HR",
        "HU",
        "I",
        "IRL",
        "IS",
        "LI",
        "LT",
        "LUX",
        "LV",
        "ME",
        "MK",
        "MT",
        "N",
        "NL",
        "P",
        "PL",
        "RO",
        "RS",
        "RSP",
        "S",
        "SF",
        "SI",
        "SK",
        "TR",
        "UK",
        "XK",
    }
)
_ERASMUS_REST = re.compile(r"^[A-Z][A-Z\-]*\d{2,3}$")


def erasmus_code_normalise(value: str | None) -> str | None:
    """The canonical Erasmus code (prefix padded to three characters: ``D  BERLIN01``), or None if invalid.

    Codes arrive with two spaces, one space, none, or a non-breaking space: ``D BERLIN01``,
    ``d  berlin01`` and ``D\\u00a0BERLIN01`` are all ``D  BERLIN01``.
    """
    text = re.sub(r"[\s\u00a0\u3000]+", " ", (value or "").strip().upper())
    if not text:
        return None
    parts = text.split(" ", 1)
    candidates: list[tuple[str, str]] = []
    if len(parts) == 2 and parts[0] in ERASMUS_PREFIXES:
        candidates.append((parts[0], parts[1].replace(" ", "")))
    compact = text.replace(" ", "")
    for length in (3, 2, 1):  # without a space: the longest prefix that leaves a valid rest
        if compact[:length] in ERASMUS_PREFIXES:
            candidates.append((compact[:length], compact[length:]))
    for prefix, rest in candidates:
        if _ERASMUS_REST.match(rest):
            return prefix.ljust(3) + rest
    return None


def pic_is_valid(value: str) -> bool:
    """The EU Participant Identification Code: 9 digits."""
    return bool(re.fullmatch(r"\d{9}", value or ""))


def oid_is_valid(value: str) -> bool:
    """The Erasmus+ organisation ID: E and 8 digits."""
    return bool(re.fullmatch(r"E\d{8}", value or ""))


# -- Unified social credit code (统一社会信用代码, GB 32100-2015) ---------------------------------------
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    remainder = 31 - total % 31
    return _USCC_CHARS[0 if remainder == 31 else remainder]


def credit_code_is_valid(value: str) -> bool:
    """18 characters from the code's alphabet (no I, O, S, V, Z), the last a check character."""
    value = normalise_code(value)
    if len(value) != 18 or any(ch not in _USCC_CHARS for ch in value):
        return False
    return credit_code_check_char(value[:17]) == value[17]
