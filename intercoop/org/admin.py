from django.contrib import admin

from intercoop.core.admin import ReadOnlyAdmin
from intercoop.org.models import Institution, OrgUnit, Person


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "city", "level", "archived_at")
    search_fields = ("code", "name", "name_en")


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "institution", "path", "archived_at")
    list_filter = ("institution", "kind")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "institution", "org_unit", "nationality", "archived_at")
    list_filter = ("institution", "kind")
    exclude = Person.SENSITIVE_FIELDS
