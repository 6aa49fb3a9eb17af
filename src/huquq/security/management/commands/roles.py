"""``huquq roles``: print the role x action table that every access check reads."""

from django.core.management.base import BaseCommand

from huquq.security.roles import permissions_markdown


class Command(BaseCommand):
    help = "Print the role x action table (Markdown), as in docs/access.md."

    def handle(self, *args, **options):
        self.stdout.write(permissions_markdown(), ending="")
