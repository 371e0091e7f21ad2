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
    assert len(choices) == 250  # the 249 of ISO 3166-1, and XK that the EC's data use (issue 18)
    assert ("XK", "科索沃地区") in choices


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


def test_country_names_are_cldr_s_and_lists_sort_as_readers_expect():
    """Issue 15, item 4: 柬埔塞, 马尔他, 瓜地马拉, 吉尔吉斯坦 were wrong; Chinese lists ran by ISO code."""
    from pypinyin import lazy_pinyin

    from intercoop.core import countries

    assert [countries.name(c, "zh-hans") for c in ("KH", "MT", "GT", "KG")] == [
        "柬埔寨",
        "马耳他",
        "危地马拉",
        "吉尔吉斯斯坦",
    ]
    assert countries.name("TW", "zh-hans") == "中国台湾" and countries.name("HK", "en") == "Hong Kong, China"
    zh = countries.choices("zh-hans")
    assert zh[0] == ("CN", "中国") and len(zh) == 250
    initials = [lazy_pinyin(n)[0][0] for _c, n in zh[1:]]
    assert initials == sorted(initials)  # by pinyin: 阿尔巴尼亚 … 德国 among the D's … 中非
    names = [n for _c, n in zh]
    assert names.index("埃及") < names.index("爱尔兰") < names.index("德国") < names.index("法国")
    assert zh[1][1] == "阿尔巴尼亚"
    en = [n for _c, n in countries.choices("en")[1:]]
    assert en[:3] == ["Afghanistan", "Åland Islands", "Albania"]
