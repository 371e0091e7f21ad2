from django.urls import path

from intercoop.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("new/", views.plan_edit, name="plan_create"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/scheme/", views.scheme_save, name="scheme_save"),
    path("targets/<int:pk>/remove/", views.target_remove, name="target_remove"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/targets/", views.target_add, name="target_add"),
    path("<int:pk>/<str:action>/", views.plan_archive, name="plan_archive"),
]
