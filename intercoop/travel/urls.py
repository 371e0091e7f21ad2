from django.urls import path

from intercoop.travel import views

app_name = "travel"
urlpatterns = [
    path("", views.trip_list, name="list"),
    path("new/", views.trip_edit, name="create"),
    path("past/new/", views.past_trip_edit, name="record_past"),
    path("figures/", views.figures, name="figures"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/open/", views.plan_open, name="plan_open"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="plan_action"),
    path("<int:pk>/", views.trip_detail, name="detail"),
    path("<int:pk>/edit/", views.trip_edit, name="edit"),
    path("<int:pk>/edit-record/", views.past_trip_edit, name="edit_past"),
    path("<int:pk>/submit/", views.trip_submit, name="submit"),
    path("<int:pk>/cancel/", views.trip_cancel, name="cancel"),
    path("<int:pk>/correct-dates/", views.trip_correct_dates, name="correct_dates"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/objections/", views.objection_create, name="objection_create"),
    path("<int:pk>/mission/", views.mission_issue, name="mission_issue"),
    path("<int:pk>/mission.<str:fmt>", views.mission_document, name="mission_document"),
    path("<int:pk>/notice.<str:fmt>", views.notice_document, name="notice_document"),
    path("<int:pk>/passports/", views.passport_issue, name="passport_issue"),
    path("<int:pk>/report/", views.report_submit, name="report"),
    path("<int:pk>/settle/", views.settle, name="settle"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("passports/<int:pk>/return/", views.passport_return, name="passport_return"),
]
