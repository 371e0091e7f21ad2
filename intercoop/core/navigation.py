"""The role-aware navigation: apps register their entries, the shell shows those the user may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intercoop.core.access import Access


class Section(models.TextChoices):
    WORK = "work", _("Work")
    ORGANISATION = "organisation", _("Organisation")
    ADMIN = "admin", _("Administration")


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url_name: str
    icon: str
    permission: str | None
    section: str = Section.WORK
    order: int = 50
    # Supervisors hold only aggregate grants: entries that list personal data must not show for them.
    personal_data: bool = True
    # Pages whose view name starts with this prefix highlight the entry (defaults to ``url_name``); when
    # several entries match, the longest prefix wins, so one entry is highlighted at a time.
    active_prefix: str = ""
    url_args: tuple[Any, ...] = ()
    # The page reads the whole institution (the national table): shown only to those holding the
    # permission for all of their institution, not for one college.
    institution_wide: bool = False

    def shown_to(self, access: Access) -> bool:
        if self.permission is None:
            return True
        if self.institution_wide:
            return access.can_institution_wide(self.permission)
        return access.can_anywhere(self.permission)

    @property
    def href(self) -> str:
        return reverse(self.url_name, args=self.url_args)

    @property
    def prefix(self) -> str:
        return self.active_prefix or self.url_name


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def active_key(groups: list[tuple[str, list[NavItem]]], view_name: str) -> str:
    """The one entry a page highlights: of those whose prefix the page's view name starts with, the one
    with the longest prefix ("travel:plan" over "travel:")."""
    matching = [i for _s, items in groups for i in items if view_name.startswith(i.prefix)]
    return max(matching, key=lambda i: len(i.prefix)).key if matching else ""


def items_for(access: Access) -> list[tuple[str, list[NavItem]]]:
    """Entries the user may open, grouped by section in a fixed order."""
    visible = [item for item in _ITEMS.values() if item.shown_to(access)]
    groups = []
    for value, label in Section.choices:
        entries = sorted((i for i in visible if i.section == value), key=lambda i: (i.order, i.key))
        if entries:
            groups.append((str(label), entries))
    return groups
