"""The shipped catalogs: complete where people need them, and compiled from the .po in the repo.

A fresh machine may lack the gettext tools, so the .mo files are committed; these tests catch a
.po edited without recompiling, a broken placeholder, and a client-facing string that someone
added to the help form without translating it.
"""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from huquq.core.vocab import CaseStatus
from tests.conftest import client_for

HUQUQ = Path(__file__).resolve().parents[2] / "src" / "huquq"
LOCALE = HUQUQ / "locale"
TEMPLATES = HUQUQ / "templates"

#: Django language code -> locale directory.
CLIENT_LOCALES = {"ru": "ru", "uz": "uz", "uz-cyrl": "uz_Cyrl", "tg": "tg", "ky": "ky"}
PLURAL_COUNTS = {"ru": 3, "uz": 2, "uz_Cyrl": 2, "tg": 2, "ky": 2}

#: Everything a client can see: the public base, its form field include, every page on it.
CLIENT_TEMPLATES = [
    "base_public.html",
    "field.html",
    *sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"""\{%\s*extends\s+["']base_public\.html["']""", path.read_text("utf-8"))
    ),
]

#: Python modules whose messages end up on the public pages (labels, errors).
CLIENT_MODULES = [
    "intake/forms.py",
    "intake/views.py",
    "intake/validation.py",
    "security/humanity.py",
]
TEMPLATE_MSGID = re.compile(r"""\{%\s*(?:trans|translate)\s+(["'])(.+?)\1""")
PYTHON_MSGID = re.compile(r"""\b_\(\s*(["'])(.+?)(?<!\\)\1\s*\)""")


def _client_msgids() -> set[str]:
    found = set()
    for name in CLIENT_TEMPLATES:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        found.update(match[1] for match in TEMPLATE_MSGID.findall(text))
    for name in CLIENT_MODULES:
        text = (HUQUQ / name).read_text(encoding="utf-8")
        found.update(match[1] for match in PYTHON_MSGID.findall(text))
    with translation.override(None):
        found.update(str(label) for label in CaseStatus.labels)  # shown on the status page
    return found


def _catalog(locale_dir: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / locale_dir / "LC_MESSAGES" / "django.po"))


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]", text))


def test_the_regexes_find_the_client_strings():
    """Guards the helper itself: a broken regex would make the completeness test vacuous."""
    msgids = _client_msgids()
    assert {"Ask for help", "What happened?", "Case code", "Waiting"} <= msgids
    assert "The form expired. Please press Send again." in msgids  # humanity.py, Python side
    assert {"intake/help.html", "intake/status.html", "404.html"} <= set(CLIENT_TEMPLATES)
    assert len(msgids) > 40


@pytest.mark.parametrize("locale_dir", sorted(PLURAL_COUNTS))
def test_catalog_header_and_entries_are_well_formed(locale_dir):
    po = _catalog(locale_dir)
    assert po.metadata["Language"] == locale_dir
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert f"nplurals={PLURAL_COUNTS[locale_dir]};" in po.metadata["Plural-Forms"]
    assert not po.fuzzy_entries(), "fuzzy entries are dropped by msgfmt: check and unflag them"
    for entry in po.translated_entries():
        assert _placeholders(entry.msgstr) == _placeholders(entry.msgid), entry.msgid
        for form in entry.msgstr_plural.values():
            assert _placeholders(form) == _placeholders(entry.msgid_plural), entry.msgid


@pytest.mark.parametrize("locale_dir", sorted(PLURAL_COUNTS))
def test_compiled_catalog_matches_its_source(locale_dir):
    """The .mo loads as gettext loads it and says exactly what the .po says."""
    mo_path = LOCALE / locale_dir / "LC_MESSAGES" / "django.mo"
    with mo_path.open("rb") as mo_file:
        gettext.GNUTranslations(mo_file)  # raises on a corrupt file
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.mofile(str(mo_path))
        if e.msgid  # the header
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in _catalog(locale_dir).translated_entries()
    }
    assert compiled == source, "recompile: msgfmt --check -o django.mo django.po"


@pytest.mark.parametrize("locale_dir", sorted(PLURAL_COUNTS))
def test_every_client_facing_string_is_translated(locale_dir):
    po = _catalog(locale_dir)
    untranslated = sorted(
        msgid
        for msgid in _client_msgids()
        if (entry := po.find(msgid)) is None or not entry.translated()
    )
    assert untranslated == [], f"translate these in locale/{locale_dir} (makemessages first)"


@pytest.mark.parametrize("language", sorted(CLIENT_LOCALES))
def test_key_client_strings_differ_from_english(language):
    english = ["Ask for help", "What happened?", "Send", "Case code", "Message received"]
    with translation.override(language):
        translated = [_(msgid) for msgid in english]
    assert all(t != e for t, e in zip(translated, english, strict=True)), translated


@pytest.mark.parametrize(
    ("language", "title", "send"),
    [
        ("ru", "Попросить помощи", "Отправить"),
        ("uz", "Yordam soʻrash", "Yuborish"),
        ("uz-cyrl", "Ёрдам сўраш", "Юбориш"),
        ("tg", "Дархости кӯмак", "Фиристодан"),
        ("ky", "Жардам суроо", "Жөнөтүү"),
        ("en", "Ask for help", "Send"),
    ],
)
def test_help_form_speaks_the_chosen_language(db, language, title, send):
    page = Client().get(f"/help/?lang={language}")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<h1>{title}</h1>" in html
    assert f">{send}</button>" in html
    assert f'<html lang="{language}">' in html


@pytest.mark.parametrize(
    ("language", "status_label"),
    [("ru", "Новое"), ("uz", "Yangi"), ("uz-cyrl", "Янги"), ("tg", "Нав"), ("ky", "Жаңы")],
)
def test_status_page_shows_the_case_status_in_the_clients_language(receive, language, status_label):
    receipt = receive()
    client = Client()
    client.get(f"/help/status/?lang={language}")  # the cookie remembers the choice
    page = client.post("/help/status/", {"code": receipt.case_code, "pin": receipt.pin})
    assert page.status_code == 200
    assert f"{receipt.case_code}</strong>: {status_label}" in page.content.decode()


def test_uzbek_latin_uses_the_modifier_letter_turned_comma():
    """Modern orthography writes oʻ and gʻ with U+02BB, not an apostrophe or a quote."""
    for entry in _catalog("uz").translated_entries():
        assert not re.search(r"[oOgG]['‘’`]", entry.msgstr), entry.msgstr


def test_staff_queue_in_russian(operator):
    page = client_for(operator).get("/staff/?lang=ru")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Открытые дела</h1>" in html
    assert ">Очередь</a>" in html
    assert ">Фильтр</button>" in html


def test_staff_queue_in_english_and_never_in_a_client_only_language(operator):
    client = client_for(operator)
    assert "<h1>Open cases</h1>" in client.get("/staff/?lang=en").content.decode()
    # Staff pages are Russian or English: a client-only choice falls back to Russian.
    assert "<h1>Открытые дела</h1>" in client.get("/staff/?lang=tg").content.decode()
