from django.urls import path

from intercoop.attachments import views

app_name = "attachments"

urlpatterns = [
    path("<int:pk>/", views.download, name="file"),
    path("<int:pk>/archive/", views.archive, name="archive"),
]
