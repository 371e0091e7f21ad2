"""What the influence app adds to the shared registries: audit labels and its menu entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core import navigation
from intercoop.core.declarations import Declarations
from intercoop.influence import permissions

DECLARATIONS = Declarations(
    actions={
        "influence.post.created": _("post in an international organisation recorded"),
        "influence.post.updated": _("post in an international organisation changed"),
        "influence.post.archived": _("post in an international organisation archived"),
        "influence.post.restored": _("post in an international organisation restored"),
        "influence.standard.created": _("standard adopted abroad recorded"),
        "influence.standard.updated": _("standard adopted abroad changed"),
        "influence.standard.archived": _("standard adopted abroad archived"),
        "influence.standard.restored": _("standard adopted abroad restored"),
        "influence.site.created": _("overseas teaching site recorded"),
        "influence.site.updated": _("overseas teaching site changed"),
        "influence.site.archived": _("overseas teaching site archived"),
        "influence.site.restored": _("overseas teaching site restored"),
    },
    navigation=[
        navigation.NavItem(
            key="influence",
            label=_("Influence registers"),
            url_name="influence:posts",
            icon="bi-globe2",
            permission=permissions.INFLUENCE_VIEW,
            order=42,
            active_prefix="influence:",
        )
    ],
)
