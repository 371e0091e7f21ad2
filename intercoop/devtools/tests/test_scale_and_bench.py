"""The province generator and the benchmark scenarios, at a tiny scale: they run, and the app's answers
equal the hand-written SQL floors."""

from __future__ import annotations

import pytest

from intercoop.core.models import RecordChange
from intercoop.devtools import bench, scale
from intercoop.indicators.models import Figure
from intercoop.mobility.models import Mobility
from intercoop.org.models import Institution
from intercoop.travel.models import Trip

pytestmark = pytest.mark.django_db


def test_generate_a_small_province_and_run_every_scenario():
    province = {"institution__code__startswith": scale.PREFIX}
    counts = scale.generate(institutions=2, years=4, scale=0.004)
    assert Institution.objects.filter(code__startswith=scale.PREFIX).count() == 2
    assert (
        counts["Mobility"]
        == Mobility.objects.filter(**province).count()
        == 2 * scale.Size.at(0.004).mobilities
    )
    assert counts["Trip"] == Trip.objects.filter(**province).count()
    # The Erasmus scenario forks (its memory is its own): it runs without the test's transaction, below.
    results = bench.run(
        scale_label="test", repeat=1, import_rows=30, erasmus_rows=0, progress=lambda line: None
    )
    names = [r.name for r in results]
    assert names == [
        "import_mobility_xlsx",
        "influence_table_one_institution",
        "influence_table_all_institutions",
        "influence_table_refresh_all_institutions",
        "dashboard_one_institution",
        "dashboard_supervisor",
        "agreements_list_filtered",
        "api_mobility_list",
        "search_everything",
    ]
    assert all(r.app_seconds > 0 and r.floor_seconds > 0 for r in results)
    # The import and its floor were rolled back; the scale data is as generated.
    assert Mobility.objects.filter(**province).count() == counts["Mobility"]
    assert scale.purge() == 2 and not Mobility.objects.filter(**province).exists()
    assert not Figure.objects.filter(**province).exists()
    assert not RecordChange.objects.filter(**province).exists()


def test_the_erasmus_scenario_imports_the_institutions_rows_and_its_floor_copies_every_row():
    """``import_erasmus_1m``'s two halves, in-process: the worker's import writes the institution's rows
    of the generated file (and is rolled back), the floor copies every row."""
    from intercoop.accounts.models import User

    scale.generate(institutions=1, years=2, scale=0.004)
    institution = Institution.objects.filter(code__startswith=scale.PREFIX).order_by("code").first()
    office = User.objects.create_user(username="erasmus_bench", password="x", institution=institution)
    size, ours = bench._erasmus_partners(institution)
    rows = size + 500  # one round of the sample, and the start of a second (another year)
    seconds, written = bench._erasmus_app(institution, office, bench._erasmus_file(rows))
    assert seconds > 0 and 0 < written <= ours + 500 * ours // size + 1
    assert not Mobility.objects.filter(external_key__startswith="erasmus:").exists()  # rolled back
    _seconds, copied = bench._erasmus_floor(bench._erasmus_file(rows))
    assert copied == rows
