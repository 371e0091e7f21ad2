from django.urls import path

from intercoop.home import views

app_name = "home"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("help/", views.help_page, name="help_index"),
    path("help/<slug:topic>/", views.help_page, name="help"),
]
