from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run background tasks from Redis (TASKS_BACKEND=rq); without it tasks run in-process."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="stop when the queue is empty")

    def handle(self, *args, **options):
        if "RQBackend" not in settings.TASKS["default"]["BACKEND"]:
            raise CommandError("Set TASKS_BACKEND=rq and REDIS_URL to run a separate worker.")
        call_command(
            "rqworker", "default", burst=options["burst"], job_class="django_tasks_rq.backend.Job"
        )
