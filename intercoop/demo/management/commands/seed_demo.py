"""Load the demo data (idempotent). ``--reset`` removes the demo institutions and builds them again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from intercoop.demo import seed


class Command(BaseCommand):
    help = "Create the demo Chongqing colleges, their units, people and logins (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Remove the demo data first, then rebuild it."
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        if options["reset"]:
            seed.purge()
            self.stdout.write("Removed the demo data.")
        if seed.is_present():
            self.stdout.write("Demo data is present already (use --reset to rebuild it).")
            logins = seed.logins()
        else:
            # Seeding walks trips through their approvals: no notification mails for that.
            backend = settings.EMAIL_BACKEND
            settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
            try:
                logins = seed.build()
            finally:
                settings.EMAIL_BACKEND = backend
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write("Demo logins (password for all: %s)" % (logins[0].password if logins else ""))
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.roles}  [{login.institution}]")
