from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from intercoop.agreements import selectors, services
from intercoop.agreements.config import months_before
from intercoop.agreements.models import Agreement, AgreementParty, Interaction
from intercoop.agreements.selectors import Health
from intercoop.agreements.tests import factories
from intercoop.attachments import services as attachments
from intercoop.attachments.models import Attachment
from intercoop.core import reminders
from intercoop.core.access import access_for
from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry, ReminderLog

pytestmark = pytest.mark.django_db
S = Agreement.Status
TODAY = dt.date(2026, 11, 23)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def health(world, agreement, today=TODAY):
    return selectors.health_of(agreement, today=today).health


def test_a_draft_is_numbered_per_institution_and_year_and_audited(world):
    first = factories.agreement(world)
    second = factories.agreement(world, title="第二份")
    assert first.number.startswith("HZ-2026-")
    assert int(second.number[-3:]) == int(first.number[-3:]) + 1
    entry = AuditEntry.objects.get(action="agreements.agreement.created", object_id=str(first.pk))
    assert entry.changes["parties"][1] == ["马来亚大学"]  # labels are kept in the site's language


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"valid_from": dt.date(2026, 9, 1), "valid_to": dt.date(2026, 8, 1)}, "valid_to"),
        ({"signed_on": dt.date(2027, 1, 1)}, "signed_on"),
        ({"title": "  "}, "title"),
        ({"type": "handshake"}, "type"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, data, field):
    before = (Agreement.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        factories.agreement(world, **data)
    assert exc.value.field == field
    assert (Agreement.objects.count(), AuditEntry.objects.count()) == before


def test_an_agreement_needs_a_partner_of_its_own_institution(world):
    before = Agreement.objects.count()
    with pytest.raises(DomainError) as exc:
        factories.agreement(world, partners=[])
    assert exc.value.field == "partners"
    with pytest.raises(DomainError):
        factories.agreement(world, partners=[world.partners["b_partner"]])
    with pytest.raises(DomainError) as exc:
        factories.agreement(world, units=[world.units["B-CIV"]])
    assert exc.value.field == "units"
    assert Agreement.objects.count() == before


def test_the_lifecycle_goes_draft_review_approved_signed_active_with_each_step_audited(world):
    agreement = factories.agreement(world, valid_from=dt.date(2026, 9, 1), valid_to=dt.date(2029, 8, 31))
    agreement = services.agreement_step(agreement=agreement, step="submit", actor=world.users["office"])
    agreement = services.agreement_step(agreement=agreement, step="approve", actor=world.users["leader"])
    agreement = services.agreement_step(
        agreement=agreement,
        step="sign",
        actor=world.users["office"],
        signed_on=dt.date(2026, 10, 8),
        signed_copy=SimpleUploadedFile("签字版.pdf", PDF),
    )
    agreement = services.agreement_step(agreement=agreement, step="activate", actor=world.users["office"])
    assert agreement.status == S.ACTIVE
    actions = list(
        AuditEntry.objects.filter(object_id=str(agreement.pk), action__startswith="agreements.agreement")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "agreements.agreement.created",
        "agreements.agreement.submit",
        "agreements.agreement.approve",
        "agreements.agreement.sign",
        "agreements.agreement.activate",
    ]
    scan = Attachment.objects.get(owner_id=agreement.pk, kind="signed_copy")
    assert scan.original_name == "签字版.pdf"


def _approved(world, **kwargs):
    agreement = factories.agreement(world, **kwargs)
    services.agreement_step(agreement=agreement, step="submit", actor=world.users["office"])
    return services.agreement_step(agreement=agreement, step="approve", actor=world.users["leader"])


def test_signing_needs_the_signed_scan_and_a_refusal_changes_nothing(world):
    agreement = _approved(world)
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        services.agreement_step(
            agreement=agreement, step="sign", actor=world.users["office"], signed_on=dt.date(2026, 10, 8)
        )
    assert exc.value.field == "signed_copy"
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on, AuditEntry.objects.count()) == (S.APPROVED, None, entries)
    with pytest.raises(DomainError) as exc:  # a file that is not a scan is refused by the attachments' check
        services.agreement_step(
            agreement=agreement,
            step="sign",
            actor=world.users["office"],
            signed_on=dt.date(2026, 10, 8),
            signed_copy=SimpleUploadedFile("scan.pdf", b"not a pdf"),
        )
    assert exc.value.field == "signed_copy"
    assert not Attachment.objects.filter(owner_id=agreement.pk).exists()
    attachments.attach(  # a scan attached beforehand counts
        owner=agreement,
        kind="signed_copy",
        actor=world.users["office"],
        upload=SimpleUploadedFile("s.pdf", PDF),
    )
    signed = services.agreement_step(
        agreement=agreement, step="sign", actor=world.users["office"], signed_on=dt.date(2026, 10, 8)
    )
    assert signed.status == S.SIGNED


def test_who_drafted_or_submitted_an_agreement_does_not_approve_it_unless_the_college_allows(world):
    office, leader = world.users["office"], world.users["leader"]
    agreement = factories.agreement(world, actor=office)
    services.agreement_step(agreement=agreement, step="submit", actor=office)
    assert services.approval_conflict(agreement, office)
    assert services.approval_conflict(agreement, leader) == ""
    with pytest.raises(DomainError, match="separation of duties"):
        services.agreement_step(agreement=agreement, step="approve", actor=office)
    agreement.refresh_from_db()
    assert agreement.status == S.IN_REVIEW
    world.a.settings = {"agreements": {"separate_duties": False}}
    world.a.save()
    agreement.refresh_from_db()
    assert services.approval_conflict(agreement, office) == ""
    assert services.agreement_step(agreement=agreement, step="approve", actor=office).status == S.APPROVED


def test_a_signed_agreement_comes_into_force_on_its_start_date_and_is_not_yet_in_use_before(world):
    agreement = _approved(world, valid_from=dt.date(2027, 1, 1), valid_to=dt.date(2029, 12, 31))
    agreement = services.agreement_step(
        agreement=agreement,
        step="sign",
        actor=world.users["office"],
        signed_on=dt.date(2026, 11, 20),
        signed_copy=SimpleUploadedFile("scan.pdf", PDF),
    )
    assert health(world, agreement) == Health.NOT_YET
    assert services.refresh_statuses(today=dt.date(2026, 12, 31))["activated"] == 0
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNED
    counts = services.refresh_statuses(today=dt.date(2027, 1, 1))
    assert counts["activated"] == 1
    agreement.refresh_from_db()
    assert agreement.status == S.ACTIVE
    entry = AuditEntry.objects.get(action="agreements.agreement.activated", object_id=str(agreement.pk))
    assert entry.actor_id is None and entry.changes["status"] == ["signed", "active"]
    assert services.refresh_statuses(today=dt.date(2027, 1, 1))["activated"] == 0


def test_steps_out_of_order_and_missing_facts_are_refused(world):
    agreement = factories.agreement(world)
    with pytest.raises(DomainError, match="not possible"):
        services.agreement_step(agreement=agreement, step="approve", actor=None)
    services.agreement_step(agreement=agreement, step="submit", actor=None)
    with pytest.raises(DomainError) as exc:
        services.agreement_step(agreement=agreement, step="return", actor=None)
    assert exc.value.field == "note"
    services.agreement_step(agreement=agreement, step="return", note="请补充名额", actor=None)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.status_note) == (S.DRAFT, "请补充名额")


def test_a_stale_page_or_a_double_click_records_exactly_one_decision(world):
    agreement = factories.agreement(world)
    services.agreement_step(agreement=agreement, step="submit", actor=None)
    services.agreement_step(
        agreement=agreement, step="approve", actor=world.users["office"], expected_status=S.IN_REVIEW
    )
    with pytest.raises(ConflictError, match="changed this agreement meanwhile"):
        services.agreement_step(
            agreement=agreement, step="approve", actor=world.users["leader"], expected_status=S.IN_REVIEW
        )
    assert (
        AuditEntry.objects.filter(action="agreements.agreement.approve", object_id=str(agreement.pk)).count()
        == 1
    )


def test_activation_waits_for_the_start_date_and_refuses_ended_agreements(world):
    agreement = factories.agreement(
        world, status=S.SIGNED, signed_on=dt.date(2026, 11, 1), valid_from=dt.date(2027, 1, 1)
    )
    with pytest.raises(DomainError) as exc:
        services.agreement_step(agreement=agreement, step="activate", actor=None)
    assert exc.value.field == "valid_from"


def test_health_in_use_dormant_at_risk_expiring_expired(world):
    fresh = factories.active(world, signed=dt.date(2026, 6, 1), valid_to=dt.date(2029, 6, 1))
    assert health(world, fresh) == Health.IN_USE
    old = factories.active(world, signed=dt.date(2024, 6, 1), valid_to=dt.date(2029, 6, 1), title="old")
    assert health(world, old) == Health.DORMANT
    services.interaction_record(
        partner=world.partners["malaya"],
        agreement=old,
        actor=None,
        data={"kind": "meeting", "occurred_on": dt.date(2026, 5, 1), "subject": "年度会商"},
    )
    assert health(world, old) == Health.IN_USE
    services.obligation_save(
        agreement=old, actor=None, data={"title": "接收 5 名交换生", "due_on": dt.date(2026, 9, 1)}
    )
    assert health(world, old) == Health.AT_RISK
    ending = factories.active(world, signed=dt.date(2026, 1, 1), valid_to=dt.date(2027, 3, 1), title="ending")
    assert health(world, ending) == Health.EXPIRING
    ended = factories.active(world, signed=dt.date(2022, 1, 1), valid_to=dt.date(2025, 12, 31), title="ended")
    assert health(world, ended) == Health.EXPIRED
    draft = factories.agreement(world, title="draft")
    assert health(world, draft) == Health.NOT_LIVE


def test_dormancy_threshold_is_configurable_per_institution(world):
    agreement = factories.active(world, signed=dt.date(2026, 1, 10), valid_to=dt.date(2030, 1, 1))
    assert health(world, agreement) == Health.IN_USE
    world.a.settings = {"agreements": {"dormant_months": 6}}
    world.a.save()
    agreement.refresh_from_db()
    assert health(world, agreement) == Health.DORMANT


def test_evidence_and_obligations_met_count_as_activity(world):
    agreement = factories.active(world, signed=dt.date(2023, 1, 1), valid_to=dt.date(2030, 1, 1))
    obligation = services.obligation_save(
        agreement=agreement, actor=None, data={"title": "联合开发课程标准", "due_on": dt.date(2027, 1, 1)}
    )
    assert health(world, agreement) == Health.DORMANT
    services.obligation_save(
        agreement=agreement,
        obligation=obligation,
        actor=None,
        data={"status": "done", "done_on": dt.date(2026, 10, 1)},
    )
    annotated = selectors.health_of(agreement, today=TODAY)
    assert (annotated.health, annotated.last_activity) == (Health.IN_USE, dt.date(2026, 10, 1))


def test_documents_are_checked_by_content_and_size(world, settings):
    agreement = factories.agreement(world)
    office = world.users["office"]
    doc = attachments.attach(
        owner=agreement, kind="signed_copy", actor=office, upload=SimpleUploadedFile("scan.pdf", PDF)
    )
    assert (doc.content_type, doc.size) == ("application/pdf", len(PDF))
    with pytest.raises(DomainError, match="not a file of an accepted type"):
        attachments.attach(
            owner=agreement,
            kind="signed_copy",
            actor=office,
            upload=SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 an executable"),
        )
    with pytest.raises(DomainError, match="named otherwise"):
        attachments.attach(
            owner=agreement, kind="signed_copy", actor=office, upload=SimpleUploadedFile("scan.png", PDF)
        )
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(DomainError, match="the limit is 20"):
        attachments.attach(owner=agreement, kind="annex", actor=office, upload=big)
    assert Attachment.objects.filter(owner_id=agreement.pk, owner_type__model="agreement").count() == 1


def test_interactions_must_name_a_party_of_the_agreement_and_a_past_date(world):
    agreement = factories.agreement(world)
    with pytest.raises(DomainError) as exc:
        services.interaction_record(
            partner=world.partners["changan"],
            agreement=agreement,
            actor=None,
            data={"kind": "call", "occurred_on": TODAY, "subject": "x"},
        )
    assert exc.value.field == "agreement"
    with pytest.raises(DomainError) as exc:
        services.interaction_record(
            partner=world.partners["malaya"],
            actor=None,
            data={"kind": "call", "occurred_on": TODAY + dt.timedelta(days=3), "subject": "x"},
        )
    assert exc.value.field == "occurred_on"
    assert not Interaction.objects.exists()


def test_renewal_drafts_a_successor_which_replaces_the_original_when_in_force(world):
    original = factories.active(world, signed=dt.date(2023, 9, 1), valid_to=dt.date(2026, 12, 31))
    services.condition_save(
        agreement=original,
        actor=None,
        data={"direction": "out", "activity": "student_study", "places_per_year": 5, "isced_codes": "0715"},
    )
    successor = services.agreement_renew(agreement=original, actor=world.users["office"])
    assert (successor.status, successor.predecessor_id, successor.valid_from) == (
        S.DRAFT,
        original.pk,
        dt.date(2026, 12, 31),
    )
    assert successor.conditions.count() == 1
    with pytest.raises(ConflictError):
        services.agreement_renew(agreement=original, actor=None)
    for step in ("submit", "approve"):
        services.agreement_step(agreement=successor, step=step, actor=None)
    services.agreement_step(
        agreement=successor,
        step="sign",
        signed_on=TODAY,
        actor=None,
        signed_copy=SimpleUploadedFile("s.pdf", PDF),
    )
    successor.refresh_from_db()
    successor.valid_from = TODAY
    successor.save()
    services.agreement_step(agreement=successor, step="activate", actor=None)
    original.refresh_from_db()
    assert original.status == S.RENEWED


def test_unknown_isced_codes_are_refused(world):
    agreement = factories.agreement(world)
    with pytest.raises(DomainError) as exc:
        services.condition_save(
            agreement=agreement,
            actor=None,
            data={"direction": "in", "activity": "traineeship", "isced_codes": "0715, 9876"},
        )
    assert exc.value.field == "isced_codes"


def test_status_refresh_moves_agreements_by_the_calendar_once(world):
    ending = factories.active(world, signed=dt.date(2024, 1, 1), valid_to=dt.date(2027, 2, 1))
    ended = factories.active(world, signed=dt.date(2022, 1, 1), valid_to=dt.date(2026, 10, 1), title="ended")
    auto = factories.active(
        world, signed=dt.date(2024, 1, 1), valid_to=dt.date(2025, 12, 31), title="auto", auto_renewal=True
    )
    counts = services.refresh_statuses(today=TODAY)
    assert counts == {"activated": 0, "expiring": 1, "expired": 1, "auto_renewed": 1}
    for a in (ending, ended, auto):
        a.refresh_from_db()
    assert (ending.status, ended.status, auto.status) == (S.EXPIRING, S.EXPIRED, S.ACTIVE)
    assert auto.valid_to == dt.date(2027, 12, 31)
    assert services.refresh_statuses(today=TODAY) == {
        "activated": 0,
        "expiring": 0,
        "expired": 0,
        "auto_renewed": 0,
    }
    entry = AuditEntry.objects.get(action="agreements.agreement.expired", object_id=str(ended.pk))
    assert entry.actor_id is None and entry.changes["status"] == ["active", "expired"]


def test_reminders_go_to_responsible_people_once_even_when_run_twice(world):
    teacher = world.people["teacher"]
    teacher.email = "liming@example.edu.cn"
    teacher.save()
    factories.active(
        world,
        signed=dt.date(2024, 1, 1),
        valid_to=dt.date(2026, 12, 15),
        title="即将到期",
        school_responsible=teacher,
    )
    old = factories.active(world, signed=dt.date(2024, 2, 1), valid_to=dt.date(2030, 1, 1), title="审查")
    services.obligation_save(
        agreement=old,
        actor=None,
        data={"title": "提交年度报告", "due_on": dt.date(2026, 11, 1), "responsible": teacher},
    )
    sent, _skipped = reminders.send_due(TODAY)
    subjects = sorted(m.subject for m in mail.outbox)
    assert sent == 3
    assert any("ends on 2026-12-15" in s for s in subjects)
    assert any("Overdue: 提交年度报告" in s for s in subjects)
    assert any("Annual implementation review" in s for s in subjects)
    assert all(m.to == ["liming@example.edu.cn"] for m in mail.outbox)
    again, skipped = reminders.send_due(TODAY)
    assert again == 0 and skipped == 4  # the three sent, and one review without any recipient
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.count() == 3


def test_send_reminders_command_is_idempotent_and_falls_back_to_the_office(world):
    from intercoop.accounts.models import User

    User.objects.filter(pk=world.users["office"].pk).update(email="office@example.edu.cn")
    factories.active(world, signed=dt.date(2026, 1, 1), valid_to=dt.date(2026, 12, 15))
    call_command("send_reminders", "--date", "2026-11-23")
    call_command("send_reminders", "--date", "2026-11-23")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["office@example.edu.cn"]


def test_a_removed_party_is_archived_not_deleted(world):
    agreement = factories.agreement(world, partners=[world.partners["malaya"], world.partners["changan"]])
    services.agreement_update(agreement=agreement, data={}, partners=[world.partners["malaya"]], actor=None)
    assert AgreementParty.objects.filter(agreement=agreement).count() == 2
    assert AgreementParty.objects.filter(agreement=agreement, archived_at__isnull=True).count() == 1


def test_confidential_agreements_are_seen_only_by_their_colleges_and_the_office(world):
    secret = factories.agreement(world, title="保密协议", confidential=True, units=[world.units["AUTO"]])
    open_one = factories.agreement(world, title="公开协议", units=[world.units["AUTO"]])

    def visible(name):
        access = access_for(world.user(name))
        seen = set(selectors.agreement_list(access=access, institution=world.a).values_list("pk", flat=True))
        return seen & {secret.pk, open_one.pk}

    assert visible("office") == {secret.pk, open_one.pk}
    assert visible("liaison_a") == {secret.pk, open_one.pk}
    assert visible("liaison_b") == {open_one.pk}
    assert visible("teacher") == {open_one.pk}
    assert visible("other_office") == set()
    assert visible("supervisor") == set()
    assert visible("student") == set()


def test_months_before_handles_month_ends():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 12) == dt.date(2025, 1, 15)


def test_merging_partners_moves_agreement_parties_and_interactions(world):
    from intercoop.partners import services as partner_services
    from intercoop.partners.tests import factories as partner_factories

    dupe = partner_factories.partner(world.a, "University of Malaya", country="MY")
    agreement = factories.agreement(world, partners=[dupe, world.partners["malaya"]])
    services.interaction_record(
        partner=dupe, actor=None, data={"kind": "email", "occurred_on": TODAY, "subject": "MoU draft"}
    )
    partner_services.partner_merge(source=dupe, target=world.partners["malaya"], actor=None)
    active_parties = AgreementParty.objects.filter(agreement=agreement, archived_at__isnull=True)
    assert [p.partner_id for p in active_parties] == [world.partners["malaya"].pk]
    assert Interaction.objects.get().partner_id == world.partners["malaya"].pk
    merged = AuditEntry.objects.get(action="partners.partner.merged")
    assert merged.data["moved"] == {"agreements.agreementparty": 1, "agreements.interaction": 1}
    assert timezone.localdate() == TODAY


def test_auto_renewing_agreements_are_reminded_before_the_notice_deadline_not_the_end(world):
    from intercoop.accounts.models import User

    User.objects.filter(pk=world.users["office"].pk).update(email="office@example.edu.cn")
    factories.active(
        world, signed=dt.date(2024, 1, 1), valid_to=dt.date(2027, 2, 1), auto_renewal=True, notice_days=90
    )  # notice deadline 2026-11-03 passed: nothing more to remind
    factories.active(
        world,
        signed=dt.date(2024, 3, 1),
        valid_to=dt.date(2027, 3, 31),
        auto_renewal=True,
        notice_days=90,
        title="自动续签",
    )  # notice deadline 2026-12-31: 38 days
    keys = [r.key for r in reminders.due(TODAY) if ":notice:" in r.key or ":expiry:" in r.key]
    assert len(keys) == 1 and ":notice:" in keys[0] and keys[0].endswith(":2026-12-31:90")
