"""The weekly check-in's rules: the agenda, its week in the user's time zone, pre-filled
appreciations, the soft start, drafts and saved check-ins, this week's state."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.content import default_program
from repair_app.core.checkin import (
    AGENDA,
    ALONE,
    ANSWER_FIELDS,
    APPRECIATIONS,
    DONE,
    EMPTY_MESSAGE,
    IN_PROGRESS,
    ISSUE_ABOUT,
    ISSUE_FEEL,
    ISSUE_NEED,
    LAST_STEP,
    NEED,
    NOT_YET,
    PROMISE,
    TOGETHER,
    WENT_WELL,
    CheckIn,
    CheckinDraft,
    IsoWeek,
    checkin_week,
    clamp_step,
    clean_answer,
    draft_week_note,
    finish,
    first_step_with_errors,
    new_draft,
    newest_first,
    prefill_appreciations,
    soft_start,
    step_errors,
    week_status,
)
from repair_app.core.day import DayRecord
from repair_app.core.entry_text import EntryError
from repair_app.core.wins import Win

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
UTC = ZoneInfo("UTC")
SUNDAY_EVENING = datetime(2026, 11, 29, 19, 0, tzinfo=BERLIN)  # the default reminder time
WEEK_48 = IsoWeek(2026, 48)  # Mon 23 Nov – Sun 29 Nov 2026


# -- the agenda -----------------------------------------------------------------------------


def test_the_agenda_is_six_steps_in_the_framework_order():
    assert [step.id for step in AGENDA] == ["appreciations", "went_well", "issue", "need",
                                            "promise", "review"]
    assert LAST_STEP == 5
    assert AGENDA[-1].fields == ()  # the last step only reads it back


def test_the_questions_are_the_frameworks_words_exactly():
    questions = default_program().questions
    by_id = {step.id: step.question_text(questions) for step in AGENDA}
    assert by_id["need"] == "What do you need right now?"
    assert by_id["issue"] == "How can we solve this together instead of against each other?"
    assert by_id["appreciations"] == ""


def test_the_issue_step_is_a_soft_start_in_three_parts():
    issue = next(step for step in AGENDA if step.id == "issue")
    assert [f.label for f in issue.fields] == ["I feel…", "about…", "I need…"]


def test_every_step_speaks_to_one_person_or_two():
    for step in AGENDA:
        assert step.prompt(ALONE) and step.prompt(TOGETHER)
        assert step.prompt(ALONE) != step.prompt(TOGETHER)


def test_every_field_has_a_label_and_a_limit_within_an_export_text():
    assert set(ANSWER_FIELDS) == {APPRECIATIONS, WENT_WELL, ISSUE_FEEL, ISSUE_ABOUT,
                                  ISSUE_NEED, NEED, PROMISE}
    for answer_field in ANSWER_FIELDS.values():
        assert answer_field.label and answer_field.what
        assert 0 < answer_field.limit <= 100_000


@pytest.mark.parametrize(("stored", "step"), [(0, 0), (3, 3), (5, 5), (9, 5), (-2, 0),
                                               ("2", 0), (True, 0), (None, 0), (2.0, 0)])
def test_a_stored_step_is_made_safe(stored, step):
    assert clamp_step(stored) == step


# -- the week -------------------------------------------------------------------------------


def test_a_check_in_belongs_to_the_iso_week_of_its_local_day():
    assert checkin_week(SUNDAY_EVENING) == WEEK_48
    assert checkin_week(datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN)) == WEEK_48
    assert checkin_week(datetime(2026, 11, 30, 0, 0, tzinfo=BERLIN)) == IsoWeek(2026, 49)


def test_late_sunday_in_new_york_is_still_sundays_week_though_utc_says_monday():
    late = datetime(2026, 11, 29, 23, 30, tzinfo=NEW_YORK)
    assert late.astimezone(UTC).date() == date(2026, 11, 30)  # Monday in UTC
    assert checkin_week(late) == WEEK_48


def test_early_monday_in_auckland_is_mondays_week_though_utc_says_sunday():
    early = datetime(2026, 11, 30, 0, 30, tzinfo=AUCKLAND)
    assert early.astimezone(UTC).date() == date(2026, 11, 29)
    assert checkin_week(early) == IsoWeek(2026, 49)


def test_a_time_without_a_zone_is_refused():
    with pytest.raises(ValueError):
        checkin_week(datetime(2026, 11, 29, 19, 0))


@pytest.mark.parametrize(("day", "week"), [
    (date(2026, 12, 31), IsoWeek(2026, 53)),  # 2026 has 53 ISO weeks
    (date(2027, 1, 3), IsoWeek(2026, 53)),
    (date(2027, 1, 4), IsoWeek(2027, 1)),
    (date(2024, 12, 30), IsoWeek(2025, 1)),  # a December day in next year's week 1
])
def test_weeks_across_the_new_year(day, week):
    assert IsoWeek.of(day) == week
    assert week.contains(day)


def test_week_keys_round_trip_and_nonsense_is_refused():
    assert WEEK_48.key == "2026-W48"
    assert IsoWeek.parse("2026-W48") == WEEK_48
    assert IsoWeek.parse("2020-W53") == IsoWeek(2020, 53)
    for bad in ("2021-W53", "2026-W00", "2026-W54", "2026-48", "W48", "", None, 48,
                "２０２６-W48", "2026-W48\n"):
        assert IsoWeek.parse(bad) is None


@pytest.mark.parametrize(("week", "label"), [
    (WEEK_48, "23–29 Nov 2026"),
    (IsoWeek(2026, 49), "30 Nov – 6 Dec 2026"),
    (IsoWeek(2026, 53), "28 Dec 2026 – 3 Jan 2027"),
])
def test_week_labels_say_the_dates(week, label):
    assert week.label() == label


def test_previous_week():
    assert WEEK_48.previous() == IsoWeek(2026, 47)
    assert IsoWeek(2027, 1).previous() == IsoWeek(2026, 53)


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(2999, 12, 24)))
def test_every_day_is_in_exactly_its_own_week(day):
    week = IsoWeek.of(day)
    assert week.contains(day)
    assert week.monday.weekday() == 0 and week.sunday.weekday() == 6
    assert (week.sunday - week.monday).days == 6
    assert IsoWeek.parse(week.key) == week
    assert not week.previous().contains(day)
    assert week.previous() < week


def test_the_week_is_fixed_when_the_draft_starts():
    draft = new_draft(datetime(2026, 11, 29, 23, 50, tzinfo=BERLIN))
    later = datetime(2026, 11, 30, 0, 20, tzinfo=BERLIN)  # saved after midnight: Monday
    travelled = later.astimezone(NEW_YORK)  # or read in another zone
    for now in (later, travelled):
        saved = finish(draft.with_answer(PROMISE, "Ask about their day"), now)
        assert saved.week == WEEK_48
        assert saved.day == date(2026, 11, 29)


def test_a_draft_from_an_earlier_week_says_where_it_belongs():
    draft = new_draft(SUNDAY_EVENING)
    assert draft_week_note(draft, date(2026, 11, 29)) == ""
    note = draft_week_note(draft, date(2026, 12, 2))
    assert "Sun 29 Nov" in note and "23–29 Nov 2026" in note


# -- pre-filled appreciations ---------------------------------------------------------------


def day_with_appreciation(day: date, text: str) -> DayRecord:
    return DayRecord(day).with_note("appreciation", text)


def win(day: date, text: str, hour: int = 12) -> Win:
    return Win(day=day, at=datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN),
               text=text)


def test_appreciations_come_from_the_weeks_notes_then_its_wins():
    days = {
        date(2026, 11, 22): day_with_appreciation(date(2026, 11, 22), "last week's"),
        date(2026, 11, 25): day_with_appreciation(date(2026, 11, 25), "You made tea ☕"),
        date(2026, 11, 23): day_with_appreciation(date(2026, 11, 23), "You  listened\nwell"),
        date(2026, 11, 24): DayRecord(date(2026, 11, 24)).with_check("appreciation", True),
        date(2026, 11, 30): day_with_appreciation(date(2026, 11, 30), "next week's"),
    }
    wins = [win(date(2026, 11, 28), "We laughed at dinner"),
            win(date(2026, 11, 26), "שיחה רגועה"),
            win(date(2026, 11, 21), "before the week")]
    assert prefill_appreciations(days, wins, WEEK_48) == (
        "You listened well\nYou made tea ☕\nWin: שיחה רגועה\nWin: We laughed at dinner")


def test_nothing_logged_means_an_empty_field():
    assert prefill_appreciations({}, [], WEEK_48) == ""


def test_the_same_words_twice_are_listed_once():
    days = {date(2026, 11, 23): day_with_appreciation(date(2026, 11, 23), "Thank you"),
            date(2026, 11, 24): day_with_appreciation(date(2026, 11, 24), "Thank you")}
    assert prefill_appreciations(days, [], WEEK_48) == "Thank you"


def test_lines_that_would_not_fit_are_left_out_whole():
    days = {date(2026, 11, 23): day_with_appreciation(date(2026, 11, 23), "a" * 8),
            date(2026, 11, 24): day_with_appreciation(date(2026, 11, 24), "b" * 8),
            date(2026, 11, 25): day_with_appreciation(date(2026, 11, 25), "c")}
    assert prefill_appreciations(days, [], WEEK_48, limit=12) == "aaaaaaaa\nc"


def test_a_full_week_of_long_notes_and_wins_fits_the_field():
    days = {d: day_with_appreciation(d, "x" * 500 + str(d))
            for d in (WEEK_48.monday + timedelta(days=i) for i in range(7))}
    wins = [win(WEEK_48.monday + timedelta(days=i % 7), f"{i} " + "y" * 270, hour=i % 24)
            for i in range(60)]
    text = prefill_appreciations(days, wins, WEEK_48)
    assert len(text) <= ANSWER_FIELDS[APPRECIATIONS].limit
    clean_answer(APPRECIATIONS, text)  # it can be saved as it is


def test_a_new_draft_starts_with_the_prefill():
    draft = new_draft(SUNDAY_EVENING, "You made tea")
    assert draft.answer(APPRECIATIONS) == "You made tea" and draft.prefilled
    assert draft.step == 0 and draft.mode == ALONE and draft.week == WEEK_48
    empty = new_draft(SUNDAY_EVENING)
    assert dict(empty.answers) == {} and not empty.prefilled


# -- the soft start -------------------------------------------------------------------------


@pytest.mark.parametrize(("feel", "about", "need", "said"), [
    ("lonely", "our evenings", "half an hour together",
     "I feel lonely about our evenings. I need half an hour together."),
    ("I feel lonely", "about our evenings.", "I need time together…",
     "I feel lonely about our evenings. I need time together."),
    ("I'm feeling tense", "", "", "I feel tense."),
    ("", "the dishes", "", "It's about the dishes."),
    ("", "", "a quiet hour", "I need a quiet hour."),
    ("  sad \n and tired ", "", "", "I feel sad and tired."),
    ("", "", "", ""),
    ("I feeling", "", "", "I feel I feeling."),  # not the lead "I feel": left as written
    ("قلق", "المال", "خطة", "I feel قلق about المال. I need خطة."),
])
def test_soft_start(feel, about, need, said):
    assert soft_start(feel, about, need) == said


@given(st.text(), st.text(), st.text())
def test_soft_start_never_fails_and_never_doubles_its_leads(feel, about, need):
    said = soft_start(feel, about, need)
    assert "I feel I feel " not in said.replace("  ", " ")
    assert "I need I need " not in said
    assert not said or said.endswith(".")


# -- answers --------------------------------------------------------------------------------


def test_answers_keep_emoji_and_right_to_left_text_exactly():
    for text in ("Thank you 👩‍❤️‍👨🏽", "תודה שהקשבת", "‏شكرا لك‏", "Line one\nline two"):
        assert clean_answer(WENT_WELL, f"  {text}  ") == text


def test_an_answer_too_long_says_how_long_it_may_be():
    with pytest.raises(EntryError) as error:
        clean_answer(WENT_WELL, "x" * 100_000)
    assert str(error.value) == ("What went well can be 2,000 characters at most; this one "
                                "has 100,000.")


def test_an_invisible_control_character_is_refused():
    with pytest.raises(EntryError, match="control character"):
        clean_answer(NEED, "quiet\x00time")


@given(st.sampled_from(sorted(ANSWER_FIELDS)), st.text(max_size=3000))
def test_any_text_is_either_kept_trimmed_or_refused_with_a_reason(field_id, text):
    try:
        kept = clean_answer(field_id, text)
    except EntryError as error:
        assert str(error)
    else:
        assert kept == text.strip()
        assert len(kept) <= ANSWER_FIELDS[field_id].limit


def test_step_errors_name_the_field():
    draft = new_draft(SUNDAY_EVENING).with_answer(ISSUE_ABOUT, "y" * 501)
    assert set(step_errors(draft, 2)) == {ISSUE_ABOUT}
    assert step_errors(draft, 0) == {}
    assert first_step_with_errors(draft) == 2
    assert first_step_with_errors(new_draft(SUNDAY_EVENING)) is None


def test_with_answer_keeps_text_as_typed_and_drops_empty_ones():
    draft = new_draft(SUNDAY_EVENING).with_answer(NEED, " a hug ")
    assert draft.answer(NEED) == " a hug "
    assert NEED not in draft.with_answer(NEED, "").answers
    with pytest.raises(KeyError):
        draft.with_answer("mood", "x")


# -- finishing ------------------------------------------------------------------------------


def test_finishing_keeps_trimmed_answers_and_leaves_out_empty_ones():
    draft = (new_draft(SUNDAY_EVENING, "You made tea").with_mode(TOGETHER)
             .with_answer(WENT_WELL, "  We talked calmly  ").with_answer(NEED, "   "))
    saved_at = SUNDAY_EVENING + timedelta(minutes=20)
    checkin = finish(draft, saved_at)
    assert dict(checkin.answers) == {APPRECIATIONS: "You made tea",
                                     WENT_WELL: "We talked calmly"}
    assert checkin.mode == TOGETHER and checkin.saved_at == saved_at
    assert checkin.started_at == SUNDAY_EVENING


def test_an_empty_check_in_is_not_saved():
    with pytest.raises(EntryError) as error:
        finish(new_draft(SUNDAY_EVENING).with_answer(NEED, " \n "), SUNDAY_EVENING)
    assert str(error.value) == EMPTY_MESSAGE


def test_finishing_refuses_an_answer_that_cannot_be_kept():
    with pytest.raises(EntryError, match="A promise can be 280"):
        finish(new_draft(SUNDAY_EVENING).with_answer(PROMISE, "p" * 281), SUNDAY_EVENING)


# -- stored shapes --------------------------------------------------------------------------


def test_a_draft_round_trips():
    draft = (new_draft(SUNDAY_EVENING, "tea").with_mode(TOGETHER).with_step(3)
             .with_answer(ISSUE_FEEL, "tense"))
    doc = draft.to_document()
    assert doc == {"started_at": "2026-11-29T19:00:00+01:00", "date": "2026-11-29",
                   "week": "2026-W48", "mode": "together", "step": 3,
                   "answers": {"appreciations": "tea", "issue_feel": "tense"},
                   "prefilled": True}
    assert CheckinDraft.from_document(doc) == draft


@pytest.mark.parametrize("doc", [None, [], {}, {"started_at": "yesterday", "date": "2026-11-29"},
                                 {"started_at": "2026-11-29T19:00:00", "date": "2026-11-29"},
                                 {"started_at": "2026-11-29T19:00:00+01:00", "date": 5}])
def test_an_unreadable_draft_is_none(doc):
    assert CheckinDraft.from_document(doc) is None


def test_a_damaged_draft_is_read_as_much_as_possible():
    draft = CheckinDraft.from_document({
        "started_at": "2026-11-29T19:00:00+01:00", "date": "2026-11-29", "week": "nonsense",
        "mode": "crowd", "step": 42, "answers": {"need": "rest", "mood": "x", "promise": 7},
    })
    assert draft is not None
    assert draft.week == WEEK_48 and draft.mode == ALONE and draft.step == LAST_STEP
    assert dict(draft.answers) == {"need": "rest"}


def test_a_saved_check_in_round_trips_and_needs_an_answer():
    checkin = finish(new_draft(SUNDAY_EVENING).with_answer(PROMISE, "Dinner, no phones 📵"),
                     SUNDAY_EVENING + timedelta(minutes=15))
    doc = checkin.to_document()
    assert CheckIn.from_document(doc, key="2026-11#1") == checkin
    assert CheckIn.from_document({**doc, "answers": {}}) is None
    assert CheckIn.from_document({**doc, "saved_at": None}) is None
    assert CheckIn.from_document("x") is None


def test_newest_first_by_the_day_each_was_started():
    def make(day: int, minute: int = 0) -> CheckIn:
        started = datetime(2026, 11, day, 19, minute, tzinfo=BERLIN)
        return finish(new_draft(started).with_answer(NEED, "x"), started)

    a, b, c = make(15), make(22), make(22, 30)
    assert newest_first([a, c, b]) == [c, b, a]


# -- this week ------------------------------------------------------------------------------


def test_week_status_for_the_today_tile():
    today = date(2026, 11, 27)
    assert week_status(today, [], None).state == NOT_YET
    assert week_status(today, [], new_draft(SUNDAY_EVENING)).state == NOT_YET  # untouched
    draft = new_draft(datetime(2026, 11, 26, 20, tzinfo=BERLIN)).with_answer(NEED, "x")
    in_progress = week_status(today, [], draft.with_step(2))
    assert in_progress.state == IN_PROGRESS
    assert in_progress.line == "Started Thu 26 Nov: pick up at “One small issue”."
    saved = finish(draft, datetime(2026, 11, 26, 20, 30, tzinfo=BERLIN))
    done = week_status(today, [saved], None)
    assert done.state == DONE and done.line == "Done this week, on Thu 26 Nov."
    last_week = finish(new_draft(datetime(2026, 11, 20, 20, tzinfo=BERLIN))
                       .with_answer(NEED, "x"), datetime(2026, 11, 20, 21, tzinfo=BERLIN))
    assert week_status(today, [last_week], None).state == NOT_YET
