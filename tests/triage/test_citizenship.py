import pytest

from huquq.triage.citizenship import find_citizenship


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("я гражданин Узбекистана", "UZ"),
        ("O'zbekiston fuqarosiman", "UZ"),
        ("Ўзбекистон фуқаросиман", "UZ"),
        ("Ман шаҳрванди Тоҷикистон ҳастам", "TJ"),
        ("Ал Кыргызстандын жараны", "KG"),
        ("I'm a citizen of Kyrgyzstan", "KG"),
        ("Kazakh citizen", "KZ"),
        ("Я гражданка Армении", "AM"),
        ("Мы граждане Азербайджана", "AZ"),
        ("Он гражданин РФ с 2023 года", "RU"),
        ("получил российский паспорт в прошлом году", "RU"),
        ("Я получил гражданство в 2023", "RU"),
        ("2021 дан бери Россия фуқаросиман", "RU"),
        ("Ӯ аз соли 2022 паспорти Россия дорад", "RU"),
        ("He has been a Russian citizen since 2021, family from Tajikistan", "RU"),
        ("У ҳам Россия, ҳам Ўзбекистон фуқароси", "RU"),  # dual citizen
    ],
)
def test_citizenship(text, code):
    match = find_citizenship(text)
    assert match is not None
    assert match.code == code


@pytest.mark.parametrize(
    "text",
    [
        "Men o'zbek tilida yozaman",  # the language of a message is no citizenship
        "Salom, yordam bering",
        "Мне запретили въезд в Россию",
        "дети граждане РФ, жена тоже",
        "I am from Khujand",  # a home town is no citizenship
        "",
    ],
)
def test_no_citizenship(text):
    assert find_citizenship(text) is None


def test_own_russian_citizenship_of_writer_does_not_count_for_brother():
    text = "Я сама гражданка РФ, а брат гражданин Узбекистана, его задержали"
    assert find_citizenship(text).code == "UZ"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Сына забрали в военкомат, он не гражданин РФ, гражданин Узбекистана", "UZ"),
        ("Мен Россия фуқароси эмасман, фақат ВНЖ бор, Тожикистон фуқаросиман", "TJ"),
        ("Мен Кыргызстандын жараны, Россияда 3 жыл иштедим", "KG"),
        ("I am from Kyrgyzstan, my boss did not pay me", "KG"),
        ("Мы из Таджикистана, работаем на складе", "TJ"),
        ("Ман соли 2023 гражданство гирифтам, повестка омад", "RU"),
        ("ЖАРАНДЫК АЛГАНЫМА 2 АЙ БОЛДУ, военкоматка алып баратат", "RU"),
    ],
)
def test_negated_placed_and_implied_citizenship(text, code):
    """Russia denied or named as a place is no citizenship; "I am from X" and "got it" are."""
    found = find_citizenship(text)
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ўзбекистонлик аёлман, Москвада ишлайман", "UZ"),  # a demonym, no citizenship word
        ("тожикистонликмиз, 5 кишимиз", "TJ"),
        ("2 ой олдин гражданство олдим, повестка келди", "RU"),  # past form, no country
        ("Ал 2022-жылы орус жарандыгын алган", "RU"),  # Kyrgyz "орус" (Russian)
        ("после получения гражданства не встал на учет", "RU"),
        ("эрим икки фуқароли", "RU"),  # two citizenships
        ("Келинчегим Россиянын жараны. Мен Кыргызстандын жараныммын", "KG"),  # the wife's
    ],
)
def test_demonyms_past_forms_and_a_wifes_citizenship(text, code):
    match = find_citizenship(text)
    assert match is not None
    assert match.code == code
