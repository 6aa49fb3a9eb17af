import json

from hypothesis import given, settings
from hypothesis import strategies as st

from huquq.triage import Triage, analyse
from huquq.triage.rules import apply_rules
from huquq.triage.vocab import CATEGORIES, LANGUAGES, SCRIPTS, URGENCIES


def assert_valid(triage: Triage) -> None:
    assert triage.language in LANGUAGES
    assert triage.script in SCRIPTS
    assert triage.categories
    assert set(triage.categories) <= set(CATEGORIES)
    assert len(set(triage.categories)) == len(triage.categories)
    assert ("other" in triage.categories) == (triage.categories == ("other",))
    assert triage.urgency in URGENCIES
    assert triage.city is None or isinstance(triage.city, str)
    assert triage.citizenship is None or (len(triage.citizenship) == 2)
    json.loads(triage.to_json())


def test_full_message():
    triage = analyse(
        "ПОМОГИТЕ. Брата сейчас держат в отделе полиции в Балашихе и заставляют подписать "
        "контракт с Минобороны. Он гражданин Таджикистана. Мой номер 8-903-123-45-67"
    )
    assert triage.language == "ru"
    assert "detention" in triage.categories
    assert "military_contract" in triage.categories
    assert triage.urgency == "immediate"
    assert triage.city == "Балашиха"
    assert triage.citizenship == "TJ"
    assert triage.phones == ("+79031234567",)
    assert set(triage.evidence) >= {"language", "categories", "urgency", "city", "citizenship"}


def test_as_dict_has_lists():
    data = analyse("Спасибо за помощь").as_dict()
    assert data["categories"] == ["other"]
    assert data["urgency"] == "normal"
    assert isinstance(data["phones"], list)


def test_bad_input_gives_valid_triage():
    for text in [
        "",
        "🙏🙏🙏",
        "+79001234567",
        "Мен Москвада. Ман дар Маскав. Мен Москвада иштейм. I am in Moscow. 中文 العربية",
        "a" * 100_000,
        "задержали " * 10_000,
        "\x00\ud800",
    ]:
        triage = analyse(text)
        assert_valid(triage)
    assert analyse("").categories == ("other",)
    assert analyse("").urgency == "normal"
    assert analyse("+79001234567").phones == ("+79001234567",)


def test_non_string_is_treated_as_empty():
    assert_valid(analyse(None))  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_unicode_text_gives_valid_labels(text):
    assert_valid(analyse(text))


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), min_size=1, max_size=400))
def test_letters_and_punctuation_give_valid_labels(text):
    assert_valid(analyse(text))


def test_russian_typed_in_latin_letters_meets_the_russian_rules():
    """No Latin rule knows ``zaderzhali``; its Cyrillic spelling meets the Russian ones."""
    text = "brata zaderzhali chas nazad, telefon ne beret"
    assert apply_rules(text).categories == {}
    triage = analyse(text)
    assert (triage.language, triage.script) == ("ru", "Latn")
    assert "rule:задерж" in triage.evidence["categories"]["detention"]
    assert triage.urgency == "immediate"


def test_english_is_not_spelt_in_cyrillic():
    """English spelt in Cyrillic could meet Russian stems by accident: only ru/uz/tg are."""
    triage = analyse("My patent expires next month, I work in Tver")
    assert triage.language == "en"
    assert "rule:patent" in triage.evidence["categories"]["documents"]
    assert "rule:патент" not in triage.evidence["categories"]["documents"]


class _SureOfImmediate:
    """A classifier that calls everything immediate (p = 0.9) and names no category."""

    def predict(self, text):
        from huquq.triage.model import Prediction
        from huquq.triage.vocab import SPECIFIC_CATEGORIES

        return Prediction(
            dict.fromkeys(SPECIFIC_CATEGORIES, 0.0),
            {"immediate": 0.9, "high": 0.05, "normal": 0.05},
        )


def test_the_classifier_alone_does_not_make_a_long_ago_event_immediate():
    """No rule fires on either text; only the one dated a year back is kept from immediate."""
    model = _SureOfImmediate()
    assert analyse("Вопрос про брата, что нам делать", model=model).urgency == "immediate"
    past = analyse("В прошлом году был вопрос про брата, что нам делать", model=model)
    assert past.urgency != "immediate"


class _FixedCategoryModel:
    """A classifier that gives every category one probability (no rule fires on the text)."""

    def __init__(self, probability):
        self.probability = probability

    def predict(self, text):
        from huquq.triage.model import Prediction
        from huquq.triage.vocab import SPECIFIC_CATEGORIES

        return Prediction(
            dict.fromkeys(SPECIFIC_CATEGORIES, self.probability),
            {"immediate": 0.0, "high": 0.0, "normal": 1.0},
        )


def test_violence_needs_a_surer_classifier_than_the_other_categories():
    text = "Вопрос про брата, что нам делать"
    unsure = analyse(text, model=_FixedCategoryModel(0.7)).categories
    assert "detention" in unsure
    assert "violence" not in unsure
    assert "violence" in analyse(text, model=_FixedCategoryModel(0.85)).categories


def test_a_thank_you_note_is_other_whatever_it_recounts():
    note = analyse("Спасибо огромное, брата выпустили из отдела, суд отменил выдворение 🙏")
    assert note.categories == ("other",)
    assert note.evidence["categories"] == {"other": ["rule:thanks, no request"]}
    asking = analyse("Спасибо заранее. Брата задержали в отделе, что делать?")
    assert "detention" in asking.categories


def test_thanks_do_not_hide_someone_held_right_now():
    triage = analyse("Спасибо, но брата прямо сейчас держат в отделе полиции")
    assert triage.urgency == "immediate"
    assert "detention" in triage.categories
