from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "huquq.security"
    label = "security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from huquq.security import keys

        keys.check_configuration()  # production refuses to start without a key source
        from axes.signals import user_locked_out

        from huquq.security.auth import alert_locked_out

        user_locked_out.connect(alert_locked_out, dispatch_uid="huquq-lockout-alert")
