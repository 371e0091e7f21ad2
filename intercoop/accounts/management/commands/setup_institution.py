"""Install intercoop for a college: the institution, its school-level offices, a first administrator.

    python manage.py setup_institution --code 4150012605 --admin admin --email it@college.edu.cn

Names come from the MoE list when the code is on it (else give --name). The administrator's password
is read from the INTERCOOP_ADMIN_PASSWORD environment variable or asked for at the terminal. Running it
again for an existing institution changes nothing and says so.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from intercoop.accounts import services as accounts
from intercoop.core.errors import DomainError
from intercoop.core.roles import Role
from intercoop.org import services as org
from intercoop.org.models import Institution


class Command(BaseCommand):
    help = "Create an institution (from the MoE list), its school-level offices and a first administrator."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--code", required=True, help="10-digit MoE institution code (学校标识码)")
        parser.add_argument("--name", default="", help="name, if the code is not on the MoE list")
        parser.add_argument("--name-en", default="", help="English name")
        parser.add_argument("--admin", default="admin", help="user name of the first system administrator")
        parser.add_argument("--email", default="", help="the administrator's e-mail")
        parser.add_argument("--no-offices", action="store_true", help="do not create the standard offices")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["code"].strip()
        if Institution.objects.filter(code=code).exists():
            self.stdout.write(f"Institution {code} exists already; nothing changed.")
            return
        password = os.environ.get("INTERCOOP_ADMIN_PASSWORD") or self._ask_password()
        try:
            with transaction.atomic():
                data = {"code": code}
                if options["name"]:
                    data.update(name=options["name"], name_zh=options["name"])
                if options["name_en"]:
                    data["name_en"] = options["name_en"]
                institution = org.institution_create(data=data, actor=None)
                if not options["no_offices"]:
                    org.units_create_standard(institution=institution, actor=None)
                admin = accounts.user_create(
                    institution=institution,
                    data={"username": options["admin"], "email": options["email"]},
                    password=password,
                    actor=None,
                )
                accounts.membership_grant(
                    user=admin, role=Role.SYSTEM_ADMIN, institution=institution, org_unit=None, actor=None
                )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {institution.name} ({institution.code}) with administrator {options['admin']}."
            )
        )

    def _ask_password(self) -> str:
        if not os.isatty(0):
            raise CommandError("Set INTERCOOP_ADMIN_PASSWORD or run the command at a terminal.")
        first = getpass.getpass("Password for the administrator: ")
        if first != getpass.getpass("Again: "):
            raise CommandError("The passwords differ.")
        return first
