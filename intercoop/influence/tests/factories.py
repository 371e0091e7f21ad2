"""One entry of each influence register, added to the persona world where a test needs them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.influence import services
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def post(w: Any, **data: Any) -> OrganisationPost:
    base = {
        "person": w.people["teacher"],
        "organisation": "ASEAN TVET Council",
        "kind": "international",
        "country": "TH",
        "post": "Expert panel member",
        "start_on": dt.date(2025, 10, 1),
    }
    base.update(data)
    return services.save(model=OrganisationPost, institution=w.a, data=base, actor=None)  # type: ignore[no-any-return]


def standard(w: Any, **data: Any) -> AdoptedStandard:
    base = {
        "kind": "programme",
        "title": "NEV technology programme standard",
        "org_unit": w.units["AUTO"],
        "adopter": "Universiti Malaya",
        "partner": w.partners["malaya"],
        "country": "MY",
        "adopted_on": dt.date(2026, 3, 15),
    }
    base.update(data)
    return services.save(model=AdoptedStandard, institution=w.a, data=base, evidence=pdf(), actor=None)  # type: ignore[no-any-return]


def site(w: Any, **data: Any) -> OverseasSite:
    base = {
        "name": "Kuala Lumpur digital workshop",
        "partner": w.partners["malaya"],
        "country": "MY",
        "org_unit": w.units["IT"],
        "opened_on": dt.date(2024, 5, 1),
        "status": "operating",
    }
    base.update(data)
    return services.save(model=OverseasSite, institution=w.a, data=base, actor=None)  # type: ignore[no-any-return]


def add_influence(w: Any) -> Any:
    w.stays["post"] = post(w)
    w.stays["standard"] = standard(w)
    w.stays["site"] = site(w)
    return w
