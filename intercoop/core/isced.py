"""ISCED-F 2013 fields of education and training (UNESCO), from data/isced_f_2013.csv (MIT)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "isced_f_2013.csv"


@cache
def fields() -> dict[str, str]:
    """Code → English label, for broad (2 digits), narrow (3) and detailed (4) fields."""
    with DATA.open(encoding="utf-8") as fh:
        return {row["code"]: row["label_en"] for row in csv.DictReader(fh)}


def is_valid(code: str) -> bool:
    return code in fields()


def label(code: str) -> str:
    return fields().get(code, code)


def parse_codes(text: str) -> tuple[list[str], list[str]]:
    """Split "0713, 0715;0613" into (valid codes, unknown codes)."""
    codes = [c.strip() for c in text.replace(";", ",").replace("，", ",").split(",") if c.strip()]
    return [c for c in codes if is_valid(c)], [c for c in codes if not is_valid(c)]
