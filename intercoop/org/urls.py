from django.urls import path

from intercoop.org import views

app_name = "org"
urlpatterns = [
    path("settings/", views.institution_settings, name="institution_settings"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/archive/", views.unit_archive, name="unit_archive"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_edit, name="person_create"),
    path("people/me/", views.my_profile, name="my_profile"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/archive/", views.person_archive, name="person_archive"),
]
