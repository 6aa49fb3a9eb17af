"""The bot's commands (/start, /lang, /status, /stop, /wipe, /autowipe) and button choices."""

from django.utils import timezone
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from huquq.bot import services, texts
from huquq.bot.turn import Turn, language_keyboard
from huquq.core.vocab import CLIENT_LANGUAGES


def run_command(turn: Turn, command: str, message: Message) -> None:
    handler = _COMMANDS.get(command, _start)
    turn.outcome = f"command:{command if command in _COMMANDS else 'unknown'}"
    handler(turn)


def _phrase(turn: Turn, key: str) -> str:
    return texts.phrase(turn.language, key)


def _start(turn: Turn) -> None:
    turn.say("start", markup=language_keyboard())


def _lang(turn: Turn) -> None:
    turn.say("choose_language", markup=language_keyboard())


def _status(turn: Turn) -> None:
    case = services.chat_latest_case(turn.chat)
    if case is None:
        turn.say("status_none")
        return
    turn.say("status", code=case.code, status=texts.status_label(turn.language, case.status))


def _stop(turn: Turn) -> None:
    turn.chat.stopped_at = timezone.now()
    turn.chat.save(update_fields=["stopped_at"])
    buttons = [
        InlineKeyboardButton(_phrase(turn, f"delete_{answer}"), callback_data=f"del:{answer}")
        for answer in ("yes", "no")
    ]
    keyboard = InlineKeyboardMarkup([buttons])
    turn.say("stop", markup=keyboard)


def _wipe(turn: Turn) -> None:
    left_behind = services.chat_wipe(turn.chat)
    if left_behind:
        turn.say("wipe_old", count=left_behind)


def _autowipe(turn: Turn) -> None:
    buttons = [
        InlineKeyboardButton(_phrase(turn, f"autowipe_{name}"), callback_data=f"aw:{name}")
        for name in services.AUTOWIPE_CHOICES
    ]
    turn.say("autowipe_choose", markup=InlineKeyboardMarkup([buttons]))


_COMMANDS = {
    "start": _start,
    "help": _start,
    "lang": _lang,
    "status": _status,
    "stop": _stop,
    "wipe": _wipe,
    "autowipe": _autowipe,
}


def run_choice(turn: Turn, data: str) -> str | None:
    """Act on a pressed button; return the text that replaces the buttons (None: unknown)."""
    kind, _sep, value = data.partition(":")
    chat = turn.chat
    if kind == "lang" and value in CLIENT_LANGUAGES:
        chat.language, chat.language_chosen = value, True
        chat.save(update_fields=["language", "language_chosen"])
        _guidance_again(turn)
        return texts.phrase(value, "language_set", language=texts.language_name(value))
    if kind == "aw" and value in services.AUTOWIPE_CHOICES:
        chat.autowipe_seconds = services.AUTOWIPE_CHOICES[value] or None
        chat.save(update_fields=["autowipe_seconds"])
        period = texts.phrase(turn.language, f"autowipe_{value}")
        return texts.phrase(turn.language, "autowipe_set", period=period)
    if kind == "del" and value in {"yes", "no"}:
        if value == "yes":
            services.deletion_request_record(chat)
        return texts.phrase(turn.language, "delete_requested" if value == "yes" else "delete_kept")
    return None


def _guidance_again(turn: Turn) -> None:
    """After a change of language, the guidance already given, now in the new language."""
    guidance = texts.guidance(turn.language, turn.chat.guided_categories)
    if guidance:
        turn.send("\n\n".join(guidance))
