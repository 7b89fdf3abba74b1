"""The phrase index (what runs) against the plain case-insensitive regexes (the reference).

The index case-folds the text once, keys every phrase by its first words and tries a phrase
only where such a word starts. It must find the same kinds at the same places as running
each kind's whole regex over the original text.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from repair_app.content.message_rules import default_message_rules
from repair_app.core.message_check import reference_matches
from repair_app.core.message_rules import _non_capturing, first_words, fold_text, lower_source

RULES = default_message_rules()
EVAL_FILE = Path(__file__).resolve().parents[1] / "eval" / "message_check_eval.toml"

VOCABULARY = [
    "you", "You", "YOU", "u", "ur", "your", "you're", "you’re", "youre", "always", "never",
    "fault", "it's", "its", "I", "i", "I'll", "Ill", "I’ll", "will", "change", "everything",
    "sorry", "Sorry", "but", "first", "are", "r", "we", "okay", "ok", "do", "still", "love",
    "me", "hello", "hellooo", "answer", "everyone", "agrees", "mom", "says", "that's", "not",
    "what", "happened", "because", "of", "know", "hear", "fair", "enough", "again",
    "promise", "swear", "pathetic", "typical", "whatever", "grow", "up", "Sam", "Jo", "and",
    "both", "said", "days", "nothing", "who", "does", "that", "if", "had", "just",
    "listened", "so", "selfish", "such", "a", "mess", "walks", "Sunday", "coffee", "🙄",
    "🙄️", "مرحبا", "שלום", "İ", "ı'll", "ſorry", "2", "x_y", "cafe\u0301",
]
SEPARATORS = [" ", "  ", ", ", ". ", "\n", "? ", "?? ", "! ", "'", "’", " - ", "؟؟ ", ""]

texts = st.lists(st.tuples(st.sampled_from(VOCABULARY), st.sampled_from(SEPARATORS)),
                 max_size=30).map(lambda parts: "".join(w + s for w, s in parts))


def union(spans: list[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def assert_same(text: str) -> None:
    expected = reference_matches(text, RULES)
    got = RULES.index.matches(text)
    assert set(got) == set(expected), (text, got, expected)
    for kind, spans in expected.items():
        covered = union(got[kind])
        reference = union(spans)
        for start, end in spans:
            assert set(range(start, end)) <= covered, (text, kind, (start, end), got[kind])
        for start, end in got[kind]:
            assert set(range(start, end)) & reference, (text, kind, (start, end), spans)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
@example(text="İ'll change everything")
@example(text="Sam and Jo both said you")
@example(text="hellooo?? sorry about that, but")
@example(text="you're such a mess")
@example(text="x_you always")
@example(text="Very grown up. My 7-year-old does it better.")
@example(text="my 7_year old does it better")
def test_the_index_finds_what_the_plain_regexes_find(text):
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_the_index_on_any_text(text):
    assert_same(text)


def test_the_index_on_every_labelled_message():
    messages = tomllib.loads(EVAL_FILE.read_text(encoding="utf-8"))["messages"]
    assert len(messages) >= 80
    for message in messages:
        assert_same(message["text"])
        assert_same(message["text"].upper())
        assert_same(message["text"].swapcase())


def test_folding_keeps_length():
    for text in ("İstanbul", "ſorry", "ǅ", "ΣΑΣ", "ß", "ﬁ", "\U0001d400"):
        assert len(fold_text(text)) == len(text)


@pytest.mark.parametrize(("source", "keys"), [
    (r"you\s+always", {("you", "always")}),
    (r"(?:you|u)['’ʼ]?re\s+right", {("you", "re"), ("youre", "right"), ("u", "re"),
                                      ("ure", "right"), ("youʼre", "right"), ("uʼre", "right")}),
    (r"sorry[^.!?\n]{0,80}?,?\s+but", {("sorry", "but"), ("sorry*",)}),
    (r"hello+\?+", {("hell*",)}),
    (r"(\d+)\s+days", None),
    ("🙄", None),
])
def test_first_words(source, keys):
    found = first_words(source)
    assert (None if found is None else set(found)) == keys


def test_lower_source_keeps_escapes_and_refuses_inline_flags():
    assert lower_source(r"I\S+\W\B[A-Z]") == r"i\S+\W\B[a-z]"
    assert lower_source(r"(?-i:[A-Z])") is None
    assert re.compile(lower_source(r"YOU\s+ALWAYS")).fullmatch("you  always")


def lower_source_char_by_char(source: str) -> str | None:
    """``lower_source`` as it first was, one character at a time (the reference)."""
    if "(?" in source and re.search(r"\(\?[aiLmsux-]+[:)]", source):
        return None
    out, i = [], 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            out.append(source[i:i + 2])
            i += 2
            continue
        out.append(source[i].lower())
        i += 1
    return "".join(out)


def non_capturing_char_by_char(source: str) -> str:
    """``_non_capturing`` as it first was, one character at a time (the reference)."""
    out, i, in_class = [], 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]" or (out and out[-1] == "[")
        elif ch == "[":
            in_class = True
        elif ch == "(" and not source.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


REGEX_BITS = st.sampled_from(["\\", "\\(", "\\]", "[", "]", "(", ")", "(?:", "(?i:", "(?P<x>",
                              "^", "|", "Σ", "ΑΣ", "İ", "You", "a", " ", "\n", "'", "[^]", "?"])


@settings(max_examples=500, deadline=None)
@given(source=st.lists(st.one_of(REGEX_BITS, st.text(max_size=4)), max_size=12).map("".join))
@example(source="[]]")
@example(source="ΟΔΟΣ (x)\\")
def test_the_fast_source_rewrites_give_what_the_character_loops_gave(source):
    """The two rewrites work on runs of text now (the first check rewrites each phrase it
    compiles), and must give exactly what the character loops gave."""
    assert lower_source(source) == lower_source_char_by_char(source)
    assert _non_capturing(source) == non_capturing_char_by_char(source)


def test_every_bundled_phrase_rewrites_as_before():
    for kind in RULES.kinds:
        for fragment, _raw in kind.sources:
            lowered = lower_source(fragment)
            assert lowered == lower_source_char_by_char(fragment)
            if lowered is not None:
                assert _non_capturing(lowered) == non_capturing_char_by_char(lowered)


def test_places_met_often_get_one_regex_and_find_exactly_the_same(monkeypatch):
    """In a long message a place met again and again ("i am", "you never") is tried with
    one regex for all its phrases instead of each phrase in turn: the same spans."""
    from repair_app.content.message_rules import MESSAGE_PLAN_FILE, load_message_rules
    from repair_app.core import message_rules as core_rules

    text = " ".join(["I am sorry but you never listen, I am done. I'm not ok, my mum agrees "
                     "with me. You always do this! Sorry if you felt hurt."] * 60)
    joined = load_message_rules(model_file=None, plan_file=MESSAGE_PLAN_FILE).index
    found = joined.matches(text)
    assert joined._together, "no place was met often enough to be joined"
    monkeypatch.setattr(core_rules, "_JOIN_AFTER_HITS", 10**9)
    one_by_one = load_message_rules(model_file=None, plan_file=MESSAGE_PLAN_FILE).index
    assert one_by_one.matches(text) == found
    assert one_by_one.matches(text, limit=7) == joined.matches(text, limit=7)
    assert_same(text)
