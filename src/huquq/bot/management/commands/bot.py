from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from huquq.bot.client import TelegramClient, TokenRejected
from huquq.bot.loop import BotLoop


class Command(BaseCommand):
    help = (
        "Run the Telegram bot: long polling (default) or, with --no-poll, only the processing "
        "of updates the webhook stored and the outbox."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-poll", action="store_true", help="do not call getUpdates (webhook mode)"
        )
        parser.add_argument(
            "--poll-timeout", type=int, default=10, help="long-polling timeout in seconds"
        )
        parser.add_argument(
            "--max-seconds", type=float, default=None, help="stop after this long (tests)"
        )

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("Set TELEGRAM_BOT_TOKEN (or TELEGRAM_BOT_TOKEN_FILE).")
        client = TelegramClient.from_settings(poll_timeout=options["poll_timeout"])
        loop = BotLoop(client, polling=not options["no_poll"])
        try:
            loop.start()
            self.stdout.write("Telegram bot running." if loop.polling else "Bot outbox running.")
            loop.run(max_seconds=options["max_seconds"])
        except TokenRejected:
            raise CommandError("Telegram rejected TELEGRAM_BOT_TOKEN.") from None
        except KeyboardInterrupt:
            pass
        finally:
            client.close()
