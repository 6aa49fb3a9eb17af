from django.urls import path

from huquq.security import otp_views, passkey_views, upload_views

app_name = "security"
urlpatterns = [
    path("otp/", otp_views.otp_verify, name="otp"),
    path("enrol/", otp_views.otp_enrol, name="enrol"),
    path("otp/passkey/", otp_views.passkey_login, name="passkey_login"),
    path("account/", passkey_views.account, name="account"),
    path("passkeys/add/", passkey_views.passkey_add, name="passkey_add"),
    path("passkeys/<int:passkey_id>/remove/", passkey_views.passkey_remove, name="passkey_remove"),
    path("cases/<str:code>/attachments/", upload_views.attachment_upload, name="attachment_upload"),
    path("attachments/<uuid:attachment_id>/", upload_views.attachment_download, name="attachment"),
]
