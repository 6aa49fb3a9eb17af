from django.core.management.base import BaseCommand

from huquq.reports import rollup


class Command(BaseCommand):
    help = (
        "Count the reports' daily roll-up again from the requests and cases, for every past "
        "day. Run it after importing or deleting rows outside the case services; reports "
        "otherwise keep it up to date themselves."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        days = rollup.refresh_all()
        self.stdout.write(f"{days} days counted.")
