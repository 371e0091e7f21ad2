from django.urls import path

from intercoop.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("tables/<str:table>/", views.table, name="table"),
    path("tables/<str:table>/<str:action>/", views.table_action, name="table_action"),
    path("adjustments/<int:pk>/withdraw/", views.adjustment_withdraw, name="adjustment_withdraw"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/adjust/", views.adjust, name="adjust"),
]
