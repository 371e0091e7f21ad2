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


def _agreement(title: str, number: str = "", source: str = "") -> list[str]:
    return [
        number,
        title,
        "",
        "Cooperation agreement",
        "active",
        "Changan Automobile",
        "AUTO",
        "2024-06-20",
        "2024-09-01",
        "2027-08-31",
        "",
        "",
        source,
    ]


def _import(client, rows) -> ImportBatch:
    client.post("/imports/agreements/", {"file": SimpleUploadedFile("export.xlsx", _xlsx(rows))})
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch is not None
    return batch


def test_a_file_without_numbers_imported_twice_writes_nothing_the_second_time(world, client_for):
    """Issue 18 item 9: rows are known by the source system's id, or by their content where it has none;
    a re-imported export (numbered or not) is "imported before", not 600 more agreements."""
    client = client_for("office")
    rows = [_agreement("校企合作协议 A", source="CZ-4711"), _agreement("校企合作协议 B")]
    first = _import(client, rows)
    client.post(f"/imports/batch/{first.pk}/commit/")
    assert Agreement.objects.filter(title__startswith="校企合作协议").count() == 2
    assert Agreement.objects.get(title="校企合作协议 A").import_key == "s:CZ-4711"
    again = _import(client, rows)
    assert (again.new_rows, again.unchanged, again.problems_count) == (0, 2, 0)
    # The source id decides: a changed title with the same id is the same agreement.
    renamed = _import(client, [_agreement("校企合作协议 A（修订）", source="CZ-4711")])
    assert (renamed.new_rows, renamed.unchanged) == (0, 1)
    # The same id twice in one file is said, with its row.
    twice = _import(client, [_agreement("X", source="CZ-9"), _agreement("Y", source="CZ-9")])
    assert [(p["row"], p["column"]) for p in twice.problems] == [(3, "M")]
    assert Agreement.objects.filter(title__startswith="校企合作协议").count() == 2
