from django.urls import path, register_converter

from intercoop.mobility import stay_views, views


class KindConverter:
    """``students`` or ``experts``: the two registers of foreign nationals staying with us."""

    regex = "students|experts"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "kind")

app_name = "mobility"
urlpatterns = [
    path("", views.mobility_list, name="list"),
    path("new/", views.mobility_edit, name="create"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.mobility_detail, name="detail"),
    path("<int:pk>/edit/", views.mobility_edit, name="edit"),
    path("<int:pk>/cancel/", views.mobility_cancel, name="cancel"),
    path("<int:pk>/<str:action>/", views.mobility_archive, name="archive"),
    path("students/", stay_views.stay_list, {"kind": "students"}, name="students"),
    path("experts/", stay_views.stay_list, {"kind": "experts"}, name="experts"),
    path("<kind:kind>/", stay_views.stay_list, name="stays"),
    path("<kind:kind>/new/", stay_views.stay_edit, name="stay_create"),
    path("<kind:kind>/<int:pk>/", stay_views.stay_detail, name="stay_detail"),
    path("<kind:kind>/<int:pk>/edit/", stay_views.stay_edit, name="stay_edit"),
    path("<kind:kind>/<int:pk>/<str:action>/", stay_views.stay_archive, name="stay_archive"),
]
