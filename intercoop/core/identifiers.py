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
