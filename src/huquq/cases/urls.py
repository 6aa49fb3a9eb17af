from django.contrib.auth import views as auth_views
from django.urls import path

from huquq.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("duty/", views.duty_toggle, name="duty"),
    path("requests/new/", views.request_new, name="request_new"),
    path("cases/<str:code>/", views.case_detail, name="case"),
    path("cases/<str:code>/note/", views.case_note, name="note"),
    path("cases/<str:code>/reply/", views.case_reply, name="reply"),
    path("cases/<str:code>/assign/", views.case_assign, name="assign"),
    path("cases/<str:code>/status/", views.case_status, name="status"),
    path("cases/<str:code>/close/", views.case_close, name="close"),
    path("cases/<str:code>/merge/", views.case_merge, name="merge"),
    path("cases/<str:code>/split/", views.case_split, name="split"),
    path(
        "cases/<str:code>/requests/<uuid:request_id>/labels/", views.request_relabel, name="relabel"
    ),
]
