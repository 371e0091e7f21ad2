from django.urls import path, register_converter

from intercoop.mobility.calls import views as call_views
from intercoop.mobility.events import views as event_views
from intercoop.mobility.records import views
from intercoop.mobility.stays import views as stay_views


class KindConverter:
    """``students`` or ``experts``: the two registers of foreign nationals staying with us."""

    regex = "students|experts"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "kind")


class EventConverter(KindConverter):
    regex = "training|competitions"


register_converter(EventConverter, "event")

app_name = "mobility"
urlpatterns = [
    path("", views.mobility_list, name="list"),
    path("new/", views.mobility_edit, name="create"),
    path("bulk/", views.mobility_bulk, name="bulk"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.mobility_detail, name="detail"),
    path("<int:pk>/edit/", views.mobility_edit, name="edit"),
    path("<int:pk>/cancel/", views.mobility_cancel, name="cancel"),
    path("<int:pk>/<str:action>/", views.mobility_archive, name="archive"),
    path("calls/", call_views.call_list, name="calls"),
    path("calls/new/", call_views.call_edit, name="call_create"),
    path("calls/<int:pk>/", call_views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", call_views.call_edit, name="call_edit"),
    path("calls/<int:pk>/apply/", call_views.apply, name="apply"),
    path("calls/<int:pk>/status/<str:action>/", call_views.call_status, name="call_status"),
    path("applications/<int:pk>/", call_views.application_detail, name="application"),
    path("applications/<int:pk>/<str:action>/", call_views.application_action, name="application_action"),
    path("training/", event_views.training_list, name="training"),
    path("training/new/", event_views.training_edit, name="training_create"),
    path("training/<int:pk>/", event_views.training_detail, name="training_detail"),
    path("training/<int:pk>/edit/", event_views.training_edit, name="training_edit"),
    path("training/trainees/<int:pk>/remove/", event_views.trainee_remove, name="trainee_remove"),
    path("competitions/", event_views.competition_list, name="competitions"),
    path("competitions/new/", event_views.competition_edit, name="competition_create"),
    path("competitions/<int:pk>/", event_views.competition_detail, name="competition_detail"),
    path("competitions/<int:pk>/edit/", event_views.competition_edit, name="competition_edit"),
    path("<event:kind>/<int:pk>/<str:action>/", event_views.event_archive, name="event_archive"),
    path("students/", stay_views.stay_list, {"kind": "students"}, name="students"),
    path("experts/", stay_views.stay_list, {"kind": "experts"}, name="experts"),
    path("<kind:kind>/", stay_views.stay_list, name="stays"),
    path("<kind:kind>/new/", stay_views.stay_edit, name="stay_create"),
    path("<kind:kind>/<int:pk>/", stay_views.stay_detail, name="stay_detail"),
    path("<kind:kind>/<int:pk>/edit/", stay_views.stay_edit, name="stay_edit"),
    path("<kind:kind>/<int:pk>/<str:action>/", stay_views.stay_archive, name="stay_archive"),
]
