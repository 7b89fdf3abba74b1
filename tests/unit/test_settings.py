from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.settings import (
    Settings,
    SettingsError,
    clean_code_word,
    parse_setup_form,
    parse_start_date,
    parse_time_of_day,
)


@pytest.mark.parametrize(("text", "value"), [("08:00", time(8)), ("8:05", time(8, 5)),
                                             (" 23:59 ", time(23, 59)), ("0:00", time(0)),
                                             ("８:００", time(8))])  # full-width digits (IME)
def test_times_of_day(text, value):
    assert parse_time_of_day(text) == value


@pytest.mark.parametrize("text", ["", "8", "24:00", "12:60", "ab:cd", "08:00:00", "-1:00",
                                  "1:2:3", "²:00"])
def test_bad_times_are_refused_with_a_reason(text):
    with pytest.raises(SettingsError, match=r"\w"):
        parse_time_of_day(text)


def test_code_word_is_trimmed_and_kept_exactly():
    assert clean_code_word("  time   out ") == "time out"
    assert clean_code_word("🍵 tea") == "🍵 tea"
    assert clean_code_word("توقف") == "توقف"


@pytest.mark.parametrize("text", ["", "   ", "pa\x00use", "a\u200eb", "x" * 25, "x" * 100_000])
def test_bad_code_words_are_refused(text):
    with pytest.raises(SettingsError):
        clean_code_word(text)


def test_start_date():
    assert parse_start_date("2026-11-23") == date(2026, 11, 23)
    with pytest.raises(SettingsError, match="YYYY-MM-DD"):
        parse_start_date("23/11/2026")


def test_form_reports_each_problem_by_field():
    changes, errors = parse_setup_form("nope", "25:00", "")
    assert changes == {}
    assert set(errors) == {"program_start", "morning_time", "code_word"}


def test_form_with_good_values():
    changes, errors = parse_setup_form("2026-11-23", "07:30", "pause")
    assert errors == {}
    assert changes == {"program_start": date(2026, 11, 23), "morning_time": time(7, 30),
                       "code_word": "pause"}


def test_document_round_trip():
    settings = Settings(onboarded=True, program_start=date(2026, 1, 2),
                        morning_time=time(6, 15), code_word="🌧️ rain", theme="dark")
    assert Settings.from_document(settings.to_document()) == settings


def test_damaged_document_falls_back_to_defaults_field_by_field():
    doc = {"onboarded": True, "program_start": "garbage", "morning_time": 42,
           "code_word": "", "theme": "neon", "unknown": 1}
    settings = Settings.from_document(doc)
    assert settings.onboarded
    assert settings.program_start is None
    assert settings.morning_time == time(8)
    assert settings.code_word == "pause"
    assert settings.theme == "system"


@given(st.text())
def test_code_word_cleaning_never_crashes(text):
    try:
        word = clean_code_word(text)
    except SettingsError:
        return
    assert 0 < len(word) <= 24
    assert word == word.strip()


@given(st.text(max_size=8))
def test_time_parsing_never_crashes(text):
    try:
        value = parse_time_of_day(text)
    except SettingsError:
        return
    assert 0 <= value.hour <= 23 and 0 <= value.minute <= 59


def test_form_without_a_morning_field_leaves_the_morning_time_alone():
    """Settings' program card has no morning time (it lives in Reminders)."""
    changes, errors = parse_setup_form("2026-11-23", None, "pause")
    assert errors == {}
    assert changes == {"program_start": date(2026, 11, 23), "code_word": "pause"}
