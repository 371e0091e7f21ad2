from django.contrib import admin

from intercoop.accounts.models import ApiToken, LoginAttempt, Membership, User
from intercoop.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "display_name", "institution", "is_active", "is_superuser", "last_login")
    list_filter = ("institution", "is_active", "is_superuser")
    search_fields = ("username", "display_name", "email")
    exclude = ("password",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "institution", "org_unit", "granted_at", "revoked_at")
    list_filter = ("role", "institution")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "revoked_at")
    exclude = ("digest",)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    list_display = ("username", "ip_address", "at", "succeeded", "channel")
    list_filter = ("succeeded", "channel")
