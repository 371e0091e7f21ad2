"""Loading the public reference lists (MoE, Erasmus charter holders, world universities) into the database."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from intercoop.core.identifiers import ErasmusReading, erasmus_code_read
from intercoop.org.services import MOE_LIST
from intercoop.partners.matching import name_key
from intercoop.partners.models import ReferenceInstitution

DATA = Path(__file__).resolve().parent / "data"
ECHE = DATA / "eche_holders_2021_2027.csv"
WORLD = DATA / "world_universities.csv"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _list_code(text: str) -> str:
    """A code as the EC's own list writes it: the list is the authority, so a code it writes without its
    space (``RSPROKUP01``) is taken at its one possible prefix."""
    reading = erasmus_code_read(text)
    if reading.code:
        return reading.code
    return reading.candidates[0] if len(reading.candidates) == 1 else ""


def known_codes() -> frozenset[str]:
    """Every Erasmus code of the reference lists, for an import to resolve codes written without their
    space against (``core.identifiers.erasmus_code_read``)."""
    return frozenset(
        ReferenceInstitution.objects.exclude(erasmus_code="").values_list("erasmus_code", flat=True)
    )


def is_known_code(code: str) -> bool:
    return ReferenceInstitution.objects.filter(erasmus_code=code).exists()


def read_code(text: str) -> ErasmusReading:
    """One code typed by a user (a form, a search), resolved against the reference lists if need be."""
    return erasmus_code_read(text, is_known_code)


def _entries() -> Iterator[ReferenceInstitution]:
    Source = ReferenceInstitution.Source
    for row in _rows(MOE_LIST):
        yield ReferenceInstitution(
            source=Source.MOE,
            name=row["name"],
            country="CN",
            city=row["city"],
            moe_code=row["moe_code"],
            level=row["level"],
            search_key=name_key(row["name"]),
        )
    for row in _rows(ECHE):
        yield ReferenceInstitution(
            source=Source.ECHE,
            name=row["legal_name"],
            country=row["country"][:2],
            city=row["city"][:100],
            website=row["website"][:300],
            erasmus_code=_list_code(row["erasmus_code"]),
            pic=row["pic"][:9],
            oid=row["oid"][:9],
            search_key=name_key(row["legal_name"]),
        )
    for row in _rows(WORLD):
        yield ReferenceInstitution(
            source=Source.WORLD,
            name=row["name"][:300],
            country=row["country"][:2],
            city=row["state_province"][:100],
            website=row["website"][:300],
            search_key=name_key(row["name"]),
        )


@transaction.atomic
def load() -> dict[str, int]:
    """Replace the reference lists with the shipped files (they are public data, not users' records)."""
    ReferenceInstitution.objects.all().delete()
    batch: list[ReferenceInstitution] = []
    counts: dict[str, int] = {}
    for entry in _entries():
        batch.append(entry)
        counts[entry.source] = counts.get(entry.source, 0) + 1
        if len(batch) >= 2000:
            ReferenceInstitution.objects.bulk_create(batch)
            batch = []
    ReferenceInstitution.objects.bulk_create(batch)
    return counts
