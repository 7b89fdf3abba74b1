"""Control-tree tests for phase 4's repair tools and what Today shows of them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import flet as ft
import pytest

from repair_app.core.checkin import NEED, finish, new_draft
from repair_app.core.routes import CHECKIN, CHECKIN_HISTORY
from repair_app.core.settings import Settings
from repair_app.core.wins import new_win
from repair_app.store import StoreWriteError
from repair_app.store.apology_repository import ApologyDraftRepository
from repair_app.store.checkin_repository import CheckinRepository
from repair_app.store.wins_repository import WinRepository
from repair_app.ui.screens.phase_detail import PhaseDetailScreen
from repair_app.ui.screens.today import TodayScreen
from repair_app.ui.widgets import live
from repair_app.ui.widgets.apology_builder import ApologyBuilder
from repair_app.ui.widgets.wins_log import WinsLog

from .helpers import all_text, change, click, find, find_all

TODAY = date(2026, 11, 23)
PARTNERSHIP = "How can we solve this together instead of against each other?"


@pytest.fixture
def updates(monkeypatch) -> list[ft.BaseControl]:
    updated: list[ft.BaseControl] = []
    monkeypatch.setattr(live, "is_mounted", lambda _control: True)
    monkeypatch.setattr(ft.BaseControl, "update", lambda self: updated.append(self))
    return updated


def in_week(ctx, week: int):
    start = date.fromordinal(TODAY.toordinal() - 7 * (week - 1))
    ctx.save_settings(Settings(onboarded=True, program_start=start))
    return ctx


def button(tree, text: str) -> ft.Control:
    for kind in (ft.FilledButton, ft.OutlinedButton, ft.TextButton, ft.FilledTonalButton):
        for node in find_all(tree, kind):
            if node.content == text:
                return node
    raise AssertionError(f"no button {text!r}")


def field(tree, label: str) -> ft.TextField:
    return find(tree, ft.TextField, label=label)


# -- phase 4 --------------------------------------------------------------------------------


def test_phase_four_holds_the_tools_and_keeps_its_content(onboarded_ctx, nav):
    tree = PhaseDetailScreen(onboarded_ctx, nav, 4).build()
    text = all_text(tree)
    for expected in ("Your repair tools", "Weekly check-in", "Apology builder", "Small wins",
                     PARTNERSHIP, "If they're not ready to try",
                     "Celebrate small improvements together"):
        assert expected in text
    assert text.index("Your repair tools") < text.index("If they're not ready to try")
    assert text.count(PARTNERSHIP) == 1


@pytest.mark.parametrize("number", [1, 2, 3])
def test_other_phases_have_no_tools(onboarded_ctx, nav, number):
    assert "Your repair tools" not in all_text(PhaseDetailScreen(onboarded_ctx, nav, number)
                                               .build())


def test_the_check_in_card_says_this_weeks_state_and_leads_in(onboarded_ctx, nav):
    tree = PhaseDetailScreen(onboarded_ctx, nav, 4).build()
    assert "Not yet this week" in all_text(tree)
    click(button(tree, "Start check-in"))
    click(button(tree, "Past check-ins"))
    assert nav.routes == [CHECKIN, CHECKIN_HISTORY]
    now = onboarded_ctx.clock.now()
    CheckinRepository(onboarded_ctx.store).save(
        finish(new_draft(now).with_answer(NEED, "rest"), now))
    tree = PhaseDetailScreen(onboarded_ctx, nav, 4).build()
    assert "Done this week, on Mon 23 Nov." in all_text(tree)
    assert button(tree, "Check in again")


# -- the apology builder --------------------------------------------------------------------


def test_the_apology_builder_flags_defending(onboarded_ctx, nav, updates):
    builder = ApologyBuilder(onboarded_ctx, nav)
    change(builder.field, "I'm sorry, but you made me feel small.")
    click(builder.check_button)
    text = all_text(builder.control)
    assert "Some of this defends" in text
    assert "“You made me…”" in text and "An apology with an excuse" in text
    assert "“sorry, but”" in text and "Your apology, marked up" in text
    highlighted = [span.text for node in find_all(builder.results, ft.Text)
                   for span in node.spans or [] if span.style is not None]
    assert highlighted == ["sorry, but", "you made me"]
    assert builder.results in updates
    change(builder.field, "I'm sorry, but you made me feel small. If you hadn't shouted…")
    click(builder.check_button)
    assert "Not ready yet" in all_text(builder.control)  # three kinds of defending


def test_a_plain_apology_is_clear(onboarded_ctx, nav):
    builder = ApologyBuilder(onboarded_ctx, nav)
    change(builder.field, "I'm sorry I shouted at you. It was unkind. Next time I'll "
                          "take a break first. 🙏")
    result = builder.check()
    assert result.findings == ()
    assert "No defending found" in all_text(builder.control)


def test_empty_and_very_long_apologies_say_why(onboarded_ctx, nav):
    builder = ApologyBuilder(onboarded_ctx, nav)
    change(builder.field, "   ")
    assert builder.check() is None
    assert builder.field.error == "Write your apology first, then check it."
    change(builder.field, "sorry " * 20_000)
    assert builder.field.error.startswith("An apology works best short: this one has "
                                          "120,000 characters")
    assert builder.check() is None and builder.results.controls == []


def test_right_to_left_apology_is_checked_and_kept(onboarded_ctx, nav):
    builder = ApologyBuilder(onboarded_ctx, nav)
    change(builder.field, "אני מצטער שצעקתי 🙏")
    assert builder.check().findings == ()
    assert ApologyDraftRepository(onboarded_ctx.store).load() == "אני מצטער שצעקתי 🙏"


def test_the_draft_apology_survives_and_clear_removes_it(onboarded_ctx, nav):
    builder = ApologyBuilder(onboarded_ctx, nav)
    change(builder.field, "I'm sorry I forgot")
    again = ApologyBuilder(onboarded_ctx, nav)
    assert again.field.value == "I'm sorry I forgot"
    click(again.clear_button)
    assert again.field.value == "" and ApologyDraftRepository(onboarded_ctx.store).load() == ""


# -- the wins log ---------------------------------------------------------------------------


def test_wins_are_added_listed_by_week_and_removed(onboarded_ctx, nav, updates):
    clock = onboarded_ctx.clock
    WinRepository(onboarded_ctx.store).add(new_win("Older one", clock.now() - timedelta(days=3)))
    log = WinsLog(onboarded_ctx, nav)
    assert "Last week" in all_text(log.control)
    change(log.entry.field, "  We laughed at dinner 😄 ")
    click(log.entry.button)
    text = all_text(log.control)
    assert text.index("This week") < text.index("We laughed at dinner 😄") < \
        text.index("Last week") < text.index("Older one")
    assert log.entry.field.value == "" and nav.messages == ["Win saved. Well noticed."]
    remove = find(log.control, ft.Semantics, label="Remove win: Older one")
    click(remove.content)
    assert "Older one" not in all_text(log.control)
    assert [w.text for w in WinRepository(onboarded_ctx.store).recent(10)[0]] == [
        "We laughed at dinner 😄"]


def test_an_empty_or_too_long_win_says_why_and_keeps_the_words(onboarded_ctx, nav):
    log = WinsLog(onboarded_ctx, nav)
    click(log.entry.button)
    assert log.entry.field.error == "A win can't be empty."
    change(log.entry.field, "w" * 100_000)
    click(log.entry.button)
    assert log.entry.field.error == "A win can be 280 characters at most; this one has 100,000."
    assert log.entry.field.value == "w" * 100_000
    change(log.entry.field, "shorter")
    assert log.entry.field.error is None


def test_a_full_disk_keeps_the_win_in_the_field(onboarded_ctx, nav, monkeypatch):
    log = WinsLog(onboarded_ctx, nav)

    def refuse(_win):
        raise StoreWriteError(28, "Couldn't save: the disk is full. Nothing was lost.")

    monkeypatch.setattr(log.repository, "add", refuse)
    change(log.entry.field, "A calm talk")
    click(log.entry.button)
    assert log.entry.field.value == "A calm talk"
    assert nav.messages == ["Couldn't save: the disk is full. Nothing was lost."]


def test_older_wins_page_in(onboarded_ctx, nav):
    repo = WinRepository(onboarded_ctx.store)
    start = datetime(2026, 1, 5, 12, tzinfo=onboarded_ctx.clock.now().tzinfo)
    for n in range(25):
        repo.add(new_win(f"win {n}", start + timedelta(days=n)))
    log = WinsLog(onboarded_ctx, nav)
    assert log.more_button.visible and "win 4" not in all_text(log.list)
    click(log.more_button)
    assert "win 0" in all_text(log.list) and not log.more_button.visible


# -- Today ----------------------------------------------------------------------------------


def test_today_shows_the_check_in_and_a_quick_win_only_in_phase_four(ctx, nav):
    in_week(ctx, 3)
    assert "Weekly check-in" not in all_text(TodayScreen(ctx, nav).build())
    in_week(ctx, 4)
    tree = TodayScreen(ctx, nav).build()
    text = all_text(tree)
    assert "Weekly check-in" in text and "A small win today?" in text
    assert text.index("Five to one") < text.index("Weekly check-in") < text.index("History")
    tile = next(t for t in find_all(tree, ft.ListTile) if "Weekly check-in" in all_text(t))
    click(tile)
    assert nav.routes == [CHECKIN]


def test_a_win_added_on_today_is_in_the_toolkit(ctx, nav):
    in_week(ctx, 5)
    tree = TodayScreen(ctx, nav).build()
    change(field(tree, "A small win"), "I said “I notice” instead of “you always”")
    click(button(tree, "Add win"))
    assert nav.messages == ["Win saved. You'll find it with your repair tools in Phase 4."]
    assert field(tree, "A small win").value == ""
    click(button(tree, "See all wins"))
    assert nav.routes == ["/phases/4"]
    toolkit = PhaseDetailScreen(ctx, nav, 4).build()
    assert "I said “I notice” instead of “you always”" in all_text(toolkit)


def test_the_today_tile_tells_of_a_draft_in_progress(ctx, nav):
    in_week(ctx, 4)
    CheckinRepository(ctx.store).save_draft(
        new_draft(ctx.clock.now()).with_answer(NEED, "rest").with_step(3))
    assert "pick up at “What you need”" in all_text(TodayScreen(ctx, nav).build())
