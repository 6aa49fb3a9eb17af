import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from huquq.reports.monthly import monthly_report, report_csv
from huquq.reports.periods import PeriodError, parse_month


class Command(BaseCommand):
    help = (
        "Print the figures of one month (Moscow time) as JSON or CSV, or write a one-page PDF. "
        "With --public, counts from 1 to k-1 are hidden so that nobody can be singled out."
    )
    # A read of figures: the full system checks (seconds on a loaded server) guard nothing here.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the month, as YYYY-MM")
        parser.add_argument("--format", choices=["json", "csv", "pdf"], default="json")
        parser.add_argument(
            "--public", action="store_true", help="hide small counts (for publication)"
        )
        parser.add_argument(
            "--k",
            type=int,
            default=None,
            help=f"smallest count published (default HUQUQ_REPORT_K={settings.HUQUQ_REPORT_K})",
        )
        parser.add_argument("--out", help="file to write (needed for --format pdf)")

    def handle(self, *args, **options):
        try:
            month = parse_month(options["month"])
        except PeriodError as error:
            raise CommandError(str(error)) from None
        k = settings.HUQUQ_REPORT_K if options["k"] is None else options["k"]
        if k < 2:
            raise CommandError("--k must be 2 or more.")
        if options["format"] == "pdf" and not options["out"]:
            raise CommandError("A PDF needs a file to go to: add --out FILE.")
        report = monthly_report(month=month, public=options["public"], k=k)
        if options["format"] == "pdf":
            from huquq.reports.pdf import report_pdf

            Path(options["out"]).write_bytes(report_pdf(report, public=options["public"]))
            return
        text = report_csv(report) if options["format"] == "csv" else json.dumps(report) + "\n"
        if options["out"]:
            Path(options["out"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
