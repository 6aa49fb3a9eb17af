import json

from django.core.management.base import BaseCommand
from django.db import connection

from huquq.cases.models import Case, Person, Request


class Command(BaseCommand):
    help = "Print counts of requests, cases and persons (with --json, one JSON object)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        figures = {
            "requests": Request.objects.count(),
            "cases": Case.objects.count(),
            "persons": Person.objects.count(),
            "open_cases": Case.objects.open().count(),
            "database": "postgresql" if connection.vendor == "postgresql" else connection.vendor,
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            for key, value in figures.items():
                self.stdout.write(f"{key}: {value}")
