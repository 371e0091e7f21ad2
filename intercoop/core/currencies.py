"""Currencies (ISO 4217) with their Chinese and English names, from CLDR through Babel (ADR 0014).

Amounts abroad are spent in the host country's currency and settled in yuan at the rate of the day the
finance office applies (the bank's, on the receipt's date); nothing here fetches rates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_name, get_territory_currencies, is_currency
from django.utils.translation import get_language

HOME = "CNY"
COMMON = ("CNY", "USD", "EUR", "GBP", "JPY", "HKD", "MOP", "TWD")


def _locale(language: str | None) -> str:
    return "zh_Hans_CN" if (language or get_language() or "zh-hans").lower().startswith("zh") else "en"


def is_valid(code: str | None) -> bool:
    return bool(code) and len(code or "") == 3 and is_currency((code or "").upper())


def name(code: str, language: str | None = None) -> str:
    return get_currency_name(code.upper(), locale=_locale(language)) if is_valid(code) else code


def of_countries(countries: Iterable[str], on: dt.date | None = None) -> list[str]:
    """The currencies in use in the given countries (ISO 3166 codes) on a day."""
    day = on or dt.date.today()
    found: list[str] = []
    for country in countries:
        for code in get_territory_currencies(country.upper(), day, tender=True):
            if code not in found:
                found.append(code)
    return found


def choices(countries: Iterable[str] = (), language: str | None = None) -> list[tuple[str, str]]:
    """The yuan first, then the destinations' currencies, then the usual ones, each as "USD 美元"."""
    codes: list[str] = [HOME]
    for code in (*of_countries(countries), *COMMON):
        if code not in codes:
            codes.append(code)
    return [(code, f"{code} {name(code, language)}") for code in codes]


def to_home(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` in a currency at ``rate`` yuan per unit, rounded to the fen."""
    return (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
