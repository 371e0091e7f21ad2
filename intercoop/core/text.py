"""The one rule for text that comes in: no control characters.

A control character (U+0000–U+001F but tab, line feed and carriage return, and U+007F) has no business
in a name, a title or a remark: PostgreSQL cannot store U+0000, a workbook cannot hold most of the others,
and they are invisible on a page. Forms (``core.forms.BootstrapFormMixin``), the API's JSON bodies and
query strings (``api.urls``, ``core.middleware.RefuseControlCharactersMiddleware``) and the importers
(``core.importing.Row.text``) refuse them with a message naming the field, row or column; exports drop
them (``core.spreadsheets.append_row``), so that a value stored before this rule cannot break a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """The first control character in ``text`` as ``U+0007``, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def control_character_message(code: str) -> str:
    return _("Contains an invisible control character (%(code)s); remove it and try again.") % {"code": code}


def control_characters_in(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """``(path, code)`` for every text in a parsed JSON value (keys included) holding a control character;
    the path is dotted as the API's validation errors name fields (``actuals.0.currency``)."""
    if isinstance(value, str):
        code = control_character(value)
        if code:
            yield ".".join(path), code
    elif isinstance(value, dict):
        for key, item in value.items():
            key_text = str(key)
            code = control_character(key_text)
            if code:
                key_text = CONTROL_CHARACTERS.sub("", key_text)
                yield ".".join((*path, key_text)), code
            yield from control_characters_in(item, (*path, key_text))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from control_characters_in(item, (*path, str(index)))
