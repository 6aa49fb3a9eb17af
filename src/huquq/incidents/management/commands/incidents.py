import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huquq.incidents.exchange import (
    ExchangeError,
    incidents_export,
    incidents_export_csv,
    incidents_import,
)
from huquq.security.models import User
from huquq.security.roles import can

EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = "Exchange incidents: export to stdout as JSON (HURIDOCS structure) or CSV, or import."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="print every incident to standard output")
        export.add_argument("--format", choices=["json", "csv"], default="json")
        export.add_argument(
            "--with-personal-data",
            action="store_true",
            help="include titles, descriptions, names and case codes (needs --as-admin)",
        )
        export.add_argument("--as-admin", metavar="USERNAME", default="")
        importing = actions.add_parser("import", help="import a JSON export")
        importing.add_argument("file", type=Path)
        importing.add_argument("--as-user", metavar="USERNAME", default="")

    def handle(self, *args, **options) -> None:
        if options["action"] == "export":
            self._export(options)
        else:
            self._import(options["file"], username=options["as_user"])

    def _export(self, options: dict) -> None:
        actor = None
        if options["with_personal_data"]:
            actor = User.objects.filter(username=options["as_admin"]).first()
            if actor is None or not can(actor, "accounts.manage"):
                raise CommandError("--with-personal-data needs --as-admin with an admin account")
        personal = actor is not None
        if options["format"] == "csv":
            self.stdout.write(incidents_export_csv(actor=actor, personal=personal), ending="")
        else:
            document = incidents_export(actor=actor, personal=personal)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))

    def _import(self, path: Path, *, username: str) -> None:
        actor = User.objects.filter(username=username).first() if username else None
        if username and actor is None:
            raise CommandError("no such user")
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            counts = incidents_import(document=document, actor=actor)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, ExchangeError) as error:
            raise CommandError(f"{path}: {error}", returncode=EXIT_UNREADABLE) from error
        self.stdout.write(
            f"created {counts['created']}, skipped {counts['skipped']} (already here)"
        )
