"""Files people send: fetched from Telegram before the update's transaction, kept through
the one upload path (``security.uploads.attachment_store``)."""

import logging
from dataclasses import dataclass

from django.conf import settings
from telegram import Message, Update

from huquq.bot.client import TelegramClient
from huquq.cases.models import Attachment, Request
from huquq.security.uploads import UploadError, attachment_store

log = logging.getLogger(__name__)

#: Documents worth downloading; the content is sniffed again when it is stored.
_DOCUMENT_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@dataclass(frozen=True)
class Download:
    data: bytes = b""
    too_big: bool = False


def _file_of(message: Message) -> tuple[str, int | None] | None:
    """(file id, size) of the photo, PDF or voice message in ``message``, if any."""
    if message.photo:
        largest = message.photo[-1]
        return largest.file_id, largest.file_size
    if message.document is not None and message.document.mime_type in _DOCUMENT_TYPES:
        return message.document.file_id, message.document.file_size
    if message.voice is not None:
        return message.voice.file_id, message.voice.file_size
    return None


def fetch(update: Update, client: TelegramClient) -> Download | None:
    """Download the file of a new message (network, so outside any transaction)."""
    message = update.message
    found = _file_of(message) if message is not None else None
    if found is None:
        return None
    file_id, size = found
    limit = settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    if size is not None and size > limit:
        return Download(too_big=True)
    data = client.download(file_id)
    return Download(too_big=True) if len(data) > limit else Download(data=data)


def attach_file(*, request: Request, data: bytes) -> Attachment | None:
    """Keep ``data`` as an attachment of the request's case; ``None`` when it is refused."""
    try:
        return attachment_store(
            case=request.case, request=request, data=data, declared_name="telegram"
        )
    except UploadError as error:
        log.info("bot: file refused (%s)", error.code)
        return None
