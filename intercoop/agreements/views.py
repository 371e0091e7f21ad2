"""Pages of agreements: list with health, detail with everything that proves use, the lifecycle steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intercoop.agreements import exports, selectors, services
from intercoop.agreements.config import settings_for
from intercoop.agreements.forms import (
    AgreementFilterForm,
    AgreementForm,
    ConditionForm,
    InteractionForm,
    ObligationForm,
    StepForm,
)
from intercoop.agreements.models import Agreement, DocumentKind
from intercoop.agreements.permissions import AGREEMENT_CHANGE, AGREEMENT_SIGN, AGREEMENT_VIEW
from intercoop.attachments import services as attachment_services
from intercoop.attachments.forms import AttachmentForm
from intercoop.core import audit, bulk, importing
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.choices import pick
from intercoop.core.gates import record_access, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.spreadsheets import xlsx_response
from intercoop.org import selectors as org_selectors
from intercoop.org.models import OrgUnit
from intercoop.partners import selectors as partner_selectors


def _colleges(request: HttpRequest) -> list[OrgUnit]:
    return [
        u
        for u in org_selectors.units_for_user(access=access_for(request.user))
        if u.kind in (OrgUnit.Kind.SECONDARY_COLLEGE, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.SCHOOL_OFFICE)
    ]


@requires(AGREEMENT_VIEW)
def agreement_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    institution = org_selectors.institution_of(request.user)
    form = AgreementFilterForm(request.GET or None, units=_colleges(request))
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.agreement_list(
        access=access,
        institution=institution,
        search=filters.get("q") or None,
        status=filters.get("status") or None,
        type=filters.get("type") or None,
        health=filters.get("health") or None,
        unit=filters.get("unit"),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.agreements_xlsx(selectors.attach_names(list(qs))), "agreements")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    selectors.attach_names(list(page.object_list))
    return render(
        request,
        page_or_partial(request, "agreements/agreement_list.html"),
        {
            "form": form,
            "page": page,
            "health_css": selectors.Health.CSS,
            "health_labels": selectors.Health.LABELS,
            "can_change": access.can_anywhere(AGREEMENT_CHANGE),
            "can_import": importing.may_use(access, "agreements"),
            "bulk_people": _responsible_choices(request.user)
            if access.can_anywhere(AGREEMENT_CHANGE)
            else [],
        },
    )


def _responsible_choices(user: Any) -> Any:
    return (
        org_selectors.person_choices(user, kinds=("staff", "teacher"))
        .select_related("org_unit")
        .order_by("name")
    )


@requires(AGREEMENT_VIEW)
@require_POST
def agreement_bulk(request: HttpRequest) -> HttpResponse:
    """The ticked agreements: export them, archive them, or name their school-level responsible person;
    each through its access function and the agreements' services, each audited on its own."""
    access = access_for(request.user)
    back, ids = bulk.selection(request, reverse("agreements:list"), _("Tick the agreements first."))
    if not ids:
        return redirect(back)
    action = request.POST.get("action")
    if action == "export":
        institution = org_selectors.institution_of(request.user)
        qs = selectors.agreement_list(access=access, institution=institution).filter(pk__in=ids)
        archived = selectors.agreement_list(access=access, institution=institution, archived=True).filter(
            pk__in=ids
        )
        rows = selectors.attach_names(sorted([*qs, *archived], key=lambda a: a.number))
        return xlsx_response(exports.agreements_xlsx(rows), "agreements-selected")

    def read(pk: int) -> Agreement:
        return selectors.agreement_get_for_user(user=request.user, pk=pk, code=AGREEMENT_CHANGE)

    def label(agreement: Agreement) -> str:
        return f"{agreement.number} {agreement.title}"

    if action == "archive":
        result = bulk.apply(
            ids,
            read=read,
            act=lambda a: services.agreement_archive(agreement=a, actor=request.user),
            label=label,
        )
        bulk.report(request, result, _("archived"))
        return redirect(back)
    if action == "assign":
        raw = request.POST.get("person") or ""
        if not raw:
            messages.error(request, _("Choose the responsible person."))
            return redirect(back)
        person = pick(_responsible_choices(request.user), raw)
        result = bulk.apply(
            ids,
            read=read,
            act=lambda a: services.agreement_update(
                agreement=a, data={"school_responsible": person}, actor=request.user
            ),
            label=label,
        )
        bulk.report(
            request, result, _("now name %(person)s as responsible") % {"person": person.display_name}
        )
        return redirect(back)
    raise Http404


@record_access
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk)
    annotated = selectors.health_of(agreement)
    year_start, year_end = selectors.school_year(timezone.localdate())
    rights = selectors.permissions_on(request.user, agreement)
    # Why this approver may not approve (separation of duties), asked once for the button and the note.
    conflict = (
        services.approval_conflict(agreement, request.user)
        if agreement.status == Agreement.Status.IN_REVIEW and rights["approve"]
        else ""
    )
    obligations = list(selectors.obligations_of(agreement))
    access = access_for(request.user)
    for obligation in obligations:
        obligation.may_report = rights["change"] or (  # type: ignore[attr-defined]
            access.person_id is not None and obligation.responsible_id == access.person_id
        )
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "health": annotated.health,  # type: ignore[attr-defined]
            "health_label": selectors.Health.LABELS[annotated.health],  # type: ignore[attr-defined]
            "health_css": selectors.Health.CSS[annotated.health],  # type: ignore[attr-defined]
            "last_activity": None if annotated.last_activity == selectors.NEVER else annotated.last_activity,  # type: ignore[attr-defined]
            "overdue": annotated.overdue,  # type: ignore[attr-defined]
            "places_offered": annotated.places_offered,  # type: ignore[attr-defined]
            "places_used": selectors.places_used(agreement, start=year_start, end=year_end),
            "school_year": f"{year_start.year}–{year_end.year}",
            "parties": selectors.parties_of(agreement),
            "units": selectors.units_of(agreement),
            "conditions": selectors.conditions_of(agreement),
            "obligations": obligations,
            "documents": selectors.documents_of(agreement),
            "interactions": selectors.interactions_of(agreement=agreement),
            "children": agreement.children.filter(archived_at__isnull=True),
            "successors": agreement.successors.filter(archived_at__isnull=True),
            "rights": rights,
            "today_date": timezone.localdate(),
            "can_renew": rights["sign"]
            and not agreement.is_archived
            and agreement.status in services.RENEWABLE
            and not agreement.successors.filter(archived_at__isnull=True)
            .exclude(status=Agreement.Status.TERMINATED)
            .exists(),
            "can_archive": rights["change"]
            and not agreement.is_archived
            and agreement.status in services.ARCHIVABLE,
            "steps": _available_steps(agreement, rights, conflict),
            "approval_conflict": conflict,
            "step_form": StepForm(initial={"expected_status": agreement.status}),
            "document_form": _document_form(agreement),
            "history": audit.history_for(agreement, can_see_sensitive=False),
        },
    )


STEP_LABELS = {
    "submit": (gettext_lazy("Submit for review"), "primary"),
    "approve": (gettext_lazy("Approve"), "success"),
    "return": (gettext_lazy("Return for revision"), "warning"),
    "sign": (gettext_lazy("Record signing"), "primary"),
    "activate": (gettext_lazy("Put in force"), "success"),
    "terminate": (gettext_lazy("Terminate"), "danger"),
}


def _available_steps(agreement: Agreement, rights: dict[str, bool], conflict: str) -> list[dict[str, Any]]:
    steps = []
    for step, (sources, _target) in services.STEPS.items():
        if (
            agreement.status in sources
            and rights.get(services.STEP_PERMISSION[step])
            and not agreement.is_archived
            and not (step == "approve" and conflict)
        ):
            label, css = STEP_LABELS[step]
            steps.append(
                {
                    "step": step,
                    "label": str(label),
                    "css": css,
                    "needs_note": step in ("return", "terminate"),
                    "needs_date": step == "sign",
                    "needs_scan": step == "sign" and not services.has_signed_copy(agreement),
                }
            )
    return steps


@requires(AGREEMENT_CHANGE)
def agreement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    institution = org_selectors.institution_of(request.user)
    agreement = (
        selectors.agreement_get_for_user(user=request.user, pk=pk, code=AGREEMENT_CHANGE) if pk else None
    )
    initial: dict[str, Any] = {}
    if agreement is not None:
        initial = {
            "partners": [p.partner for p in selectors.parties_of(agreement)],
            "units": [u.org_unit for u in selectors.units_of(agreement)],
        }
    elif request.GET.get("partner"):
        initial = {
            "partners": [partner_selectors.partner_get_for_user(user=request.user, pk=request.GET["partner"])]
        }
    form = AgreementForm(request.POST or None, instance=agreement, initial=initial, user=request.user)

    def save(data: dict[str, Any]) -> Agreement:
        partners, units = list(data["partners"]), list(data["units"])
        if agreement is None:
            created = services.agreement_create(
                institution=institution, data=data, partners=partners, units=units, actor=request.user
            )
            messages.success(
                request, _("The agreement was drafted as %(number)s.") % {"number": created.number}
            )
            return created
        saved = services.agreement_update(
            agreement=agreement, data=data, partners=partners, units=units, actor=request.user
        )
        messages.success(request, _("The agreement was saved."))
        return saved

    if done := submitted(request, form, save):
        return redirect("agreements:detail", pk=done.value.pk)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


@record_access
@require_POST
def agreement_step(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a step."))
        return redirect("agreements:detail", pk=agreement.pk)
    step = form.cleaned_data["step"]
    if not selectors.permissions_on(request.user, agreement).get(services.STEP_PERMISSION[step]):
        raise Http404
    acted(
        request,
        lambda: services.agreement_step(
            agreement=agreement,
            step=step,
            actor=request.user,
            note=form.cleaned_data.get("note") or "",
            signed_on=form.cleaned_data.get("signed_on"),
            expected_status=form.cleaned_data.get("expected_status") or None,
            signed_copy=request.FILES.get("signed_copy"),
        ),
        done=_("Done: %(step)s.") % {"step": str(STEP_LABELS[step][0])},
    )
    return redirect("agreements:detail", pk=agreement.pk)


@record_access
@require_POST
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk, code=AGREEMENT_SIGN)
    renewed = acted(
        request,
        lambda: services.agreement_renew(agreement=agreement, actor=request.user),
        done=lambda successor: (
            _("Renewal %(number)s was drafted; it replaces this agreement when it is put in force.")
            % {"number": successor.number}
        ),
    )
    return redirect("agreements:detail", pk=renewed.value.pk if renewed else agreement.pk)


@record_access
@require_POST
def agreement_archive(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk, code=AGREEMENT_CHANGE)
    restore = bool(request.POST.get("restore"))
    acted(
        request,
        lambda: services.agreement_archive(agreement=agreement, actor=request.user, restore=restore),
        done=_("Done."),
    )
    return redirect("agreements:detail", pk=agreement.pk)


@record_access
def condition_edit(request: HttpRequest, pk: int, condition_pk: int | None = None) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk, code=AGREEMENT_CHANGE)
    condition = selectors.conditions_of(agreement).filter(pk=condition_pk).first() if condition_pk else None
    if condition_pk and condition is None:
        raise Http404
    form = ConditionForm(request.POST or None, instance=condition)
    if submitted(
        request,
        form,
        lambda data: services.condition_save(
            agreement=agreement, condition=condition, data=data, actor=request.user
        ),
        done=_("The condition was saved."),
    ):
        return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request,
        "agreements/sub_form.html",
        {"form": form, "agreement": agreement, "title": _("Cooperation condition")},
    )


@record_access
def obligation_edit(request: HttpRequest, pk: int, obligation_pk: int | None = None) -> HttpResponse:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk)
    obligation = (
        selectors.obligation_get_for_user(user=request.user, agreement=agreement, pk=obligation_pk)
        if obligation_pk
        else None
    )
    allowed = (
        selectors.may_report(request.user, agreement, obligation)
        if obligation is not None
        else selectors.may(request.user, agreement, AGREEMENT_CHANGE)
    )
    if not allowed:
        raise Http404
    form = ObligationForm(request.POST or None, instance=obligation, agreement=agreement, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.obligation_save(
            agreement=agreement, obligation=obligation, data=data, actor=request.user
        ),
        done=_("The obligation was saved."),
    ):
        return redirect("agreements:detail", pk=agreement.pk)
    return render(
        request, "agreements/sub_form.html", {"form": form, "agreement": agreement, "title": _("Obligation")}
    )


def _document_form(agreement: Agreement, *args: Any) -> AttachmentForm:
    return AttachmentForm(
        *args,
        kinds=DocumentKind.choices,
        parts=selectors.obligations_of(agreement),
        part_label=gettext_lazy("obligation"),
    )


@record_access
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed copy, annex or evidence; who may attach is the service's rule (``may_attach``)."""
    agreement = selectors.agreement_get_for_user(user=request.user, pk=pk)
    form = _document_form(agreement, request.POST, request.FILES)
    if form.is_valid():
        acted(
            request,
            lambda: attachment_services.attach(
                owner=agreement,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                part=form.cleaned_data.get("part"),
                actor=request.user,
            ),
            done=_("The document was uploaded."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("agreements:detail", pk=agreement.pk)


@requires(AGREEMENT_CHANGE)
def interaction_create(request: HttpRequest, partner_pk: int) -> HttpResponse:
    partner = partner_selectors.partner_get_for_user(user=request.user, pk=partner_pk)
    agreements = list(
        selectors.agreement_list(
            access=access_for(request.user), institution=partner.institution, partner_id=partner.pk
        )
    )
    agreement = None
    chosen = request.POST.get("agreement") or request.GET.get("agreement")
    if chosen:
        agreement = next((a for a in agreements if str(a.pk) == str(chosen)), None)
        if agreement is None:
            raise Http404
    form = InteractionForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if submitted(
        request,
        form,
        lambda data: services.interaction_record(
            partner=partner, agreement=agreement, data=data, actor=request.user
        ),
        done=_("The interaction was recorded."),
    ):
        if agreement:
            return redirect("agreements:detail", pk=agreement.pk)
        return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "agreements/interaction_form.html",
        {"form": form, "partner": partner, "agreements": agreements, "chosen": agreement},
    )


@requires(AGREEMENT_VIEW)
def dormant_report(request: HttpRequest) -> HttpResponse:
    institution = org_selectors.institution_of(request.user)
    rows = selectors.dormant_report(access=access_for(request.user), institution=institution)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.dormant_xlsx(rows), "dormant-agreements")
    return render(
        request, "agreements/dormant_report.html", {"rows": rows, "conf": settings_for(institution)}
    )
