import pytest

from huquq.triage.langid import detect_language, detect_script


@pytest.mark.parametrize(
    ("text", "language", "script"),
    [
        ("Здравствуйте, мужа задержали, что делать?", "ru", "Cyrl"),
        ("pomogite pojaluysta brata zabrali v otdel", "ru", "Latn"),
        ("Akamni ushlashdi, nima qilamiz?", "uz", "Latn"),
        ("Menga povestka keldi, borishim kerakmi?", "uz", "Latn"),
        ("Акамни ушлашди, нима қилайлик?", "uz", "Cyrl"),
        ("Ман шаҳрванди Тоҷикистонам, чӣ кор кунам?", "tg", "Cyrl"),
        ("salom bratamro politsiya girift chi kor kunem", "tg", "Latn"),
        ("Иним кармалды, эмне кылабыз?", "ky", "Cyrl"),
        ("My brother was detained, what can we do?", "en", "Latn"),
    ],
)
def test_language_and_script(text, language, script):
    guess = detect_language(text)
    assert (guess.language, guess.script) == (language, script)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ҷ", "tg"),  # one Tajik letter decides a very short text
        ("Салом, чӣ?", "tg"),
        ("Саламатсызбы", "ky"),
        ("рахмат, өтө жакшы", "ky"),
        ("ёрдам беринг", "uz"),
        ("O'zbekiston", "uz"),
        ("Спасибо!", "ru"),
        ("thanks", "en"),
    ],
)
def test_short_texts(text, language):
    assert detect_language(text).language == language


def test_mixed_message_gets_the_language_of_its_grammar():
    text = "Менга военкоматдан повестка келди, паспорт РФ олганман, нима қилай?"
    assert detect_language(text).language == "uz"


def test_script_of_text_without_letters_defaults_to_cyrillic():
    assert detect_script("+7 900 000 11 22") == "Cyrl"
    assert detect_language("").language == "ru"
