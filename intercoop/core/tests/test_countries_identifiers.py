from __future__ import annotations

from django.utils import translation

from intercoop.core import countries
from intercoop.core.identifiers import (
    china_resident_id_check_char,
    china_resident_id_is_valid,
    moe_code_is_valid,
    normalise_code,
    passport_number_is_valid,
)


def test_country_names_follow_the_language_and_chinese_usage_for_regions():
    assert countries.name("DE", "zh-hans") == "德国"
    assert countries.name("DE", "en") == "Germany"
    assert countries.name("HK", "zh-hans") == "中国香港"
    assert countries.name("TW", "en") == "Taiwan, China"
    with translation.override("en"):
        assert countries.name("sa") == "Saudi Arabia"


def test_unknown_country_codes_are_invalid():
    assert countries.is_valid("LK")
    assert not countries.is_valid("XX")
    assert not countries.is_valid("")
    assert not countries.is_valid("CHN")
    assert not countries.is_valid(None)


def test_country_choices_put_china_first_and_cover_every_iso_country():
    choices = countries.choices("zh-hans")
    assert choices[0] == ("CN", "中国")
    assert len(choices) == 249


def test_resident_id_check_character_is_verified():
    assert china_resident_id_is_valid("11010519491231002X")  # the standard's own example
    assert china_resident_id_is_valid("11010519491231002x")
    assert not china_resident_id_is_valid("110105194912310021")
    assert not china_resident_id_is_valid("1101051949123100")
    first17 = "50010319900101123"
    assert china_resident_id_is_valid(first17 + china_resident_id_check_char(first17))


def test_passport_numbers_and_moe_codes():
    assert passport_number_is_valid("e 1234 5678")
    assert normalise_code("e 1234-5678") == "E12345678"
    assert not passport_number_is_valid("E12")
    assert moe_code_is_valid("4150012605")
    assert not moe_code_is_valid("415001260")
    assert not moe_code_is_valid("41500126O5")
