"""Synthetic demo messages: every name, number and event here is invented.

Each template is (language, script, categories, urgency, text); ``{city}`` takes the city in
the form the template's grammar needs (see ``CITY_FORMS``).
"""

CITIES = [
    "Москва",
    "Санкт-Петербург",
    "Екатеринбург",
    "Новосибирск",
    "Казань",
    "Нижний Новгород",
    "Самара",
    "Ростов-на-Дону",
    "Краснодар",
    "Воронеж",
    "Челябинск",
    "Уфа",
    "Пермь",
    "Красноярск",
    "Тюмень",
    "Сургут",
    "Иркутск",
    "Владивосток",
    "Балашиха",
    "Подольск",
    "Химки",
    "Мытищи",
    "Люберцы",
    "Калининград",
]

CITIZENSHIPS = ["UZ", "TJ", "KG", "UZ", "TJ", "KG", "RU", "KZ", "AM", ""]

TEMPLATES: list[tuple[str, str, tuple[str, ...], str, str]] = [
    (
        "ru",
        "Cyrl",
        ("detention",),
        "immediate",
        "Брата сейчас держат в отделе полиции, город {city}, забрали на рынке при проверке "
        "документов. Телефон отобрали. Что делать?",
    ),
    (
        "ru",
        "Cyrl",
        ("military_contract", "detention"),
        "immediate",
        "Нас привезли в отдел, город {city}, заставляют подписать контракт с минобороны, "
        "говорят иначе депортация. Я не хочу подписывать!",
    ),
    (
        "ru",
        "Cyrl",
        ("military_registration",),
        "high",
        "Получил гражданство РФ в прошлом году, вчера вручили повестку в военкомат на "
        "следующую пятницу. Город {city}. Обязан ли я идти?",
    ),
    (
        "ru",
        "Cyrl",
        ("documents",),
        "normal",
        "Подскажите, как продлить патент, если работодатель не даёт справку. Живу: {city}.",
    ),
    (
        "ru",
        "Cyrl",
        ("labor",),
        "normal",
        "Три месяца не платят зарплату на стройке, город {city}, бригадир забрал паспорт.",
    ),
    (
        "ru",
        "Cyrl",
        ("violence",),
        "high",
        "Полицейские избили меня при задержании, город {city}, есть справка из травмпункта.",
    ),
    (
        "ru",
        "Cyrl",
        ("deportation",),
        "high",
        "Суд вынес решение о выдворении, город {city}, есть десять дней на обжалование.",
    ),
    (
        "uz",
        "Latn",
        ("detention",),
        "immediate",
        "Akamni hozir politsiya ushlab turibdi, {city}da bozorda olib ketishdi. Yordam bering!",
    ),
    (
        "uz",
        "Latn",
        ("labor", "documents"),
        "high",
        "Ish beruvchi pasportimni olib qo'ygan, ikki oydan beri oylik bermayapti. {city}da "
        "ishlayman, O'zbekiston fuqarosiman.",
    ),
    (
        "uz",
        "Latn",
        ("military_contract",),
        "high",
        "Kecha meni harbiy shartnomaga imzo qo'yishga majburlashdi, o'qishga ruxsat "
        "berishmadi. {city}. Endi nima qilaman?",
    ),
    (
        "uz",
        "Cyrl",
        ("documents",),
        "normal",
        "Патентимни қандай узайтирсам бўлади? {city}да яшайман, регистрация тугаяпти.",
    ),
    (
        "uz",
        "Cyrl",
        ("deportation",),
        "high",
        "Менга кириш тақиқи қўйилибди, {city}да суд бўлади келаси ҳафта. Нима қилишим керак?",
    ),
    (
        "tg",
        "Cyrl",
        ("detention", "violence"),
        "immediate",
        "Бародарамро ҳозир дар шаҳри {city} полиса дастгир кард ва заданд. Ёрӣ диҳед!",
    ),
    (
        "tg",
        "Cyrl",
        ("military_registration",),
        "high",
        "Ман шаҳрванди Русия шудам, ба ман даъватнома доданд, бояд ба комиссариат равам. "
        "Шаҳри {city}.",
    ),
    (
        "tg",
        "Cyrl",
        ("labor",),
        "normal",
        "Корфармо музди меҳнатро намедиҳад, се моҳ аст. Дар шаҳри {city} кор мекунам.",
    ),
    (
        "ky",
        "Cyrl",
        ("detention",),
        "immediate",
        "Агамды азыр {city} шаарында полиция кармап турат, документтерин алып коюшту.",
    ),
    (
        "ky",
        "Cyrl",
        ("military_contract",),
        "immediate",
        "Бизди {city} шаарында келишимге кол коюуга мажбурлап жатышат, азыр бөлүмдөбүз.",
    ),
    (
        "ky",
        "Cyrl",
        ("documents",),
        "normal",
        "Каттоо мөөнөтү бүтүп калды, {city} шаарында жашайм. Эмне кылыш керек?",
    ),
    (
        "en",
        "Latn",
        ("deportation", "detention"),
        "immediate",
        "My husband is held at the migration centre in {city}, they say he will be deported "
        "today. Please help.",
    ),
    (
        "en",
        "Latn",
        ("other",),
        "normal",
        "Thank you for your help last month. I have a general question about the law in {city}.",
    ),
]
