"""Pre-aggregated figures: stored when computed, read back without touching the records, refreshed after
any change to a record, never after a change that touches none, and read for many institutions with a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intercoop.accounts import services as accounts
from intercoop.accounts.models import Role
from intercoop.core.models import RecordChange
from intercoop.indicators import registry, selectors, services
from intercoop.indicators.models import Figure
from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
from intercoop.indicators.tests.factories import EXPECTED_2026, known_set
from intercoop.influence.tests import factories as influence_factories
from intercoop.org.tests import factories
from intercoop.travel.tests.factories import pdf
from tests.personas import PASSWORD

YEAR = 2026
ROWS = {row.number: row.indicator for row in INTERNATIONAL_INFLUENCE.version_for(YEAR).rows}


@pytest.fixture
def known(world: Any) -> dict[str, Any]:
    return known_set(world)


def table_values(engine: selectors.Engine) -> dict[int, Any]:
    return {n: engine.value(registry.get(code), YEAR).computed for n, code in ROWS.items()}


def test_figures_are_stored_once_and_read_back_without_computing(world, known):
    first = selectors.Engine(world.a)
    assert table_values(first) == EXPECTED_2026
    assert first.figures.computed == len(ROWS)
    assert Figure.objects.filter(institution=world.a, year=YEAR).count() == len(ROWS)

    second = selectors.Engine(world.a)
    with CaptureQueriesContext(connection) as ctx:
        assert table_values(second) == EXPECTED_2026
    assert second.figures.computed == 0
    assert len(ctx.captured_queries) == 4  # generations, pending changes, figures, adjustments


def test_stored_college_values_and_countries_equal_the_items(world, known):
    selectors.Engine(world.a).value(registry.get("teachers_abroad_person_days"), YEAR)  # store
    engine = selectors.Engine(world.a)
    indicator = registry.get("teachers_abroad_person_days")
    auto = engine.value(indicator, YEAR, world.units["AUTO"])
    it = engine.value(indicator, YEAR, world.units["IT"])
    total = engine.value(indicator, YEAR)
    assert engine.figures.computed == 0
    comp, _period = engine.computation(indicator, YEAR)  # the drill-down, from the records
    assert (auto.computed, it.computed) == (9, 3)
    assert total.computed == auto.computed + it.computed == sum(i.amount for i in comp.items)
    assert total.countries == comp.countries()
    assert auto.countries == comp.countries(world.units["AUTO"].path)
    # A country filter counts the items recorded in that country, from the stored amounts per country set.
    for code in comp.countries():
        expected = sum(i.amount for i in comp.items if code in i.countries)
        assert engine.amount_where(indicator, YEAR, None, lambda cs, code=code: code in cs) == expected


def test_a_change_to_a_record_refreshes_the_figures(world, known):
    indicator = registry.get("overseas_sites")
    assert table_values(selectors.Engine(world.a)) == EXPECTED_2026
    influence_factories.site(world, name="Centre in Bangkok", opened_on=dt.date(2026, 3, 1))
    assert RecordChange.objects.filter(institution=world.a).exists()

    engine = selectors.Engine(world.a)
    assert engine.value(indicator, YEAR).computed == EXPECTED_2026[9] + 1
    assert engine.figures.computed == 1
    assert not RecordChange.objects.filter(institution=world.a).exists()  # taken in
    # The other indicators reading the influence registers (posts, two kinds of standards) begin a new
    # generation too and are recomputed; the rows computed from mobility and travel are read as stored.
    again = selectors.Engine(world.a)
    assert table_values(again)[9] == EXPECTED_2026[9] + 1
    assert again.figures.computed == 3
    assert selectors.Engine(world.a).figures.computed == 0


def test_a_change_to_an_org_unit_or_person_refreshes_every_indicator(world, known):
    assert table_values(selectors.Engine(world.a)) == EXPECTED_2026
    factories.person(world.a, world.units["AUTO"], number="NEWCOMER")
    engine = selectors.Engine(world.a)
    assert table_values(engine) == EXPECTED_2026
    assert engine.figures.computed == len(ROWS)


def test_every_indicator_says_which_records_it_reads():
    for indicator in registry.all_indicators():
        assert indicator.sources, indicator.code
        assert indicator.depends_on("org") and not indicator.depends_on("agreements"), indicator.code


def test_adjustments_and_logins_leave_the_figures_as_they_are(world, known):
    indicator = registry.get("awards_abroad")
    selectors.Engine(world.a).value(indicator, YEAR)
    services.adjust(
        institution=world.a,
        code=indicator.code,
        year=YEAR,
        value=5,
        reason="Two awards were recorded by the other campus",
        evidence=pdf(),
        actor=world.user("office"),
    )
    accounts.login_check(request=None, username="office", password=PASSWORD, ip_address=None, channel="web")
    assert not RecordChange.objects.filter(institution=world.a).exists()
    engine = selectors.Engine(world.a)
    value = engine.value(indicator, YEAR)
    assert engine.figures.computed == 0
    assert (value.computed, value.reported) == (EXPECTED_2026[8], 5)


def test_a_change_committed_while_figures_are_computed_is_taken_next_time(world, known):
    indicator = registry.get("overseas_sites")
    engine = selectors.Engine(world.a)
    engine.figures.before_computing(world.a.pk)  # the reader has taken in the changes so far
    influence_factories.site(world, name="Centre in Vientiane", opened_on=dt.date(2026, 4, 1))
    engine.value(indicator, YEAR)  # stored under the generation it began
    later = selectors.Engine(world.a)
    assert later.value(indicator, YEAR).computed == EXPECTED_2026[9] + 1
    assert later.figures.computed == 1


def test_figures_of_a_running_year_are_recomputed_the_next_day(world, known):
    engine = selectors.Engine(world.a)
    running = timezone.localdate().year + (1 if timezone.localdate().month >= 9 else 0)
    indicator = registry.get("trip_person_days")
    engine.value(indicator, YEAR)
    engine.value(indicator, running)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Figure.objects.filter(institution=world.a).update(computed_on=yesterday)
    later = selectors.Engine(world.a)
    later.value(indicator, YEAR)  # calendar year 2026 has not ended yet either
    later.value(indicator, YEAR - 1)
    assert later.figures.computed == 2  # 2026 and 2025 (never stored); 2025 ended before yesterday
    Figure.objects.filter(institution=world.a, year=YEAR - 1).update(computed_on=yesterday)
    last = selectors.Engine(world.a)
    last.value(indicator, YEAR - 1)
    assert last.figures.computed == 0


def test_values_as_of_another_day_are_computed_and_not_stored(world, known):
    engine = selectors.Engine(world.a, timezone.localdate() - dt.timedelta(days=3))
    assert table_values(engine) == EXPECTED_2026
    assert engine.figures.computed == len(ROWS)
    assert not Figure.objects.filter(institution=world.a).exists()


def _supervise(world: Any, n: int) -> None:
    supervisor = world.users["supervisor"]
    for i in range(n):
        inst = factories.institution(f"41599001{i:02d}", name=f"丙学院{i}", name_en=f"College C{i}")
        factories.unit(inst, "AUTO", name="汽车学院", name_en="Automotive")
        accounts.membership_grant(
            user=supervisor, role=Role.SUPERVISOR, institution=inst, org_unit=None, actor=None
        )


def _queries(client: Any, url: str) -> int:
    client.get(url)  # the first read computes and stores the figures
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        f"/dashboard/?year={YEAR}",
        f"/indicators/?year={YEAR}",
        f"/api/v1/reports/international_influence/institutions?year={YEAR}",
    ],
)
def test_a_supervisor_reads_any_number_of_institutions_with_the_same_queries(world, known, client_for, url):
    client = client_for("supervisor")
    before = _queries(client, url)
    _supervise(world, 3)
    assert _queries(client, url) == before


def test_a_stored_figure_is_read_back_as_it_was_written(world, known):
    """The typed shape (StoredFigure of UnitFigure parts) round-trips through the JSON column."""
    from intercoop.indicators.engine import StoredFigure

    indicator = registry.get("teachers_abroad_person_days")
    written = selectors.Engine(world.a).units(indicator, YEAR)
    stored = Figure.objects.get(institution=world.a, indicator=indicator.code, year=YEAR)
    read = StoredFigure.from_json(stored.units)
    assert read == written and read.total == 12
    assert read.of(world.units["AUTO"]).value == 9 and read.of(world.units["IO"]) is None


def test_a_change_outside_the_audit_log_reaches_the_figures_through_the_hook(world, known):
    """core.changes.record_changed is the one invalidation hook (audit.record calls it too)."""
    from intercoop.core import changes

    indicator = registry.get("teachers_abroad_person_days")
    selectors.Engine(world.a).value(indicator, YEAR)
    assert selectors.Engine(world.a).figures.get(world.a.pk, indicator.code, YEAR) is not None
    changes.record_changed(world.a.pk, "travel")
    assert selectors.Engine(world.a).figures.get(world.a.pk, indicator.code, YEAR) is None
    changes.record_changed(None, "travel")  # no institution (a supervisor's own account): nothing to mark
    assert RecordChange.objects.filter(institution_id=world.a.pk).count() == 1
