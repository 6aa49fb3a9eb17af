"""What the bot does with one update: a thin adapter to intake, plus the bot's own commands.

Handlers only touch the database and return what to send (``Turn.outgoing``); the caller
writes those to the outbox in the same transaction, so processing an update again after a
crash gives the same rows and nothing is sent twice.
"""

from django.conf import settings
from telegram import (
    CallbackQuery,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from huquq.bot import services, texts
from huquq.bot.commands import run_choice, run_command
from huquq.bot.files import Download, attach_file
from huquq.bot.models import Outbox
from huquq.bot.outbox import Outgoing
from huquq.bot.turn import Turn, language_keyboard
from huquq.cases import services as case_services
from huquq.cases.models import Request
from huquq.core.vocab import CLIENT_LANGUAGES, Category, Channel, Urgency
from huquq.intake import ratelimit
from huquq.intake.messages import IncomingMessage, Receipt
from huquq.intake.services import request_receive
from huquq.intake.validation import IntakeError, require_text

#: Messages per chat per minute before the bot asks the person to slow down.
FLOOD_LIMIT = 20
FLOOD_WINDOW = 60


def handle_update(update: Update, *, update_id: int, download: Download | None) -> Turn | None:
    """Handle one update; ``None`` for what the bot ignores (groups, channels, other kinds)."""
    if update.callback_query is not None:
        return _callback(update.callback_query, update_id=update_id)
    message = update.message or update.edited_message
    if message is None or message.chat.type != "private" or message.from_user is None:
        return None
    chat = services.chat_for(message.chat.id)
    turn = Turn(chat, update_id, language_hint=_hint(message.from_user.language_code))
    services.message_record(
        chat, message_id=message.message_id, from_bot=False, sent_at=message.date
    )
    if not _within_flood_limit(turn):
        return turn
    command = _command(message)
    if command != "stop" and chat.stopped_at is not None:
        chat.stopped_at = None  # writing again reopens the conversation
        chat.save(update_fields=["stopped_at"])
    if update.edited_message is not None:
        _edited(turn, message)
    elif command:
        run_command(turn, command, message)
    else:
        _content(turn, message, download)
    return turn


def _hint(language_code: str | None) -> str:
    code = (language_code or "").lower()
    return code if code in CLIENT_LANGUAGES else ""


def _within_flood_limit(turn: Turn) -> bool:
    key = str(turn.chat.pk)
    if ratelimit.allow("bot-chat", key, limit=FLOOD_LIMIT, window=FLOOD_WINDOW):
        return True
    turn.outcome = "rate_limited"
    if ratelimit.allow("bot-chat-notice", key, limit=1, window=FLOOD_WINDOW):
        turn.say("flood")
    return False


def _command(message: Message) -> str:
    text = message.text or ""
    if not text.startswith("/"):
        return ""
    return text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""


def _external_id(turn: Turn, message: Message) -> str:
    """Replay-safe id of the message; the chat appears only as its blind index."""
    return f"tg:{turn.chat.telegram_id_index}:{message.message_id}"


def _receive(turn: Turn, message: Message, text: str) -> Receipt | None:
    try:
        receipt = request_receive(
            IncomingMessage(
                channel=Channel.TELEGRAM,
                external_id=_external_id(turn, message),
                contact_telegram_id=str(message.from_user.id),
                contact_telegram_handle=message.from_user.username or "",
                text=text,
                client_language=turn.chat.language,
                received_at=message.date,
            )
        )
    except IntakeError:
        turn.outcome = "refused"
        turn.say("unsupported")
        return None
    if not turn.chat.language:
        turn.chat.language = _language_of(receipt) or turn.language
        turn.chat.save(update_fields=["language"])
    return receipt


def _language_of(receipt: Receipt) -> str:
    """The person's language as triage read their first message (Uzbek by its script)."""
    request = Request.objects.only("language", "script").get(pk=receipt.request_id)
    language = "uz-cyrl" if (request.language, request.script) == ("uz", "Cyrl") else ""
    language = language or request.language
    return language if language in CLIENT_LANGUAGES else ""


def _content(turn: Turn, message: Message, download: Download | None) -> None:
    if message.text:
        receipt = _receive(turn, message, message.text)
        if receipt is not None:
            _acknowledge(turn, receipt, key="received_new" if receipt.new_case else "received")
    elif download is not None:
        _file(turn, message, download)
    elif message.location is not None:
        where = f"[location] {message.location.latitude:.5f}, {message.location.longitude:.5f}"
        receipt = _receive(turn, message, where)
        if receipt is not None:
            turn.say("location_received", code=receipt.case_code)
    elif message.contact is not None:
        _contact(turn, message)
    else:  # stickers, animations, polls, video...: nothing to store
        turn.outcome = "unsupported"
        turn.say("unsupported")


def _acknowledge(turn: Turn, receipt: Receipt, *, key: str) -> None:
    """The case code at once, with guidance for categories this chat has not had yet."""
    chat = turn.chat
    categories = [c for c in receipt.categories if c not in chat.guided_categories]
    if len(receipt.categories) > 1 or chat.guided_categories:
        categories = [c for c in categories if c != Category.OTHER]
    parts = [texts.phrase(turn.language, key, code=receipt.case_code)]
    parts += texts.guidance(turn.language, categories)
    first_reply = not chat.asked_details
    turn.send("\n\n".join(parts), markup=language_keyboard() if first_reply else None)
    if categories:
        chat.guided_categories = [*chat.guided_categories, *categories]
        chat.save(update_fields=["guided_categories"])
    if first_reply:
        share = KeyboardButton(texts.phrase(turn.language, "share_phone"), request_contact=True)
        keyboard = ReplyKeyboardMarkup([[share]], resize_keyboard=True, one_time_keyboard=True)
        turn.say("ask_details", markup=keyboard)
        chat.asked_details = True
        chat.save(update_fields=["asked_details"])


def _file(turn: Turn, message: Message, download: Download) -> None:
    if download.too_big:
        turn.outcome = "too_big"
        turn.say("file_too_big", mb=settings.FILE_UPLOAD_MAX_MEMORY_SIZE // 2**20)
        return
    voice = message.voice is not None
    text = message.caption or ("[voice message]" if voice else "[document]")
    receipt = _receive(turn, message, text)
    if receipt is None:
        return
    request = Request.objects.select_related("case").get(pk=receipt.request_id)
    if not attach_file(request=request, data=download.data):
        turn.outcome = "refused_file"
        turn.say("unsupported")
        return
    if voice:
        # Nobody has listened yet: it could be someone held right now.
        case_services.request_raise_urgency(request=request, urgency=Urgency.HIGH)
    turn.say("voice_received" if voice else "file_received", code=receipt.case_code)


def _contact(turn: Turn, message: Message) -> None:
    contact = message.contact
    if contact.user_id == message.from_user.id:
        case_services.person_find_or_create(
            name="",
            phone=contact.phone_number,
            telegram_handle="",
            telegram_id=str(message.from_user.id),
        )
        turn.say("contact_saved", markup=ReplyKeyboardRemove())
        return
    # Someone else's contact (a relative, a witness): information for the case.
    name = " ".join(part for part in (contact.first_name, contact.last_name) if part)
    receipt = _receive(turn, message, f"[contact] {name} {contact.phone_number}")
    if receipt is not None:
        turn.say("received", code=receipt.case_code)


def _edited(turn: Turn, message: Message) -> None:
    """An edited message updates its request; one never stored is received now."""
    if not message.text or _command(message):
        return
    request = Request.objects.filter(
        channel=Channel.TELEGRAM, external_id=_external_id(turn, message)
    ).first()
    if request is None:
        _content(turn, message, None)
        return
    try:
        case_services.request_update_text(request=request, text=require_text(message.text))
    except IntakeError:
        turn.outcome = "refused"
        return
    turn.say("updated", code=request.case.code)


def _callback(query: CallbackQuery, *, update_id: int) -> Turn:
    chat = services.chat_for(query.from_user.id)
    turn = Turn(chat, update_id, language_hint=_hint(query.from_user.language_code))
    turn.outgoing.append(Outgoing(kind=Outbox.Kind.ANSWER_CALLBACK, callback_query_id=query.id))
    confirmation = run_choice(turn, query.data or "")
    if confirmation is None:
        turn.outcome = "unknown_choice"
        return turn
    if query.message is not None and query.message.is_accessible:
        # The buttons are replaced by what was chosen, so they cannot be pressed twice.
        turn.outgoing.insert(
            1,
            Outgoing(kind=Outbox.Kind.EDIT, text=confirmation, message_id=query.message.message_id),
        )
    else:
        turn.outgoing.insert(1, Outgoing(text=confirmation))
    return turn
