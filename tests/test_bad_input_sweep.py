"""Issue 16's attacks, replayed as tests after the fixes: every record URL as every persona (no 5xx), script
payloads in stored text (never executable on a page), and a corpus of bad files for the importers (a clear
problem, nothing written). The counts are printed with ``-s`` for the closing figures."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import Workbook

from intercoop.agreements.models import Agreement
from intercoop.core import spreadsheets
from intercoop.mobility.models import Mobility
from intercoop.partners import services as partner_services
from intercoop.partners.models import Partner
from tests.personas import PERSONAS

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("sweep")]

KEYS = ["1", "2", "5", "13", "9223372036854775808"]  # the persona world's rows, and past 64 bits
SKIP = ("admin/", "accounts/logout", "i18n/", "feeds/", "api/v1/docs", "api/v1/openapi")


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            routes += _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            routes.append(prefix + str(entry.pattern))
    return routes


def record_routes() -> list[str]:
    """Every URL of the app that names a record by a parameter (pages and API), as a template."""
    found = []
    for route in _routes(get_resolver()):
        if route.startswith(SKIP) or "<" not in route or route.startswith("^"):
            continue
        found.append(route)
    return sorted(set(found))


def _fill(route: str, key: str) -> str:
    return "/" + re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: "token" if m.group(1) == "str" and "token" in m.group(2) else key,
        route,
    )


def test_every_record_url_as_every_persona_is_never_a_server_error(world, client_for, capsys):
    routes = record_routes()
    assert len(routes) > 60  # the pages' and the API's record URLs
    requests = 0
    errors = []
    for persona in PERSONAS:
        client = client_for(persona)
        for route in routes:
            for key in KEYS:
                url = _fill(route, key)
                status = client.get(url).status_code
                requests += 1
                if status >= 500:
                    errors.append((persona, url, status))
    with capsys.disabled():
        print(  # noqa: T201 - the figure for the closing note, with -s
            f"\nsweep: {requests} requests, {len(routes)} record URLs, {len(PERSONAS)} personas,"
            f" {len(errors)} server errors"
        )
    assert errors == []


PAYLOAD = '"><script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_payloads_in_stored_text_are_never_markup_on_any_page(world, client_for):
    office = world.user("office")
    partner = partner_services.partner_create(
        institution=world.a,
        data={"kind": "university", "name": "Payload " + PAYLOAD, "country": "DE", "notes": PAYLOAD},
        actor=office,
        confirm_not_duplicate=True,
    )
    Agreement.objects.filter(pk=world.agreements["open"].pk).update(title="Payload " + PAYLOAD)
    pages = [
        "/",
        "/partners/",
        f"/partners/{partner.pk}/",
        "/agreements/",
        f"/agreements/{world.agreements['open'].pk}/",
        "/search/?q=Payload",
        "/dashboard/",
        "/audit/",
    ]
    loads = 0
    for persona in ("office", "admin", "liaison_a", "leader"):
        client = client_for(persona)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200:
                continue
            loads += 1
            body = response.content.decode()
            assert "<script>alert" not in body and "onerror=alert" not in body.replace(
                "onerror=alert(1)&gt;", ""
            ), (
                persona,
                page,
            )
    assert loads >= 20


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        spreadsheets.append_row(wb.active, row)  # as the exports write: a formula-looking text stays text
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER = ["名称（原文） / Name as written", "类别 / Kind", "国家或地区代码 / Country code"]


def _damaged() -> bytes:
    good = _xlsx([HEADER] + [[f"P{i}", "大学", "DE"] for i in range(40)])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 3] if item.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


CORPUS = {
    "empty.xlsx": b"",
    "zip-garbage.xlsx": b"PK\x03\x04" + b"\x00" * 200,
    "page.xlsx": b"<html><body>not a workbook</body></html>",
    "image.xlsx": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    "nul.csv": ",".join(HEADER).encode() + b"\nA\x00B,\xe5\xa4\xa7\xe5\xad\xa6,DE\n",
    "gbk.csv": (",".join(HEADER) + "\n重庆大学,大学,CN\n").encode("gbk"),
    "only-header.xlsx": _xlsx([HEADER]),
    "no-header.xlsx": _xlsx([["a", "b"], ["c", "d"]]),
    "damaged-sheet.xlsx": _damaged(),
    "control.csv": (",".join(HEADER) + "\nBell\x07 University,大学,DE\n").encode(),
    "long-cell.csv": (",".join(HEADER) + "\n" + "x" * 300_000 + ",大学,DE\n").encode(),
    "wide.csv": (",".join(HEADER + [f"c{i}" for i in range(300)]) + "\nWide University,大学,DE\n").encode(),
    "bad-dates.csv": (",".join(HEADER) + "\nDatum University,大学,ZZ\n").encode(),
    "formula.xlsx": _xlsx([HEADER, ['=HYPERLINK("http://x.example","y")', "大学", "DE"]]),
}


# Files that are fine: a formula-looking name stays text; a GBK CSV and a CSV with 300 extra columns are
# read as any other (partners import CSV too since issue 18: the EC's lists).
READABLE = {"formula.xlsx", "gbk.csv", "wide.csv"}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_bad_file_gets_a_clear_problem_and_nothing_is_written(world, client_for, name):
    client = client_for("office")
    before = (Partner.objects.count(), Mobility.objects.count())
    upload = SimpleUploadedFile(name, CORPUS[name], content_type="application/octet-stream")
    response = client.post("/imports/partners/", {"file": upload}, follow=True)
    assert response.status_code < 500
    body = response.content.decode()
    from intercoop.imports.models import ImportBatch

    batch = ImportBatch.objects.order_by("-id").first()
    if name in READABLE:  # files that are fine: imported, and a formula-looking name stays text
        assert batch is not None and batch.is_valid, (name, batch and batch.problems)
        client.post(f"/imports/batch/{batch.pk}/commit/")
        assert Partner.objects.count() == before[0] + 1
        if name == "gbk.csv":
            assert Partner.objects.filter(name="重庆大学").exists()
        if name == "formula.xlsx":
            stored = Partner.objects.get(name__startswith="=HYPERLINK")
            assert stored.name == '=HYPERLINK("http://x.example","y")'
        return
    assert batch is None or not batch.is_valid, name
    assert 'class="alert' in body or "problem" in body.lower(), name
    assert (Partner.objects.count(), Mobility.objects.count()) == before
