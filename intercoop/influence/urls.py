from django.urls import path, register_converter

from intercoop.influence import views


class RegisterConverter:
    regex = "posts|standards|sites"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegisterConverter, "register")

app_name = "influence"
urlpatterns = [
    path("posts/", views.entry_list, {"register": "posts"}, name="posts"),
    path("<register:register>/", views.entry_list, name="list"),
    path("<register:register>/new/", views.entry_edit, name="create"),
    path("<register:register>/<int:pk>/", views.entry_detail, name="detail"),
    path("<register:register>/<int:pk>/edit/", views.entry_edit, name="edit"),
    path("<register:register>/<int:pk>/<str:action>/", views.entry_archive, name="archive"),
]
