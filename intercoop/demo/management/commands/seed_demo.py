"""Load the demo data (idempotent). ``--reset`` removes the demo institutions and builds them again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from intercoop.demo import seed


class Command(BaseCommand):
    help = "Create the demo Chongqing colleges, their units, people and logins (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Remove the demo data first, then rebuild it."
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")
        parser.add_argument(
            "--allow-demo-logins",
            action="store_true",
            help="Seed with DEBUG off (a demonstration server): every demo login has a known password.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (getattr(settings, "ALLOW_DEMO_SEED", False) or options["allow_demo_logins"]):
            raise CommandError(
                "The demo creates logins with a known password. Run it with DEBUG=1 (make demo), or pass "
                "--allow-demo-logins (or set INTERCOOP_ALLOW_DEMO=1) on a demonstration server."
            )
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
