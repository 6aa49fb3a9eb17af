from django.urls import path

from huquq.security import otp_views, upload_views

app_name = "security"
urlpatterns = [
    path("otp/", otp_views.otp_verify, name="otp"),
    path("enrol/", otp_views.otp_enrol, name="enrol"),
    path("cases/<str:code>/attachments/", upload_views.attachment_upload, name="attachment_upload"),
    path("attachments/<uuid:attachment_id>/", upload_views.attachment_download, name="attachment"),
]
