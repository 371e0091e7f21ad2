"""The indicator engine: values of institutions, org units and years, stored and refreshed (ADR 0011).

``Engine(institution).value(indicator, year, unit)`` answers from the stored figure when it is fresh and
computes it from the records otherwise (storing it); ``computation`` gives the items behind a value (the
drill-down). ``Figures`` reads and writes the stored figures of many institutions at once. A stored figure
is a ``StoredFigure``: per org unit, the value, its countries and the amount per set of countries.

Invalidation is an explicit hook: every change to a counted record reaches ``core.changes.record_changed``
(``core.audit.record`` calls it for each audited change; a service that changes such a record without an
audit entry calls it itself), which inserts a ``RecordChange``; the next read takes the changes in here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from intercoop.core.models import RecordChange
from intercoop.indicators import computations, registry
from intercoop.indicators.models import Adjustment, Figure, FigureState
from intercoop.indicators.registry import Computation, Indicator, Period
from intercoop.mobility.stays.services import statistical_date
from intercoop.org.models import Institution, OrgUnit

Number = int | float


def number(value: Decimal | int | float | None) -> Number | None:
    """A JSON-friendly number: whole values as int."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Value:
    indicator: Indicator
    period: Period
    computed: int | None
    adjustment: Adjustment | None = None
    countries: list[str] = field(default_factory=list)

    @property
    def reported(self) -> Number | None:
        if self.adjustment is not None:
            return number(self.adjustment.value)
        return self.computed

    @property
    def no_data(self) -> bool:
        return self.reported is None


class Figures:
    """The stored (pre-aggregated) figures of a set of institutions, read with four queries whatever their
    number and the size of their records, and refreshed where records changed (ADR 0011).

    A figure is valid for its indicator's current generation in the institution, when no change is pending
    to a record the indicator reads, and on the day it was computed unless its period had ended by then
    (computations depend on today). A change to a record (any audit entry about it) inserts a
    ``RecordChange`` naming the record's app; the first figure computed afterwards takes in the changes
    seen, starts a new generation of the indicators that read those apps, and recomputes what is asked
    for. Figures asked for "as of" another day than today are computed and not stored.
    """

    def __init__(self, institutions: list[Institution], today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.stores = self.today == timezone.localdate()
        self._ids = [i.pk for i in institutions]
        self._loaded = False
        self._units: dict[tuple[int, str, int], StoredFigure] = {}
        self._generations: dict[int, dict[str, int]] = {}
        self._pending: dict[int, list[tuple[int, str]]] = {}
        self._adjustments: dict[int, dict[tuple[str, int, int | None], Adjustment]] | None = None
        self.computed = 0  # figures computed from the records by this reader (the rest were read)

    @staticmethod
    def _affected(sources: set[str]) -> set[str]:
        return {i.code for i in registry.all_indicators() if any(i.depends_on(s) for s in sources)}

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if not self.stores:
            return
        self._generations = dict(
            FigureState.objects.filter(institution_id__in=self._ids).values_list(
                "institution_id", "generations"
            )
        )
        changes = RecordChange.objects.filter(institution_id__in=self._ids).order_by()
        for inst_id, change_id, source in changes.values_list("institution_id", "id", "source"):
            self._pending.setdefault(inst_id, []).append((change_id, source))
        stale = {i: self._affected({s for _id, s in p}) for i, p in self._pending.items()}
        rows = Figure.objects.filter(institution_id__in=self._ids).values_list(
            "institution_id", "indicator", "year", "generation", "computed_on", "period_end", "units"
        )
        for inst_id, code, year, generation, computed_on, period_end, units in rows:
            if (
                code not in stale.get(inst_id, ())
                and generation == self._generations.get(inst_id, {}).get(code, 0)
                and (computed_on == self.today or period_end < computed_on <= self.today)
            ):
                self._units[(inst_id, code, year)] = StoredFigure.from_json(units)

    def get(self, institution_id: int, code: str, year: int) -> StoredFigure | None:
        self._load()
        return self._units.get((institution_id, code, year))

    def before_computing(self, institution_id: int) -> None:
        """Take in the record changes seen so far: the indicators reading those records begin a new
        generation, their older figures are stale. Run before reading the records, so that a change
        committed meanwhile stays pending and is taken in next time."""
        self._load()
        pending = self._pending.pop(institution_id, None)
        if not pending:
            return
        with transaction.atomic():
            FigureState.objects.bulk_create(
                [FigureState(institution_id=institution_id)], ignore_conflicts=True
            )
            state = FigureState.objects.select_for_update().get(institution_id=institution_id)
            # Read again under the lock (another reader may have taken some in), then delete what was read.
            # A change committed between the two statements with a lower id is deleted unread: then every
            # indicator begins a new generation.
            changes = RecordChange.objects.filter(institution_id=institution_id)
            current = list(changes.values_list("id", "source"))
            affected = self._affected({source for _id, source in current})
            if current:
                deleted, _by_model = changes.filter(id__lte=max(i for i, _s in current)).delete()
                if deleted != len(current):
                    affected = {i.code for i in registry.all_indicators()}
            generations = dict(state.generations)
            for code in affected:
                generations[code] = generations.get(code, 0) + 1
            state.generations = generations
            state.save(update_fields=["generations"])
        self._generations[institution_id] = generations
        for key in [k for k in self._units if k[0] == institution_id and k[1] in affected]:
            del self._units[key]

    def put(self, institution_id: int, code: str, year: int, period: Period, units: StoredFigure) -> None:
        self.computed += 1
        self._units[(institution_id, code, year)] = units
        if not self.stores:
            return
        Figure.objects.bulk_create(
            [
                Figure(
                    institution_id=institution_id,
                    indicator=code,
                    year=year,
                    generation=self._generations.get(institution_id, {}).get(code, 0),
                    computed_on=self.today,
                    period_end=period.end,
                    units=units.to_json(),
                )
            ],
            update_conflicts=True,
            unique_fields=["institution", "indicator", "year"],
            update_fields=["generation", "computed_on", "period_end", "units"],
        )

    def adjustments(self, institution_id: int) -> dict[tuple[str, int, int | None], Adjustment]:
        if self._adjustments is None:
            self._adjustments = {i: {} for i in self._ids}
            for a in Adjustment.objects.filter(institution_id__in=self._ids, archived_at__isnull=True):
                self._adjustments[a.institution_id][(a.indicator, a.year, a.org_unit_id)] = a
        return self._adjustments.get(institution_id, {})


@dataclass(frozen=True)
class UnitFigure:
    """One part of a stored figure: the institution's (key "") or one org unit's (key: its path)."""

    value: int | None  # None: no data for the period (nothing recorded yet), not zero
    countries: tuple[str, ...]  # the countries with a non-zero amount
    by_countries: dict[str, int]  # amount per set of countries, "DE,FR" (the dashboard's filters)

    def to_json(self) -> dict[str, Any]:
        # Short keys keep a figure of an institution with many units small (one row per indicator and year).
        return {"v": self.value, "c": list(self.countries), "k": dict(self.by_countries)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UnitFigure:
        return cls(value=data["v"], countries=tuple(data["c"]), by_countries=dict(data["k"]))


@dataclass(frozen=True)
class StoredFigure:
    """What ``indicators.Figure.units`` holds for one institution, indicator and year."""

    units: dict[str, UnitFigure]

    @property
    def total(self) -> int | None:
        return self.units[""].value

    def of(self, unit: OrgUnit | None) -> UnitFigure | None:
        return self.units.get(unit.path if unit is not None else "")

    def to_json(self) -> dict[str, Any]:
        return {key: part.to_json() for key, part in self.units.items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredFigure:
        return cls({key: UnitFigure.from_json(part) for key, part in data.items()})


def summarise(comp: Computation, has_data: bool) -> StoredFigure:
    """A computation as stored: for the institution ("") and every org unit an item lies in (each
    ancestor of its unit), the value, the countries with a non-zero amount, and the amount per set of
    countries."""
    values: dict[str, int] = {"": 0}
    combos: dict[str, dict[str, int]] = {"": {}}
    for item in comp.items:
        parts = [p for p in item.unit_path.strip("/").split("/") if p]
        keys = [""] + ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
        combo = ",".join(sorted(set(item.countries)))
        for key in keys:
            values[key] = values.get(key, 0) + item.amount
            by = combos.setdefault(key, {})
            by[combo] = by.get(combo, 0) + item.amount
    return StoredFigure(
        {
            key: UnitFigure(
                value=value if has_data else None,
                countries=tuple(
                    sorted({c for combo, n in combos[key].items() if n for c in combo.split(",") if c})
                ),
                by_countries=combos[key],
            )
            for key, value in values.items()
        }
    )


class Engine:
    """Indicator values of one institution: stored figures where fresh, otherwise computed from the
    records (and stored); the items behind a value only on demand (``computation``, the drill-down)."""

    def __init__(
        self, institution: Institution, today: dt.date | None = None, figures: Figures | None = None
    ) -> None:
        self.institution = institution
        self.today = today or timezone.localdate()
        self.figures = figures or Figures([institution], self.today)
        self._cache: dict[tuple[str, int], tuple[Computation, Period]] = {}
        self._first_memo: dict[tuple[str, str], Any] = {}

    @classmethod
    def for_each(cls, institutions: list[Institution], today: dt.date | None = None) -> list[Engine]:
        """Engines of several institutions reading their stored figures together."""
        figures = Figures(institutions, today)
        return [cls(inst, figures.today, figures) for inst in institutions]

    def period(self, indicator: Indicator, year: int) -> Period:
        return registry.period_for(indicator.period, year, statistical_date(self.institution, year))

    def computation(self, indicator: Indicator, year: int) -> tuple[Computation, Period]:
        """The items behind the value, computed from the records now (kept for this engine: the
        drill-down reads them more than once)."""
        key = (indicator.code, year)
        if key not in self._cache:
            self._cache[key] = self._compute(indicator, year)
        return self._cache[key]

    def _compute(self, indicator: Indicator, year: int) -> tuple[Computation, Period]:
        period = self.period(indicator, year)
        with computations.first_dates(self._first_memo):
            comp = indicator.compute(self.institution, period)
        if period.start > self.today:
            # A period that has not begun (a statistical date ahead) is "no data": its drill-down lists
            # nothing either, so that the value and its records always agree.
            comp = Computation([], comp.first_recorded)
        return comp, period

    def _has_data(self, comp: Computation, period: Period) -> bool:
        return (
            comp.first_recorded is not None
            and comp.first_recorded <= period.end
            and period.start <= self.today
        )

    def units(self, indicator: Indicator, year: int) -> StoredFigure:
        units = self.figures.get(self.institution.pk, indicator.code, year)
        if units is None:
            self.figures.before_computing(self.institution.pk)
            # Summed and let go: a page of many figures never holds all their items at once.
            comp, period = self._cache.get((indicator.code, year)) or self._compute(indicator, year)
            units = summarise(comp, self._has_data(comp, period))
            self.figures.put(self.institution.pk, indicator.code, year, period, units)
        return units

    def adjustments(self) -> dict[tuple[str, int, int | None], Adjustment]:
        return self.figures.adjustments(self.institution.pk)

    def value(self, indicator: Indicator, year: int, unit: OrgUnit | None = None) -> Value:
        figure = self.units(indicator, year)
        entry = figure.of(unit)
        return Value(
            indicator=indicator,
            period=self.period(indicator, year),
            computed=None if figure.total is None else (entry.value if entry else 0),
            adjustment=self.adjustments().get((indicator.code, year, unit.pk if unit else None)),
            countries=list(entry.countries) if entry else [],
        )

    def amount_where(
        self, indicator: Indicator, year: int, unit: OrgUnit | None, keep: Callable[[tuple[str, ...]], bool]
    ) -> int | None:
        """The computed value counting only the items whose countries ``keep`` accepts."""
        figure = self.units(indicator, year)
        if figure.total is None:
            return None
        entry = figure.of(unit)
        if entry is None:
            return 0
        return sum(
            n for combo, n in entry.by_countries.items() if keep(tuple(c for c in combo.split(",") if c))
        )
