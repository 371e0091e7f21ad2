"""Forms are carried out once, however often they are sent (issue 16 item 4).

``static/intercoop/app.js`` gives every POST form of a page a one-time token (``_once``). The first sending
of a token is carried out; a second sending of the same token while or after the first runs (a double
click, a reload that posts again, two tabs) waits for the first to finish and is then sent where the first
was sent, with a message, instead of making a second partner or a second mobility. A sending whose answer is
not a redirect (the form shown again with its errors, a download) releases its token, so the same page
can be sent again. Pages only: the API's clients send each request deliberately.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from intercoop.core.models import FormSubmission

FIELD = "_once"


class OnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _token(request)
        user_id = request.user.pk
        if token is None or user_id is None:
            return self.get_response(request)
        try:
            with transaction.atomic():
                sending = FormSubmission.objects.create(user_id=user_id, token=token, path=request.path[:300])
        except IntegrityError:
            return _sent_before(request, user_id, token) or self.get_response(request)
        response = self.get_response(request)
        if isinstance(response, HttpResponseRedirect) or response.status_code in (301, 302, 303):
            FormSubmission.objects.filter(pk=sending.pk).update(location=response["Location"][:500])
        else:
            FormSubmission.objects.filter(pk=sending.pk).update(released=True)
        return response


def _token(request: HttpRequest) -> str | None:
    if request.method != "POST" or request.path_info.startswith("/api/"):
        return None
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return None
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return None
    token = request.POST.get(FIELD, "")
    return token if 16 <= len(token) <= 64 and token.isalnum() else None


def _sent_before(request: HttpRequest, user_id: int, token: str) -> HttpResponseBase | None:
    """Wait for the first sending of ``token`` to finish; send this one where it went. None when the first
    released its token meanwhile (its answer was a form with errors): this sending is then carried out."""
    deadline = time.monotonic() + settings.FORM_ONCE_WAIT_SECONDS
    while True:
        first = (
            FormSubmission.objects.filter(user_id=user_id, token=token)
            .order_by("-id")
            .values("location", "released")
            .first()
        )
        if first is None or first["released"]:
            return None
        if first["location"]:
            messages.info(request, _("This form had been sent already; this is what it did."))
            return HttpResponseRedirect(first["location"])
        if time.monotonic() > deadline:
            message = _("This form is being sent already. Wait a moment, then open the page again.")
            return render(request, "refused.html", {"message": message, "back": ""}, status=409)
        time.sleep(0.2)
