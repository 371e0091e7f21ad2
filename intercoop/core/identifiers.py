"""Checks for identifiers written by people: resident ID numbers, passport numbers, MoE codes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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
# Country prefixes of the EC's lists, past and present: the ECHE lists 2007-2013, 2014-2020 and
# 2021-2027 and the mobility records 2008-2014 (UK until 2020, CH for Switzerland 2011-2014, HR from 2009).
# Checked against ``../shared/data`` by ``core/tests/test_countries_identifiers.py``.
ERASMUS_PREFIXES = frozenset(
    {
        "A",
        "AL",
        "B",
        "BA",
        "BE",  # the ECHE 2021-2027 list writes one Belgian code so (BE BRUGGE11); Belgium is B
        "BG",
        "CH",
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
        "S",
        "SF",
        "SI",
        "SK",
        "TR",
        "UK",
        "XK",
    }
)
_ERASMUS_REST = re.compile(r"^[A-Z][A-Z\-]*\d{1,3}$")  # one digit too: F  VERDUN1 in the ECHE list
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u3000]+")


@dataclass(frozen=True)
class ErasmusReading:
    """What a written Erasmus code says: the canonical code, or why none can be told."""

    code: str | None
    problem: str = ""  # "unknown_prefix", "ambiguous", "malformed"; empty when ``code`` is known
    candidates: tuple[str, ...] = ()  # the canonical codes an ambiguous text could be


def erasmus_code_read(value: str | None, known: Callable[[str], bool] | None = None) -> ErasmusReading:
    """Read an Erasmus code as people and the EC's files write it.

    The canonical form pads the country prefix to three characters: ``D  BERLIN01``, ``CH WINTERT03``,
    ``IRLDUBLIN01``. A prefix followed by a space is taken as written (``D BERLIN01``, ``d  berlin01``,
    ``D\u00a0BERLIN01``); a prefix before a space that is no country prefix (``NO OSLO01``) is refused,
    never recombined. A text without a space is certain only with a three-letter prefix (``IRL``,
    ``LUX``, whose canonical form has no space); otherwise (``PALMA01``: ``P  ALMA01`` or
    ``E  PALMA01``?) the reference list decides through ``known``, and without exactly one match the
    code is refused as ambiguous instead of silently changing its country.
    """
    text = _SPACES.sub(" ", (value or "").strip().upper())
    if not text:
        return ErasmusReading(None, "malformed")
    parts = text.split(" ", 1)
    if len(parts) == 2:
        prefix, rest = parts[0], parts[1].replace(" ", "")
        if prefix not in ERASMUS_PREFIXES:
            return ErasmusReading(None, "unknown_prefix")
        if not _ERASMUS_REST.match(rest):
            return ErasmusReading(None, "malformed")
        return ErasmusReading(prefix.ljust(3) + rest)
    if text[:3] in ERASMUS_PREFIXES and _ERASMUS_REST.match(text[3:]):
        return ErasmusReading(text[:3] + text[3:])
    candidates = tuple(
        text[:n].ljust(3) + text[n:]
        for n in (2, 1)
        if text[:n] in ERASMUS_PREFIXES and _ERASMUS_REST.match(text[n:])
    )
    if not candidates:
        return ErasmusReading(None, "malformed")
    matches = [c for c in candidates if known is not None and known(c)]
    if len(matches) == 1:
        return ErasmusReading(matches[0])
    return ErasmusReading(None, "ambiguous", candidates)


def erasmus_code_normalise(value: str | None, known: Callable[[str], bool] | None = None) -> str | None:
    """The canonical Erasmus code, or None when it cannot be told (``erasmus_code_read``)."""
    return erasmus_code_read(value, known).code


def erasmus_code_message(value: str, reading: ErasmusReading) -> str:
    """Why a written code is refused, in the reader's language."""
    from django.utils.translation import gettext as _

    if reading.problem == "unknown_prefix":
        return _(
            "“%(code)s” does not begin with an Erasmus country prefix (D, F, CH, IRL…); Norway is N, "
            "Germany D, Finland SF."
        ) % {"code": value}
    if reading.problem == "ambiguous":
        return _(
            "“%(code)s” has no space after its country prefix, so its country cannot be told "
            "(%(candidates)s); write it as in the EC's list, e.g. “E  PALMA01”."
        ) % {"code": value, "candidates": " / ".join(c.replace(" ", "\u00b7") for c in reading.candidates)}
    return _("“%(code)s” is not an Erasmus code.") % {"code": value}


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
