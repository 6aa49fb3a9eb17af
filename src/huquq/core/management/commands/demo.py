from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from huquq.cases.models import Request
from huquq.core import demo
from huquq.security.chain import checkpoint_path as audit_checkpoint_path

DEFAULT_REQUESTS = 300


class Command(BaseCommand):
    help = "Set up demo staff and synthetic requests, then serve the app (demo mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="HOST:PORT to serve on")
        parser.add_argument(
            "--requests",
            type=int,
            default=None,
            help=f"how many requests exist afterwards (default {DEFAULT_REQUESTS})",
        )
        parser.add_argument("--no-serve", action="store_true", help="only prepare the data")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the data dir's database first and start over",
        )

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError("huquq demo runs only with HUQUQ_ENV=demo.")
        if options["requests"] is not None and options["requests"] < 0:
            raise CommandError("--requests must be 0 or more.")
        if options["reset"]:
            self._reset()
        fresh = not demo.logins_file().exists()
        logins = demo.demo_staff()
        if fresh:
            wanted = options["requests"]
            demo.seed_requests(DEFAULT_REQUESTS if wanted is None else wanted)
        else:
            self.stdout.write(
                "This data dir already has demo data; nothing added (use --reset to start over)."
            )
        self.stdout.write(f"Demo data in {settings.DATA_DIR} (synthetic; demo mode, plain HTTP).")
        self.stdout.write(f"Requests: {Request.objects.count()}")
        self.stdout.write("Staff logins (username / password / role):")
        for username, role, password in logins:
            self.stdout.write(f"  {username:12} {password:24} {role}")
        self.stdout.write(
            "Each account sets up its second factor (an authenticator app such as "
            "FreeOTP or Aegis) at its first login."
        )
        if not options["no_serve"]:
            self.stdout.write(
                f"Staff desk: http://{options['addr']}/staff/  "
                f"Help form: http://{options['addr']}/help/"
            )
            call_command("serve", addr=options["addr"])

    def _reset(self) -> None:
        if connection.vendor == "sqlite":
            connection.close()
            for suffix in ("", "-wal", "-shm"):
                path = settings.DATABASES["default"]["NAME"] + suffix
                Path(path).unlink(missing_ok=True)
        else:
            call_command("flush", interactive=False, verbosity=0)
        demo.logins_file().unlink(missing_ok=True)
        audit_checkpoint_path().unlink(missing_ok=True)  # a new database starts a new chain
        call_command("migrate", interactive=False, verbosity=0)
