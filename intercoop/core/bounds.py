"""Plausibility: the bounds every stored value keeps, checked in one place before any row is written.

A date in year 1 or 9999, a count of 10^12 participants, an amount of 1e20: no college means them, and
the database would either refuse them with an error no user can read (an overflow is a 500) or keep a
value that breaks every figure built on it. ``check_instance`` runs before every save of a project model
(``core.apps`` connects it to ``pre_save``) and raises ``ImplausibleError`` naming the field, which pages
show beside it and the API answers as ``{"message", "code": "implausible", "field"}``; the API's
parameter types (``core.apitypes``) and the importers (``core.importing.Row``) use the same bounds.

Bounds that colleges set differently live in the institution's settings (``institution_bound``): the
longest stay abroad, for one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from intercoop.core.errors import DomainError

MAX_PK = 2**63 - 1
YEAR_MIN = 1900
YEAR_MAX = 2100
DATE_MIN = dt.date(YEAR_MIN, 1, 1)
DATE_MAX = dt.date(YEAR_MAX, 12, 31)
MAX_COUNT = 1_000_000
MAX_PAGE = 1000
MAX_OFFSET = 10**9

# Defaults of the bounds a college may change in ``Institution.settings[section][name]``.
INSTITUTION_DEFAULTS: dict[tuple[str, str], int] = {
    ("mobility", "max_stay_days"): 6 * 366,  # a whole degree abroad, with a margin
}


class ImplausibleError(DomainError):
    default_code = "implausible"


def institution_bound(institution: Any, section: str, name: str) -> int:
    raw = ((getattr(institution, "settings", None) or {}).get(section) or {}).get(name)
    if raw is None or raw == "":
        return INSTITUTION_DEFAULTS[(section, name)]
    return int(raw)


def date_problem(value: dt.date) -> str | None:
    """Why ``value`` cannot be a date of this system's records, or None."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if DATE_MIN <= day <= DATE_MAX:
        return None
    return _("%(value)s is not a plausible date: give one between %(first)s and %(last)s.") % {
        "value": day.isoformat(),
        "first": DATE_MIN.isoformat(),
        "last": DATE_MAX.isoformat(),
    }


def integer_problem(value: int, field: models.Field[Any, Any]) -> str | None:
    """The field's range as PostgreSQL keeps it (integer: ±2^31, bigint: ±2^63), on every database:
    SQLite would store a larger number that the production database then refuses."""
    low, high = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type(), (None, None))
    low = -MAX_PK - 1 if low is None else low
    high = MAX_PK if high is None else high
    if low <= value <= high:
        return None
    return _("%(value)s is too large a number for this field.") % {"value": value}


def decimal_problem(value: Decimal, field: models.DecimalField[Any, Any]) -> str | None:
    if not value.is_finite():
        return _("Give a number.")
    digits = field.max_digits - field.decimal_places
    if abs(value) < Decimal(10) ** digits:
        return None
    return _(
        "%(value)s is too large an amount for this field (at most %(digits)s digits before the point)."
    ) % {
        "value": f"{value:f}",
        "digits": digits,
    }


def check_instance(instance: models.Model) -> None:
    """Raise ``ImplausibleError`` for the first field of ``instance`` out of its bounds."""
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.is_relation:
            continue
        value = getattr(instance, field.attname, None)
        if value is None or isinstance(value, models.expressions.Combinable):
            continue
        problem = None
        if isinstance(field, models.DateField) and isinstance(value, dt.date):
            problem = date_problem(value)
        elif isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            problem = decimal_problem(value, field)
        elif (
            isinstance(field, models.IntegerField) and isinstance(value, int) and not isinstance(value, bool)
        ):
            problem = integer_problem(value, field)
        if problem:
            raise ImplausibleError(problem, field=field.name)


def on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # fixtures and snapshots load what was already stored
        return
    check_instance(instance)


DEFAULT_PHONE_REGION = "CN"  # a number written without +country code is read as a Chinese one


def phone_problem(text: str, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """Why ``text`` is not a telephone number (checked with Google's libphonenumber metadata through
    ``phonenumbers``), or None. Numbers abroad are written with their country code: +49 30 1234567 or
    0049 30 1234567; an extension may follow (ext. 12)."""
    import phonenumbers

    text = (text or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        return None
    return _(
        "“%(value)s” is not a telephone number. Write a mobile or landline number (+86 for China may be "
        "left out, other countries need their code: +49 30 1234567)."
    ) % {"value": text}


def validate_phone(value: str) -> None:
    """A model field validator: ``phone_problem`` as Django's ``ValidationError``."""
    from django.core.exceptions import ValidationError

    problem = phone_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_phone")


def parse_year(raw: Any, default: int) -> int:
    """A year from a page's query string (``?year=``): ``default`` when none is given; a year outside
    ``YEAR_MIN``–``YEAR_MAX`` or not a number is simply not found (404), never a 500."""
    from django.http import Http404

    if raw in (None, ""):
        return default
    try:
        year = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    return year
