"""The three registers, described once: which model, what its pages are called, which fields they list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite


@dataclass(frozen=True)
class Register:
    key: str
    model: type[Any]
    title: Any
    new: Any
    intro: Any
    search: tuple[str, ...]
    date_field: str
    person_field: str | None = None


REGISTERS: dict[str, Register] = {
    "posts": Register(
        key="posts",
        model=OrganisationPost,
        title=_("Posts in international organisations"),
        new=_("Record a post"),
        intro=_(
            "Full-time teachers holding a post in an international or a foreign organisation (row 5 of "
            "the international influence table: teachers whose post is held at any time in the year)."
        ),
        search=("organisation", "post", "person__name", "person__name_en"),
        date_field="start_on",
        person_field="person_id",
    ),
    "standards": Register(
        key="standards",
        model=AdoptedStandard,
        title=_("Standards adopted abroad"),
        new=_("Record a standard"),
        intro=_(
            "Programme teaching standards and course standards the college developed that an institution "
            "abroad adopted (rows 6 and 7, counted in the year of adoption, with the adopting countries)."
        ),
        search=("title", "adopter"),
        date_field="adopted_on",
    ),
    "sites": Register(
        key="sites",
        model=OverseasSite,
        title=_("Overseas teaching sites"),
        new=_("Record a site"),
        intro=_(
            "Teaching sites run abroad with a partner (row 9: sites operating on the statistical date; a "
            "suspended site is not counted)."
        ),
        search=("name", "city", "partner__name", "partner__name_zh"),
        date_field="opened_on",
    ),
}
