"""The indicator registry: each indicator defined once, with its period, level and computation.

A computation returns the *items* a figure is made of (one per trip member, student, training, award…),
each with the amount it adds; the figure is their sum, so the drill-down adds up by construction. Items
carry the org-unit path of their record, so one computation serves the institution and every college.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from intercoop.core.periods import period_bounds


class PeriodKind:
    SCHOOL = "school"
    CALENDAR = "calendar"
    DATE = "date"


PERIOD_LABELS = {
    PeriodKind.SCHOOL: _("school year (1 September – 31 August)"),
    PeriodKind.CALENDAR: _("calendar year"),
    PeriodKind.DATE: _("statistical date"),
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def on(self) -> dt.date:
        """The statistical date (the period's last day for a headcount)."""
        return self.end

    def label(self) -> str:
        if self.kind == PeriodKind.DATE:
            return self.end.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def period_for(kind: str, year: int, statistical_date: dt.date) -> Period:
    """Report year ``year``: the school year ending on 31 August ``year``, the calendar year ``year``,
    or the statistical date of that school year."""
    if kind == PeriodKind.SCHOOL:
        start, end = period_bounds("school", year)
        return Period(kind, start, end)
    if kind == PeriodKind.CALENDAR:
        start, end = period_bounds("calendar", year)
        return Period(kind, start, end)
    return Period(kind, statistical_date, statistical_date)


@dataclass
class Item:
    """One record's contribution to a figure."""

    label: str
    url: str
    amount: int
    detail: str = ""
    unit_path: str = ""
    unit_name: str = ""
    countries: tuple[str, ...] = ()
    personal: bool = False


@dataclass
class Computation:
    items: list[Item] = field(default_factory=list)
    first_recorded: dt.date | None = None

    def value(self, unit_path: str | None = None) -> int:
        return sum(i.amount for i in self.for_unit(unit_path))

    def for_unit(self, unit_path: str | None) -> list[Item]:
        if not unit_path:
            return self.items
        return [i for i in self.items if i.unit_path.startswith(unit_path)]

    def countries(self, unit_path: str | None = None) -> list[str]:
        return sorted({c for i in self.for_unit(unit_path) if i.amount for c in i.countries})


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    definition: Any
    period: str
    compute: Callable[[Any, Period], Computation]
    levels: tuple[str, ...] = ("institution", "college")
    # The apps whose records the computation reads (org units and people, "org", always count): a change
    # to a record of another app leaves the stored figures of this indicator as they are.
    sources: tuple[str, ...] = ()
    since: int = 2017
    until: int | None = None
    shows_countries: bool = False

    @property
    def name(self) -> str:
        return self.name_zh if translation.get_language() in ("zh-hans", "zh-cn") else self.name_en

    @property
    def unit(self) -> str:
        return self.unit_zh if translation.get_language() in ("zh-hans", "zh-cn") else self.unit_en

    @property
    def period_label(self) -> Any:
        return PERIOD_LABELS[self.period]

    def depends_on(self, source: str) -> bool:
        return source == "org" or source in self.sources

    def valid_in(self, year: int) -> bool:
        return self.since <= year and (self.until is None or year <= self.until)


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY and _REGISTRY[indicator.code] != indicator:
        raise ValueError(f"Indicator {indicator.code} is defined twice")
    if not indicator.sources:
        raise ValueError(f"Indicator {indicator.code} does not say which apps' records it reads")
    _REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def all_indicators(year: int | None = None) -> list[Indicator]:
    return [i for i in _REGISTRY.values() if year is None or i.valid_in(year)]


def known(code: str) -> bool:
    return code in _REGISTRY


def name_of(code: str) -> str:
    """An indicator's name in the current language (its code when it is not registered)."""
    indicator = get(code)
    return str(indicator.name) if indicator is not None else code
