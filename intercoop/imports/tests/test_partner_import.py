from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from intercoop.core.models import AuditEntry
from intercoop.imports.models import ImportBatch
from intercoop.partners.models import Partner
from intercoop.partners.tests import factories

pytestmark = pytest.mark.django_db

HEADER = [
    "名称（原文） / Name as written",
    "类别 / Kind",
    "国家或地区代码 / Country code",
    "Erasmus 代码 / Erasmus code",
    "统一社会信用代码 / Unified social credit code",
    "一带一路 / Belt and Road",
]


def xlsx(rows, header=HEADER, title_rows=0) -> bytes:
    wb = Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["2026年合作伙伴名单 (title row)"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "partners.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_template_has_bilingual_headers_example_rows_and_notes(client_for):
    response = client_for("office").get("/imports/partners/template.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in wb.worksheets[0][1]]
    assert header[0] == "名称（原文） / Name as written"
    assert wb.worksheets[0].max_row >= 3
    assert len(wb.worksheets) == 2


def test_a_clean_file_is_previewed_then_imported_whole(world, client_for):
    client = client_for("office")
    data = xlsx(
        [
            ["Universität Stuttgart", "University", "DE", "D  STUTTGA01", "", ""],
            ["华为技术有限公司", "企业", "中国", "", "91440300708461136T", "是"],
            ["Chulalongkorn University", "大学", "Thailand", "", "", "yes"],
        ],
        title_rows=2,
    )
    response = client.post("/imports/partners/", {"file": upload(data)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/batch/{batch.pk}/"
    assert batch.rows_total == 3 and batch.problems == []
    assert Partner.objects.count() == 3  # the world's three partners: checking writes nothing
    page = client.get(response["Location"]).content.decode()
    assert "Import 3 new rows" in page and "3 new, 0 unchanged." in page
    client.post(f"/imports/batch/{batch.pk}/commit/")
    assert Partner.objects.filter(institution=world.a).count() == 2 + 3
    imported = Partner.objects.get(name="Chulalongkorn University")
    assert imported.country == "TH" and imported.belt_and_road and imported.kind == "university"
    assert Partner.objects.get(name="华为技术有限公司").kind == "enterprise"
    assert (
        AuditEntry.objects.filter(action="partners.partner.created", actor=world.users["office"]).count() == 3
    )
    again = client.post(f"/imports/batch/{batch.pk}/commit/", follow=True).content.decode()
    assert "imported already" in again
    assert Partner.objects.count() == 3 + 3
    # The same file uploaded again: 0 new, 3 unchanged, and nothing offered to import (issue 15 item 11).
    second = client.post("/imports/partners/", {"file": upload(data)}, follow=True).content.decode()
    assert "0 new, 3 unchanged." in second and 'data-testid="nothing-new"' in second
    assert 'data-testid="commit"' not in second


def test_the_upload_page_promises_what_the_importer_offers(client_for):
    """All or nothing where the importer has no partial import; the partial option said where it has one."""
    from intercoop.core import importing

    client = client_for("office")
    for importer in importing.all_importers():
        response = client.get(f"/imports/{importer.key}/")
        if response.status_code != 200:
            continue
        page = response.content.decode()
        assert ("only the rows without problems" in page) is importer.allows_partial, importer.key
        assert ("every row is imported or none" in page) is (not importer.allows_partial), importer.key


def test_every_problem_is_named_by_row_and_column_and_nothing_is_imported(world, client_for):
    factories.partner(world.a, "Universität Stuttgart", erasmus_code="D  STUTTGA01")
    client = client_for("office")
    data = xlsx(
        [
            ["Good University", "University", "FR", "F  PARIS007", "", ""],  # row 2: fine
            ["", "University", "DE", "", "", ""],  # row 3: no name
            ["Bad Country College", "University", "Atlantis", "", "", ""],  # row 4
            ["Some Enterprise", "Enterprise", "CN", "", "91350100M000100Y44", ""],  # row 5: check character
            ["Another name", "University", "DE", "D STUTTGA01", "", ""],  # row 6: identifier exists
            ["University of Stuttgart", "University", "DE", "", "", ""],  # row 7: similar to existing
            ["Good University", "Castle", "FR", "F  PARIS007", "", ""],  # row 8: kind; same code as row 2
        ]
    )
    client.post("/imports/partners/", {"file": upload(data)})
    batch = ImportBatch.objects.get()
    where = {(p["row"], p["column"]) for p in batch.problems}
    assert {(3, "A"), (4, "C"), (5, "E"), (6, "D"), (7, "A"), (8, "B")} <= where
    castle = next(p["message"] for p in batch.problems if (p["row"], p["column"]) == (8, "B"))
    assert castle.startswith("“Castle” is not one of the allowed values: ")  # and says which are
    assert "University" in castle and "Enterprise" in castle
    page = client.get(f"/imports/batch/{batch.pk}/").content.decode()
    assert "nothing will be imported" in page and 'data-testid="commit"' not in page
    before = Partner.objects.count()
    response = client.post(f"/imports/batch/{batch.pk}/commit/", follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert Partner.objects.count() == before


def test_duplicates_within_the_file_are_found(world, client_for):
    client = client_for("office")
    data = xlsx(
        [
            ["Universität Stuttgart", "University", "DE", "D  STUTTGA01", "", ""],
            ["University of Stuttgart", "University", "DE", "", "", ""],
            ["Other", "University", "DE", "D STUTTGA01", "", ""],
        ]
    )
    client.post("/imports/partners/", {"file": upload(data)})
    problems = ImportBatch.objects.get().problems
    assert {(p["row"], p["column"]) for p in problems} == {(3, "A"), (4, "D")}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not a spreadsheet", "partners.xlsx", "not a file of an accepted type"),
        (b"", "partners.xlsx", "empty"),
        (b"PK\x03\x04 broken zip", "partners.xlsx", "not a file of an accepted type"),
    ],
)
def test_files_that_are_not_what_they_say_are_refused_and_nothing_is_kept(client_for, content, name, message):
    response = client_for("office").post("/imports/partners/", {"file": upload(content, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_oversized_files_are_refused(client_for, settings, monkeypatch):
    from intercoop.core import importing

    monkeypatch.setattr(importing.get("partners"), "max_bytes", 100)
    response = client_for("office").post("/imports/partners/", {"file": upload(xlsx([]))})
    assert response.status_code == 400
    assert "the limit is 100" in response.content.decode()


def test_a_file_without_the_header_row_says_which_columns_it_needs(client_for):
    client = client_for("office")
    client.post("/imports/partners/", {"file": upload(xlsx([["a", "b"]], header=["foo", "bar"]))})
    problems = ImportBatch.objects.get().problems
    assert "No header row was found" in problems[0]["message"]


def test_the_api_previews_and_commits_all_or_nothing(world, client_for):
    client = client_for("office")
    bad = xlsx([["Good University", "University", "FR", "", "", ""], ["X", "University", "ZZ", "", "", ""]])
    preview = client.post("/api/v1/imports/partners/preview", {"file": upload(bad)}).json()
    assert preview["rows"] == 2 and preview["valid_rows"] == 1
    assert preview["problems"][0]["row"] == 3 and preview["problems"][0]["column"] == "C"
    rejected = client.post("/api/v1/imports/partners/commit", {"file": upload(bad)})
    assert rejected.status_code == 400 and rejected.json()["code"] == "import_rejected"
    assert not Partner.objects.filter(name="Good University").exists()
    good = xlsx([["Good University", "University", "FR", "", "", ""]])
    assert client.post("/api/v1/imports/partners/commit", {"file": upload(good)}).json()["imported"] == 1


def test_people_without_the_import_permission_get_404(world, client_for):
    for persona in ("liaison_a", "teacher", "supervisor", "other_office"):
        client = client_for(persona)
        assert client.get("/imports/partners/").status_code == (200 if persona == "other_office" else 404)
    batch_client = client_for("office")
    batch_client.post("/imports/partners/", {"file": upload(xlsx([["U", "University", "FR", "", "", ""]]))})
    batch = ImportBatch.objects.get()
    assert client_for("other_office").get(f"/imports/batch/{batch.pk}/").status_code == 404
    assert client_for("other_office").post(f"/imports/batch/{batch.pk}/commit/").status_code == 404
    assert not Partner.objects.filter(name="U").exists()
