"""Pages of the approval engine: my queue, deciding a step, chains, delegations."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.approvals import kinds, selectors, services
from intercoop.approvals.forms import ChainStepForm, DecisionForm, DelegationForm
from intercoop.approvals.permissions import CHAIN_MANAGE, QUEUE_VIEW
from intercoop.core import audit
from intercoop.core.access import parse_pk
from intercoop.core.actions import acted, submitted
from intercoop.core.gates import record_access, requires
from intercoop.org import selectors as org_selectors


@requires(QUEUE_VIEW)
def queue(request: HttpRequest) -> HttpResponse:
    waiting = selectors.waiting_for(request.user)
    for step in waiting:
        step.url = kinds.get(step.request.kind).url(step.request.object_id)  # type: ignore[attr-defined]
        step.kind_label = kinds.get(step.request.kind).label  # type: ignore[attr-defined]
    decided = list(selectors.decided_by(request.user))
    for step in decided:
        step.url = kinds.get(step.request.kind).url(step.request.object_id)  # type: ignore[attr-defined]
    return render(
        request,
        "approvals/queue.html",
        {"waiting": waiting, "decided": decided, "delegations": selectors.delegations_of(request.user)},
    )


@record_access
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    step = selectors.step_get(user=request.user, pk=pk)
    kind = kinds.get(step.request.kind)
    allowed, _behalf = selectors.can_decide(request.user, step)
    if not allowed:
        kind.subject_for_user(request.user, step.request.object_id)  # 404 unless they may see the subject
    back = kind.url(step.request.object_id)
    form = DecisionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(back)
    acted(
        request,
        lambda: services.decide(
            step=step,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data.get("comment") or "",
            attachment=form.cleaned_data.get("attachment"),
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        ),
        done=_("Your decision was recorded."),
    )
    return redirect(back)


@requires(CHAIN_MANAGE)
def chains(request: HttpRequest) -> HttpResponse:
    institution = org_selectors.institution_of(request.user)
    for kind in kinds.all_kinds():
        services.chain_for(institution=institution, kind=kind.key)
    items = list(selectors.chains(institution_id=institution.pk))
    for chain in items:
        chain.step_list = list(selectors.chain_steps(chain))  # type: ignore[attr-defined]
    return render(request, "approvals/chains.html", {"chains": items})


@requires(CHAIN_MANAGE)
def chain_detail(request: HttpRequest, pk: int) -> HttpResponse:
    chain = selectors.chain_get_for_user(user=request.user, pk=pk)
    step = None
    if request.GET.get("step"):
        step = selectors.chain_steps(chain).filter(pk=parse_pk(request.GET["step"])).first()
        if step is None:
            raise Http404
    form = ChainStepForm(request.POST or None, instance=step, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.chain_step_save(chain=chain, step=step, data=data, actor=request.user),
        done=_("The step was saved; requests already in flight keep their steps."),
    ):
        return redirect("approvals:chain", pk=chain.pk)
    return render(
        request,
        "approvals/chain_detail.html",
        {
            "chain": chain,
            "steps": selectors.chain_steps(chain),
            "form": form,
            "editing": step,
            "history": audit.history_for(chain, can_see_sensitive=False),
        },
    )


@requires(CHAIN_MANAGE)
@require_POST
def chain_step_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    step = selectors.chain_step_get_for_user(user=request.user, pk=pk)
    if action in ("up", "down"):
        acted(
            request,
            lambda: services.chain_step_move(step=step, up=action == "up", actor=request.user),
            done=_("Done."),
        )
    elif action == "archive":
        acted(request, lambda: services.chain_step_archive(step=step, actor=request.user), done=_("Done."))
    else:
        raise Http404
    return redirect("approvals:chain", pk=step.chain_id)


@requires(QUEUE_VIEW)
def delegations(request: HttpRequest) -> HttpResponse:
    form = DelegationForm(request.POST or None, user=request.user)
    if submitted(
        request,
        form,
        lambda data: services.delegation_create(
            delegator=request.user,
            delegate=data["delegate"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data.get("reason") or "",
            actor=request.user,
        ),
        done=_("Your substitute can decide in your place during that period."),
    ):
        return redirect("approvals:delegations")
    return render(
        request,
        "approvals/delegations.html",
        {"form": form, "delegations": selectors.delegations_of(request.user)},
    )


@record_access
@require_POST
def delegation_end(request: HttpRequest, pk: int) -> HttpResponse:
    delegation = (
        selectors.delegations_of(request.user).filter(pk=parse_pk(pk), delegator_id=request.user.pk).first()
    )
    if delegation is None:
        raise Http404
    acted(
        request,
        lambda: services.delegation_end(delegation=delegation, actor=request.user),
        done=_("The delegation has ended."),
    )
    return redirect("approvals:delegations")
