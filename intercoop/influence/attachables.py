"""Each entry of the three registers carries one evidence file, set through the register's service."""

from __future__ import annotations

from django.urls import reverse

from intercoop.attachments.registry import EVIDENCE_KINDS, Attachable
from intercoop.influence import selectors
from intercoop.influence.registers import REGISTERS


def _declare(key: str) -> Attachable:
    register = REGISTERS[key]
    return Attachable(
        model=f"influence.{register.model._meta.model_name}",
        kinds=EVIDENCE_KINDS,
        readable=lambda user, pk: selectors.get_for_user(user=user, register=register, pk=pk),
        back=lambda entry: reverse("influence:detail", args=[key, entry.pk]),
    )


ATTACHABLES = [_declare(key) for key in REGISTERS]
