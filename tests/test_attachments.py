"""The one attachments subsystem: every uploaded file is an ``Attachment``, read through its owner's
access function, attached by the owner's declared rule, audited on the owner's history."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from intercoop.agreements import services as agreement_services
from intercoop.agreements.tests import factories
from intercoop.attachments import registry, selectors, services
from intercoop.attachments.models import Attachment
from intercoop.core.choices import NotAChoiceError
from intercoop.core.errors import DomainError
from intercoop.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


# The one file that is no evidence: an uploaded import file is working material, kept only until it is
# imported or abandoned, then deleted; never served by URL, never shown (ADR 0018).
NOT_EVIDENCE = {"imports.ImportBatch.file"}


def test_no_model_keeps_a_file_of_its_own():
    """Files enter through one table only; a new capability's evidence is an attachment too."""
    own_files = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and model is not Attachment
    ]
    assert set(own_files) == NOT_EVIDENCE


def test_every_record_pointing_at_a_file_declares_how_its_files_are_read():
    pointing = {
        field.model._meta.label_lower
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.related_model is Attachment
    }
    declared = {a.model for a in registry.all_attachables()}
    assert pointing, "the evidence of registers, adjustments, decisions and applications points at files"
    assert pointing <= declared
    for attachable in registry.all_attachables():
        assert apps.get_model(attachable.model) is not None
        assert attachable.kinds


def test_a_file_is_kept_under_a_name_no_user_typed_with_its_digest_and_on_its_owner_s_history(world):
    agreement = factories.agreement(world)
    office = world.user("office")
    upload = SimpleUploadedFile("../../签字版 <script>.pdf", PDF)
    attached = services.attach(owner=agreement, upload=upload, kind="signed_copy", actor=office)
    assert attached.original_name == "签字版 <script>.pdf"  # the path dropped; escaped where shown
    assert attached.file.name.startswith("agreements/")
    assert attached.file.name.rsplit("/", 1)[-1].startswith(f"agreement-{agreement.pk}")
    assert attached.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (attached.content_type, attached.size, attached.uploaded_by) == (
        "application/pdf",
        len(PDF),
        office,
    )
    entry = AuditEntry.objects.filter(object_id=str(agreement.pk), action="attachments.added").get()
    assert entry.changes == {"original_name": [None, "签字版 <script>.pdf"]}
    assert list(selectors.files_of(agreement)) == [attached]


def test_refused_files_write_nothing(world):
    agreement = factories.agreement(world)
    office = world.user("office")
    before = (Attachment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError, match="not a file of an accepted type"):
        services.attach(
            owner=agreement, upload=SimpleUploadedFile("a.pdf", b"<html>"), kind="annex", actor=office
        )
    with pytest.raises(DomainError) as kind:
        services.attach(
            owner=agreement, upload=SimpleUploadedFile("a.pdf", PDF), kind="invoice", actor=office
        )
    assert kind.value.field == "kind"
    with pytest.raises(NotAChoiceError):  # another college's liaison may not attach here
        services.attach(
            owner=agreement,
            upload=SimpleUploadedFile("a.pdf", PDF),
            kind="annex",
            actor=world.user("liaison_b"),
        )
    assert (Attachment.objects.count(), AuditEntry.objects.count()) == before


def test_an_obligation_s_responsible_person_attaches_about_it_and_nothing_else(world, client_for):
    agreement = factories.agreement(world, status="active", signed_on=dt.date(2026, 1, 1))
    other = factories.agreement(world, status="active", signed_on=dt.date(2026, 1, 1))
    data = {
        "title": "派出 3 名教师讲学",
        "due_on": dt.date(2026, 10, 1),
        "responsible": world.people["teacher"],
    }
    obligation = agreement_services.obligation_save(agreement=agreement, actor=None, data=data)
    foreign = agreement_services.obligation_save(agreement=other, actor=None, data=data)
    teacher = world.user("teacher")
    upload = SimpleUploadedFile("讲学照片.pdf", PDF)
    attached = services.attach(
        owner=agreement, upload=upload, kind="evidence", part=obligation, actor=teacher
    )
    assert attached.part_id == obligation.pk
    with pytest.raises(NotAChoiceError):  # not about their obligation: the agreement is not theirs to change
        services.attach(owner=agreement, upload=SimpleUploadedFile("x.pdf", PDF), kind="annex", actor=teacher)
    with pytest.raises(DomainError) as part:  # an obligation of another agreement
        services.attach(
            owner=agreement,
            upload=SimpleUploadedFile("x.pdf", PDF),
            kind="evidence",
            part=foreign,
            actor=world.user("office"),
        )
    assert part.value.field == "part"
    page = client_for("teacher").get(f"/agreements/{agreement.pk}/").content.decode()
    assert f"/files/{attached.pk}/" in page and obligation.title in page
    response = client_for("teacher").get(f"/files/{attached.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_an_archived_file_is_no_longer_served_but_kept(world, client_for):
    agreement = factories.agreement(world)
    attached = services.attach(
        owner=agreement, upload=SimpleUploadedFile("a.pdf", PDF), kind="annex", actor=world.user("office")
    )
    client = client_for("office")
    assert client.post(f"/files/{attached.pk}/archive/").status_code == 302
    assert client.get(f"/files/{attached.pk}/").status_code == 404
    attached.refresh_from_db()
    assert attached.archived_at is not None and attached.file.storage.exists(attached.file.name)
    with pytest.raises(DomainError, match="archived already"):
        services.archive(attachment=attached, actor=world.user("office"))


def test_evidence_set_by_its_owner_s_service_cannot_be_archived_on_its_own(world, client_for):
    """A register entry's evidence is replaced through the entry's form, never taken off by itself."""
    from intercoop.influence import services as influence_services
    from intercoop.influence.models import OverseasSite

    site = influence_services.save(
        model=OverseasSite,
        institution=world.a,
        actor=None,
        data={
            "name": "Saudi base",
            "partner": world.partners["malaya"],
            "country": "SA",
            "org_unit": world.units["AUTO"],
            "opened_on": dt.date(2025, 3, 1),
        },
        evidence=SimpleUploadedFile("site.pdf", PDF),
    )
    first = site.evidence
    site = influence_services.save(
        model=OverseasSite,
        institution=world.a,
        actor=None,
        entry=site,
        data={},
        evidence=SimpleUploadedFile("site-2.pdf", PDF),
    )
    first.refresh_from_db()
    assert site.evidence.original_name == "site-2.pdf" and first.archived_at is not None
    client = client_for("office")
    assert client.get(f"/files/{site.evidence_id}/")["Content-Type"] == "application/pdf"
    assert client.post(f"/files/{site.evidence_id}/archive/").status_code == 404
    assert client.post(f"/api/v1/files/{site.evidence_id}/archive").status_code == 404
    assert client_for("liaison_b").get(f"/files/{site.evidence_id}/").status_code == 404
