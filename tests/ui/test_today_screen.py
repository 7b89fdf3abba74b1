"""Control-tree tests for Today: promise card states, checklist, tally, partial updates."""

from __future__ import annotations

from datetime import date

import flet as ft
import pytest

from repair_app.core.entry_text import PROMISE_LIMIT
from repair_app.core.settings import Settings
from repair_app.store import StoreWriteError
from repair_app.store.day_repository import DayRepository, MomentRepository
from repair_app.ui.screens.today import HISTORY_ROUTE, TodayScreen
from repair_app.ui.widgets import live

from .helpers import all_text, change, click, find, find_all

TODAY = date(2026, 11, 23)


@pytest.fixture
def updates(monkeypatch) -> list[ft.BaseControl]:
    """Pretend every control is on a page and record which ones get ``update()``."""
    updated: list[ft.BaseControl] = []
    monkeypatch.setattr(live, "is_mounted", lambda _control: True)
    monkeypatch.setattr(ft.BaseControl, "update", lambda self: updated.append(self))
    return updated


def in_week(ctx, week: int):
    start = date.fromordinal(TODAY.toordinal() - 7 * (week - 1))
    ctx.save_settings(Settings(onboarded=True, program_start=start))
    return ctx


def stored(ctx, day: date = TODAY):
    return DayRepository(ctx.store).get(day)


def button(tree, text: str) -> ft.Control:
    for kind in (ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.FilledTonalButton):
        for node in find_all(tree, kind):
            if node.content == text:
                return node
    raise AssertionError(f"no button {text!r}")


def spoken(label: str) -> str:
    """What a screen reader says for a checklist row: its label, then its hint, if any."""
    return label.split(". ")[0]


def checkbox(tree, label: str) -> ft.Checkbox:
    for box in find_all(tree, ft.Checkbox):
        if spoken(box.semantics_label or "") == label:
            return box
    raise AssertionError(f"no checkbox {label!r}")


# -- what is shown ------------------------------------------------------------------------


def test_week_one_shows_phase_one_only(ctx, nav):
    in_week(ctx, 1)
    screen = TodayScreen(ctx, nav)
    tree = screen.build()
    text = all_text(tree)
    labels = [spoken(c.semantics_label) for c in find_all(tree, ft.Checkbox)]
    assert labels == [item.label for item in ctx.program.phase(1).checklist]
    assert screen.promise_card is None and screen.tally is None
    assert ctx.program.questions.morning not in text
    assert "Days without defending" in text and "Day 0 of 14" in text


def test_week_three_adds_the_promise_and_the_tally_and_not_phase_four(ctx, nav):
    in_week(ctx, 3)
    screen = TodayScreen(ctx, nav)
    tree = screen.build()
    labels = [spoken(c.semantics_label) for c in find_all(tree, ft.Checkbox)]
    expected = [item.label for n in (1, 2, 3) for item in ctx.program.phase(n).checklist]
    assert labels == expected
    assert checkbox(tree, "I kept today's promise").semantics_label == (
        "I kept today's promise. Follows your answer on the promise card.")
    assert screen.promise_card is not None and screen.tally is not None
    text = all_text(tree)
    assert "rule of thumb" in text and "not a score of your relationship" in text
    assert "Phase 4:" not in text


def test_card_order_status_promise_checklist_defending_tally_send_check_history(ctx, nav):
    in_week(ctx, 4)
    screen = TodayScreen(ctx, nav)
    tree = screen.build()
    assert tree[1] is screen.promise_card.control
    assert "Today's checklist" in all_text(tree[2])
    assert tree[3] is screen.defend_free.control
    assert tree[4] is screen.tally.control
    assert "Before you send" in all_text(tree[-2])
    click(find(tree[-1], ft.ListTile))  # History, last: after the toolkit tiles (phase 4)
    assert nav.routes == [HISTORY_ROUTE]


def test_before_the_start_there_is_nothing_to_tick(ctx, nav):
    ctx.save_settings(Settings(onboarded=True, program_start=date(2026, 11, 30)))
    tree = TodayScreen(ctx, nav).build()
    assert find_all(tree, ft.Checkbox) == []
    assert "in 7 days" in all_text(tree)


# -- the checklist --------------------------------------------------------------------------


def test_a_tap_is_saved_at_once_and_updates_only_what_changed(onboarded_ctx, nav, updates):
    screen = TodayScreen(onboarded_ctx, nav)
    tree = screen.build()
    before = list(tree)
    box = checkbox(tree, "I didn't defend myself today")
    change(box, True)
    assert stored(onboarded_ctx).checked("no_defending")
    assert screen.checklist.summary.value == "1 of 5 done today"
    assert screen.defend_free.count.value == "Day 1 of 14"
    assert set(map(id, updates)) == {id(screen.checklist.summary), id(screen.defend_free.count),
                                     id(screen.defend_free.bar),
                                     id(screen.defend_free.spoken),
                                     id(screen.defend_free.message)}
    assert list(tree) == before  # nothing rebuilt
    spoken = screen.defend_free.spoken
    assert spoken.label == "Day 1 of 14" and spoken.exclude_semantics
    assert spoken.content.controls == [screen.defend_free.count, screen.defend_free.bar]
    assert not screen.defend_free.bar.semantics_label  # no raw "out of 14 7"
    updates.clear()
    change(checkbox(tree, "I gave them space"), True)
    assert updates == [screen.checklist.summary]  # the defend-free card didn't change
    change(box, False)
    assert not stored(onboarded_ctx).checked("no_defending")
    assert stored(onboarded_ctx).checked("gave_space")


def test_a_refused_write_shows_why_and_unticks(onboarded_ctx, nav, monkeypatch):
    screen = TodayScreen(onboarded_ctx, nav)
    tree = screen.build()

    def full_disk(*_args, **_kwargs):
        raise StoreWriteError(28, "Couldn't save: the disk is full.", "x")

    monkeypatch.setattr(DayRepository, "update", full_disk)
    box = checkbox(tree, "I left out criticism and blame")
    change(box, True)
    assert box.value is False
    assert nav.messages == ["Couldn't save: the disk is full."]
    assert screen.checklist.summary.value == "0 of 5 done today"


def test_the_promise_item_follows_the_card_and_cannot_be_ticked(onboarded_ctx, nav):
    screen = TodayScreen(onboarded_ctx, nav)
    tree = screen.build()
    linked = checkbox(tree, "I kept today's promise")
    assert linked.disabled
    assert "Follows your answer on the promise card." in all_text(tree)


def test_a_note_appears_with_its_tick_and_is_saved(onboarded_ctx, nav):
    screen = TodayScreen(onboarded_ctx, nav)
    tree = screen.build()
    row = screen.checklist.row("positive_action")
    assert row.note_box is not None and not row.note_box.visible
    change(checkbox(tree, "I did one small kind thing"), True)
    assert row.note_box.visible
    row.note_field.value = "Made their coffee ☕ قهوة"
    row.save_note()
    assert stored(onboarded_ctx).note("positive_action") == "Made their coffee ☕ قهوة"
    assert row.note_field.helper == "Saved."
    row.note_field.value = "x" * 100_000
    row.save_note()
    assert "500" in row.note_field.error and "100,000" in row.note_field.error
    assert stored(onboarded_ctx).note("positive_action") == "Made their coffee ☕ قهوة"


# -- the promise card -----------------------------------------------------------------------


def test_promise_none_then_made(onboarded_ctx, nav):
    screen = TodayScreen(onboarded_ctx, nav)
    screen.build()
    card = screen.promise_card
    assert card.state == "editing" and card.field.label == "Today's promise"
    assert card.save_button.disabled and card.save_button.content == "Write a promise first"
    change(card.field, "I'll wash the dishes after dinner")
    assert not card.save_button.disabled and card.save_button.content == "Save promise"
    click(card.save_button)
    assert card.state == "open"
    promise = stored(onboarded_ctx).promise
    assert promise.text == "I'll wash the dishes after dinner" and promise.status == "open"
    text = all_text(card.body)
    assert "I'll wash the dishes after dinner" in text and "made at 09:30" in text
    for label in ("Kept it", "Didn't keep it", "Edit promise"):
        button(card.body, label)


def test_an_empty_or_huge_promise_cannot_be_saved(onboarded_ctx, nav):
    screen = TodayScreen(onboarded_ctx, nav)
    screen.build()
    card = screen.promise_card
    card.save()  # empty: refused, nothing stored
    assert card.field.error == "Write a promise first"
    assert stored(onboarded_ctx).promise is None
    change(card.field, "x" * 100_000)
    assert card.save_button.disabled and card.save_button.content == "Too long to save"
    assert f"{PROMISE_LIMIT}" in card.field.error and "100,000" in card.field.error
    card.save()
    assert stored(onboarded_ctx).promise is None


def test_a_vague_promise_gets_a_gentle_hint(onboarded_ctx, nav):
    screen = TodayScreen(onboarded_ctx, nav)
    screen.build()
    card = screen.promise_card
    assert card.hints.value.startswith("For example:")
    change(card.field, "I'll change everything")
    assert "sounds big" in card.hints.value and not card.save_button.disabled
    change(card.field, "I'll text when I leave work")
    assert card.hints.value.startswith("For example:")


@pytest.mark.parametrize("text", ["🙂 I'll call at 6 👩‍❤️‍👨", "אתקשר אליך בצהריים",
                                  "\u202bسأتصل بك\u202c"])
def test_emoji_and_right_to_left_promises_are_kept_exactly(onboarded_ctx, nav, text):
    screen = TodayScreen(onboarded_ctx, nav)
    screen.build()
    change(screen.promise_card.field, text)
    click(screen.promise_card.save_button)
    assert stored(onboarded_ctx).promise.text == text
    assert text in all_text(TodayScreen(onboarded_ctx, nav).build())


def test_edit_until_marked(onboarded_ctx, nav):
    screen = TodayScreen(onboarded_ctx, nav)
    screen.build()
    card = screen.promise_card
    change(card.field, "Dishes")
    click(card.save_button)
    click(button(card.body, "Edit promise"))
    assert card.state == "editing" and card.field.value == "Dishes"
    change(card.field, "Dishes and drying")
    click(card.save_button)
    assert stored(onboarded_ctx).promise.text == "Dishes and drying"
    click(button(card.body, "Kept it"))
    assert card.state == "kept"
    assert find_all(card.body, ft.TextField) == []


def test_kept_marks_the_linked_item_and_can_be_taken_back(onboarded_ctx, nav, updates):
    screen = TodayScreen(onboarded_ctx, nav)
    tree = screen.build()
    card = screen.promise_card
    change(card.field, "Text at lunch")
    click(card.save_button)
    updates.clear()
    click(button(card.body, "Kept it"))
    linked = checkbox(tree, "I kept today's promise")
    assert card.state == "kept" and "You kept it" in all_text(card.body)
    assert linked.value is True
    assert screen.checklist.summary.value == "1 of 5 done today"
    assert {id(c) for c in updates} == {id(card.body), id(linked), id(screen.checklist.summary)}
    record = stored(onboarded_ctx)
    assert record.promise.status == "kept" and record.checked("promise_kept")
    click(button(card.body, "Change my answer"))
    assert card.state == "open" and linked.value is False
    assert stored(onboarded_ctx).promise.status == "open"


def test_not_kept_offers_own_it(onboarded_ctx, nav):
    screen = TodayScreen(onboarded_ctx, nav)
    screen.build()
    card = screen.promise_card
    change(card.field, "Text at lunch")
    click(card.save_button)
    click(button(card.body, "Didn't keep it"))
    assert card.state == "owning"
    click(card.own_it_button)  # nothing written yet
    assert card.own_it_error.visible and "first" in card.own_it_error.value
    card.what_field.value = "The meeting ran over 😞"
    card.step_field.value = "Told them; alarm set for tomorrow"
    click(card.own_it_button)
    assert card.state == "not_kept"
    text = all_text(card.body)
    assert "Not this time" in text and "The meeting ran over 😞" in text
    assert "Told them; alarm set for tomorrow" in text
    own = stored(onboarded_ctx).promise.own_it
    assert own.what_happened == "The meeting ran over 😞"
    # the saved states come back the same after a reopen of the screen
    again = TodayScreen(onboarded_ctx, nav)
    again.build()
    assert again.promise_card.state == "not_kept"
    # Issue 18, item 6: changing the answer and coming back to "not kept" shows the words
    card = again.promise_card
    click(button(card.body, "Change my answer"))
    click(button(card.body, "Didn't keep it"))
    assert card.state == "not_kept"
    assert "The meeting ran over 😞" in all_text(card.body)


def test_a_tap_after_midnight_saves_to_the_day_on_screen_then_moves_on(onboarded_ctx, nav,
                                                                       clock):
    screen = TodayScreen(onboarded_ctx, nav)
    tree = screen.build()
    clock.advance(hours=15)  # 00:30 on the 24th
    change(checkbox(tree, "I gave them space"), True)
    assert stored(onboarded_ctx, TODAY).checked("gave_space")
    assert not stored(onboarded_ctx, date(2026, 11, 24)).checked("gave_space")
    assert nav.refreshes == 1 and "new day" in nav.messages[0]


# -- the tally -----------------------------------------------------------------------------


def test_tally_add_count_and_undo(ctx, nav, clock, updates):
    in_week(ctx, 3)
    screen = TodayScreen(ctx, nav)
    screen.build()
    tally = screen.tally
    assert tally.today_line.value == "Today: nothing counted yet"
    assert tally.nudge_line.value == ""
    assert tally.undo_button.disabled
    tally.note.value = "hug 🤗"
    click(tally.positive_button)
    assert tally.note.value == ""
    clock.advance(minutes=3)
    click(tally.positive_button)
    clock.advance(minutes=3)
    click(tally.negative_button)
    assert tally.today_line.value == "Today: 2 positive · 1 negative · 2 : 1"
    assert tally.nudge_line.value == "One more kind moment, and today is at 3 : 1."
    assert tally.undo_button.content == "Undo: negative at 09:36"
    saved = MomentRepository(ctx.store).on(TODAY)
    assert [m.kind for m in saved] == ["positive", "positive", "negative"]
    assert saved[0].note == "hug 🤗"
    click(tally.undo_button)
    assert tally.today_line.value == "Today: 2 positive · 0 negative · 2 : 0"
    assert tally.nudge_line.value == ""  # nothing hard to balance: nothing said
    assert [m.kind for m in MomentRepository(ctx.store).on(TODAY)] == ["positive", "positive"]
    assert nav.messages[-1] == "Removed the negative moment."
    assert all(isinstance(c, ft.Text | ft.TextButton | ft.TextField) for c in updates)


def test_tally_last_seven_days_and_a_long_note(ctx, nav, clock):
    in_week(ctx, 3)
    TodayScreen(ctx, nav).build()
    moments = MomentRepository(ctx.store)
    from repair_app.core.day import Moment
    for days_ago in (1, 6, 7):
        day = date.fromordinal(TODAY.toordinal() - days_ago)
        moments.add(Moment(day, clock.now(), "positive"))
    screen = TodayScreen(ctx, nav)
    screen.build()
    assert screen.tally.week_line.value == "Last 7 days: 2 positive · 0 negative · 2 : 0"
    assert screen.tally.undo_button.disabled  # yesterday's moments can't be undone here
    screen.tally.note.value = "x" * 100_000
    click(screen.tally.positive_button)
    assert "120" in screen.tally.note.error
    assert moments.on(TODAY) == []


def test_a_moment_after_midnight_counts_for_the_day_on_screen(ctx, nav, clock):
    in_week(ctx, 3)
    screen = TodayScreen(ctx, nav)
    screen.build()
    clock.advance(hours=15)  # 00:30 on the 24th
    click(screen.tally.positive_button)
    assert [m.day for m in MomentRepository(ctx.store).between(TODAY, date(2026, 11, 24))] == [
        TODAY]
    assert nav.refreshes == 1


def test_today_links_to_before_you_send(onboarded_ctx, nav):
    from repair_app.ui.screens.today import TodayScreen

    from .helpers import click, find_all

    screen = TodayScreen(onboarded_ctx, nav)
    tiles = [t for t in find_all(screen.build(), ft.ListTile)
             if getattr(t.title, "value", "") == "Before you send"]
    assert len(tiles) == 1
    click(tiles[0])
    assert nav.routes[-1] == "/send-check"
