from django.urls import path

from huquq.incidents import views, views_case, views_overview

app_name = "incidents"
urlpatterns = [
    path("", views.incidents, name="list"),
    path("new/", views.incident_new, name="new"),
    path("timeline/", views_overview.timeline, name="timeline"),
    path("map/", views_overview.incident_map, name="map"),
    path("casualties/", views_overview.casualties, name="casualties"),
    path(
        "casualties/<uuid:casualty_id>/status/",
        views_overview.casualty_status,
        name="casualty_status",
    ),
    path("export.json", views_overview.export, {"file_format": "json"}, name="export_json"),
    path("export.csv", views_overview.export, {"file_format": "csv"}, name="export_csv"),
    path("for-case/<str:code>/", views_case.for_case, name="for_case"),
    path("for-case/<str:code>/link/", views_case.link_case, name="link_case"),
    path("for-case/<str:code>/create/", views_case.create_from_case, name="create_from_case"),
    path("<uuid:incident_id>/", views.incident_detail, name="detail"),
    path("<uuid:incident_id>/edit/", views.incident_edit, name="edit"),
    path("<uuid:incident_id>/delete/", views.incident_delete, name="delete"),
    path("<uuid:incident_id>/acts/", views.act_save, name="act_save"),
    path("<uuid:incident_id>/acts/<uuid:act_id>/remove/", views.act_remove, name="act_remove"),
    path(
        "<uuid:incident_id>/acts/<uuid:act_id>/perpetrators/",
        views.perpetrator_add,
        name="perpetrator_add",
    ),
    path(
        "<uuid:incident_id>/perpetrators/<uuid:perpetrator_id>/remove/",
        views.perpetrator_remove,
        name="perpetrator_remove",
    ),
    path("<uuid:incident_id>/sources/", views.source_add, name="source_add"),
    path(
        "<uuid:incident_id>/sources/<uuid:source_id>/status/",
        views.source_status,
        name="source_status",
    ),
    path(
        "<uuid:incident_id>/sources/<uuid:source_id>/remove/",
        views.source_remove,
        name="source_remove",
    ),
    path("<uuid:incident_id>/cases/<str:code>/unlink/", views.case_unlink, name="case_unlink"),
]
