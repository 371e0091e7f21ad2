"""Django admin is a read-only inspection tool for platform operators.

Every change goes through the app's services, which validate and audit it; the admin therefore
allows no add, change or delete on intercoop's own models.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from intercoop.core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_label", "institution")
    list_filter = ("action",)
    search_fields = ("object_label", "actor_label", "action")
