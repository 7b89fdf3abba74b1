"""Control-tree tests for the weekly check-in and Past check-ins."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import flet as ft
import pytest

from repair_app.core.checkin import (
    APPRECIATIONS,
    ISSUE_ABOUT,
    ISSUE_FEEL,
    ISSUE_NEED,
    NEED,
    PROMISE,
    TOGETHER,
    WENT_WELL,
    finish,
    new_draft,
)
from repair_app.core.routes import CHECKIN, CHECKIN_HISTORY, HOME
from repair_app.core.wins import new_win
from repair_app.store import StoreWriteError
from repair_app.store.checkin_repository import CheckinRepository
from repair_app.store.day_repository import DayRepository
from repair_app.store.wins_repository import WinRepository
from repair_app.ui.screens.checkin import PREFILLED_NOTE, CheckinScreen
from repair_app.ui.screens.checkin_history import PAGE_SIZE, CheckinHistoryScreen
from repair_app.ui.widgets import live

from .helpers import all_text, change, click, find, find_all

PARTNERSHIP = "How can we solve this together instead of against each other?"
NEED_QUESTION = "What do you need right now?"


@pytest.fixture
def updates(monkeypatch) -> list[ft.BaseControl]:
    updated: list[ft.BaseControl] = []
    monkeypatch.setattr(live, "is_mounted", lambda _control: True)
    monkeypatch.setattr(ft.BaseControl, "update", lambda self: updated.append(self))
    return updated


def button(tree, text: str) -> ft.Control:
    for kind in (ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.FilledTonalButton):
        for node in find_all(tree, kind):
            if node.content == text:
                return node
    raise AssertionError(f"no button {text!r} in {all_text(tree)!r}")


def field(tree, label: str) -> ft.TextField:
    return find(tree, ft.TextField, label=label)


def stored_draft(ctx):
    return CheckinRepository(ctx.store).draft()


def blur(text_field: ft.TextField) -> None:
    text_field.on_blur(ft.Event(name="blur", control=text_field))


# -- the first step -------------------------------------------------------------------------


def test_the_first_step_is_appreciations_prefilled_from_the_week(onboarded_ctx, nav):
    today = date(2026, 11, 23)  # the clock fixture's Monday
    DayRepository(onboarded_ctx.store).update(
        today, lambda day: day.with_note("appreciation", "You made tea ☕"))
    WinRepository(onboarded_ctx.store).add(new_win("We laughed", onboarded_ctx.clock.now()))
    screen = CheckinScreen(onboarded_ctx, nav)
    tree = screen.build()
    text = all_text(tree)
    assert "Step 1 of 6" in text and "Appreciations" in text
    assert "Week of 23–29 Nov 2026" in text
    assert field(tree, "Appreciations").value == "You made tea ☕\nWin: We laughed"
    assert PREFILLED_NOTE in text
    assert find(tree, ft.RadioGroup).value == "alone"
    assert not button(tree, "Previous step").visible
    assert stored_draft(onboarded_ctx) is None  # nothing written until the user acts


def test_with_nothing_logged_the_field_is_empty_and_says_nothing_about_it(onboarded_ctx, nav):
    tree = CheckinScreen(onboarded_ctx, nav).build()
    assert field(tree, "Appreciations").value == ""
    assert PREFILLED_NOTE not in all_text(tree)


def test_together_changes_the_words_and_is_kept(onboarded_ctx, nav, updates):
    screen = CheckinScreen(onboarded_ctx, nav)
    tree = screen.build()
    group = find(tree, ft.RadioGroup)
    change(group, TOGETHER)
    assert "Take turns" in all_text(screen.build())
    assert stored_draft(onboarded_ctx).mode == TOGETHER
    assert screen.body in updates


# -- moving through it -----------------------------------------------------------------------


def test_next_and_back_walk_the_agenda_one_step_at_a_time(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    titles = []
    for _ in range(5):
        tree = screen.build()
        titles.append(all_text(tree).split("\n")[1])
        click(button(tree, "Next"))
    tree = screen.build()
    assert "Step 6 of 6" in all_text(tree)
    assert titles == ["Appreciations", "What went well", "One small issue", "What you need",
                      "One small promise"]
    assert button(tree, "Save check-in")
    click(button(tree, "Previous step"))
    assert "Step 5 of 6" in all_text(screen.build())
    assert stored_draft(onboarded_ctx).step == 4


def test_the_step_back_is_not_a_second_back_button(onboarded_ctx, nav):
    """The app bar's "Back" leaves the check-in; the one beside Next goes a step back, and
    a screen reader must hear the difference."""
    screen = CheckinScreen(onboarded_ctx, nav)
    click(button(screen.build(), "Next"))
    tree = screen.build()
    assert button(tree, "Previous step").visible
    labels = [node.content for kind in (ft.FilledButton, ft.OutlinedButton, ft.TextButton)
              for node in find_all(tree, kind)]
    assert "Back" not in labels


def test_the_issue_step_asks_the_partnership_question_and_builds_a_soft_start(
        onboarded_ctx, nav, updates):
    screen = CheckinScreen(onboarded_ctx, nav)
    click(button(screen.build(), "Next"))
    click(button(screen.build(), "Next"))
    tree = screen.build()
    assert PARTNERSHIP in all_text(tree)
    assert "I feel… about… I need…" in all_text(tree)
    change(field(tree, "I feel…"), "a bit lonely")
    change(field(tree, "about…"), "our evenings")
    change(field(tree, "I need…"), "half an hour together")
    assert screen.preview.value == ("I feel a bit lonely about our evenings. "
                                    "I need half an hour together.")
    assert screen.preview in updates


def test_the_need_step_quotes_the_question(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    for _ in range(3):
        click(button(screen.build(), "Next"))
    tree = screen.build()
    assert NEED_QUESTION in all_text(tree)
    assert field(tree, "What you need right now")


# -- nothing is lost mid-way -----------------------------------------------------------------


def test_typing_is_kept_and_a_new_screen_picks_up_where_it_was(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    click(button(screen.build(), "Next"))  # saved: step 2
    went_well = field(screen.build(), "What went well")
    change(went_well, "We talked calmly 🌿")  # within two seconds of that save: waits
    assert stored_draft(onboarded_ctx).answer(WENT_WELL) == ""
    blur(went_well)
    assert stored_draft(onboarded_ctx).answer(WENT_WELL) == "We talked calmly 🌿"
    again = CheckinScreen(onboarded_ctx, nav)  # a reload, or coming back tomorrow
    tree = again.build()
    assert "Step 2 of 6" in all_text(tree)
    assert field(tree, "What went well").value == "We talked calmly 🌿"


def test_quick_typing_is_saved_on_leaving_the_field(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    tree = screen.build()
    appreciations = field(tree, "Appreciations")
    change(appreciations, "a")  # the first change is saved at once
    change(appreciations, "ab")  # then at most every two seconds...
    assert stored_draft(onboarded_ctx).answer(APPRECIATIONS) == "a"
    blur(appreciations)  # ...and when the field is left
    assert stored_draft(onboarded_ctx).answer(APPRECIATIONS) == "ab"
    change(appreciations, "abc")
    onboarded_ctx.clock.advance(2)
    change(appreciations, "abcd")
    assert stored_draft(onboarded_ctx).answer(APPRECIATIONS) == "abcd"


def test_a_hundred_thousand_characters_are_refused_with_a_clear_message(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    click(button(screen.build(), "Next"))
    tree = screen.build()
    went_well = field(tree, "What went well")
    onboarded_ctx.clock.advance(2)
    change(went_well, "We talked")
    onboarded_ctx.clock.advance(2)
    change(went_well, "x" * 100_000)
    assert went_well.error == ("What went well can be 2,000 characters at most; this one "
                               "has 100,000.")
    assert stored_draft(onboarded_ctx).answer(WENT_WELL) == "We talked"  # the last good one
    click(button(tree, "Next"))
    assert "Step 2 of 6" in all_text(screen.build())  # it waits until it's shorter
    change(went_well, "We talked, then laughed")
    assert went_well.error is None
    click(button(tree, "Next"))
    assert "Step 3 of 6" in all_text(screen.build())


def test_a_control_character_is_explained_on_next(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    tree = screen.build()
    change(field(tree, "Appreciations"), "thank\x00you")
    click(button(tree, "Next"))
    assert "control character" in field(screen.build(), "Appreciations").error
    assert "Step 1 of 6" in all_text(screen.build())


def test_a_full_disk_while_typing_says_so_and_keeps_the_text(onboarded_ctx, nav, monkeypatch):
    screen = CheckinScreen(onboarded_ctx, nav)

    def refuse(_draft):
        raise StoreWriteError(28, "Couldn't save: the disk is full. Nothing was lost.")

    monkeypatch.setattr(screen.repository, "save_draft", refuse)
    text_field = field(screen.build(), "Appreciations")
    change(text_field, "You listened")
    assert nav.messages == ["Couldn't save: the disk is full. Nothing was lost."]
    assert text_field.value == "You listened" and screen.draft.answer(APPRECIATIONS)


# -- saving ---------------------------------------------------------------------------------


def walk_through(screen: CheckinScreen, answers: dict[str, str]) -> None:
    for _ in range(5):
        tree = screen.build()
        for text_field in find_all(tree, ft.TextField):
            for field_id, text in answers.items():
                step_field = next((f for f in screen.step.fields if f.id == field_id), None)
                if step_field is not None and step_field.label == text_field.label:
                    change(text_field, text)
        click(button(tree, "Next"))


ANSWERS = {APPRECIATIONS: "You made tea", WENT_WELL: "No shouting all week",
           ISSUE_FEEL: "tense", ISSUE_ABOUT: "money", ISSUE_NEED: "a plan together",
           NEED: "A quiet evening", PROMISE: "I'll cook on Thursday 🍲"}


def test_a_whole_check_in_is_read_back_then_saved(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    walk_through(screen, ANSWERS)
    tree = screen.build()
    text = all_text(tree)
    for expected in ("You made tea", "No shouting all week",
                     "I feel tense about money. I need a plan together.", "A quiet evening",
                     "I'll cook on Thursday 🍲", "Alone"):
        assert expected in text
    click(button(tree, "Save check-in"))
    done = screen.build()
    assert "Check-in saved" in all_text(done) and "I'll cook on Thursday 🍲" in all_text(done)
    repo = CheckinRepository(onboarded_ctx.store)
    assert repo.draft() is None
    saved = repo.recent(10)[0]
    assert [c.answer(PROMISE) for c in saved] == ["I'll cook on Thursday 🍲"]
    click(button(done, "See past check-ins"))
    click(button(done, "Back to Today"))
    assert nav.routes == [CHECKIN_HISTORY, HOME]


def test_skipped_steps_are_fine_but_an_empty_check_in_is_not(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    walk_through(screen, {})
    tree = screen.build()
    assert all_text(tree).count("Skipped") == 5
    click(button(tree, "Save check-in"))
    assert nav.messages == ["Write at least one thing before saving. Even one line is a "
                            "check-in."]
    assert "Step 6 of 6" in all_text(screen.build())


def test_a_full_disk_on_saving_keeps_the_draft(onboarded_ctx, nav, monkeypatch):
    screen = CheckinScreen(onboarded_ctx, nav)
    walk_through(screen, {NEED: "sleep"})

    def refuse(_checkin):
        raise StoreWriteError(28, "Couldn't save: the disk is full. Nothing was lost.")

    monkeypatch.setattr(screen.repository, "save", refuse)
    click(button(screen.build(), "Save check-in"))
    assert nav.messages[-1].startswith("Couldn't save")
    assert stored_draft(onboarded_ctx).answer(NEED) == "sleep"
    assert "Step 6 of 6" in all_text(screen.build())


def test_saved_in_another_window_starts_a_fresh_one(onboarded_ctx, nav):
    first = CheckinScreen(onboarded_ctx, nav)
    change(field(first.build(), "Appreciations"), "tea")
    second = CheckinScreen(onboarded_ctx, nav)
    walk_through(second, {})
    click(button(second.build(), "Save check-in"))
    onboarded_ctx.clock.advance(5)
    change(field(first.build(), "Appreciations"), "tea and toast")
    assert "already saved" in nav.messages[-1]
    assert field(first.build(), "Appreciations").value == ""
    assert len(CheckinRepository(onboarded_ctx.store).recent(10)[0]) == 1


def test_start_over_asks_first_then_clears(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    click(button(screen.build(), "Next"))
    change(field(screen.build(), "What went well"), "walks")
    tree = screen.build()
    click(button(tree, "Start over"))
    assert screen.confirm_restart.visible
    click(button(tree, "Keep it"))
    assert not screen.confirm_restart.visible and stored_draft(onboarded_ctx) is not None
    click(button(tree, "Start over"))
    click(button(tree, "Clear and start over"))
    assert stored_draft(onboarded_ctx) is None
    assert "Step 1 of 6" in all_text(screen.build())
    assert nav.messages[-1].startswith("Cleared.")


def test_a_draft_from_last_week_says_which_week_it_belongs_to(onboarded_ctx, nav):
    started = onboarded_ctx.clock.now() - timedelta(days=2)  # Saturday, week 47
    CheckinRepository(onboarded_ctx.store).save_draft(
        new_draft(started).with_answer(NEED, "rest"))
    text = all_text(CheckinScreen(onboarded_ctx, nav).build())
    assert "Week of 16–22 Nov 2026" in text
    assert "You started this check-in on Sat 21 Nov." in text


def test_past_check_ins_link_keeps_the_draft_first(onboarded_ctx, nav):
    screen = CheckinScreen(onboarded_ctx, nav)
    tree = screen.build()
    appreciations = field(tree, "Appreciations")
    change(appreciations, "a")
    change(appreciations, "ab")
    click(button(tree, "Past check-ins"))
    assert nav.routes == [CHECKIN_HISTORY]
    assert stored_draft(onboarded_ctx).answer(APPRECIATIONS) == "ab"


# -- past check-ins --------------------------------------------------------------------------


def save_checkins(ctx, count: int) -> None:
    repo = CheckinRepository(ctx.store)
    sunday = datetime(2026, 11, 22, 19, 0, tzinfo=ctx.clock.now().tzinfo)
    for n in range(count):
        started = sunday - timedelta(weeks=n)
        draft = new_draft(started).with_mode(TOGETHER if n % 2 else "alone")
        draft = draft.with_answer(PROMISE, f"promise {n}").with_answer(ISSUE_FEEL, "calm")
        repo.save(finish(draft, started + timedelta(minutes=25)))


def test_no_check_ins_yet_offers_the_first(onboarded_ctx, nav):
    tree = CheckinHistoryScreen(onboarded_ctx, nav).build()
    assert "No check-ins yet" in all_text(tree)
    click(button(tree, "Start a check-in"))
    assert nav.routes == [CHECKIN]


def test_past_check_ins_are_listed_newest_first_in_full(onboarded_ctx, nav, updates):
    save_checkins(onboarded_ctx, PAGE_SIZE + 3)
    screen = CheckinHistoryScreen(onboarded_ctx, nav)
    tree = screen.build()
    text = all_text(tree)
    assert text.index("promise 0") < text.index("promise 1")
    assert "Week of 16–22 Nov 2026" in text and "Saved Sun 22 Nov, 19:25" in text
    assert "I feel calm." in text and "Together" in text and "Alone" in text
    assert "Skipped" not in text
    assert f"promise {PAGE_SIZE}" not in text
    click(screen.more_button)
    text = all_text(screen.build())
    assert f"promise {PAGE_SIZE + 2}" in text
    assert not screen.more_button.visible
    assert screen.list in updates
