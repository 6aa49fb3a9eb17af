from django.core.management.base import BaseCommand

from huquq.security.retention import cases_purge, retention_days


class Command(BaseCommand):
    help = "Purge closed cases older than HUQUQ_RETENTION_DAYS by destroying their data keys."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge"])
        parser.add_argument("--days", type=int, help="default: HUQUQ_RETENTION_DAYS")

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else retention_days()
        purged = cases_purge(days=days)
        self.stdout.write(f"Purged {purged} closed case(s) older than {days} days.")
