from django.urls import path

from intercoop.imports import views

app_name = "imports"
urlpatterns = [
    path("<slug:key>/", views.upload, name="upload"),
    path("<slug:key>/template.xlsx", views.template, name="template"),
    path("batch/<int:pk>/", views.batch, name="batch"),
    path("batch/<int:pk>/commit/", views.commit, name="commit"),
    path("batch/<int:pk>/recheck/", views.recheck, name="recheck"),
    path("batch/<int:pk>/progress/", views.progress, name="progress"),
]
