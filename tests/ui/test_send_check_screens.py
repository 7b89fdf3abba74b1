"""Control-tree tests for Before you send, Drafts and a draft's page (no Flet client)."""

from __future__ import annotations

from datetime import datetime

import flet as ft
import pytest

from repair_app.core.drafts import hold_draft
from repair_app.store import StoreWriteError
from repair_app.store.draft_repository import DraftRepository, MessageCheckCounter
from repair_app.ui.navigation import DESTINATIONS
from repair_app.ui.screens.before_you_send import BeforeYouSendScreen
from repair_app.ui.screens.drafts import DraftScreen, DraftsScreen

from .helpers import all_text, click, find, find_all, run_async, walk

BUTTONS = (ft.Button, ft.TextButton, ft.OutlinedButton)
BLAMING = "You always do this. It's your fault and everyone agrees."


def field(tree) -> ft.TextField:
    return find(tree, ft.TextField, label="Your message")


def button(tree, text: str):
    for node in walk(tree):
        if isinstance(node, BUTTONS) and node.content == text:
            return node
    raise AssertionError(f"no button {text!r}")


def buttons(tree) -> list[str]:
    return [n.content for n in walk(tree) if isinstance(n, BUTTONS)
            and isinstance(n.content, str) and _visible(tree, n)]


def _visible(tree, target) -> bool:
    """False if the control sits inside a hidden container."""
    def search(node, hidden: bool) -> bool | None:
        hidden = hidden or getattr(node, "visible", True) is False
        if node is target:
            return not hidden
        for name in ("content", "controls", "actions"):
            value = getattr(node, name, None)
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ft.BaseControl):
                    found = search(child, hidden)
                    if found is not None:
                        return found
        return None
    return any(search(root, False) for root in tree)


def highlighted(tree) -> ft.Text:
    return next(n for n in walk(tree) if isinstance(n, ft.Text) and n.spans)


def copy_recorder():
    copied: list[str] = []

    async def copy(text: str) -> None:
        copied.append(text)

    return copied, copy


def test_the_message_check_is_a_short_destination_after_today():
    labels = [d.label for d in DESTINATIONS]
    # "Check" read as checklist or check-in; the tab names what it holds: a message.
    assert labels[:2] == ["Today", "Message"]
    assert "Check" not in labels
    assert DESTINATIONS[1].route == "/send-check"
    assert all(len(label) <= 8 for label in labels)  # five fit a 390 px phone bar


def test_screen_says_it_never_sends(onboarded_ctx, nav):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    assert screen.title == "Before you send"
    assert field(tree).multiline
    text = all_text(tree)
    assert "never sends" in text and "on this device" in text
    assert {"Check message", "Hold until morning", "Open Drafts"} <= set(buttons(tree))


def test_checking_nothing_asks_for_a_message(onboarded_ctx, nav):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    click(button(tree, "Check message"))
    assert field(tree).error == "Write your message first, then check it."
    assert screen.editor.results.controls == []
    assert MessageCheckCounter(onboarded_ctx.store).count(onboarded_ctx.clock.now().date()) == 0


def test_checking_a_blaming_message_shows_problems_highlighted_and_the_verdict(onboarded_ctx,
                                                                              nav):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    field(tree).value = BLAMING
    click(button(tree, "Check message"))
    text = all_text(tree)
    assert "Wait — don't send this now" in text  # three kinds at once
    for label in ("Blame and criticism", "“You always” and “you never”", "Bringing in judges"):
        assert label in text
    assert "Phase 4 · " not in text  # not reached yet in week 2 (issue 18)
    assert "Try instead" in text and "I notice" in text
    assert "“You always”" in text
    marked = highlighted(tree)
    assert "".join(span.text for span in marked.spans) == BLAMING
    styled = [span.text for span in marked.spans if span.style is not None]
    assert styled == ["You always", "It's your fault", "everyone agrees"]
    assert all(span.style.bgcolor for span in marked.spans if span.style)


def test_a_kind_message_looks_clear(onboarded_ctx, nav):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    field(tree).value = "I notice I've missed you this week. Could we walk on Sunday?"
    click(button(tree, "Check message"))
    assert "Looks kind and clear" in all_text(tree)
    assert all(span.style is None for span in highlighted(tree).spans)


def test_rewording_is_not_a_new_message_but_a_new_one_is_counted(onboarded_ctx, nav):
    counter = MessageCheckCounter(onboarded_ctx.store)
    today = onboarded_ctx.clock.now().date()
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    field(tree).value = BLAMING
    click(button(tree, "Check message"))
    field(tree).value = BLAMING.replace("It's your fault", "I feel hurt")
    click(button(tree, "Check message"))
    assert counter.count(today) == 1
    field(tree).value = "Dinner at 7?"
    click(button(tree, "Check message"))
    assert counter.count(today) == 2


def test_a_full_disk_does_not_stop_the_check(onboarded_ctx, nav, monkeypatch):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()

    def full(_day):
        raise StoreWriteError(28, "Repair couldn't save: the disk is full.", "months")

    monkeypatch.setattr(screen.editor.counter, "record", full)
    field(tree).value = BLAMING
    click(button(tree, "Check message"))
    assert nav.messages == ["Repair couldn't save: the disk is full."]
    assert "Wait — don't send this now" in all_text(tree)


def test_many_messages_in_a_day_says_so(onboarded_ctx, nav):
    for _ in range(5):
        MessageCheckCounter(onboarded_ctx.store).record(onboarded_ctx.clock.now().date())
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    field(tree).value = "Thinking of you."
    click(button(tree, "Check message"))
    text = all_text(tree)
    assert "Many messages today" in text and "message 6 you've checked today" in text
    assert "Wait — don't send this now" in text


def test_hold_until_morning_keeps_it_in_drafts(onboarded_ctx, nav):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    field(tree).value = BLAMING
    click(button(tree, "Hold until morning"))
    (draft,) = DraftRepository(onboarded_ctx.store).all()
    assert draft.text == BLAMING
    assert draft.hold_until.strftime("%Y-%m-%d %H:%M") == "2026-11-24 07:45"  # morning_time
    assert nav.messages == ["Held until tomorrow at 07:45. It's resting in Drafts."]
    assert nav.routes == ["/send-check/drafts"]


def test_hold_refuses_nothing_and_a_full_disk_loses_nothing(onboarded_ctx, nav, monkeypatch):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    tree = screen.build()
    click(button(tree, "Hold until morning"))
    assert "nothing to keep" in field(tree).error
    field(tree).value = BLAMING

    def full(_draft):
        raise StoreWriteError(28, "Repair couldn't save: the disk is full.", "main.json")

    monkeypatch.setattr(screen.drafts, "add", full)
    click(button(tree, "Hold until morning"))
    assert nav.messages == ["Repair couldn't save: the disk is full."]
    assert nav.routes == [] and field(tree).value == BLAMING


def test_a_ready_draft_is_announced_on_the_check_screen(onboarded_ctx, nav, clock):
    DraftRepository(onboarded_ctx.store).add(hold_draft(BLAMING, clock.now(), onboarded_ctx
                                                        .settings.morning_time))
    assert "ready to re-read" not in all_text(BeforeYouSendScreen(onboarded_ctx, nav).build())
    clock.advance(days=1)
    tree = BeforeYouSendScreen(onboarded_ctx, nav).build()
    assert "A message you held is ready to re-read" in all_text(tree)
    click(button(tree, "Re-read it"))
    assert nav.routes == ["/send-check/drafts/1"]


# -- Drafts ------------------------------------------------------------------------------


def test_drafts_empty(onboarded_ctx, nav):
    tree = DraftsScreen(onboarded_ctx, nav).build()
    assert "No drafts" in all_text(tree)
    click(button(tree, "Write a message"))
    assert nav.routes == ["/send-check"]


def test_drafts_list_and_delete_for_good(onboarded_ctx, nav):
    repo = DraftRepository(onboarded_ctx.store)
    now = onboarded_ctx.clock.now()
    repo.add(hold_draft(BLAMING, now, onboarded_ctx.settings.morning_time))
    tree = DraftsScreen(onboarded_ctx, nav).build()
    text = all_text(tree)
    assert "Resting" in text and "until tomorrow at 07:45" in text and BLAMING in text
    assert "backups" in text
    delete = find(tree, ft.Semantics, label=f"Delete draft: {BLAMING[:39]}…")
    assert "Delete for good" not in buttons(tree)
    delete.content.on_click(ft.Event(name="click", control=delete.content))
    assert "Delete for good" in buttons(tree)
    click(button(tree, "Keep it"))
    assert "Delete for good" not in buttons(tree) and repo.all()
    delete.content.on_click(ft.Event(name="click", control=delete.content))
    click(button(tree, "Delete for good"))
    assert repo.all() == []
    assert nav.messages == ["Deleted for good."] and nav.refreshes == 1


# -- one draft --------------------------------------------------------------------------


@pytest.fixture
def draft(onboarded_ctx, clock):
    clock.set_wall(datetime(2026, 11, 23, 23, 20, tzinfo=clock.zone))
    return DraftRepository(onboarded_ctx.store).add(
        hold_draft(BLAMING, clock.now(), onboarded_ctx.settings.morning_time))


def test_a_resting_draft_can_be_edited_but_not_sent_yet(onboarded_ctx, nav, draft):
    screen = DraftScreen(onboarded_ctx, nav, draft.id)
    tree = screen.build()
    assert "Resting until tomorrow at 07:45" in all_text(tree)
    assert "Send as is" not in buttons(tree)
    field(tree).value = "I notice I feel alone in the evenings."
    click(button(tree, "Save changes"))
    assert DraftRepository(onboarded_ctx.store).get(draft.id).text.startswith("I notice")
    assert nav.messages == ["Saved."]


def test_checking_an_unchanged_draft_does_not_count_as_a_new_message(onboarded_ctx, nav,
                                                                      draft):
    tree = DraftScreen(onboarded_ctx, nav, draft.id).build()
    click(button(tree, "Check message"))
    assert "Consider rewording" in all_text(tree) or "Wait" in all_text(tree)
    assert MessageCheckCounter(onboarded_ctx.store).count(onboarded_ctx.clock.now().date()) == 0


def test_a_ready_draft_asks_send_rewrite_or_let_go(onboarded_ctx, nav, draft, clock):
    clock.advance(hours=9)  # 08:20 next morning
    screen = DraftScreen(onboarded_ctx, nav, draft.id)
    tree = screen.build()
    assert "Read it once more, slowly" in all_text(tree)
    assert {"Send as is", "Rewrite", "Let it go"} <= set(buttons(tree))
    run_async(screen.rewrite())
    assert "Wait — don't send this now" in all_text(tree)  # the check ran, to guide the rewrite
    field(tree).value = "I notice I feel alone."
    click(button(tree, "Hold until morning"))
    kept = DraftRepository(onboarded_ctx.store).get(draft.id)
    assert kept.text == "I notice I feel alone." and kept.hold_until > clock.now()
    assert nav.routes == ["/send-check/drafts"]


def test_send_as_is_copies_then_removes(onboarded_ctx, nav, draft, clock):
    clock.advance(hours=9)
    copied, copy = copy_recorder()
    screen = DraftScreen(onboarded_ctx, nav, draft.id, copy_text=copy)
    screen.build()
    run_async(screen.send_as_is())
    assert copied == [BLAMING]
    assert DraftRepository(onboarded_ctx.store).all() == []
    assert "never sends" in nav.messages[-1] and nav.routes == ["/send-check/drafts"]


def test_a_failed_copy_keeps_the_draft(onboarded_ctx, nav, draft, clock):
    clock.advance(hours=9)

    async def broken(_text: str) -> None:
        raise RuntimeError("clipboard unavailable")

    screen = DraftScreen(onboarded_ctx, nav, draft.id, copy_text=broken)
    screen.build()
    run_async(screen.send_as_is())
    assert DraftRepository(onboarded_ctx.store).get(draft.id) is not None
    assert "still here" in nav.messages[-1] and nav.routes == []


def test_let_it_go_deletes_for_good(onboarded_ctx, nav, draft, clock):
    clock.advance(hours=9)
    tree = DraftScreen(onboarded_ctx, nav, draft.id).build()
    click(button(tree, "Let it go"))
    confirm = [b for b in find_all(tree, ft.FilledButton) if b.content == "Let it go"]
    click(confirm[0])
    assert DraftRepository(onboarded_ctx.store).all() == []
    assert nav.routes == ["/send-check/drafts"]


def test_delete_draft_from_its_page(onboarded_ctx, nav, draft):
    tree = DraftScreen(onboarded_ctx, nav, draft.id).build()
    click(button(tree, "Delete draft"))
    click(button(tree, "Delete for good"))
    assert DraftRepository(onboarded_ctx.store).all() == []


def test_a_deleted_draft_s_page_says_so(onboarded_ctx, nav):
    tree = DraftScreen(onboarded_ctx, nav, 42).build()
    assert "This draft isn't here any more" in all_text(tree)
    click(button(tree, "Open Drafts"))
    assert nav.routes == ["/send-check/drafts"]


def test_editing_a_draft_deleted_elsewhere_says_so(onboarded_ctx, nav, draft):
    screen = DraftScreen(onboarded_ctx, nav, draft.id)
    tree = screen.build()
    DraftRepository(onboarded_ctx.store).delete(draft.id)
    click(button(tree, "Save changes"))
    assert nav.messages == ["This draft is no longer in Drafts: it was deleted."]
    assert DraftRepository(onboarded_ctx.store).all() == []


def test_findings_name_only_phases_the_user_has_reached(onboarded_ctx, nav):
    """Issue 18, item 11: a week-1 user saw "Phase 4 · Navigate challenges together" tags."""
    from repair_app.ui.screens.before_you_send import BeforeYouSendScreen

    from .helpers import all_text

    onboarded_ctx.save_settings(onboarded_ctx.settings.with_changes(
        program_start=onboarded_ctx.clock.now().date()))  # week 1: phase 1 only
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    screen.build()
    screen.editor.field.value = "You always do this. Answer me now!"
    screen.editor.check()
    shown = all_text(screen.editor.results)
    assert "Phase 1 · " in shown  # pressure comes from phase 1
    assert "Phase 4 · " not in shown and "Phase 3 · " not in shown


def test_a_wait_verdict_offers_holding_it_after_the_notes(onboarded_ctx, nav):
    """Issue 18, item 12: on "Wait", "Hold until morning" sat above the verdict only."""
    from repair_app.ui.screens.before_you_send import BeforeYouSendScreen

    from .helpers import click, find

    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    screen.build()
    screen.editor.field.value = "Answer me now!"
    click(screen.editor.check_button)
    last = screen.editor.results.controls[-1]
    hold = find(last, ft.FilledButton, content="Hold until morning")
    click(hold)
    assert nav.routes == ["/send-check/drafts"]


def test_a_clear_verdict_does_not_push_holding(onboarded_ctx, nav):
    from repair_app.ui.screens.before_you_send import BeforeYouSendScreen

    from .helpers import click, find_all

    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    screen.build()
    screen.editor.field.value = "Thinking of you. Sleep well."
    click(screen.editor.check_button)
    assert not [b for b in find_all(screen.editor.results, ft.FilledButton)
                if b.content == "Hold until morning"]


def test_a_ready_draft_shows_its_verdict_and_three_calm_choices(onboarded_ctx, nav, draft,
                                                                 clock):
    """Issue 18, item 12: the re-read screen offered eight actions, "Send as is" the most
    prominent, and didn't show what the check had said."""
    clock.advance(hours=9)
    screen = DraftScreen(onboarded_ctx, nav, draft.id)
    tree = screen.build()
    shown = set(buttons(tree))
    assert shown == {"Rewrite", "Send as is", "Let it go"}, shown
    assert not isinstance(screen.send_button, ft.FilledButton)
    assert "Wait — don't send this now" in all_text(tree)  # the verdict, before choosing
    assert MessageCheckCounter(onboarded_ctx.store).count(clock.now().date()) == 0
    run_async(screen.rewrite())
    assert {"Check message", "Save changes", "Hold until morning"} <= set(buttons(tree))
