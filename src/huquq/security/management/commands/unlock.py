import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huquq.security import keys
from huquq.security.tasks import after_unlock_enqueue


class Command(BaseCommand):
    help = (
        "Unlock the server with the passphrase (argon2id): the key material goes to the "
        "unlocked key file (HUQUQ_KEK_FILE) that every process reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--passphrase-file", type=Path, help="read the passphrase from here")

    def handle(self, *args, **options):
        passphrase = _passphrase(options["passphrase_file"])
        try:
            material = keys.material_from_passphrase(passphrase)
            path = keys.install(material)
        except keys.WrongKeys as exc:
            raise CommandError(str(exc)) from None
        after_unlock_enqueue()
        where = f"key file {path}" if path else "this process only (no HUQUQ_KEK_FILE)"
        self.stdout.write(f"Unlocked: {where}.")


def _passphrase(path: Path | None) -> str:
    source = path or keys.passphrase_file()
    if source is not None:
        try:
            return source.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"cannot read the passphrase file: {exc.strerror}") from None
    return getpass.getpass("Passphrase: ")
