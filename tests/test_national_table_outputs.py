"""The standing guard of issue 17, its outputs beyond the table's own page, API, command and Excel file
(``intercoop/indicators/tests/test_table.py``): the dashboard and the assessment of colleges show the
same hand-computed values of the known set, per institution and per college."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from intercoop.dashboard import selectors as dashboard
from intercoop.indicators import registry, selectors
from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
from intercoop.indicators.tests.factories import EXPECTED_2026, known_set
from intercoop.planning import selectors as planning
from intercoop.planning import services as planning_services

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def known(world: Any) -> dict[str, Any]:
    return known_set(world)


# Per college, 2026, from the known set (factories.known_set): what each college's records add.
# Row 1: the two counted international students are both of the automotive college.
# Row 2: the boundary training is the automotive college's (10 × 2 = 20), the named trainees IT's (3 × 5).
# Row 3: 周强 (automotive) 1–10 Sep 2025 = 10 days; 吴敏 (IT) 1–31 Jul 2026 = 31 days.
# Row 4: the automotive teacher's trip 5 + the overlapping teaching stay 4 = 9; IT's training 3.
# Row 5: the automotive teacher (two current posts, once); the IT teacher (WFCP).
# Rows 6–7: every standard is filed under the automotive college. Row 8: the gold medal is IT's.
# Row 9 is counted for the whole institution only.
EXPECTED_COLLEGES_2026 = {
    "AUTO": {1: 2, 2: 20, 3: 10, 4: 9, 5: 1, 6: 1, 7: 2, 8: 0},
    "IT": {1: 0, 2: 15, 3: 31, 4: 3, 5: 1, 6: 0, 7: 0, 8: 1},
}


def test_the_dashboard_and_the_assessment_show_the_tables_values(world, known, client_for):
    """The standing guard's last two outputs (issue 17): the dashboard's key figures, on the page and in
    its workbook, for the office and for a college; the assessment of colleges, per college."""
    version = INTERNATIONAL_INFLUENCE.version_for(2026)
    code_of = {row.number: row.indicator for row in version.rows}
    board = dashboard.board(world.user("office"), dashboard.Filters(year=2026), TODAY)
    shown = {k.indicator.code: k.value for k in board.kpis}
    assert {n: shown[code] for n, code in code_of.items()} == EXPECTED_2026
    office = client_for("office")
    html = office.get("/dashboard/?year=2026").content.decode()
    for number, code in code_of.items():
        assert f'data-testid="kpi-{code}">' in html
        figure = html.split(f'data-testid="kpi-{code}">', 1)[1].split("<span", 1)[0]
        assert f">{EXPECTED_2026[number]}<" in figure or figure.strip().startswith(str(EXPECTED_2026[number]))
    sheet = load_workbook(io.BytesIO(office.get("/dashboard/?year=2026&format=xlsx").content)).worksheets[0]
    by_name = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=3).value for r in range(1, 40)}
    names = {n: str(registry_name(code)) for n, code in code_of.items()}
    assert {n: by_name.get(names[n]) for n in code_of} == EXPECTED_2026
    it_board = dashboard.board(world.user("liaison_b"), dashboard.Filters(year=2026), TODAY)
    it_shown = {k.indicator.code: k.value for k in it_board.kpis}
    assert {n: it_shown[code_of[n]] for n in EXPECTED_COLLEGES_2026["IT"]} == EXPECTED_COLLEGES_2026["IT"]
    # The assessment of colleges, one item per row counted per college, equal weights.
    college_rows = [n for n in code_of if n in EXPECTED_COLLEGES_2026["AUTO"]]
    scheme = planning_services.scheme_save(
        institution=world.a,
        year=2026,
        data={"method": "best"},
        items=[planning_services.ItemSpec(code_of[n], 100 / len(college_rows)) for n in college_rows],
        actor=None,
    )
    scores = {s.unit.code: s for s in planning.assess(world.a, scheme, selectors.Engine(world.a, TODAY))}
    for college, expected in EXPECTED_COLLEGES_2026.items():
        values = {p.indicator.code: p.value for p in scores[college].parts}
        assert {n: values[code_of[n]] for n in college_rows} == expected, college
    # The colleges' parts add up to the table's rows.
    for n in college_rows:
        assert sum(EXPECTED_COLLEGES_2026[c][n] for c in EXPECTED_COLLEGES_2026) == EXPECTED_2026[n]


def registry_name(code: str) -> str:
    indicator = registry.get(code)
    assert indicator is not None
    return str(indicator.name)
