from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import Membership, User
from intercoop.core.roles import Role
from tests.personas import language_client

pytestmark = pytest.mark.django_db


def test_login_page_logs_in_and_redirects_to_a_safe_next(world):
    client = language_client()
    response = client.post(
        reverse("accounts:login"), {"username": "office", "password": "pw", "next": "/org/people/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/org/people/"
    response = language_client().post(
        reverse("accounts:login"), {"username": "office", "password": "pw", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home:index")


def test_wrong_password_shows_a_message_and_throttling_answers_429(world):
    client = language_client()
    for _ in range(5):
        response = client.post(reverse("accounts:login"), {"username": "office", "password": "no"})
        assert response.status_code == 200
        assert "The user name or password is not correct." in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "office", "password": "pw"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_sets_the_users_language(world):
    from intercoop.accounts import services

    services.user_set_language(user=world.user("teacher"), language="en")
    response = language_client().post(reverse("accounts:login"), {"username": "teacher", "password": "pw"})
    assert response.cookies["django_language"].value == "en"


def test_pages_need_a_login(db):
    response = language_client().get("/org/people/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_language_switch_works_logged_out_and_remembers_the_choice_for_a_user(world, client_for):
    anonymous = Client()
    assert "登录" in anonymous.get("/accounts/login/").content.decode()  # Chinese by default
    response = anonymous.post(
        reverse("accounts:set_language"), {"language": "en", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    assert "Log in" in anonymous.get("/accounts/login/").content.decode()
    client = client_for("teacher", "zh-hans")
    assert "欢迎" in client.get("/").content.decode()
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert User.objects.get(username="teacher").language == "en"
    page = client.get("/").content.decode()
    assert "Welcome" in page


def test_admin_creates_a_user_grants_and_revokes_a_role(world, client_for):
    client = client_for("admin")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "wangfang",
            "display_name": "王芳",
            "email": "wf@example.edu.cn",
            "person": world.people["it_teacher"].pk,
            "language": "zh-hans",
            "password": "",
        },
    )
    user = User.objects.get(username="wangfang")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:user_detail", args=[user.pk]
    )
    response = client.post(
        reverse("accounts:user_grant", args=[user.pk]),
        {"role": Role.COLLEGE_LIAISON, "org_unit": world.units["IT"].pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, revoked_at__isnull=True)
    detail = client.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert "College liaison" in detail and 'data-testid="history-panel"' in detail
    client.post(reverse("accounts:user_revoke", args=[user.pk, membership.pk]))
    membership.refresh_from_db()
    assert membership.revoked_at is not None


def test_grant_form_shows_the_services_error_beside_the_field(world, client_for):
    client = client_for("admin")
    target = world.users["norole"]
    response = client.post(reverse("accounts:user_grant", args=[target.pk]), {"role": Role.COLLEGE_LIAISON})
    assert response.status_code == 400
    assert 'data-field-error="org_unit"' in response.content.decode()
    assert not Membership.objects.filter(user=target).exists()


def test_a_unit_of_another_institution_cannot_be_chosen_in_the_grant_form(world, client_for):
    client = client_for("admin")
    target = world.users["norole"]
    response = client.post(
        reverse("accounts:user_grant", args=[target.pk]),
        {"role": Role.COLLEGE_LIAISON, "org_unit": world.units["B-CIV"].pk},
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=target).exists()


def test_admins_of_another_institution_get_404_on_this_institutions_users(world, client_for):
    client = client_for("other_office")
    target = world.users["office"]
    for url in (
        reverse("accounts:user_detail", args=[target.pk]),
        reverse("accounts:user_edit", args=[target.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("accounts:user_set_active", args=[target.pk])).status_code == 404
    membership = Membership.objects.filter(user=target).first()
    assert client.post(reverse("accounts:user_revoke", args=[target.pk, membership.pk])).status_code == 404
    assert User.objects.get(pk=target.pk).is_active
    users = client.get(reverse("accounts:user_list")).content.decode()
    assert "other_office" in users and ">office<" not in users
