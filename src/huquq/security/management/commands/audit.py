"""``huquq audit verify``: exit 0 when the audit chain is intact, 1 naming the first bad event."""

import sys

from django.core.management.base import BaseCommand

from huquq.security import audit


class Command(BaseCommand):
    help = "Check the tamper-evident audit log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="walk the hash chain and the checkpoint file")

    def handle(self, *args, **options):
        result = audit.verify()
        if result.ok:
            self.stdout.write(f"Audit log intact: {result.events} events.")
            return
        where = f"first bad event: {result.bad_event_id}" if result.bad_event_id else "tampered"
        self.stderr.write(f"Audit log TAMPERED: {where} ({result.reason}).")
        sys.exit(1)
