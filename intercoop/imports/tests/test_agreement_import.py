from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from intercoop.agreements.models import Agreement
from intercoop.imports.models import ImportBatch

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> bytes:
    from intercoop.agreements.importers import AGREEMENT_COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in AGREEMENT_COLUMNS])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_agreements_import_names_each_problem_and_imports_whole_files(world, client_for):
    client = client_for("office")
    bad = _xlsx(
        [
            [
                "",
                "订单班协议",
                "",
                "Order class",
                "active",
                "Changan Automobile",
                "AUTO",
                "2025-06-20",
                "2025-09-01",
                "2028-08-31",
                "",
                "",
            ],
            [
                "",
                "无名合作",
                "",
                "Cooperation agreement",
                "active",
                "Nowhere University",
                "XX",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    )
    client.post("/imports/agreements/", {"file": SimpleUploadedFile("a.xlsx", bad)})
    problems = {(p["row"], p["column"]) for p in ImportBatch.objects.get().problems}
    assert problems == {(3, "F"), (3, "G"), (3, "H")}
    assert not Agreement.objects.filter(title__in=["订单班协议", "无名合作"]).exists()
    good = _xlsx(
        [
            [
                "2019-007",
                "订单班协议",
                "",
                "订单班",
                "生效",
                "91350100M000100Y43",
                "auto",
                "2019-06-20",
                "2019-09-01",
                "2029-08-31",
                "是",
                "长安订单班",
            ]
        ]
    )
    client.post("/imports/agreements/", {"file": SimpleUploadedFile("b.xlsx", good)})
    batch = ImportBatch.objects.latest("created_at")
    assert batch.problems == []
    client.post(f"/imports/batch/{batch.pk}/commit/")
    agreement = Agreement.objects.get(number="2019-007")
    assert (agreement.status, agreement.confidential) == ("active", True)
    assert [p.partner.pk for p in agreement.parties.all()] == [world.partners["changan"].pk]
