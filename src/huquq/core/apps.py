from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huquq.core"
    label = "core"
