import pytest

from huquq.triage.gazetteer import find_city


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Москвада ишлайман", "Москва"),
        ("дар Маскав кор мекунам", "Москва"),
        ("живу в Питере", "Санкт-Петербург"),
        ("Ekaterinburgda yashayman", "Екатеринбург"),
        ("работаю в Балашихе", "Балашиха"),
        ("Балашиха", "Балашиха"),
        ("Санкт-Петербургда", "Санкт-Петербург"),
        ("в Санкт-Петербурге", "Санкт-Петербург"),
        ("в Нижнем на рынке", "Нижний Новгород"),
        ("в Ростове-на-Дону", "Ростов-на-Дону"),
        ("в Мск", "Москва"),
        ("Тюменда ишлаяпман", "Тюмень"),
        ("Ногинскдаги ётоқхона", "Ногинск"),
        ("Новосибирскте", "Новосибирск"),
        ("Qozonda ishlayman", "Казань"),
        ("sklad v Khimkah", "Химки"),
        ("на стройке в Котельниках", "Котельники"),
        ("живу в Орле", "Орел"),
        # A linking vowel between a consonant cluster and the Kyrgyz or Uzbek ending.
        ("Омскиде иштейм", "Омск"),
        ("иним Подольскидеги складта иштеди", "Подольск"),
        ("Orenburgdamiz 6 kishi", "Оренбург"),
        # Latin as typed by ear, and the Kyrgyz "-тогу" (the one in).
        ("Hozir Mitishida stroykaga OMON keldi", "Мытищи"),
        ("erimni Lyubersida voenkomatga olib kelishdi", "Люберцы"),
        ("NABEREJNIYE CHELNI", "Набережные Челны"),
        ("Erimni Korolyovda ko'chada", "Королёв"),
        ("Красногорсктогу базардан алып кетти", "Красногорск"),
        # A town that is also a surname counts with a word for "town" after it.
        ("12 киши урушуп жатат. Жуковский шаары", "Жуковский"),
        # Airports and markets named instead of the city.
        ("Кольцоводо 5 саат кармап турушат", "Екатеринбург"),
        ("на паспортном контроле в Пулково", "Санкт-Петербург"),
        ("бизди Подольскиде кармашты", "Подольск"),
        # geonames spells it Shchyolkovo: the Russian name is still chosen, not Belarusian.
        ("дар Щёлково кор мекунам", "Щёлково"),
        # A town that is also a word counts when it signs off the message.
        ("Помогите, что делать? Раменское", "Раменское"),
    ],
)
def test_city_forms(text, city):
    match = find_city(text)
    assert match is not None
    assert match.city.replace("ё", "е") == city.replace("ё", "е")


@pytest.mark.parametrize(
    "text",
    [
        "юрист Анна все объяснила",  # Анна is also a town: only after "в"
        "Бор экан",  # Uzbek "there is", also a town
        "шахты закрыли",  # a common word written in lower case
        "Бишкектемин",  # not in Russia
        "Спасибо большое",
        "Спасибо вам за всё. Анна",  # a name signing off, not a town
        "Мен Жуковский деп айтам",  # a surname without a word for "town"
        "Moskva viloyatida ishlayman",  # the region, not the city
        "Москва облусунда иштейт",
        "",
    ],
)
def test_no_city(text):
    assert find_city(text) is None


def test_ordinary_word_counts_after_a_location_word():
    assert find_city("работаю в г. Бор").city == "Бор"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("живу в Царицыно", "Москва"),  # a district of Moscow
        ("в Купчино", "Санкт-Петербург"),
        ("в Зеленограде", "Зеленоград"),  # a town inside Moscow's borders stays itself
        ("в Колпино", "Колпино"),
    ],
)
def test_districts_of_moscow_and_st_petersburg(text, city):
    assert find_city(text).city == city
