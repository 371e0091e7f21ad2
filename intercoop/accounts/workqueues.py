"""Home-page work queues of the accounts app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from intercoop.accounts import selectors
from intercoop.core.access import Access
from intercoop.core.workqueue import WorkItem


def users_without_role(user: Any, access: Access) -> list[WorkItem]:
    """Users who can log in but see nothing until an administrator grants them a role (one query)."""
    return [
        WorkItem(
            title=u.display_label(),
            url=reverse("accounts:user_detail", args=[u.pk]),
            detail=_("No role: grant one so that %(name)s can work.") % {"name": u.username},
            severity="warning",
        )
        for u in selectors.users_without_role(access=access)[:20]
    ]
