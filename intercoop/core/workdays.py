"""Working days on the Chinese calendar: weekends off, public holidays off, make-up working days (调休) on.

The State Council publishes each year's arrangement late in the year before; ``data/cn_workdays.json``
holds the years published when this release was made. The international office adds a later year's
holidays and make-up working days, or corrects one, on the holiday calendar page (``core.calendar``,
``CalendarDay`` rows, audited) without a release, and marks the year complete (``CalendarYear``).

For a year neither covers yet, only weekends count as days off; ``covered(year)`` says whether a year's
arrangement is known, so pages can warn and link to the calendar page.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "cn_workdays.json"


@cache
def _published() -> tuple[frozenset[dt.date], frozenset[dt.date], frozenset[int]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))["years"]
    holidays = {dt.date.fromisoformat(d) for year in raw.values() for d in year["holidays"]}
    workdays = {dt.date.fromisoformat(d) for year in raw.values() for d in year["workdays"]}
    return frozenset(holidays), frozenset(workdays), frozenset(int(y) for y in raw)


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    years: frozenset[int]

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def covered(self, year: int) -> bool:
        return year in self.years

    def add(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        day, left = start, days
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def span_end(self, start: dt.date, days: int) -> dt.date:
        """The last day of ``days`` working days beginning on ``start`` (or on the next working day).

        A public notice of 5 working days put up on Friday 2026-09-18 runs 18, 20 (make-up Sunday),
        21, 22 and 23 September, and ends on the 23rd.
        """
        if days <= 0:
            return start
        first = start if self.is_workday(start) else self.add(start, 1)
        return self.add(first, days - 1)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 unless ``end`` is after ``start``)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count


def calendars_for(institution_ids: Iterable[int]) -> dict[int, Calendar]:
    """The calendars of several institutions, in two queries (for lists and reminders across them)."""
    from intercoop.core.models import CalendarDay, CalendarYear

    holidays, workdays, years = _published()
    ids = set(institution_ids)
    added: dict[int, tuple[set[dt.date], set[dt.date], set[int]]] = {i: (set(), set(), set()) for i in ids}
    days = CalendarDay.objects.filter(institution_id__in=ids, archived_at__isnull=True)
    for institution_id, day, kind in days.values_list("institution_id", "day", "kind"):
        added[institution_id][0 if kind == CalendarDay.Kind.HOLIDAY else 1].add(day)
    complete = CalendarYear.objects.filter(institution_id__in=ids, archived_at__isnull=True)
    for institution_id, year in complete.values_list("institution_id", "year"):
        added[institution_id][2].add(year)
    return {
        i: Calendar(
            holidays=frozenset((holidays | extra_off) - extra_on),
            workdays=frozenset((workdays - extra_off) | extra_on),
            years=years | frozenset(done),
        )
        for i, (extra_off, extra_on, done) in added.items()
    }


def calendar_for(institution: Any = None) -> Calendar:
    """The institution's calendar (the published one for None)."""
    if institution is None or getattr(institution, "pk", None) is None:
        holidays, workdays, years = _published()
        return Calendar(holidays=holidays, workdays=workdays, years=years)
    return calendars_for([institution.pk])[institution.pk]


def published_days(year: int) -> list[tuple[dt.date, str]]:
    """The days of ``year`` in the shipped arrangement: (date, "holiday" or "workday")."""
    holidays, workdays, _years = _published()
    days = [(d, "holiday") for d in holidays if d.year == year] + [
        (d, "workday") for d in workdays if d.year == year
    ]
    return sorted(days)


def published_years() -> list[int]:
    return sorted(_published()[2])
