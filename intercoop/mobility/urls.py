from django.urls import path

from intercoop.mobility import views

app_name = "mobility"
urlpatterns = [
    path("", views.mobility_list, name="list"),
    path("new/", views.mobility_edit, name="create"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.mobility_detail, name="detail"),
    path("<int:pk>/edit/", views.mobility_edit, name="edit"),
    path("<int:pk>/cancel/", views.mobility_cancel, name="cancel"),
    path("<int:pk>/<str:action>/", views.mobility_archive, name="archive"),
]
