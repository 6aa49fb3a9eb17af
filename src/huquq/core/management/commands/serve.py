import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the app with gunicorn (a production server) on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT to listen on")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))

    def handle(self, *args, **options):
        host, _, port = options["addr"].rpartition(":")
        if not host or not port.isdigit():
            raise CommandError("--addr must be HOST:PORT, for example 127.0.0.1:8000")
        if settings.DEMO and host not in {"127.0.0.1", "localhost", "[::1]", "::1"}:
            raise CommandError("Demo mode serves plain HTTP on loopback only (HUQUQ_ENV=demo).")
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "huquq.wsgi:application",
            "--bind",
            options["addr"],
            "--workers",
            str(options["workers"]),
            # No access log: a URL can carry a case code, and the log is personal data.
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stdout.write(f"Serving on http://{options['addr']}/ (Ctrl+C to stop)")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - fixed argv, our interpreter  # nosec B606
