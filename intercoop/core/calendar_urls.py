from django.urls import path

from intercoop.core import calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.calendar_page, name="page"),
    path("days/<int:pk>/archive/", calendar_views.day_archive, name="day_archive"),
    path("years/<int:pk>/reopen/", calendar_views.year_reopen, name="year_reopen"),
]
