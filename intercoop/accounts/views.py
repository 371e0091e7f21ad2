"""Login, language, password, and the administrators' pages for users and their roles."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from intercoop.accounts import selectors, services
from intercoop.accounts.forms import GrantForm, LoginForm, PasswordSetForm, UserForm
from intercoop.accounts.models import User
from intercoop.accounts.permissions import USER_MANAGE
from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.gates import public, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.middleware import client_ip
from intercoop.core.roles import ROLE_DESCRIPTIONS, Role
from intercoop.org import selectors as org_selectors


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=cast(Any, settings.LANGUAGE_COOKIE_SAMESITE),
        )
    return response


@public  # the sign-in page
@login_not_required
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_check(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip_address=client_ip(request),
                channel="web",
            )
        except services.LoginThrottled as exc:
            form.add_error(None, str(exc))
            status = 429
        except services.LoginFailed as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user)
            response = redirect(_safe_next(request, "home:index"))
            return _with_language(response, user.language)
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}, status=status
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Forgotten password: an e-mail with a one-day link, throttled per address and per client, the same
    answer whether or not an account has that address (nothing leaks), every request audited."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        try:
            services.password_reset_requested(
                email=email, users=list(form.get_users(email)), ip_address=client_ip(self.request)
            )
        except services.ResetThrottled as exc:
            form.add_error(None, str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_reset_done(user=form.user)
        return response


password_reset = public(login_not_required(PasswordResetView.as_view()))  # before signing in
password_reset_sent = public(
    login_not_required(
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
    )
)
password_reset_confirm = public(login_not_required(PasswordResetConfirmView.as_view()))
password_reset_complete = public(
    login_not_required(
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
    )
)


@public  # where Django's admin sends the signed-out
@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """Django's admin has no login of its own: its password form would bypass the throttle and the audit
    of ``services.login_check``. The signed-out go to the app's login page and come back; a signed-in
    user whom the admin does not admit (everyone but a platform operator) gets the 404 of any page
    that is not theirs."""
    next_url = request.GET.get("next") or "/admin/"
    if request.user.is_authenticated:
        raise Http404
    query = urlencode({"next": next_url if next_url.startswith("/admin/") else "/admin/"})
    return redirect(f"{reverse('accounts:login')}?{query}")


@public  # the language switch, also before signing in
@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a logged-in user keeps the choice on every device."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=cast(User, request.user), language=language)
    return response


# -- administration of users --------------------------------------------------------------------------------


def _require_admin(request: HttpRequest) -> int:
    access = access_for(request.user)
    if access.institution_id is None or not access.can_institution_wide(USER_MANAGE):
        raise Http404
    return access.institution_id


@requires(USER_MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    access = access_for(request.user)
    search = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    status = request.GET.get("status", "active")
    qs = selectors.user_list(access=access, search=search or None, role=role or None, status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    template = page_or_partial(request, "accounts/user_list.html")
    return render(
        request,
        template,
        {
            "page": page,
            "q": search,
            "role": role,
            "status": status,
            "roles": Role.choices,
        },
    )


@requires(USER_MANAGE)
def user_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserForm(request.POST or None, user=request.user)
    if created := submitted(
        request,
        form,
        lambda data: services.user_create(
            institution=org_selectors.institution_of(request.user),
            data=data,
            password=data.get("password") or None,
            actor=request.user,
        ),
        done=_("The user was created. Now grant them a role."),
    ):
        return redirect("accounts:user_detail", pk=created.value.pk)
    return render(request, "accounts/user_form.html", {"form": form, "managed": None})


@requires(USER_MANAGE)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    managed = selectors.user_get_for_admin(actor=request.user, pk=pk)
    access = access_for(request.user)
    grant_form = GrantForm(units=org_selectors.units_for_user(access=access))
    return render(request, "accounts/user_detail.html", _detail_context(managed, grant_form))


def _detail_context(managed: User, grant_form: GrantForm) -> dict[str, object]:
    return {
        "managed": managed,
        "memberships": selectors.memberships_of(user=managed, include_revoked=True),
        "grant_form": grant_form,
        "password_form": PasswordSetForm(),
        "role_descriptions": [(label, ROLE_DESCRIPTIONS[value]) for value, label in Role.choices],
        "history": audit.history_for(managed, can_see_sensitive=False),
    }


@requires(USER_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    managed = selectors.user_get_for_admin(actor=request.user, pk=pk)
    initial = {
        "username": managed.username,
        "display_name": managed.display_name,
        "email": managed.email,
        "person": managed.person,
        "language": managed.language,
    }
    form = UserForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if submitted(
        request,
        form,
        lambda data: services.user_update(user=managed, data=data, actor=request.user),
        done=_("The user was saved."),
    ):
        return redirect("accounts:user_detail", pk=managed.pk)
    return render(request, "accounts/user_form.html", {"form": form, "managed": managed})


@requires(USER_MANAGE)
@require_POST
def user_grant(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    managed = selectors.user_get_for_admin(actor=request.user, pk=pk)
    access = access_for(request.user)
    form = GrantForm(request.POST, units=org_selectors.units_for_user(access=access))
    if submitted(
        request,
        form,
        lambda data: services.membership_grant(
            user=managed,
            role=data["role"],
            institution=org_selectors.institution_of(request.user),
            org_unit=data.get("org_unit"),
            actor=request.user,
        ),
        done=_("The role was granted."),
    ):
        return redirect("accounts:user_detail", pk=managed.pk)
    return render(request, "accounts/user_detail.html", _detail_context(managed, form), status=400)


@requires(USER_MANAGE)
@require_POST
def user_revoke(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    _require_admin(request)
    managed = selectors.user_get_for_admin(actor=request.user, pk=pk)
    membership = selectors.membership_get_for_admin(actor=request.user, user=managed, pk=membership_pk)
    acted(
        request,
        lambda: services.membership_revoke(membership=membership, actor=request.user),
        done=_("The role was revoked."),
    )
    return redirect("accounts:user_detail", pk=managed.pk)


@requires(USER_MANAGE)
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    managed = selectors.user_get_for_admin(actor=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    acted(
        request,
        lambda: services.user_set_active(user=managed, active=active, actor=request.user),
        done=_("The account was reactivated.") if active else _("The account was deactivated."),
    )
    return redirect("accounts:user_detail", pk=managed.pk)


@requires(USER_MANAGE)
@require_POST
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    managed = selectors.user_get_for_admin(actor=request.user, pk=pk)
    form = PasswordSetForm(request.POST)
    if form.is_valid():
        acted(
            request,
            lambda: services.user_set_password(
                user=managed, password=form.cleaned_data["password"], actor=request.user
            ),
            done=_("The password was set. The user's API tokens were revoked."),
        )
    else:
        messages.error(request, _("Give a new password."))
    return redirect("accounts:user_detail", pk=managed.pk)
