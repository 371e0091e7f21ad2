"""Countries and regions (ISO 3166-1 alpha-2, from pycountry) with Chinese and English names."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language

# Names as Chinese official usage writes them, where the ISO short name reads otherwise.
_OVERRIDES = {
    "zh": {"HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾", "KR": "韩国", "KP": "朝鲜"},
    "en": {"HK": "Hong Kong, China", "MO": "Macao, China", "TW": "Taiwan, China"},
}


@cache
def _zh() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)


def _lang(language: str | None) -> str:
    return "zh" if (language or get_language() or "zh-hans").lower().startswith("zh") else "en"


def is_valid(code: str | None) -> bool:
    if not code or len(code) != 2:
        return False
    return pycountry.countries.get(alpha_2=code.upper()) is not None


def normalise(code: str | None) -> str:
    return (code or "").strip().upper()


def name(code: str | None, language: str | None = None) -> str:
    """The country's name in the given (or current) language; the code itself if unknown."""
    if not code:
        return ""
    code = code.upper()
    lang = _lang(language)
    if code in _OVERRIDES[lang]:
        return _OVERRIDES[lang][code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    english = getattr(country, "common_name", None) or country.name
    return _zh().gettext(country.name) if lang == "zh" else english


@cache
def _choices(lang: str) -> tuple[tuple[str, str], ...]:
    items = [(c.alpha_2, name(c.alpha_2, lang)) for c in pycountry.countries]
    # China first: most people in the directory are Chinese citizens.
    items.sort(key=lambda item: (item[0] != "CN", item[1] if lang == "en" else item[0]))
    return tuple(items)


def choices(language: str | None = None) -> list[tuple[str, str]]:
    return list(_choices(_lang(language)))
