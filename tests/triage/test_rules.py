import pytest

from huquq.triage.regex_trie import KeywordPattern, split_alternatives, trie_patterns
from huquq.triage.rules import _CATEGORY_PATTERNS, apply_rules, normalise


@pytest.mark.parametrize(
    "text",
    [
        "Мужа сейчас держат в отделе полиции, не отпускают",
        "Брата прямо сейчас заставляют подписать контракт",
        "Нас закрыли в военкомате, никого не выпускают",
        "Erimni hozir otdelda kontrakt imzolashga majburlashyapti",
        "Ҳозир бародарамро ба военкомат мебаранд",
        "Азыр агамды уруп жатышат",
        "Right now they are forcing him to sign a contract",
        "Имшаб шавҳарамро ба Душанбе мефиристанд, самолёт соати 23",
        "Tonight they are deporting my brother on a flight",
        "Akamni 3 soat oldin ushlashdi, hali qo'yib yuborishmadi",
    ],
)
def test_held_or_pressed_right_now_is_immediate(text):
    assert apply_rules(text).urgency == "immediate"


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("Суд в четверг, могут выдворить", "high"),
        ("Povestka keldi, dushanba kuni borishim kerak", "high"),
        ("Патент надо оплатить до пятницы", "high"),
        ("месяц кончится через 5 день, зарплату не отдал", "high"),
        ("Обжаловать можно 15 дней, осталось 5", "high"),
        ("Регистрациям 4 кунда тугайди", "high"),
        ("7 күн ичинде учетко тур деп кат келди", "high"),
        ("регистрацияам ҳафтаи оянда тамом мешавад", "high"),
        ("our patents expire next week", "high"),
        ("Год назад меня задержали, сейчас хочу понять, было ли это законно", None),
        ("Hozir hammasi joyida: shuncha vaqt ushlab turish qonuniymi?", None),
        ("Ман шаҳрванди Тоҷикистон, ҳоло дар Душанбе", None),  # Dushanbe is no Monday
        ("Спасибо за помощь", None),
    ],
)
def test_deadlines_and_past_events(text, urgency):
    assert apply_rules(text).urgency == urgency


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("задержали на рынке", "detention"),
        ("подписал контракт с Минобороны", "military_contract"),
        ("пришла повестка в военкомат", "military_registration"),
        ("патент аннулировали", "documents"),
        ("суд назначил выдворение", "deportation"),
        ("полицейские избили", "violence"),
        ("не платят зарплату", "labor"),
        ("Ish beruvchi oylik bermayapti", "labor"),
        ("Корфармо маош намедиҳад", "labor"),
        ("кожоюн айлыкты бербей жатат", "labor"),
        ("entry ban until 2027", "deportation"),
        ("мне закрыли въезд до 2028", "deportation"),
        ("my brother was just picked up by police outside the metro", "detention"),
        ("3 рӯз пеш маро гирифтанд ва дар отдел маҷбур карданд", "detention"),
        ("ду рӯз пеш маро полиса дошт", "detention"),
        ("полис мегӯяд ба мошин шин", "detention"),
        ("police loading about 20 workers into a van", "detention"),
        ("Меня избили в СИЗО в Саратове", "detention"),
    ],
)
def test_category_rules(text, category):
    assert category in apply_rules(text).categories


def test_no_category_pattern_is_empty():
    for lines in _CATEGORY_PATTERNS.values():
        for line in lines:
            assert all(split_alternatives(line)), line


def test_keyword_pattern_matches_what_the_plain_pattern_matches_at_word_starts():
    pattern = r"задерж|задержив|отдел\w* полиц|отдел|(?:забрал|увез)\w* полиц|\d+ дн"
    keywords = KeywordPattern(pattern)
    for text in ["его задержали", "в отделе полиции", "увезли полицейские", "через 3 дня", "нет"]:
        padded = normalise(text)
        assert bool(keywords.search(padded)) == bool(
            __import__("re").search(" (?:" + pattern + ")", padded)
        )


def test_trie_keeps_class_first_alternatives_apart():
    factored, rest = trie_patterns(r"abc|abd|\d+ x|[ab]z")
    assert rest == r"\d+ (?:x)|[ab]z"
    assert "ab" in factored


def test_alternatives_after_a_number_share_one_number_test():
    r"""``\d+ час|\d+ соат`` is tried as ``\d+ `` once, then a trie (one test a position)."""
    factored, rest = trie_patterns(r"\d+ час\w* назад|\d+ соат олдин|\d+ соат пеш")
    assert factored == ""
    assert rest.count(r"\d+") == 1
    keywords = KeywordPattern(r"\d+ час\w* назад|\d+ соат олдин|\d+ соат пеш")
    assert keywords.search(normalise("2 часа назад")).group() == " 2 часа назад"
    assert keywords.search(normalise("3 соат пеш")).group() == " 3 соат пеш"
    assert keywords.search(normalise("3 соат кейин")) is None


@pytest.mark.parametrize(
    "text",
    [
        "Алло, сына задержали час назад у метро, он сейчас в опорном пункте",
        "Ҳозиргина акамни кўчада полиция ушлаб олиб кетди",
        "Инимди азыр Москвада полиция кармап, бөлүмгө алып кетти",
    ],
)
def test_taken_just_now_is_immediate(text):
    assert apply_rules(text).urgency == "immediate"


def test_taken_long_ago_is_not_immediate():
    assert apply_rules("Год назад меня задержали, сейчас хочу понять, законно ли").urgency is None


@pytest.mark.parametrize(
    ("typed", "keyboard"),
    [
        ("Бародарамро ҳабс карданд, ҳозир дар отдел нигоҳ медоранд", "tg"),
        ("Ишхонада қўлим жароҳатланди, ойлик беришмаяпти", "uz"),
        ("Азыр агамды полиция кармап, бөлүмдө отурат", "ky"),
    ],
)
def test_text_typed_without_the_special_letters_gets_the_same_labels(typed, keyboard):
    """A Russian phone keyboard has no ҳ қ ў ӯ ҷ ң ө ү: ``хабс`` must count as ``ҳабс``."""
    plain = typed.translate(str.maketrans("ҳқўӯҷңөүғӣ", "хкуучноуги"))
    assert plain != typed
    with_letters, without_letters = apply_rules(typed), apply_rules(plain)
    assert with_letters.categories, keyboard
    assert set(without_letters.categories) == set(with_letters.categories)
    assert without_letters.urgency == with_letters.urgency


@pytest.mark.parametrize(
    "text",
    [
        "Мужа всю ночь держали в отделе, утром отпустили и дали бумагу",
        "В прошлом году меня держали в отделе сутки, сейчас хочу пожаловаться",
    ],
)
def test_released_or_long_ago_is_not_immediate(text):
    assert apply_rules(text).urgency != "immediate"


def test_long_ago_is_marked_for_the_engine():
    assert apply_rules("Соли гузашта дар отдел маро заданд").long_ago
    assert not apply_rules("Маро дар отдел мезананд").long_ago


@pytest.mark.parametrize(
    ("text", "category", "spelt_in_cyrillic"),
    [
        ("Участковый сказал: 20 тысяч дай, или заберу в отдел", "violence", False),
        ("Ман гражданини Тоҷикистон, 15 ҳазор мехоҳанд ки сар диҳанд", "violence", False),
        ("the boss take our passports and no salary", "documents", False),
        ("Паспортимни хўжайин олиб қўйди, қайтаришмаяпти", "documents", False),
        ("I need help with citizenship, I applied 8 months ago", "documents", False),
        ("vchera otpustili iz otdela, mogut vyslat?", "deportation", True),
    ],
)
def test_money_demands_kept_passports_and_expulsion_wording(text, category, spelt_in_cyrillic):
    lowered = normalise(text, spell_latin_in_cyrillic=spelt_in_cyrillic)
    assert category in apply_rules(text, lowered).categories


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # A fine for late papers is about documents, not about wages.
        ("Каттоо үчүн айып пул салышты, канча төлөйм?", "labor"),
        ("Registratsiya uchun jarima soldi, qancha to'layman?", "labor"),
        ("Барои регистрация ҷарима карданд", "labor"),
        # "били" inside Kyrgyz "билип" (knowing) is no beating.
        ("Мен мыйзамды билип алгым келет", "violence"),
        # Wages held back are no detention; a bank scam is no extortion.
        ("Работодатель задерживает зарплату третий месяц", "detention"),
        ("they took 40000 rubles from my card after I gave the code", "violence"),
        # An employer named in a question about papers is no labour dispute.
        ("Работодатель не отправил уведомление, мне выписали штраф", "labor"),
        ("Ish beruvchi patent alib kel deydi", "labor"),
        # "I got a Russian passport" is about citizenship, not a passport taken.
        ("Ман соли 2023 паспорти РФ гирифтам", "documents"),
    ],
)
def test_words_that_only_look_like_a_category(text, absent):
    assert absent not in apply_rules(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "ман дар ментовка хастам самара мезананд зуд",  # "I am in the police station"
        "Директор прямо сейчас заставляет написать расписку",  # singular "forces"
        "на рынке облава я в подсобке прячусь",  # hiding from a raid
        "заседание через полчаса, адвоката нет",
        "Агамды азыр милиция машинага салды",  # Kyrgyz "put in a car just now"
        "Досым 2 кундан бери ИВСда",  # Uzbek "in a temporary-detention cell for 2 days"
        "ҳозир хозяин намегузорад ки аз ферма бароем",  # Tajik "does not let us leave"
        "Сегодня до 18:00 надо прийти в военкомат с вещами",
        "если до вечера не съедем, придут и переломают ноги",
        "Кольцоводо 5 саат кармап турушат",
    ],
)
def test_held_now_in_more_wording(text):
    assert apply_rules(text).urgency == "immediate"


def test_what_awaits_me_is_no_threat():
    assert "violence" not in apply_rules("Что мне грозит за просроченный патент?").categories


@pytest.mark.parametrize(
    "text",
    [
        "Хўжайин паспортимни бермаяпти, кетмоқчиман",
        "Корфармо паспорти маро нигоҳ медорад",
        "Кожоюн айлыкты үч ай бербей жатат",
        "хозяин нисфи маошро медиҳад",
    ],
)
def test_an_employer_keeping_wages_or_the_passport_is_labor(text):
    assert "labor" in apply_rules(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "Хўжайин паспортимни бермаяпти, кетмоқчиман",  # kept by the employer: both
        "пришло письмо что его гражданство хотят прекратить",
        "my citizenship of Russia will be cancelled",
        "Суди ман оид ба гражданство гирифтан ҳафтаи оянда",
    ],
)
def test_passports_kept_and_citizenship_lost_or_sought_are_documents(text):
    assert "documents" in apply_rules(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "полицейские говорят давай 15 тыщ или повезем в отдел",
        "эки мент көчөдө токтотуп 10 миң талап кылышты",
        "police demanded 10k rubles from him",
        "участковый берёт по 2000 с каждой точки",
        "полиция ҳар ҳафта аз мо 5000 мегирад",
        "орали уезжайте, понаехали",
        "they will burn our hostel if we stay",
    ],
)
def test_extortion_and_threats_in_more_wording(text):
    assert "violence" in apply_rules(text).categories


def test_money_asked_by_a_hospital_or_landlord_is_no_extortion():
    police = "Участковый сказал: 20 тысяч дай, или заберу в отдел"
    hospital = "Модарам дар беморхона аст, полис надорад, аз мо 120 ҳазор талаб мекунанд"
    broker = "A recruitment agency took 60,000 rubles from me for a job that didn't exist"
    assert "violence" in apply_rules(police).categories
    assert "violence" not in apply_rules(hospital).categories
    assert "violence" not in apply_rules(broker).categories


def test_a_time_or_a_date_does_not_end_a_sentence():
    assert normalise("в 18:00 и 20.11.2025. Потом") == " в 18 00 и 20 11 2025 . потом "


@pytest.mark.parametrize(
    "text",
    [
        "Сегодня суд вынес решение о выдворении, сказали выехать в течение 5 дней",
        "Кечээ Питерде метродо 2 жигит мени уруп, кордошту",  # beaten yesterday
        "досум 3 кун мурун контрактка кол койду, азыр бузгусу келет",  # signed days ago
    ],
)
def test_a_decision_today_or_a_past_beating_is_not_immediate(text):
    assert apply_rules(text).urgency != "immediate"


def test_still_held_is_immediate():
    english = "Today I was taken to the police station, I'm still here"
    uzbek = "ertaga deportatsiya reysim, hali SUVSIGdaman"
    assert apply_rules(english).urgency == "immediate"
    spelt = normalise(uzbek, spell_latin_in_cyrillic=True)
    assert apply_rules(uzbek, spelt).urgency == "immediate"
