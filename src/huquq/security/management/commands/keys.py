import getpass
import io
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from huquq.security import keys, sealing
from huquq.security.resealing import intake_values_reseal
from huquq.security.rotation import keys_rotate
from huquq.security.tasks import after_unlock_enqueue


class Command(BaseCommand):
    help = "Key material: init, rotate, export [--qr], import FILE, passphrase, reseal."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("init", help="create the key material of a new production install")
        rotate = sub.add_parser("rotate", help="a new KEK; re-wrap every data key, no downtime")
        rotate.add_argument("--passphrase-file", type=Path)
        export = sub.add_parser("export", help="write the key material for offline safekeeping")
        export.add_argument("file", nargs="?", type=Path, help="default: standard output")
        export.add_argument("--qr", action="store_true", help="a printable QR code (SVG file)")
        restore = sub.add_parser("import", help="restore the key material from an export")
        restore.add_argument("file", type=Path)
        phrase = sub.add_parser("passphrase", help="set the passphrase that `huquq unlock` asks")
        phrase.add_argument("--passphrase-file", type=Path)
        sub.add_parser("reseal", help="move values sealed to the intake key under row data keys")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action']}")(options)
        except (keys.Locked, keys.WrongKeys, ValueError) as exc:
            raise CommandError(str(exc)) from None

    def _init(self, options):
        if keys.is_unlocked():
            raise CommandError("this server already has its keys")
        keys.verify_against_database(material := keys.KeyMaterial.generate())
        from huquq.security.keymodels import DataKey, IntakeKey

        if DataKey.objects.exists() or IntakeKey.objects.exists():
            raise CommandError("the database holds keys already: import them instead")
        path = keys.install(material, verify=False)
        sealing.intake_key_ensure()
        self.stdout.write(f"New keys in {path}. Export them now: `huquq keys export FILE`.")

    def _rotate(self, options):
        passphrase = _read(options["passphrase_file"]) if options["passphrase_file"] else None
        new_id = keys_rotate(passphrase=passphrase)
        self.stdout.write(
            f"Rotated: every data key is wrapped by KEK {new_id}. Export the new key material "
            "now; keep the old export while backups made before today exist."
        )

    def _export(self, options):
        text = keys.material().to_text()
        target: Path | None = options["file"]
        if options["qr"]:
            text = _qr_svg(text) if target else _qr_text(text)
        if target is None:
            self.stdout.write(text)
            return
        keys.write_text_private(target, text)
        self.stderr.write(
            f"Key material written to {target} (0600). Print it or move it to "
            "offline media, then delete it from this server."
        )

    def _import(self, options):
        path = keys.install(keys.KeyMaterial.from_text(_read(options["file"])))
        after_unlock_enqueue()
        self.stdout.write(f"Keys restored to {path or 'this process'}; the server is unlocked.")

    def _passphrase(self, options):
        if options["passphrase_file"]:
            passphrase = _read(options["passphrase_file"])
        else:
            passphrase = getpass.getpass("New passphrase: ")
            if getpass.getpass("Again: ") != passphrase:
                raise CommandError("the passphrases differ")
        keys.passphrase_set(keys.material(), passphrase)
        self.stdout.write("Passphrase set: `huquq unlock` opens the keys with it.")

    def _reseal(self, options):
        result = intake_values_reseal()
        if result.locked and not result.resealed:
            self.stdout.write("The server is locked: nothing re-sealed. Unlock it first.")
            return
        for label, count in sorted(result.values.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            f"Re-sealed {result.resealed} value(s) in {result.rows} row(s) under their data keys."
        )
        if result.locked:
            self.stdout.write("Locked down during the run: the rest waits for the next unlock.")
        if result.failed:
            for failed in result.failed:
                self.stderr.write(f"does not open, left as it was: {failed}")
            raise CommandError(f"{len(result.failed)} value(s) did not open (changed or damaged).")


def _read(path: Path) -> str:
    try:
        return (sys.stdin.read() if str(path) == "-" else path.read_text("utf-8")).strip()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None


def _qr_text(text: str) -> str:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def _qr_svg(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")
