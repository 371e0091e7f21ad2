from __future__ import annotations

import pytest

from intercoop.core.identifiers import (
    credit_code_check_char,
    credit_code_is_valid,
    erasmus_code_normalise,
    erasmus_code_read,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("D  BERLIN01", "D  BERLIN01"),
        ("D BERLIN01", "D  BERLIN01"),
        ("d\u00a0berlin01", "D  BERLIN01"),
        ("UK BATH01", "UK BATH01"),
        ("F  PARIS007", "F  PARIS007"),
        ("IRL DUBLIN01", "IRLDUBLIN01"),
        ("IRLDUBLIN01", "IRLDUBLIN01"),  # a three-letter prefix has no space in the canonical form
        ("LUXLUX-VIL01", "LUXLUX-VIL01"),
        ("SF HELSINK41", "SF HELSINK41"),
        ("CH WINTERT03", "CH WINTERT03"),  # Switzerland in the 2011-2014 records
        ("D\u2007BERLIN01", "D  BERLIN01"),  # a figure space pasted from a PDF
    ],
)
def test_erasmus_codes_are_normalised_whatever_the_spacing(raw, canonical):
    assert erasmus_code_normalise(raw) == canonical


@pytest.mark.parametrize("raw", ["XX FOO01", "BERLIN", "D  BERLIN", "", "12345", "NO OSLO01"])
def test_invalid_erasmus_codes_are_refused(raw):
    assert erasmus_code_normalise(raw) is None


@pytest.mark.parametrize(
    ("raw", "candidates"),
    [
        # Written without the space: splitting at a known prefix would silently change the country.
        ("PALMA01", ("P  ALMA01",)),  # Universitat de les Illes Balears is E  PALMA01
        ("EURFIESOLE01", ("E  URFIESOLE01",)),
        ("DBERLIN01", ("D  BERLIN01",)),
        ("SFHELSINK41", ("SF HELSINK41", "S  FHELSINK41")),
    ],
)
def test_a_code_without_its_space_is_refused_as_ambiguous_unless_the_reference_list_knows_it(raw, candidates):
    reading = erasmus_code_read(raw)
    assert (reading.code, reading.problem, reading.candidates) == (None, "ambiguous", candidates)
    reference = {"D  BERLIN01", "SF HELSINK41"}
    expected = next((c for c in candidates if c in reference), None)
    assert erasmus_code_normalise(raw, reference.__contains__) == expected


def test_a_space_after_an_unknown_prefix_is_not_recombined():
    assert erasmus_code_read("NO OSLO01").problem == "unknown_prefix"  # Norway is N, not N  OOSLO01


def test_the_prefix_list_covers_every_code_of_the_ec_lists_in_the_shared_data():
    """Every code of the ECHE 2021-2027 list and of the 2008 mobility sample reads as a code, except the
    few the lists themselves write without a space (a reference look-up resolves those)."""
    import csv
    from pathlib import Path

    import openpyxl

    shared = Path(__file__).resolve().parents[3].parent / "shared" / "data"
    if not shared.exists():
        pytest.skip("the shared data are not beside the project")
    codes: set[str] = set()
    book = openpyxl.load_workbook(
        shared / "reference" / "eche_holders_2021_2027_2026-04-08.xlsx", read_only=True
    )
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(r for r in rows if r and "Erasmus Code" in r)
    column = header.index("Erasmus Code")
    codes |= {str(r[column]) for r in rows if r and r[column]}
    with (shared / "samples" / "erasmus_student_mobility_2008_part000.csv").open(newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            codes |= {row["home_institution"], row["host_institution"]} - {""}
    problems = {code: erasmus_code_read(code).problem for code in codes}
    unknown = sorted(c for c, p in problems.items() if p == "unknown_prefix")
    malformed = sorted(c for c, p in problems.items() if p == "malformed")
    ambiguous = sorted(c for c, p in problems.items() if p == "ambiguous")
    assert unknown == [] and malformed == []
    assert len(codes) > 5000 and len(ambiguous) < 10, ambiguous


def test_unified_social_credit_codes_are_checked_by_their_check_character():
    assert credit_code_is_valid("91350100M000100Y43")
    assert credit_code_is_valid("91110000802100433B")
    assert not credit_code_is_valid("91350100M000100Y44")
    assert not credit_code_is_valid("91350100M000100Y4")
    assert not credit_code_is_valid("91350100M000100YO3")  # O is not in the alphabet
    assert credit_code_check_char("91440300708461136") == "T"
