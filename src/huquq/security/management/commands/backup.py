from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huquq.security import keys
from huquq.security.backup import (
    BackupError,
    backup_create,
    backup_dir,
    backup_prune,
    backup_restore,
)
from huquq.security.retention import retention_days


class Command(BaseCommand):
    help = "Encrypted backups: create FILE, restore FILE, prune (older than retention)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("create").add_argument("file", type=Path)
        sub.add_parser("restore").add_argument("file", type=Path)
        prune = sub.add_parser("prune")
        prune.add_argument("--dir", type=Path, help="default: HUQUQ_BACKUP_DIR or data dir")
        prune.add_argument("--days", type=int, help="default: HUQUQ_RETENTION_DAYS")

    def handle(self, *args, **options):
        try:
            if options["action"] == "create":
                rows = backup_create(options["file"])
                self.stdout.write(f"Backup of {rows} rows written to {options['file']}.")
            elif options["action"] == "restore":
                rows = backup_restore(options["file"])
                self.stdout.write(f"Restored {rows} rows from {options['file']}.")
            else:
                days = options["days"] if options["days"] is not None else retention_days()
                for path in backup_prune(options["dir"] or backup_dir(), older_than_days=days):
                    self.stdout.write(f"pruned {path}")
        except (BackupError, keys.Locked, OSError) as exc:
            raise CommandError(str(exc)) from None
