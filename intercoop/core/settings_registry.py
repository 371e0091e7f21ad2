"""The institution settings an office may change on its settings page, declared by the apps that read them.

Every rule that differs between colleges lives in ``Institution.settings[section][name]`` and is read by
its app's ``settings_for`` / ``rules_for`` with the app's default. An app declares the ones an office may
set (``Declarations.settings``): section, name, label, kind, default, bounds and, where needed, a check.
The settings page (``org.views.institution_settings``) and its service (``org.services.
institution_settings_save``) are built from these declarations, so a new setting is one declaration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Setting:
    section: str  # the key in ``Institution.settings``, and the page's group
    name: str
    label: Any
    kind: str  # "int", "bool", "text", "month_day"
    default: Any
    help: Any = ""
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 40
    group: Any = ""  # the heading of its section on the page
    # A further check of a text value: the value to store, or a DomainError (an Erasmus code).
    check: Callable[[str], str] | None = None

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"

    def current(self, settings: dict[str, Any] | None) -> Any:
        return ((settings or {}).get(self.section) or {}).get(self.name, self.default)

    def parse(self, raw: Any) -> Any:
        """The value to store from what a form or the API sent; ValueError with the reason otherwise."""
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in {"1", "true", "on", "yes"}
        text = "" if raw is None else str(raw).strip()
        if self.kind == "int":
            try:
                value = int(text)
            except ValueError:
                raise ValueError(_("Give a whole number.")) from None
            if self.minimum is not None and value < self.minimum:
                raise ValueError(_("Must be at least %(n)s.") % {"n": self.minimum})
            if self.maximum is not None and value > self.maximum:
                raise ValueError(_("At most %(n)s.") % {"n": self.maximum})
            return value
        if self.kind == "month_day":
            try:
                day = dt.datetime.strptime(f"2024-{text}", "%Y-%m-%d").date()  # a leap year: 02-29 is a day
            except ValueError:
                raise ValueError(_("Give a month and day as 08-31.")) from None
            return f"{day:%m-%d}"
        if len(text) > self.max_length:
            raise ValueError(_("At most %(n)s characters.") % {"n": self.max_length})
        if self.check is not None and text:
            return self.check(text)
        return text


_SETTINGS: dict[str, Setting] = {}


def register(setting: Setting) -> None:
    _SETTINGS[setting.key] = setting


def all_settings() -> list[Setting]:
    return list(_SETTINGS.values())


def get(key: str) -> Setting | None:
    return _SETTINGS.get(key)
