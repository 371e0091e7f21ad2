"""How the composed values a trip's history keeps read in the reader's language.

The travel service records a trip's members, destinations and budget lines as short strings (``"李明 *"``,
``"ET Addis Ababa 5"``, ``"fare 14025.00 special_fund"``): compact, stable in the log whatever is renamed
later. These functions show them with labels: ``李明（团长）``, ``埃塞俄比亚 Addis Ababa · 5 天``,
``国际旅费 14,025.00 元 · 国际合作与交流专项经费``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intercoop.core import countries
from intercoop.travel.models import BudgetLine, FundSource


def member(value: Any) -> str:
    text = str(value)
    if text.endswith(" *"):
        return _("%(name)s (leader)") % {"name": text[:-2]}
    return text


def destination(value: Any) -> str:
    parts = str(value).split()
    if len(parts) < 2 or not parts[-1].isdigit():
        return str(value)
    code, days, city = parts[0], int(parts[-1]), " ".join(parts[1:-1])
    place = " ".join(p for p in (countries.name(code), city) if p)
    return _("%(place)s · %(days)s") % {
        "place": place,
        "days": ngettext("%(n)s day", "%(n)s days", days) % {"n": days},
    }


def budget_line(value: Any) -> str:
    parts = str(value).split()
    if len(parts) != 3:
        return str(value)
    item, amount, fund = parts
    try:
        shown = f"{Decimal(amount):,.2f}"
    except InvalidOperation:
        return str(value)
    labels = dict(BudgetLine.Item.choices)
    return _("%(item)s %(amount)s CNY · %(fund)s") % {
        "item": labels.get(item, item),
        "amount": shown,
        "fund": dict(FundSource.choices).get(fund, fund),
    }


DISPLAYS = {"members": member, "destinations": destination, "budget": budget_line}
