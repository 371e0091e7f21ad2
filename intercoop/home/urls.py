from django.urls import path

from intercoop.home import views

app_name = "home"
urlpatterns = [path("", views.index, name="index"), path("search/", views.search, name="search")]
