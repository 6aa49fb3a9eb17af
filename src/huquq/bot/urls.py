from django.urls import path

from huquq.bot import views

app_name = "bot"
urlpatterns = [
    path("webhook/<str:secret>/", views.webhook, name="webhook"),
]
