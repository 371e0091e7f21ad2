"""The holiday calendar page: a year's published arrangement, the days the office added, a form to add
more as the State Council's notice lists them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intercoop.core import calendar
from intercoop.core.access import parse_pk
from intercoop.core.actions import acted, submitted
from intercoop.core.forms import BootstrapFormMixin
from intercoop.core.gates import record_access, requires
from intercoop.core.models import CalendarDay
from intercoop.core.permissions import CALENDAR_CHANGE
from intercoop.core.workdays import calendar_for, published_days, published_years


class DaysForm(BootstrapFormMixin, forms.Form):
    days = forms.CharField(
        label=gettext_lazy("Days"),
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "2027-02-06 休 春节\n2027-02-14 班 春节调休"}),
        help_text=gettext_lazy(
            "One day per line: the date, 休 for a day off or 班 for a make-up working day, and the name, as "
            "the State Council's notice lists them. A day listed again replaces the earlier entry."
        ),
    )
    complete = forms.BooleanField(
        label=gettext_lazy("These are all of the year's holidays and make-up working days"), required=False
    )


def _year(raw: Any) -> int:
    today = timezone.localdate()
    if raw in (None, ""):
        return today.year + 1 if today.month >= 11 else today.year  # the notice comes out in November
    year = parse_pk(raw)
    if not calendar.FIRST_YEAR <= year <= today.year + calendar.YEARS_AHEAD:
        raise Http404
    return year


def _url(year: int) -> str:
    return reverse("calendar:page") + f"?year={year}"


@requires(CALENDAR_CHANGE)
def calendar_page(request: HttpRequest) -> HttpResponse:
    institution_id = calendar.keeper_institution(request.user)
    year = _year(request.GET.get("year") or request.POST.get("year"))
    form = DaysForm(request.POST or None)
    today = timezone.localdate()
    if done := submitted(
        request,
        form,
        lambda data: calendar.days_add(
            institution=request.user.institution,  # type: ignore[union-attr]
            year=year,
            text=data["days"],
            complete=data["complete"],
            actor=request.user,
            today=today,
        ),
    ):
        messages.success(request, _("%(n)s days of %(year)s saved.") % {"n": done.value, "year": year})
        return redirect(_url(year))
    added = calendar.days_of(institution_id, year)
    cal = calendar_for(request.user.institution)  # type: ignore[union-attr]
    complete = calendar.completion_of(institution_id, year)
    kinds = dict(CalendarDay.Kind.choices)
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "years": list(range(today.year + calendar.YEARS_AHEAD, today.year - 6, -1)),
            "published": [(d, kinds[k]) for d, k in published_days(year)],
            "is_published": year in published_years(),
            "added": added,
            "covered": cal.covered(year),
            "complete": complete,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@record_access
@require_POST
def day_archive(request: HttpRequest, pk: int) -> HttpResponse:
    day = calendar.day_get_for_user(user=request.user, pk=pk)
    acted(request, lambda: calendar.day_archive(day=day, actor=request.user), done=_("The day is removed."))
    return redirect(_url(day.day.year))


@record_access
@require_POST
def year_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    entry = calendar.year_get_for_user(user=request.user, pk=pk)
    acted(request, lambda: calendar.year_reopen(entry=entry, actor=request.user))
    return redirect(_url(entry.year))
