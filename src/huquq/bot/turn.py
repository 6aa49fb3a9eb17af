"""One update being handled, and the keyboards several handlers offer."""

from dataclasses import dataclass, field

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from huquq.bot import texts
from huquq.bot.models import Chat
from huquq.bot.outbox import Outgoing
from huquq.core.vocab import CLIENT_LANGUAGES


@dataclass
class Turn:
    """One update being handled: its chat, what to send back, and how it ended."""

    chat: Chat
    update_id: int
    language_hint: str = ""
    outgoing: list[Outgoing] = field(default_factory=list)
    outcome: str = "ok"

    @property
    def language(self) -> str:
        return self.chat.language or self.language_hint or texts.DEFAULT_LANGUAGE

    def say(self, key: str, *, markup=None, **values: object) -> None:
        self.send(texts.phrase(self.language, key, **values), markup=markup)

    def send(self, text: str, *, markup=None) -> None:
        self.outgoing.append(Outgoing(text=text, markup=markup.to_dict() if markup else None))


def language_keyboard() -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(texts.language_name(language), callback_data=f"lang:{language}")
        for language in CLIENT_LANGUAGES
    ]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])
