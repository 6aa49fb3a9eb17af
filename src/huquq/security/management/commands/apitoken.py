from django.core.management.base import BaseCommand, CommandError

from huquq.security import audit
from huquq.security.models import IntegrationToken
from huquq.security.tokens import token_create


class Command(BaseCommand):
    help = "Create or revoke an integration token for POST /api/requests."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "revoke", "list"])
        parser.add_argument("name", nargs="?", help="who the token is for")

    def handle(self, *args, **options):
        name = options["name"]
        if options["action"] == "list":
            for token in IntegrationToken.objects.order_by("name"):
                self.stdout.write(f"{token.name}\t{'revoked' if token.revoked else 'active'}")
            return
        if not name:
            raise CommandError("Name the integration, e.g. huquq apitoken create partner-ngo")
        if options["action"] == "create":
            if IntegrationToken.objects.filter(name=name).exists():
                raise CommandError(f"A token named {name!r} exists; revoke it or pick a name.")
            token = token_create(name=name)
            audit.record(None, "security.token.created", IntegrationToken.objects.get(name=name))
            self.stdout.write(token)
            self.stderr.write("Shown once: only its hash is stored. Use it as a Bearer token.")
            return
        revoked = IntegrationToken.objects.filter(name=name, revoked=False).update(revoked=True)
        if not revoked:
            raise CommandError(f"No active token named {name!r}.")
        audit.record(None, "security.token.revoked", IntegrationToken.objects.get(name=name))
