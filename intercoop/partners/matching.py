"""Telling whether two partner names mean the same organisation, across spellings and scripts."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any

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
    # Legal forms and the foundations that run schools, which the EC's lists write before or after the
    # name (STICHTING HOGESCHOOL ROTTERDAM, … GESELLSCHAFT M.B.H.).
    "stichting",
    "stiftung",
    "foundation",
    "fundacion",
    "fundacao",
    "fondazione",
    "fondation",
    "verein",
    "ev",
    "gesellschaft",
    "mbh",
    "ggmbh",
    "kg",
    "asbl",
    "vzw",
    "spa",
    "srl",
    "sl",
    "sas",
    "sarl",
    "oy",
    "ab",
    "as",
    "aps",
    "kft",
    "sro",
    "zoo",
    "doo",
    "bv",
    "nv",
    "public",
}
_GENERIC_ZH = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def name_key(name: str) -> str:
    """A comparison key without accents, case, punctuation or generic words.

    ``Universität Stuttgart`` and ``University of Stuttgart`` both give ``stuttgart``.
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("ß", "ss")
    text = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", "") + " ", text)  # m.b.h. → mbh
    for word in _GENERIC_ZH:
        text = text.replace(word, "")
    tokens = re.findall(r"[a-z0-9]+|[\u3400-\u9fff]+", text)
    kept = [t for t in tokens if t not in _GENERIC]
    return " ".join(kept or tokens)[:200]


def keys(*names: str) -> set[str]:
    return {k for k in (name_key(n) for n in names if n) if k}


def similar(a: set[str], b: set[str], threshold: float = 0.88) -> bool:
    """Do any two keys match exactly, closely enough to be the same name spelled differently, or does one
    name all of its words inside the other (UNIVERSITAET GRAZ in KARL-FRANZENS-UNIVERSITAET GRAZ)?"""
    for x in a:
        for y in b:
            if x == y:
                return True
            shorter, total = min(len(x), len(y)), len(x) + len(y)
            if shorter >= 6 and 2 * shorter >= threshold * total:  # real_quick_ratio, before building
                matcher = SequenceMatcher(None, x, y)
                # The two cheap upper bounds first: most pairs of a block are far apart.
                if (
                    matcher.real_quick_ratio() >= threshold
                    and matcher.quick_ratio() >= threshold
                    and matcher.ratio() >= threshold
                ):
                    return True
            if _within(x, y):
                return True
    return False


def _within(x: str, y: str) -> bool:
    small, big = sorted((set(x.split()), set(y.split())), key=len)
    return small < big and all(len(word) >= 4 for word in small)


def blocks(keys: set[str]) -> set[str]:
    """What two similar names share at least one of (their words' first four letters): names are
    compared only within a block, so a file of thousands of partners is not compared pair by pair."""
    return {word[:4] for key in keys for word in key.split() if len(word) >= 3} or {k[:4] for k in keys}


class NameIndex:
    """Names seen so far (a file's rows, the directory), looked up by ``blocks``."""

    def __init__(self) -> None:
        self._by_block: dict[tuple[str, str], list[tuple[set[str], Any]]] = {}

    def add(self, country: str, keys: set[str], item: Any) -> None:
        for block in blocks(keys):
            self._by_block.setdefault((country, block), []).append((keys, item))

    def similar(self, country: str, keys: set[str]) -> list[Any]:
        """The items of ``country`` whose names look like ``keys``, in the order they were added."""
        found: dict[int, Any] = {}
        for block in blocks(keys):
            for other, item in self._by_block.get((country, block), ()):
                if id(item) not in found and similar(keys, other):
                    found[id(item)] = item
        return list(found.values())
