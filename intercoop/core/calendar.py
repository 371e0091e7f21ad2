"""The holiday calendar an international office keeps (core.workdays reads it): the days a year's
arrangement adds to or changes in the published one, entered as the State Council's notice lists them.

Every write is audited; a day entered by mistake is archived, never deleted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from intercoop.core import audit
from intercoop.core.access import access_for, parse_pk
from intercoop.core.archiving import set_archived
from intercoop.core.errors import DomainError
from intercoop.core.models import CalendarDay, CalendarYear
from intercoop.core.permissions import CALENDAR_CHANGE
from intercoop.core.workdays import published_years

FIRST_YEAR, YEARS_AHEAD = 2000, 2
HOLIDAY_WORDS = {"休", "假", "放假", "holiday", "off", "h"}
WORKDAY_WORDS = {"班", "上班", "调休上班", "workday", "work", "w"}
LINE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s+(\S+)\s*(.*?)\s*$")


class CalendarError(DomainError):
    pass


@dataclass(frozen=True)
class Entry:
    day: dt.date
    kind: str
    name: str


def parse(text: str, year: int) -> list[Entry]:
    """Lines such as ``2027-02-06 休 春节`` or ``2027-02-14 班 春节调休``: a date, 休 (a day off) or 班 (a
    working day; holiday and workday in English), and a name. Every line's fault is named at once."""
    entries: list[Entry] = []
    errors: list[str] = []
    seen: set[dt.date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = LINE.match(raw)
        if match is None:
            errors.append(_("Line %(n)s: write the date, 休 or 班, and the name.") % {"n": number})
            continue
        try:
            day = dt.date.fromisoformat("-".join(p.zfill(2) for p in match.group(1).split("-")))
        except ValueError:
            errors.append(
                _("Line %(n)s: “%(value)s” is not a date.") % {"n": number, "value": match.group(1)}
            )
            continue
        word = match.group(2).lower()
        kind = (
            CalendarDay.Kind.HOLIDAY
            if word in HOLIDAY_WORDS
            else CalendarDay.Kind.WORKDAY
            if word in WORKDAY_WORDS
            else None
        )
        if kind is None:
            errors.append(
                _("Line %(n)s: “%(value)s” is neither 休 (a day off) nor 班 (a working day).")
                % {"n": number, "value": match.group(2)}
            )
        elif day.year != year:
            errors.append(
                _("Line %(n)s: %(day)s is not in %(year)s.") % {"n": number, "day": day, "year": year}
            )
        elif day in seen:
            errors.append(_("Line %(n)s: %(day)s is listed twice.") % {"n": number, "day": day})
        else:
            seen.add(day)
            entries.append(Entry(day, kind, match.group(3)[:100]))
    if errors:
        raise CalendarError(" ".join(errors), field="days")
    if not entries:
        raise CalendarError(_("Enter at least one day."), field="days")
    return entries


def check_year(year: int, today: dt.date) -> None:
    if not FIRST_YEAR <= year <= today.year + YEARS_AHEAD:
        raise CalendarError(
            _("Choose a year between %(a)s and %(b)s.") % {"a": FIRST_YEAR, "b": today.year + YEARS_AHEAD}
        )


@transaction.atomic
def days_add(*, institution: Any, year: int, text: str, complete: bool, actor: Any, today: dt.date) -> int:
    """Add (or correct) the listed days of ``year``; with ``complete``, the year's arrangement is whole.
    A day already on the calendar with another kind or name is replaced (the old row archived). Returns
    how many days changed."""
    check_year(year, today)
    entries = parse(text, year)
    current = {
        d.day: d
        for d in CalendarDay.objects.select_for_update().filter(
            institution=institution, day__year=year, archived_at__isnull=True
        )
    }
    changed = 0
    for entry in entries:
        existing = current.get(entry.day)
        if existing is not None and (existing.kind, existing.name) == (entry.kind, entry.name):
            continue
        if existing is not None:
            set_archived(
                existing,
                archived=True,
                actor=actor,
                action="core.calendar_day.replaced",
                error=CalendarError,
                unchanged="",
            )
        day = CalendarDay.objects.create(
            institution=institution, day=entry.day, kind=entry.kind, name=entry.name
        )
        audit.record(
            day,
            "core.calendar_day.added",
            actor=actor,
            changes={"kind": [existing.kind if existing else None, entry.kind], "name": [None, entry.name]},
        )
        changed += 1
    if complete:
        year_complete(institution=institution, year=year, actor=actor, today=today)
    return changed


@transaction.atomic
def day_archive(*, day: CalendarDay, actor: Any) -> CalendarDay:
    day = CalendarDay.objects.select_for_update().get(pk=day.pk)
    return set_archived(
        day,
        archived=True,
        actor=actor,
        action="core.calendar_day.archived",
        error=CalendarError,
        unchanged=_("The day is removed from the calendar already."),
    )


@transaction.atomic
def year_complete(*, institution: Any, year: int, actor: Any, today: dt.date) -> CalendarYear | None:
    """Mark ``year``'s arrangement as entered in full (nothing to do for a year published with the app)."""
    check_year(year, today)
    if year in published_years():
        return None
    found = CalendarYear.objects.filter(institution=institution, year=year, archived_at__isnull=True).first()
    if found is not None:
        return found
    entry = CalendarYear.objects.create(institution=institution, year=year)
    audit.record(entry, "core.calendar_year.completed", actor=actor, data={"year": year})
    return entry


@transaction.atomic
def year_reopen(*, entry: CalendarYear, actor: Any) -> CalendarYear:
    entry = CalendarYear.objects.select_for_update().get(pk=entry.pk)
    return set_archived(
        entry,
        archived=True,
        actor=actor,
        action="core.calendar_year.reopened",
        error=CalendarError,
        unchanged=_("The year is not marked complete."),
    )


# -- reads ------------------------------------------------------------------------------------------------


def keeper_institution(user: Any) -> int:
    """The institution whose calendar ``user`` keeps; 404 for anyone without the right for all of it."""
    access = access_for(user)
    if access.institution_id is None or not access.can_institution_wide(CALENDAR_CHANGE):
        raise Http404
    return access.institution_id


def days_of(institution_id: int, year: int) -> list[CalendarDay]:
    return list(
        CalendarDay.objects.filter(institution_id=institution_id, day__year=year, archived_at__isnull=True)
    )


def completion_of(institution_id: int, year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(
        institution_id=institution_id, year=year, archived_at__isnull=True
    ).first()


def day_get_for_user(*, user: Any, pk: Any) -> CalendarDay:
    day = CalendarDay.objects.filter(pk=parse_pk(pk), institution_id=keeper_institution(user)).first()
    if day is None:
        raise Http404
    return day


def year_get_for_user(*, user: Any, pk: Any) -> CalendarYear:
    entry = CalendarYear.objects.filter(pk=parse_pk(pk), institution_id=keeper_institution(user)).first()
    if entry is None:
        raise Http404
    return entry
