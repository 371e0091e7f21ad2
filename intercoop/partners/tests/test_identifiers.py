from __future__ import annotations

import pytest

from intercoop.core.identifiers import credit_code_check_char, credit_code_is_valid, erasmus_code_normalise


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("D  BERLIN01", "D  BERLIN01"),
        ("D BERLIN01", "D  BERLIN01"),
        ("d\u00a0berlin01", "D  BERLIN01"),
        ("DBERLIN01", "D  BERLIN01"),
        ("UK BATH01", "UK BATH01"),
        ("UKBATH01", "UK BATH01"),
        ("F  PARIS007", "F  PARIS007"),
        ("IRL DUBLIN01", "IRLDUBLIN01"),
        ("SF HELSINK41", "SF HELSINK41"),
    ],
)
def test_erasmus_codes_are_normalised_whatever_the_spacing(raw, canonical):
    assert erasmus_code_normalise(raw) == canonical


@pytest.mark.parametrize("raw", ["XX FOO01", "BERLIN", "D  BERLIN", "", "12345"])
def test_invalid_erasmus_codes_are_refused(raw):
    assert erasmus_code_normalise(raw) is None


def test_unified_social_credit_codes_are_checked_by_their_check_character():
    assert credit_code_is_valid("91350100M000100Y43")
    assert credit_code_is_valid("91110000802100433B")
    assert not credit_code_is_valid("91350100M000100Y44")
    assert not credit_code_is_valid("91350100M000100Y4")
    assert not credit_code_is_valid("91350100M000100YO3")  # O is not in the alphabet
    assert credit_code_check_char("91440300708461136") == "T"
