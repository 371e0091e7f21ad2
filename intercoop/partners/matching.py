"""Telling whether two partner names mean the same organisation, across spellings and scripts."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Words that say what an organisation is rather than which one it is, in the languages partners write.
_GENERIC = {
    "university",
    "universitat",
    "universitaet",
    "universidad",
    "universite",
    "universita",
    "universiteit",
    "uniwersytet",
    "universitas",
    "universiti",
    "college",
    "institute",
    "institut",
    "instituto",
    "school",
    "polytechnic",
    "hochschule",
    "fachhochschule",
    "of",
    "the",
    "and",
    "for",
    "de",
    "der",
    "die",
    "das",
    "des",
    "du",
    "la",
    "le",
    "les",
    "di",
    "del",
    "della",
    "y",
    "e",
    "et",
    "und",
    "technical",
    "technology",
    "co",
    "ltd",
    "limited",
    "inc",
    "gmbh",
    "ag",
    "sa",
    "plc",
    "corporation",
    "company",
    "group",
}
_GENERIC_ZH = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def name_key(name: str) -> str:
    """A comparison key without accents, case, punctuation or generic words.

    ``Universität Stuttgart`` and ``University of Stuttgart`` both give ``stuttgart``.
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("ß", "ss")
    for word in _GENERIC_ZH:
        text = text.replace(word, "")
    tokens = re.findall(r"[a-z0-9]+|[\u3400-\u9fff]+", text)
    kept = [t for t in tokens if t not in _GENERIC]
    return " ".join(kept or tokens)[:200]


def keys(*names: str) -> set[str]:
    return {k for k in (name_key(n) for n in names if n) if k}


def similar(a: set[str], b: set[str], threshold: float = 0.88) -> bool:
    """Do any two keys match exactly, or closely enough to be the same name spelled differently?"""
    for x in a:
        for y in b:
            if x == y:
                return True
            if min(len(x), len(y)) >= 6 and SequenceMatcher(None, x, y).ratio() >= threshold:
                return True
    return False
