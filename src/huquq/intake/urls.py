from django.urls import path

from huquq.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.help_form, name="help"),
    path("status/", views.status, name="status"),
]
