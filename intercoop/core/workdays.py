"""Working days on the Chinese calendar: weekends off, public holidays off, make-up working days (调休) on.

The State Council publishes each year's arrangement late in the year before; ``data/cn_workdays.json``
holds the published years. An institution adds or corrects days in its settings without a release::

    Institution.settings["calendar"] = {"extra_holidays": ["2027-01-01"], "extra_workdays": []}

For a year the file does not cover yet, only weekends count as days off; ``covered(year)`` says whether a
year's arrangement is known, so pages can warn.
"""

from __future__ import annotations

import datetime as dt
import json
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


def _dates(values: Any) -> frozenset[dt.date]:
    result = set()
    for value in values or ():
        try:
            result.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue  # a malformed entry in settings is ignored rather than breaking every page
    return frozenset(result)


def calendar_for(institution: Any = None) -> Calendar:
    holidays, workdays, years = _published()
    conf = ((getattr(institution, "settings", None) or {}) if institution is not None else {}).get(
        "calendar", {}
    )
    extra_holidays, extra_workdays = _dates(conf.get("extra_holidays")), _dates(conf.get("extra_workdays"))
    return Calendar(
        holidays=(holidays | extra_holidays) - extra_workdays,
        workdays=(workdays - extra_holidays) | extra_workdays,
        years=years | frozenset(int(y) for y in conf.get("years_covered", ()) if str(y).isdigit()),
    )
