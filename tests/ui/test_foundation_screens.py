"""Control-tree tests for the foundation screens: built without a Flet client."""

from __future__ import annotations

from datetime import date, time

import flet as ft
import pytest

from repair_app.ui.screens.phase_detail import PhaseDetailScreen
from repair_app.ui.screens.phases import PhasesScreen
from repair_app.ui.screens.progress import ProgressScreen
from repair_app.ui.screens.settings import SettingsScreen
from repair_app.ui.screens.today import TodayScreen
from repair_app.ui.screens.welcome import WelcomeScreen

from .helpers import all_text, click, find, find_all


def test_welcome_defaults_are_today_eight_and_pause(ctx, nav):
    screen = WelcomeScreen(ctx, nav)
    tree = screen.build()
    assert find(tree, ft.TextField, label="Program start date").value == "2026-11-23"
    assert find(tree, ft.TextField, label="Morning reminder time").value == "08:00"
    assert find(tree, ft.TextField, label="Code word for a pause").value == "pause"
    assert "four" in all_text(tree).lower()


def test_welcome_says_what_the_week_1_morning_reminder_asks(ctx, nav):
    """Week 1 has no promise yet: the morning time isn't "when to ask for today's small
    promise" but today's intention, with the promise from week 2."""
    helper = find(WelcomeScreen(ctx, nav).build(), ft.TextField,
                  label="Morning reminder time").helper
    assert "today's intention" in helper and "from week 2: your small promise" in helper


def test_welcome_refuses_bad_values_and_saves_nothing(ctx, nav):
    screen = WelcomeScreen(ctx, nav)
    tree = screen.build()
    find(tree, ft.TextField, label="Morning reminder time").value = "25:00"
    find(tree, ft.TextField, label="Code word for a pause").value = "   "
    click(screen.start_button)
    assert find(tree, ft.TextField, label="Morning reminder time").error
    assert find(tree, ft.TextField, label="Code word for a pause").error
    assert nav.routes == []
    assert not ctx.reload_settings().onboarded


def test_welcome_saves_and_opens_today(ctx, nav):
    screen = WelcomeScreen(ctx, nav)
    tree = screen.build()
    find(tree, ft.TextField, label="Code word for a pause").value = " time out "
    find(tree, ft.TextField, label="Program start date").value = "2026-11-20"
    click(screen.start_button)
    assert nav.routes == ["/today"]
    saved = ctx.reload_settings()
    assert saved.onboarded
    assert saved.code_word == "time out"
    assert saved.program_start == date(2026, 11, 20)
    assert saved.morning_time == time(8)


def test_phases_list_marks_active_phases(onboarded_ctx, nav):
    tree = PhasesScreen(onboarded_ctx, nav).build()
    tiles = find_all(tree, ft.ListTile)
    assert len(tiles) == 4
    text = all_text(tree)
    assert text.count("Active this week") == 2  # week 2: phases 1 and 2
    assert "Starts in week 3" in text and "Starts in week 4" in text
    click(tiles[2])
    assert nav.routes == ["/phases/3"]


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_each_phase_screen_has_its_heading_and_sections(onboarded_ctx, nav, number):
    screen = PhaseDetailScreen(onboarded_ctx, nav, number)
    text = all_text(screen.build())
    phase = onboarded_ctx.program.phase(number)
    assert text.startswith(f"Phase {number}: {phase.name}")
    assert phase.common_mistake in text
    for section in phase.sections:
        assert section.heading in text
        for item in section.items:
            assert item.title in text


def test_phase_one_lists_every_dont_with_why(onboarded_ctx, nav):
    text = all_text(PhaseDetailScreen(onboarded_ctx, nav, 1).build())
    donts = onboarded_ctx.program.phase(1).sections[0]
    assert donts.kind == "donts" and len(donts.items) == 5
    for item in donts.items:
        assert item.detail in text


def test_phase_four_ends_with_the_not_trying_guidance(onboarded_ctx, nav):
    text = all_text(PhaseDetailScreen(onboarded_ctx, nav, 4).build())
    assert onboarded_ctx.program.not_trying.heading in text
    assert onboarded_ctx.program.questions.partnership in text


def test_today_shows_week_day_question_and_active_phases(onboarded_ctx, nav):
    tree = TodayScreen(onboarded_ctx, nav).build()
    text = all_text(tree)
    assert "Week 2 · day 8" in text
    assert onboarded_ctx.program.questions.morning in text
    assert "Phase 1:" in text and "Phase 2:" in text and "Phase 3:" not in text
    assert "coming soon" not in text.lower()


def test_today_before_the_start_counts_down(ctx, nav):
    ctx.save_settings(ctx.settings.with_changes(onboarded=True, program_start=date(2026, 11, 26)))
    text = all_text(TodayScreen(ctx, nav).build())
    assert "in 3 days" in text


def test_progress_shows_the_timeline(onboarded_ctx, nav):
    text = all_text(ProgressScreen(onboarded_ctx, nav).build())
    assert "Day 8 of your program, in week 2" in text
    assert "Week 4" in text
    assert "This week" in text


def test_settings_saves_a_new_start_date(onboarded_ctx, nav):
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    find(tree, ft.TextField, label="Program start date").value = "2026-11-01"
    click(screen.save_button)
    assert nav.messages == ["Saved."]
    assert onboarded_ctx.reload_settings().program_start == date(2026, 11, 1)


def test_settings_refuses_an_impossible_morning_time(onboarded_ctx, nav):
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    field = find(tree, ft.TextField, label="Morning reminder time")
    field.value = "7.30pm"
    click(screen.reminders.save_button)
    assert field.error
    assert onboarded_ctx.reload_settings().morning_time == time(7, 45)


def test_theme_switch_is_saved_and_applied(onboarded_ctx, nav):
    screen = SettingsScreen(onboarded_ctx, nav)
    screen.build()
    screen.theme_choice.selected = ["dark"]
    screen.change_theme()
    assert nav.themes == ["dark"]
    assert onboarded_ctx.reload_settings().theme == "dark"


def test_the_theme_switch_says_which_theme_is_selected(onboarded_ctx, nav):
    screen = SettingsScreen(onboarded_ctx, nav)
    screen.build()

    def spoken() -> list[str]:
        return [segment.label.semantics_label for segment in screen.theme_choice.segments]

    assert spoken() == ["System theme, selected", "Light theme", "Dark theme"]
    screen.theme_choice.selected = ["dark"]
    screen.change_theme()
    assert spoken() == ["System theme", "Light theme", "Dark theme, selected"]


def test_every_button_has_a_label(onboarded_ctx, nav):
    for screen in (TodayScreen(onboarded_ctx, nav), PhasesScreen(onboarded_ctx, nav),
                   SettingsScreen(onboarded_ctx, nav), WelcomeScreen(onboarded_ctx, nav)):
        tree = screen.build()
        labelled = {id(s.content) for s in find_all(tree, ft.Semantics) if s.label and s.button}
        for button in find_all(tree, ft.IconButton):
            assert button.tooltip or id(button) in labelled, (
                f"unlabelled icon button in {type(screen).__name__}")


def test_settings_helpers_are_never_cut_short_and_labels_have_the_full_width(onboarded_ctx,
                                                                              nav):
    """Issue 18, item 5: at 200% text, helper lines were cut to "Week 1 begins on t…" and
    "Morning reminder time" wrapped onto its value beside the picker button."""
    from repair_app.ui.screens.settings import SettingsScreen

    from .helpers import find_all

    tree = SettingsScreen(onboarded_ctx, nav).build()
    fields = [f for f in find_all(tree, ft.TextField) if f.helper]
    # the start date and the code word (the morning time lives in Reminders only)
    assert {"Program start date", "Code word for a pause"} <= {f.label for f in fields}
    for field in fields:
        assert (field.helper_max_lines or 1) >= 4, field.label
    for row in find_all(tree, ft.Row):
        kinds = [type(c) for c in row.controls]
        if ft.TextField in kinds:
            assert len(row.controls) == 1, [c for c in row.controls]
    start = next(f for f in fields if f.label == "Program start date")
    assert start.suffix_icon is not None


def test_phase_checklist_is_a_list_with_a_way_to_today_not_dead_boxes(onboarded_ctx, nav):
    """Issue 18, item 12: phase pages showed checkbox icons that did nothing."""
    from repair_app.ui.screens.phase_detail import PhaseDetailScreen

    tree = PhaseDetailScreen(onboarded_ctx, nav, 1).build()
    icons = [i.icon for i in find_all(tree, ft.Icon)]
    assert ft.Icons.CHECK_BOX_OUTLINE_BLANK not in icons
    assert ft.Icons.CHECK_BOX not in icons
    click(find(tree, ft.OutlinedButton, content="Tick them on Today"))
    assert nav.routes[-1] == "/today"


def test_an_active_phase_page_shows_what_is_done_today(onboarded_ctx, nav):
    """Issue 18, item 12: the phase page's checklist didn't reflect today."""
    from repair_app.core.clock import local_today
    from repair_app.store.day_repository import DayRepository
    from repair_app.ui.screens.phase_detail import PhaseDetailScreen

    def lines() -> dict[str, str]:
        tree = PhaseDetailScreen(onboarded_ctx, nav, 1).build()
        checklist = next(c for c in tree if "On your daily checklist" in all_text(c))
        return {row.controls[1].controls[0].value: all_text(row.controls[1])
                for row in find_all(checklist, ft.Row)
                if len(row.controls) == 2 and isinstance(row.controls[0], ft.Icon)}

    labels = [item.label for item in onboarded_ctx.program.phase(1).checklist]
    assert all("Done today" not in text for text in lines().values())
    DayRepository(onboarded_ctx.store).update(
        local_today(onboarded_ctx.clock), lambda day: day.with_check("no_defending", True))
    shown = lines()
    assert set(shown) == set(labels)
    assert [label for label, text in shown.items() if "Done today" in text] == [
        "I didn't defend myself today"]
