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
    results = bench.run(scale_label="test", repeat=1, import_rows=30, progress=lambda line: None)
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
