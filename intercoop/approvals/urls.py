from django.urls import path

from intercoop.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("steps/<int:pk>/decide/", views.decide, name="decide"),
    path("chains/", views.chains, name="chains"),
    path("chains/<int:pk>/", views.chain_detail, name="chain"),
    path("chain-steps/<int:pk>/<str:action>/", views.chain_step_action, name="chain_step_action"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<int:pk>/end/", views.delegation_end, name="delegation_end"),
]
