"""Countries and regions (ISO 3166-1 alpha-2) with their Chinese and English names.

The codes are pycountry's ISO 3166-1 list; the names are CLDR's, through Babel (ADR 0014): maintained by
the Unicode consortium, the names Chinese readers expect (柬埔寨, 马耳他, 危地马拉, 吉尔吉斯斯坦), where
the translations shipped with pycountry read otherwise. A few names follow Chinese official usage.
Lists put China first, then sort by pinyin in Chinese (pypinyin) and alphabetically in English.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pycountry
from babel import Locale
from django.utils.translation import get_language
from pypinyin import Style, lazy_pinyin

# Names as Chinese official usage writes them, where CLDR's read otherwise.
_OVERRIDES = {
    "zh": {"HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾", "XK": "科索沃地区"},
    "en": {"HK": "Hong Kong, China", "MO": "Macao, China", "TW": "Taiwan, China", "XK": "Kosovo"},
}
# Codes outside ISO 3166-1 that European partners' data use for a place of their own: XK (Kosovo, the
# EC's and CLDR's code). They are valid codes here, so that such rows import.
_EXTRA_CODES = ("XK",)
# Codes the EC writes where ISO 3166 differs (its files and lists): Greece EL, the United Kingdom UK.
EC_ALIASES = {"EL": "GR", "UK": "GB"}


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse("zh_Hans" if lang == "zh" else "en").territories)


def _lang(language: str | None) -> str:
    return "zh" if (language or get_language() or "zh-hans").lower().startswith("zh") else "en"


def is_valid(code: str | None) -> bool:
    if not code or len(code) != 2:
        return False
    return code.upper() in _EXTRA_CODES or pycountry.countries.get(alpha_2=code.upper()) is not None


def normalise(code: str | None) -> str:
    return (code or "").strip().upper()


def from_ec(code: str | None) -> str:
    """An ISO code from a code as the EC writes it (``EL`` → ``GR``, ``UK`` → ``GB``), upper case."""
    text = normalise(code)
    return EC_ALIASES.get(text, text)


def name(code: str | None, language: str | None = None) -> str:
    """The country's name in the given (or current) language; the code itself if unknown."""
    if not code:
        return ""
    code = code.upper()
    lang = _lang(language)
    if code in _OVERRIDES[lang]:
        return _OVERRIDES[lang][code]
    if code in _territories(lang):
        return _territories(lang)[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def sort_key(text: str, language: str | None = None) -> tuple[str, ...]:
    """How a name sorts for a reader: by pinyin in Chinese, by its letters without accents in English."""
    if _lang(language) == "zh":
        return tuple(lazy_pinyin(text, style=Style.TONE3))
    plain = unicodedata.normalize("NFKD", text)
    return ("".join(c for c in plain if not unicodedata.combining(c)).casefold(),)


@cache
def _choices(lang: str) -> tuple[tuple[str, str], ...]:
    items = [(c.alpha_2, name(c.alpha_2, lang)) for c in pycountry.countries]
    items += [(code, name(code, lang)) for code in _EXTRA_CODES]
    # China first: most people in the directory are Chinese citizens.
    items.sort(key=lambda item: (item[0] != "CN", sort_key(item[1], lang)))
    return tuple(items)


def choices(language: str | None = None) -> list[tuple[str, str]]:
    return list(_choices(_lang(language)))
