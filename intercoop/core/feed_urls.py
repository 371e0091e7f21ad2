from django.urls import path

from intercoop.core import notifications_views as views

app_name = "feeds"
urlpatterns = [path("<str:token>.ics", views.feed, name="deadlines")]
