"""What the dashboard shows, for one user and one set of filters: key indicators against this year's
targets, five-year trends, partners and mobility flows on the world map, the ranking of colleges,
agreement health and alerts. Every element carries the address of the records behind it, except for
supervisors, who see figures only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from intercoop.agreements.config import settings_for
from intercoop.agreements.models import Agreement, AgreementParty
from intercoop.agreements.selectors import Health, agreement_list, with_health
from intercoop.core.access import access_for
from intercoop.core.countries import name as country_name
from intercoop.dashboard import geo
from intercoop.indicators import registry
from intercoop.indicators.models import Report
from intercoop.indicators.registry import Indicator
from intercoop.indicators.selectors import Engine, colleges, readable_units, supervised, unit_for
from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
from intercoop.mobility.models import Mobility
from intercoop.mobility.stays.selectors import deadlines_due
from intercoop.org.models import Institution, OrgUnit
from intercoop.partners.models import Partner
from intercoop.planning.models import Plan, Target
from intercoop.planning.selectors import assess, scheme_for
from intercoop.travel.selectors import reports_due

KPI_CODES = (
    "intl_students_fulltime",
    "foreign_trainee_person_days",
    "cn_enterprise_internship_person_days",
    "teachers_abroad_person_days",
    "teachers_with_foreign_posts",
    "programme_standards_adopted",
    "course_standards_adopted",
    "awards_abroad",
    "overseas_sites",
    "outgoing_students",
    "incoming_students",
    "foreign_experts",
)
TREND_CODES = (
    "outgoing_students",
    "teachers_abroad_person_days",
    "foreign_trainee_person_days",
    "intl_students_fulltime",
)
HOME = (106.55, 29.56)  # Chongqing; Institution.settings["dashboard"]["home"] = [lon, lat] changes it


@dataclass
class Filters:
    year: int
    unit: OrgUnit | None = None
    country: str = ""
    bri: bool = False


@dataclass
class Kpi:
    indicator: Indicator
    value: float | int | None
    target: float | None
    url: str | None

    @property
    def percent(self) -> int | None:
        if self.value is None or not self.target:
            return None
        return round(float(self.value) / self.target * 100)


@dataclass
class Board:
    filters: Filters
    institutions: list[Institution]
    aggregate: bool
    kpis: list[Kpi] = field(default_factory=list)
    trend_years: list[int] = field(default_factory=list)
    trends: list[tuple[Indicator, list[float | int | None]]] = field(default_factory=list)
    partners: list[dict[str, Any]] = field(default_factory=list)
    flows: list[dict[str, Any]] = field(default_factory=list)
    ranking: list[dict[str, Any]] = field(default_factory=list)
    health: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    units: list[OrgUnit] = field(default_factory=list)  # the colleges the college filter offers
    home: tuple[float, float] = HOME
    bri_countries: set[str] = field(default_factory=set)
    # The year's national table as submitted, per institution that has submitted it: its values are the
    # ones shown (issue 17 item 7), and the page says so.
    submitted: dict[int, str] = field(default_factory=dict)  # institution id -> submitted on (date)


def _url(name: str, args: list[Any] | None = None, **query: Any) -> str:
    params = {k: v for k, v in query.items() if v not in (None, "", False)}
    return reverse(name, args=args or []) + (f"?{urlencode(params)}" if params else "")


def _bri_countries(institutions: list[Institution]) -> set[str]:
    return set(
        Partner.objects.filter(institution__in=institutions, belt_and_road=True, archived_at__isnull=True)
        .values_list("country", flat=True)
        .distinct()
    )


def _keep(filters: Filters, bri: set[str]) -> Any:
    """Does an item (by its countries) pass the country and Belt-and-Road filters?"""

    def keep(countries: tuple[str, ...]) -> bool:
        if filters.country and filters.country not in countries:
            return False
        return not (filters.bri and not bri.intersection(countries))

    return keep


def _value(
    engine: Engine, indicator: Indicator, year: int, unit: OrgUnit | None, keep: Any, plain: bool
) -> Any:
    """The reported value, or (with a country filter) the amount of the items in that country."""
    value = engine.value(indicator, year, unit)
    if plain or value.reported is None:
        return value.reported
    return engine.amount_where(indicator, year, unit, keep)


def _targets(institutions: list[Institution], year: int, unit: OrgUnit | None) -> dict[str, float]:
    targets: dict[str, float] = {}
    for code, value in Target.objects.filter(
        institution__in=institutions,
        year=year,
        org_unit=unit,
        archived_at__isnull=True,
        plan__archived_at__isnull=True,
        plan__status=Plan.Status.ADOPTED,
    ).values_list("indicator", "value"):
        targets[code] = targets.get(code, 0.0) + float(Decimal(value))
    return targets


def board(user: Any, filters: Filters, today: dt.date | None = None, unit: Any = None) -> Board:
    """``unit`` is the college asked for (a primary key): 404 unless the user may read it; a liaison who
    asks for none gets their own, a supervisor never one."""
    today = today or timezone.localdate()
    access = access_for(user)
    aggregate = access.institution_id is None
    offered: list[OrgUnit] = []
    if aggregate:
        institutions = supervised(user)
        if unit not in (None, ""):
            raise Http404
        filters.unit = None
    else:
        institution = Institution.objects.get(pk=access.own_institution())
        institutions = [institution]
        readable = readable_units(user, institution)
        offered = colleges(institution) if readable is None else readable
        filters.unit = unit_for(readable, offered, unit)
    result = Board(filters=filters, institutions=institutions, aggregate=aggregate, units=offered)
    if not aggregate:
        home = (institutions[0].settings or {}).get("dashboard", {}).get("home")
        if home:
            result.home = (float(home[0]), float(home[1]))
    result.bri_countries = _bri_countries(institutions)
    keep = _keep(filters, result.bri_countries)
    plain = not filters.country and not filters.bri
    engines = Engine.for_each(institutions, today)
    unit = filters.unit
    years = list(range(filters.year - 4, filters.year + 1))
    # A submitted table's values stand for its year at institution level, unfiltered: what was reported.
    snapshots: dict[tuple[int, int], dict[str, Any]] = {}
    if plain and unit is None:
        for report in Report.objects.filter(
            institution__in=institutions,
            table=INTERNATIONAL_INFLUENCE.code,
            year__in=years,
            archived_at__isnull=True,
        ).only("institution_id", "year", "snapshot", "created_at"):
            snapshots[(report.institution_id, report.year)] = {r["code"]: r for r in report.snapshot["rows"]}
            if report.year == filters.year:
                result.submitted[report.institution_id] = report.created_at.date().isoformat()

    def one(engine: Engine, indicator: Indicator, year: int) -> Any:
        row = snapshots.get((engine.institution.pk, year), {}).get(indicator.code)
        if row is not None:
            return row["current"]
        return _value(engine, indicator, year, unit, keep, plain)

    def total(indicator: Indicator, year: int) -> Any:
        values = [one(e, indicator, year) for e in engines]
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    targets = _targets(institutions, filters.year, unit)
    for code in KPI_CODES:
        indicator = registry.get(code)
        if indicator is None or (unit is not None and "college" not in indicator.levels):
            continue
        url = (
            None
            if aggregate
            else _url("indicators:detail", [code], year=filters.year, unit=unit.pk if unit else None)
        )
        result.kpis.append(Kpi(indicator, total(indicator, filters.year), targets.get(code), url))
    result.trend_years = years
    for code in TREND_CODES:
        indicator = registry.get(code)
        if indicator is not None and (unit is None or "college" in indicator.levels):
            result.trends.append((indicator, [total(indicator, y) for y in result.trend_years]))
    _partners(result, institutions, aggregate)
    _flows(result, institutions, aggregate, engines)
    _ranking(result, institutions, aggregate, engines)
    _health(result, user, institutions, aggregate, today)
    if not aggregate:
        _alerts(result, user, today)
    return result


def _partners(result: Board, institutions: list[Institution], aggregate: bool) -> None:
    f = result.filters
    qs = Partner.objects.filter(
        institution__in=institutions, archived_at__isnull=True, merged_into__isnull=True
    )
    qs = qs.exclude(country="CN").exclude(country="")
    if f.country:
        qs = qs.filter(country=f.country)
    if f.bri:
        qs = qs.filter(belt_and_road=True)
    for code, n in qs.values_list("country").annotate(n=Count("id")).order_by("-n", "country"):
        name = geo.map_name(code)
        if name is None:
            continue
        result.partners.append(
            {
                "code": code,
                "name": name,
                "label": country_name(code),
                "value": n,
                "url": None
                if aggregate
                else _url("partners:list", country=code, belt_and_road="on" if f.bri else None),
            }
        )


def _flows(result: Board, institutions: list[Institution], aggregate: bool, engines: list[Engine]) -> None:
    """Mobilities that began in the school year, by country and direction."""
    f = result.filters
    start, end = dt.date(f.year - 1, 9, 1), dt.date(f.year, 8, 31)
    qs = Mobility.objects.filter(
        institution__in=institutions,
        archived_at__isnull=True,
        status=Mobility.Status.CONFIRMED,
        start_date__gte=start,
        start_date__lte=end,
    ).exclude(country="CN")
    if f.unit is not None:
        qs = qs.filter(org_unit__path__startswith=f.unit.path)
    if f.country:
        qs = qs.filter(country=f.country)
    if f.bri:
        qs = qs.filter(country__in=result.bri_countries)
    counts: Counter[tuple[str, str]] = Counter()
    for direction, code, n in qs.values_list("direction", "country").annotate(n=Count("id")).order_by():
        counts[(direction, code)] += n
    for (direction, code), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        point = geo.point(code)
        if point is None:
            continue
        url = None
        if not aggregate:
            url = _url(
                "mobility:list",
                counted=1,
                start=start.isoformat(),
                end=end.isoformat(),
                country=code,
                direction=direction,
                unit=f.unit.pk if f.unit else None,
            )
        result.flows.append(
            {
                "code": code,
                "label": country_name(code),
                "direction": direction,
                "value": n,
                "point": point,
                "url": url,
            }
        )


def _ranking(result: Board, institutions: list[Institution], aggregate: bool, engines: list[Engine]) -> None:
    f = result.filters
    if aggregate:
        # Institutions side by side on the outgoing students and teachers' days abroad: figures only.
        indicator = registry.get("outgoing_students")
        assert indicator is not None
        for inst, engine in zip(institutions, engines, strict=True):
            value = engine.value(indicator, f.year).reported
            result.ranking.append({"label": inst.display_name, "value": value or 0, "url": None})
        result.ranking.sort(key=lambda r: -r["value"])
        return
    scheme = scheme_for(institutions[0], f.year)
    if scheme is None:
        return
    for score in assess(institutions[0], scheme, engines[0]):
        if f.unit is not None and score.unit.pk != f.unit.pk:
            continue
        result.ranking.append(
            {
                "label": score.unit.display_name,
                "value": score.total,
                "rank": score.rank,
                "url": _url("planning:assessment", year=f.year) + f"#college-{score.unit.pk}",
            }
        )


HEALTH_ORDER = (Health.IN_USE, Health.DORMANT, Health.AT_RISK, Health.EXPIRING)


def _health(
    result: Board, user: Any, institutions: list[Institution], aggregate: bool, today: dt.date
) -> None:
    f = result.filters
    labels = dict(Health.CHOICES)
    counts: Counter[str] = Counter()
    if aggregate:
        # One query per distinct set of agreement settings (normally one), not per institution.
        by_conf: dict[Any, list[Institution]] = {}
        for inst in institutions:
            by_conf.setdefault(settings_for(inst), []).append(inst)
        querysets = [
            with_health(
                Agreement.objects.filter(institution__in=group, archived_at__isnull=True),
                today=today,
                conf=conf,
            )
            for conf, group in by_conf.items()
        ]
    else:
        querysets = [
            agreement_list(access=access_for(user), institution=institutions[0], unit=f.unit, today=today)
        ]
    for qs in querysets:
        if f.country or f.bri:
            parties = AgreementParty.objects.filter(archived_at__isnull=True)
            parties = parties.filter(partner__country=f.country) if f.country else parties
            parties = parties.filter(partner__belt_and_road=True) if f.bri else parties
            qs = qs.filter(pk__in=parties.values("agreement_id"))
        grouped = qs.order_by().values_list("health")  # type: ignore[misc]  # an annotation mypy cannot see
        for health, n in grouped.annotate(n=Count("id")):
            counts[health] += n
    for key in HEALTH_ORDER:
        result.health.append(
            {
                "key": key,
                "label": str(labels.get(key, key)),
                "value": counts.get(key, 0),
                "url": None
                if aggregate
                else _url("agreements:list", health=key, unit=f.unit.pk if f.unit else None),
            }
        )


def _alerts(result: Board, user: Any, today: dt.date) -> None:
    f = result.filters
    for key, label, level in (
        (Health.EXPIRING, _("Agreements expiring soon"), "warning"),
        (Health.AT_RISK, _("Agreements with overdue obligations"), "danger"),
    ):
        health = next((h for h in result.health if h["key"] == key), None)
        if health and health["value"]:
            result.alerts.append(
                {"label": label, "value": health["value"], "url": health["url"], "level": level}
            )
    trips = reports_due(user=user, today=today)
    if f.unit is not None:
        trips = trips.filter(org_unit__path__startswith=f.unit.path)
    overdue = trips.count()
    if overdue:
        result.alerts.append(
            {
                "label": _("Trip reports not yet filed"),
                "value": overdue,
                "url": reverse("travel:list") + "?status=approved",
                "level": "warning",
            }
        )
    due = deadlines_due(today=today, within_days=30, user=user)
    if f.unit is not None:
        due = [d for d in due if d.stay.org_unit.path.startswith(f.unit.path)]
    if due:
        result.alerts.append(
            {
                "label": _("Permits and registrations due within 30 days"),
                "value": len(due),
                "url": reverse("mobility:students"),
                "level": "danger" if any(d.state == "overdue" for d in due) else "warning",
            }
        )
