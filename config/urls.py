from django.contrib import admin
from django.urls import include, path

from intercoop.accounts import views as accounts_views
from intercoop.api.urls import api
from intercoop.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", accounts_views.admin_login, name="admin_login"),  # the app's throttled login
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("intercoop.accounts.urls")),
    path("org/", include("intercoop.org.urls")),
    path("partners/", include("intercoop.partners.urls")),
    path("agreements/", include("intercoop.agreements.urls")),
    path("approvals/", include("intercoop.approvals.urls")),
    path("travel/", include("intercoop.travel.urls")),
    path("mobility/", include("intercoop.mobility.urls")),
    path("influence/", include("intercoop.influence.urls")),
    path("indicators/", include("intercoop.indicators.urls")),
    path("planning/", include("intercoop.planning.urls")),
    path("dashboard/", include("intercoop.dashboard.urls")),
    path("imports/", include("intercoop.imports.urls")),
    path("audit/", include("intercoop.core.urls")),
    path("calendar/", include("intercoop.core.calendar_urls")),
    path("notifications/", include("intercoop.core.notification_urls")),
    path("feeds/", include("intercoop.core.feed_urls")),
    path("files/", include("intercoop.attachments.urls")),
    path("", include("intercoop.home.urls")),
]

handler404 = "intercoop.core.views.page_not_found"
handler403 = "intercoop.core.views.permission_denied"
