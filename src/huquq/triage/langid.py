"""Language and script of a message.

pycld2 gives one opinion; short messages and messages full of Russian loanwords
(``военкомат``, ``патент``) need more, so every word is also checked against
grammar words and endings of each language, and the letters only one language
uses (Tajik ӣ ӯ ҷ, Kyrgyz ң ө ү, Uzbek ў and oʻ/gʻ) count too. Grammar words
weigh more than nouns: a mixed message gets the language of its grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycld2

from huquq.triage.vocab import Language, Script, words

_WORD = re.compile(r"[^\W\d_]+(?:['ʻʼ’‘`][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "`": "'", "ё": "е"})

#: Letters that only one of the five languages uses, with the weight of one occurrence.
_LETTERS: dict[str, dict[str, float]] = {
    "tg": {"ӣ": 2.0, "ӯ": 2.0, "ҷ": 2.0},
    "ky": {"ң": 2.0, "ө": 2.0, "ү": 2.0},
    "uz": {"ў": 2.0, "қ": 0.7, "ғ": 0.7, "ҳ": 0.4},
}

# Grammar words and frequent words; a word may sit in two lists (it then helps both).
_WORDS: dict[str, str] = {
    "ru": """и в во на не что это я он она мы вы они меня мне его ее их нас вам с со к по за
        из от до для без как где когда если но а или уже еще ещё только очень можно нужно надо
        есть был была были будет сейчас теперь сегодня вчера завтра здравствуйте помогите
        пожалуйста подскажите спасибо что делать куда тоже все всех который которая чтобы
        бы ли же нет да у о об при после через потому говорит говорят мой моя мою моего
        брата брат муж мужа жена сын сына работаю живу получил просто вопрос уже тут там
        v na ne chto eto menya mne ego on ona my vy oni s so k po za iz ot do dlya bez kak
        gde kogda esli no ili uzhe uje eshe seychas sejchas segodnya vchera pomogite pozhaluysta
        pojaluysta pozhalujsta derjat derzhat zabrali zabrala telefon ne beret chto delat
        grajdanin grazhdanin brata muzha""",
    "uz": """va bu men sen u biz siz ular nima qanday qachon qayerda qayerga kerak ekan bor
        yoq yo'q uchun bilan lekin ham emas edi bo'ladi boladi bering iltimos yordam salom
        assalomu alaykum rahmat katta hozir bugun kecha ertaga keyin oldin beri yil oy kun
        mumkin mumkinmi qilsam qilsak qilish nima qilamiz menga meni mening akam akamni erim
        erimni ukam ishlayman yashayman deyishyapti deydi juda hammasi faqat shuncha
        ва бу мен сен у биз сиз улар нима қандай қачон қаерда керак экан бор йўқ учун билан
        лекин ҳам эмас эди бўлади беринг илтимос ёрдам салом ассалому алайкум раҳмат ҳозир
        бугун кеча эртага кейин олдин бери йил ой кун мумкин мумкинми қилсам қилиш менга
        мени менинг акам акамни эрим эримни укам укамни ишлаяпман яшаймиз яшайман
        дейишяпти дейишди шу ҳали""",
    "tg": """ман ту ӯ мо шумо онҳо дар ба аз бо барои ки чӣ чи чаро кай куҷо аст нест ҳаст
        буд мешавад мекунам мекунем кунам кунем кор гуфтанд мегӯянд мегуяд доранд дорад
        дорем ҳозир имрӯз дирӯз пагоҳ ва вале агар лозим мумкин илтимос ёрдам салом
        ассалому алейкум раҳмат ҳам бояд шуд шавад карданд кард тавр ягон ҳамаи бародарам
        шавҳарам шавҳарамро писарам занам аст хоҳам мехоҳам намедиҳанд набуд
        man az dar ba bo baroi ki chi chiro ast nest hast bud meshavad mekunam mekunem kunam
        kunem kor guftand doranam dorad dorand hozir imruz diruz vale agar lozim girift
        mebarand mebarem bratamro shavharam hastem hastam hastand meguyand meguyad kardand
        kardam kardem dodand dodam boyad barodaram barodaramro ruz pesh guzashta soli
        namemonand medonam istodaem istodaand kalon hamai yori dihed kuned kunand nafar moro
        maro shavharamro pasfardo fardo""",
    "ky": """мен сен ал биз силер алар эмне кандай качан кайда керек экен бар жок үчүн менен
        бирок да дагы эмес эле болот бериңиз бериңиздерчи жардам салам саламатсызбы рахмат
        азыр бүгүн кечээ эртең анан мурун бери жыл ай күн болобу кылсам кылам мага мени
        менин агам агамды иним байкем жолдошум деп деди жатат жатышат жатабыз керекпи
        жашайм жашайбыз иштейм иштедим барышым барбасам ичинде абдан баары жакшы
        кантип кайрылсам тең экөөбүз""",
    "en": """the a an and or but is are was were be been have has had i i'm my me we our you
        your he his she her it they them this that what how when where can could should
        would will do does did not no yes please help hello hi thank thanks for from in on
        at to of with about now today yesterday there here is it any some""",
}


#: Word endings typical of a language's grammar (checked on words longer than four letters).
_ENDINGS: dict[str, tuple[str, ...]] = {
    "uz": words(
        """yapti yapman ishdi ishyapti yapsiz moqchi ganman gandim ligini lari larni imni
        ingiz mizning япти япман ишди ишяпти моқчи ганман лигини ларни имни ингиз имга
        имиз ўлади"""
    ),
    "tg": words("""амро ашро аро ҳоро ҳои ад анд ем ед amro ashro hoyam"""),
    "ky": words(
        """ышат ишет ушат ышты ишти ушту дыбы ыбыз сыз сыздар дын дин дун дүн тын тун ңыз
        ңиз ганбыз мын гыла гиле ыңыз иңиз"""
    ),
    "ru": words("""ться тся ого ему ами ями ует ают ишь ешь ется ются ыми ией"""),
}
#: Tajik verbs: ме-/на- + stem + personal ending (мекунам, намедиҳад).
_TAJIK_VERB_PREFIXES = ("ме", "наме", "me", "name")
_TAJIK_VERB_ENDINGS = ("ам", "ад", "анд", "ем", "ед", "ad", "and", "em", "am")

_LATIN_UZ = re.compile(r"\b(?:o'|g')|(?:o'|g')[a-z]|o‘|g‘|oʻ|gʻ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

#: A lead in grammar words and letters this large is not worth asking pycld2 about.
_DECISIVE_LEAD = 4.0
#: Characters looked at for the script, and words for the language: enough for long pastes.
_SCRIPT_SAMPLE = 600
_MOST_WORDS = 200
_LANGUAGES_OF_ENDING: dict[str, tuple[str, ...]] = {}
for _language, _endings in _ENDINGS.items():
    for _ending in _endings:
        _LANGUAGES_OF_ENDING[_ending] = (*_LANGUAGES_OF_ENDING.get(_ending, ()), _language)
#: Endings grouped by their last two letters: one look-up per word finds the few to test.
_ENDINGS_BY_LAST_TWO: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _ending, _languages in _LANGUAGES_OF_ENDING.items():
    _ENDINGS_BY_LAST_TWO.setdefault(_ending[-2:], []).append((_ending, _languages))
_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {}
for _language, _words in _WORDS.items():
    for _word in set(_words.translate(_APOSTROPHES).split()):
        _LANGUAGES_OF_WORD[_word] = (*_LANGUAGES_OF_WORD.get(_word, ()), _language)
_CLD2_CODES = {"ru": "ru", "uz": "uz", "tg": "tg", "ky": "ky", "en": "en"}


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    script: str
    evidence: tuple[str, ...]


def detect_script(text: str) -> str:
    """``Cyrl`` or ``Latn``: the script most letters are written in (Cyrillic on a tie)."""
    sample = text[:_SCRIPT_SAMPLE]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    return Script.LATN if latin > cyrillic else Script.CYRL


def detect_language(text: str) -> LanguageGuess:
    script = detect_script(text)
    lowered = text.lower()
    scores = dict.fromkeys(_WORDS, 0.0)
    evidence: dict[str, list[str]] = {language: [] for language in _WORDS}
    for language, letters in _LETTERS.items():
        for letter, weight in letters.items():
            count = lowered.count(letter)
            if count:
                scores[language] += min(count, 4) * weight
                evidence[language].append(letter)
    if script == Script.LATN and _LATIN_UZ.search(lowered):
        scores["uz"] += 3.0
        evidence["uz"].append("o'/g'")
    normalised = lowered.replace("ё", "е")
    for apostrophe in "ʻʼ’‘`":
        normalised = normalised.replace(apostrophe, "'")
    for word in _WORD.findall(normalised)[:_MOST_WORDS]:
        languages = _LANGUAGES_OF_WORD.get(word)
        if languages:
            for language in languages:
                scores[language] += 1.0
                evidence[language].append(word)
        if len(word) > 4:
            for ending, languages in _ENDINGS_BY_LAST_TWO.get(word[-2:], ()):
                if word.endswith(ending):
                    for language in languages:
                        scores[language] += 0.5
                        evidence[language].append("-" + word)
            if word.startswith(_TAJIK_VERB_PREFIXES) and word.endswith(_TAJIK_VERB_ENDINGS):
                scores["tg"] += 0.5
                evidence["tg"].append("-" + word)
    first, second = sorted(scores.values(), reverse=True)[:2]
    cld2_language = _cld2(text) if first - second < _DECISIVE_LEAD else None
    if cld2_language:
        scores[cld2_language] += 1.5
        evidence[cld2_language].append(f"cld2:{cld2_language}")
    if script == Script.CYRL:
        scores["en"] = -1.0
    best = max(scores, key=lambda language: (scores[language], language == _default(script)))
    if scores[best] <= 0:
        best = _default(script)
    return LanguageGuess(str(best), str(script), tuple(dict.fromkeys(evidence[best]))[:12])


def _default(script: str) -> str:
    return Language.RU if script == Script.CYRL else Language.EN


def _cld2(text: str) -> str | None:
    """pycld2's top language when it is one of ours, else None."""
    try:
        _reliable, _bytes, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return None
    return _CLD2_CODES.get(details[0][1])
