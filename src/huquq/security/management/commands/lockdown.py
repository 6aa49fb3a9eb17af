from django.core.management.base import BaseCommand, CommandError

from huquq.security import keys


class Command(BaseCommand):
    help = (
        "Emergency: wipe the key material from memory and the key file from disk. The database "
        "stays unreadable until `huquq keys import FILE` or `huquq unlock`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="really lock the server down")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError(
                "This makes every case unreadable until the keys are restored: "
                "add --yes to go ahead."
            )
        destroyed = keys.lockdown()
        for path in destroyed:
            self.stdout.write(f"destroyed {path}")
        self.stdout.write(
            f"Locked down: marker {keys.lockdown_marker()}. Every process drops its keys on its "
            "next use; intake keeps accepting requests. Restore with `huquq keys import FILE`."
        )
