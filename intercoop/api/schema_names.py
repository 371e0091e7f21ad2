"""Unique names in the OpenAPI document for the choices nested in models.

pydantic names a definition after its class alone, and Ninja merges the definitions of every operation
into one ``components/schemas`` by that name: ``Partner.Kind`` and ``Person.Kind`` both became ``Kind``, so
the partner's kind was documented as ``teacher|expert`` (issue 16 item 8). The generator Ninja's OpenAPI
document uses is given names that keep the owning class: ``PartnerKind``, ``PersonKind``,
``MobilityStatus``. Top-level schema classes are named uniquely in the code; ``tests/test_api_fuzz.py``
checks that no two definitions share a name.
"""

from __future__ import annotations

from typing import Any

from ninja.openapi import schema as ninja_openapi
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import DefsRef


class QualifiedNames(NinjaGenerateJsonSchema):
    def get_defs_ref(self, core_mode_ref: Any) -> DefsRef:
        key = super().get_defs_ref(core_mode_ref)
        core_ref, _mode = core_mode_ref
        plain = core_ref.rsplit(":", 1)[0]
        if "[" not in plain:
            qualname = [part for part in plain.split(".") if part[:1].isupper()]
            if len(qualname) > 1:  # a class nested in another: Partner.Kind -> PartnerKind
                name = DefsRef(self.normalize_name("".join(qualname[-2:])))
                self._prioritized_defsref_choices[key] = [name, *self._prioritized_defsref_choices[key]]
        return key


def install() -> None:
    ninja_openapi.NinjaGenerateJsonSchema = QualifiedNames  # type: ignore[misc]
