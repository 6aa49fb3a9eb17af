"""The ``huquq`` console script: Django's management commands plus the project's own.

``huquq triage`` runs without Django or a database (the triage package has no Django import).
Every other command first brings the database schema up to date, so a fresh data dir works.
"""

import os
import sys

#: Commands that must not trigger an automatic migration first.
_NO_AUTO_MIGRATE = {
    "migrate",
    "makemigrations",
    "help",
    "version",
    "--help",
    "-h",
    "--version",
    "check",
    "shell",
    "dbshell",
    "sqlmigrate",
    "showmigrations",
    "lockdown",
    "compilemessages",
    "makemessages",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "triage":
        from huquq.triage.cli import main as triage_main

        if argv[2:3] == ["train"] and "--corrections" not in argv:
            return _train_with_staff_corrections(argv[2:])
        return triage_main(argv[2:])
    _setup_django(migrate=len(argv) > 1 and argv[1] not in _NO_AUTO_MIGRATE)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


def _setup_django(*, migrate: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huquq.settings")
    import django

    django.setup()
    if migrate:
        migrate_if_needed()


def _train_with_staff_corrections(triage_argv: list[str]) -> int:
    """``huquq triage train`` inside an installation: staff corrections join the training."""
    from huquq.triage.cli import main as triage_main

    _setup_django(migrate=True)
    from django.conf import settings

    from huquq.cases.training import write_corrections

    path = settings.DATA_DIR / f"corrections-{os.getpid()}.jsonl"
    try:
        count = write_corrections(path)
        print(f"{count} requests corrected by staff join the training data")
        return triage_main([*triage_argv, "--corrections", str(path)])
    finally:
        path.unlink(missing_ok=True)


def migrate_if_needed() -> None:
    """Apply pending migrations quietly; a no-op on an up-to-date database."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
