"""Bounded types for the API's parameters and bodies, shared by every app's ``api.py``.

An integer the database cannot hold, a year no calendar has, a page past anything stored: each is refused
by validation (422 naming the field) before a query is built, instead of overflowing in the database
driver. The bounds are the plausibility rules of ``core.bounds``, the same the forms and importers use.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from intercoop.core.bounds import MAX_COUNT, MAX_OFFSET, MAX_PAGE, MAX_PK, YEAR_MAX, YEAR_MIN
from intercoop.core.errors import DomainError

Id = Annotated[int, Field(ge=1, le=MAX_PK)]
"""A record's key: a positive 64-bit integer."""

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
"""A report year or calendar year (``docs/indicators.md``)."""

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
"""A number of people, places, days or months."""


class Pagination(LimitOffsetPagination):
    """``limit`` and ``offset`` with bounds: at most ``MAX_PAGE`` rows a page, an offset up to
    ``MAX_OFFSET``."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def patch_data(payload: Schema, model: type[models.Model]) -> dict[str, Any]:
    """The fields a PATCH body gave, refusing ``null`` for a field the record must have (422 naming it):
    in a PATCH, leaving a field out keeps it; ``null`` would empty it, and only optional fields may be
    emptied (a text that may be blank becomes ""). A ``*_id``/``*_ids`` link is checked against its
    relation's field."""
    data = payload.dict(exclude_unset=True)
    for name, value in data.items():
        if value is not None:
            continue
        field_name = name.removesuffix("_ids").removesuffix("_id")
        try:
            field = model._meta.get_field(field_name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "null", False) or field.many_to_many or field.one_to_many:
            continue
        if isinstance(field, models.CharField | models.TextField) and field.blank:
            data[name] = ""
        else:
            raise DomainError(
                _("This field cannot be emptied; leave it out to keep its value."),
                code="required",
                field=name,
            )
    return data
