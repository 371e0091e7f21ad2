from django.urls import path

from intercoop.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_edit, name="create"),
    path("bulk/", views.agreement_bulk, name="bulk"),
    path("dormant/", views.dormant_report, name="dormant"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/step/", views.agreement_step, name="step"),
    path("<int:pk>/renew/", views.agreement_renew, name="renew"),
    path("<int:pk>/archive/", views.agreement_archive, name="archive"),
    path("<int:pk>/conditions/new/", views.condition_edit, name="condition_create"),
    path("<int:pk>/conditions/<int:condition_pk>/", views.condition_edit, name="condition_edit"),
    path("<int:pk>/obligations/new/", views.obligation_edit, name="obligation_create"),
    path("<int:pk>/obligations/<int:obligation_pk>/", views.obligation_edit, name="obligation_edit"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("interactions/new/<int:partner_pk>/", views.interaction_create, name="interaction_create"),
]
