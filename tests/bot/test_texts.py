"""The guidance data: complete in every language, and safe on a lock screen."""

import string

import pytest

from huquq.bot import texts
from huquq.core.vocab import CLIENT_LANGUAGES, Category

REFERENCE = texts.catalogue("en")


def _filled(template: str) -> str:
    names = [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]
    return template.format(**dict.fromkeys(names, "KXRT-4821"))


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_every_language_has_every_text(language):
    catalogue = texts.catalogue(language)
    assert set(catalogue["messages"]) == set(REFERENCE["messages"])
    assert set(catalogue["status"]) == set(REFERENCE["status"])
    assert set(catalogue["guidance"]) == set(Category.values)
    assert catalogue["forbidden_first_line"]
    for key, template in catalogue["messages"].items():
        placeholders = {n for _t, n, _s, _c in string.Formatter().parse(template) if n}
        expected = {
            n for _t, n, _s, _c in string.Formatter().parse(REFERENCE["messages"][key]) if n
        }
        assert placeholders == expected, key


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_no_text_starts_with_a_forbidden_word(language):
    catalogue = texts.catalogue(language)
    every_text = [*catalogue["messages"].values(), *catalogue["guidance"].values()]
    for text in every_text:
        assert texts.first_line_is_safe(_filled(text)), text


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_start_is_two_lines(language):
    assert texts.phrase(language, "start").count("\n") == 1


def test_detention_guidance_says_what_the_issue_asks():
    detention = texts.guidance("en", ["detention"])[0]
    for needed in ("Do not sign", "interpreter", "call a lawyer", "ID check", "where you are"):
        assert needed in detention


def test_a_staff_reply_naming_a_lawyer_gets_a_neutral_first_line():
    reply = "Здравствуйте, я ваш юрист.\nЗавтра приеду в отдел."
    assert not texts.first_line_is_safe(reply)
    safe = texts.make_first_line_safe(reply, language="uz")
    assert safe.split("\n")[0] == texts.phrase("uz", "reply_header")
    assert texts.first_line_is_safe(safe)
    assert reply in safe


def test_a_file_in_the_data_dir_replaces_the_shipped_texts(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    (tmp_path / "bot_guidance").mkdir()
    edited = dict(texts.catalogue("en"))
    edited["messages"] = {**edited["messages"], "received": "Got it: {code}."}
    (tmp_path / "bot_guidance" / "en.json").write_text(__import__("json").dumps(edited))
    texts.catalogue.cache_clear()
    try:
        assert texts.phrase("en", "received", code="KXRT-4821") == "Got it: KXRT-4821."
    finally:
        texts.catalogue.cache_clear()
