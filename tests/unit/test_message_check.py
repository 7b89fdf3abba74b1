"""The analyzer: what it finds, where (exact character offsets), and the verdict."""

from __future__ import annotations

import unicodedata
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from repair_app.content.message_rules import default_message_rules
from repair_app.core.message_check import (
    Finding,
    Segment,
    analyze,
    check_message,
    highlight_segments,
    is_late,
    is_new_message,
    verdict_for,
)

RULES = default_message_rules()
BERLIN = ZoneInfo("Europe/Berlin")
AFTERNOON = datetime(2026, 11, 23, 14, 0, tzinfo=BERLIN)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=BERLIN)


def kinds(text: str, when: datetime = AFTERNOON, **kw) -> list[str]:
    return sorted({f.kind for f in analyze(text, when, RULES, **kw)})


def spans(text: str, kind: str, when: datetime = AFTERNOON) -> list[str]:
    """What the phrase rules mark, as written (the rules alone: whether the learned layer
    vetoes a finding is its own tests' business, and changes when it is retrained)."""
    return [text[f.start:f.end] for f in analyze(text, when, RULES, learned=False)
            if f.kind == kind and f.span]


@pytest.mark.parametrize(("text", "expected"), [
    ("You always do this.", ["always_never"]),
    ("It's your fault. Because of you we're here.", ["blame"]),
    ("Do you still love me?", ["reassurance"]),
    ("are we okay", ["reassurance"]),
    ("Everyone agrees with me, even your mom.", ["judges"]),
    ("I'll change everything. Never again.", ["promises"]),
    ("I only did it because I was scared.", ["defending"]),
    ("That's not what happened.", ["defending"]),
    ("Sorry if you felt that way.", ["apology_excuse"]),
    ("Sorry, but you know I was tired.", ["apology_excuse"]),
    ("I'm sorry you feel hurt.", ["apology_excuse"]),
    ("Answer me.", ["pressure"]),
    # the "??" is the rules' pressure; the learned layer (rounds ZH-ZO of stop 29, blame
    # "as a question that is really a charge") reads the question itself as blame
    ("Where were you??", ["blame", "pressure"]),
    ("Let me explain what really happened.", ["explaining"]),
    ("I always love our Sunday walks.", []),
    ("but first, coffee?", []),
    ("You always make me laugh.", []),
    ("Can you pick up milk?", []),
])
def test_finds_each_kind(text, expected):
    assert kinds(text) == expected


def test_spans_are_the_words_as_written_in_any_case_and_apostrophe():
    text = "Honestly?? yOu AlWaYs forget. It’s YOUR FAULT"
    assert spans(text, "always_never") == ["yOu AlWaYs"]
    assert spans(text, "blame") == ["It’s YOUR FAULT"]
    assert spans(text, "pressure") == ["??"]


def test_every_finding_says_why_and_what_to_try_and_its_phase():
    for finding in analyze("You never listen and it's your fault. Are we okay?", AFTERNOON,
                           RULES):
        kind = RULES.kind(finding.kind)
        assert (finding.why, finding.suggestion, finding.phase) == (
            kind.why, kind.suggestion, kind.phase)


def test_empty_and_blank_messages_have_no_findings():
    for text in ("", "   ", "\n\t "):
        assert analyze(text, at(23), RULES, messages_today=99) == []


@pytest.mark.parametrize(("hour", "minute", "late"), [
    (21, 59, False), (22, 0, True), (23, 30, True), (0, 0, True), (5, 59, True), (6, 0, False),
    (14, 0, False),
])
def test_late_night_window(hour, minute, late):
    essay = " ".join(["I keep thinking about everything we said."] * 10)  # 70 words
    assert ("late_night" in kinds(essay, at(hour, minute))) is late


def test_a_short_message_at_night_is_not_an_essay():
    assert kinds("Goodnight, sleep well.", at(23, 30)) == []


def test_late_is_computed_in_local_time():
    essay = " ".join(["word"] * 80)
    # 23:30 in Berlin is 22:30 UTC, 07:30 in Tokyo: the local time is what counts.
    berlin = datetime(2026, 11, 23, 23, 30, tzinfo=BERLIN)
    assert "late_night" in kinds(essay, berlin)
    assert "late_night" not in kinds(essay, berlin.astimezone(ZoneInfo("Asia/Tokyo")))


def test_is_late_handles_both_kinds_of_window():
    assert is_late(time(23), time(22), time(6)) and not is_late(time(12), time(22), time(6))
    assert is_late(time(13), time(12), time(14)) and not is_late(time(14), time(12), time(14))


def test_long_message_over_the_word_limit():
    limit = RULES.limits.long_message_words
    assert "long_message" not in kinds(" ".join(["calm"] * limit))
    finding = next(f for f in analyze(" ".join(["calm"] * (limit + 1)), AFTERNOON, RULES)
                   if f.kind == "long_message")
    assert finding.span is None and finding.detail == f"{limit + 1} words long"


def test_pursuing_after_the_daily_number():
    limit = RULES.limits.messages_per_day
    assert "pursuing" not in kinds("Hi.", messages_today=limit)
    assert kinds("Hi.", messages_today=limit + 1) == ["pursuing"]


def test_capitals():
    assert spans("ANSWER ME NOW please", "shouting") == ["ANSWER ME NOW"]
    assert spans("Why would you DO THAT", "shouting") == ["DO THAT"]
    assert spans("You NEVER listen", "shouting") == ["NEVER"]
    assert spans("I said OK, see you at the BBC", "shouting") == []
    assert spans("I LOVE YOU SO MUCH", "shouting") == []  # the sentence says love
    assert spans("HAPPY BIRTHDAY!!!", "shouting") == []
    assert spans("I AM DONE", "shouting") == ["I AM DONE"]


def test_an_unless_word_only_cancels_its_own_sentence():
    """The rules alone (the learned layer reads the two sentences as one message: as a
    whole this one reads as fine to it)."""
    assert kinds("You always make me smile.", learned=False) == []
    assert kinds("You always forget. I still smile at you.", learned=False) == \
        ["always_never"]


def test_verdicts():
    assert check_message("Thank you for today.", AFTERNOON, RULES).verdict.level == "clear"
    assert check_message("You always forget.", AFTERNOON, RULES).verdict.level == "reword"
    assert check_message("Answer me.", AFTERNOON, RULES).verdict.level == "wait"
    three = "You always forget. It's your fault. Everyone agrees."
    assert check_message(three, AFTERNOON, RULES).verdict.title == "Wait — don't send this now"
    assert verdict_for([], RULES).title == "Looks kind and clear"


def test_results_group_by_kind_in_rule_order():
    result = check_message("It's your fault. You always forget. It's your fault!", AFTERNOON,
                           RULES)
    assert result.kinds() == ["blame", "always_never"]
    assert len(result.by_kind()["blame"]) == 2


def test_overlapping_matches_of_one_kind_become_one_span():
    assert spans("hello???", "pressure") == ["hello???"]


def test_offsets_survive_emoji_rtl_and_combining_marks():
    text = "👩‍❤️‍👨🇩🇪 مرحبا؟ שלום. you never call"
    # The rules' offsets (with the learned layer, round I's retrain reads this mild line
    # among emoji and other scripts as fine, and its "any" veto sets the phrase aside).
    (found,) = [f for f in analyze(text, AFTERNOON, RULES, learned=False)
                if f.kind == "always_never"]
    assert text[found.start:found.end] == "you never"
    assert found.start == text.index("you never")


def test_a_span_never_cuts_a_letter_from_its_accent():
    text = "Grow up\u0301 now"  # a combining accent glued to the last letter of the phrase
    # The rules alone: with the learned layer, the model's blame veto sets this phrase
    # aside and its contempt finding takes the words instead.
    (found,) = [f for f in analyze(text, AFTERNOON, RULES, learned=False)
                if f.kind == "blame"]
    assert text[found.start:found.end] == "Grow up\u0301"


def test_a_hundred_thousand_characters_are_fine():
    text = ("You always do this. " * 5000)[:100_000]
    findings = analyze(text, at(23), RULES, messages_today=1)
    per_kind = [f for f in findings if f.kind == "always_never"]
    assert len(per_kind) == RULES.limits.max_findings_per_kind
    assert {"long_message", "late_night"} <= {f.kind for f in findings}


def test_is_new_message():
    assert is_new_message(None, "Are we okay?")
    assert not is_new_message(None, "   ")
    assert not is_new_message("You always forget our plans.", "You always forget our plans!")
    assert not is_new_message("You always forget our plans.",
                              "I notice you forget our plans.")
    assert is_new_message("You always forget our plans.", "Dinner at 7?")


# -- highlighting ---------------------------------------------------------------------------


def _finding(kind: str, start: int, end: int) -> Finding:
    return Finding(kind=kind, label="", phase=1, why="", suggestion="", severity="reword",
                   start=start, end=end)


def test_segments_tile_the_text_and_layer_overlaps():
    text = "0123456789"
    segments = highlight_segments(text, [_finding("a", 2, 6), _finding("b", 4, 8)])
    assert segments == [Segment(0, 2), Segment(2, 4, ("a",)), Segment(4, 6, ("a", "b")),
                        Segment(6, 8, ("b",)), Segment(8, 10)]
    assert highlight_segments("", []) == []
    assert highlight_segments(text, [_finding("a", 2, 6)], max_chars=4) == [
        Segment(0, 2), Segment(2, 4, ("a",))]


# -- properties -------------------------------------------------------------------------------

EMOJI_AND_RTL = st.text(alphabet=st.sampled_from(list(
    "👩‍❤️‍👨🇩🇪🎉😂🙃\ufe0f\u200dمرحباشلוםؤ؟،。你好 \u0301\u0308\u200f\u200e0123456789")),
    max_size=40)
#: The same without the laughing, party and heart emoji: the line after a statement is
#: read with it for the exceptions, and "do you still love me\n🎉" is rightly not a plea.
EMOJI_AND_RTL_NO_JOKES = st.text(alphabet=st.sampled_from(list(
    "👩‍👧🇩🇪🙃\ufe0f\u200dمرحباشלוםؤ؟،。你好 \u0301\u0308\u200f\u200e0123456789")),
    max_size=40)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), hour=st.integers(0, 23), today=st.integers(0, 9))
@example(text="YOU ALWAYS\u0301", hour=23, today=9)
def test_any_text_gives_spans_inside_it_that_never_split_a_character(text, hour, today):
    for finding in analyze(text, at(hour), RULES, messages_today=today):
        if finding.span is None:
            continue
        start, end = finding.span
        assert 0 <= start < end <= len(text)
        if end < len(text):
            assert unicodedata.category(text[end]) not in ("Mn", "Me")
        if start > 0:
            assert unicodedata.category(text[start]) not in ("Mn", "Me")


@settings(max_examples=200)
@given(prefix=EMOJI_AND_RTL, suffix=EMOJI_AND_RTL_NO_JOKES,
       phrase=st.sampled_from(["you always", "your fault", "do you still love me",
                               "everyone agrees", "never again", "answer me"]),
       flips=st.lists(st.booleans(), min_size=24, max_size=24))
def test_a_phrase_is_found_exactly_where_it_is_whatever_surrounds_it(prefix, suffix, phrase,
                                                                     flips):
    written = "".join(c.upper() if flip else c for c, flip in zip(phrase, flips, strict=False))
    text = f"{prefix}\n{written}\n{suffix}"
    start = len(prefix) + 1
    # the rules alone: the learned layer may set a bare phrase aside when what surrounds
    # it reads as fine ("your fault\n3": the model's "any" veto), its own tests' business
    found = [f for f in analyze(text, AFTERNOON, RULES, learned=False)
             if f.span == (start, start + len(phrase))]
    assert found, f"{written!r} not found at {start} in {text!r}"
    assert text[start:start + len(phrase)] == written


@settings(max_examples=200)
@given(prefix=EMOJI_AND_RTL)
def test_anything_before_a_message_shifts_every_span_by_its_length(prefix):
    # The rules' spans: the learned layer reads the prefix's words too, so its verdict
    # may change with them (a prefix of digits and Arabic commas moved "??" under the
    # pressure threshold, stop 28).
    message = "You always forget. It's your fault?? ANSWER ME. Do you still love me?"
    base = [(f.kind, f.span) for f in analyze(message, AFTERNOON, RULES, learned=False)]
    shifted_text = prefix + "\n" + message
    shift = len(prefix) + 1
    shifted = [(f.kind, f.span) for f in analyze(shifted_text, AFTERNOON, RULES, learned=False)
               if f.span is None or f.span[0] >= shift]  # the prefix may have its own ("؟؟")
    assert shifted == [(k, (s[0] + shift, s[1] + shift) if s else None) for k, s in base]


@settings(max_examples=200)
@given(text=st.text(max_size=200), data=st.data())
def test_segments_always_tile_the_text(text, data):
    n = len(text)
    raw = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n),
                                       st.sampled_from("abc")), max_size=8))
    findings = [_finding(k, min(a, b), max(a, b)) for a, b, k in raw]
    segments = highlight_segments(text, findings)
    assert "".join(text[s.start:s.end] for s in segments) == text
    assert all(s.start < s.end for s in segments)
    for left, right in zip(segments, segments[1:], strict=False):
        assert left.end == right.start and left.kinds != right.kinds
    for segment in segments:
        for index in range(segment.start, segment.end):
            covering = {f.kind for f in findings if f.start <= index < f.end}
            assert set(segment.kinds) == covering
