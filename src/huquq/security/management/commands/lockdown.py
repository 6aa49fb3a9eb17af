from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from huquq.security import keys, lockdown_signal


class Command(BaseCommand):
    help = (
        "Emergency: wipe the key material from memory and the key file from disk, on this host "
        "and (through the shared database) on every other app server. The database stays "
        "unreadable until `huquq keys import FILE` or `huquq unlock` on each host."
    )

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="really lock the server down")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError(
                "This makes every case unreadable until the keys are restored: "
                "add --yes to go ahead."
            )
        # This host first: a database that does not answer must not delay it.
        destroyed = keys.lockdown()
        for path in destroyed:
            self.stdout.write(f"destroyed {path}")
        try:
            lockdown_signal.raise_signal()
        except DatabaseError:
            raise CommandError(
                "This host is locked down, but the database did not take the lockdown signal: "
                "run `huquq lockdown --yes` on every other host."
            ) from None
        self.stdout.write(
            f"Locked down: marker {keys.lockdown_marker()}. Every process on every host drops "
            f"its keys within {keys.SIGNAL_CHECK_INTERVAL_SECONDS:g} s of its next key use; "
            "intake keeps accepting requests. Restore with `huquq keys import FILE` or "
            "`huquq unlock` on each host."
        )
