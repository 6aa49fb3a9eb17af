import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huquq.incidents.casualties import (
    CasualtyFileError,
    casualties_import,
    casualty_summary,
    read_casualty_csv,
)

#: Exit status when the file could not be read at all (missing, not UTF-8, wrong header).
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = "The casualty ledger: import a CSV from monitors, or print the figures."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser(
            "import",
            help="import name,citizenship,home_region,date,recruitment,source_url,status rows",
        )
        importing.add_argument("file", type=Path)
        summary = actions.add_parser("summary", help="counts by citizenship and recruitment")
        summary.add_argument("--json", action="store_true", help="print one JSON object")
        summary.add_argument(
            "--status",
            choices=["reported", "corroborated", "verified", "all"],
            default="verified",
            help="count entries with this status only (default: verified)",
        )

    def handle(self, *args, **options) -> None:
        if options["action"] == "import":
            self._import(options["file"])
        else:
            self._summary(status=options["status"], as_json=options["json"])

    def _import(self, path: Path) -> None:
        try:
            rows = read_casualty_csv(path)
        except CasualtyFileError as error:
            raise CommandError(f"{path}: {error}", returncode=EXIT_UNREADABLE) from error
        report = casualties_import(rows=rows, actor=None)
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {len(report.errors)}"
        )

    def _summary(self, *, status: str, as_json: bool) -> None:
        figures = casualty_summary(status=status)
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        self.stdout.write(f"total ({status}): {figures['total']}")
        for heading in ("by_citizenship", "by_recruitment"):
            self.stdout.write(heading.replace("_", " ") + ":")
            for code, count in figures[heading].items():
                self.stdout.write(f"  {code}: {count}")
