"""The pause screen, its ticker and the Pause button, on control trees without a Flet client.

The ticker runs for real (asyncio) with a sleep that moves the fake clock instead of waiting.
"""

from __future__ import annotations

import asyncio
import errno
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

import flet as ft
import pytest

from repair_app.core.pause import NOTE_MAX, PAUSE_SECONDS, PauseState
from repair_app.store import StoreWriteError
from repair_app.ui.pause_controller import PauseController
from repair_app.ui.screens.pause import PauseScreen
from repair_app.ui.screens.pause_history import PauseHistoryScreen
from repair_app.ui.screens.today import TodayScreen
from repair_app.ui.shell import Shell

from .helpers import all_text, click, find, find_all


@dataclass
class TaskRecorder:
    """Stands in for page.run_task: remembers what would have been started."""

    started: list = field(default_factory=list)

    def __call__(self, handler, *args):
        self.started.append((handler, args))
        return FakeFuture()


class FakeFuture:
    cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class Pushes:
    """Stands in for control.update(): records what each tick sent."""

    batches: list = field(default_factory=list)

    def __call__(self, *controls):
        self.batches.append(controls)


def run_coroutine(coroutine):
    """asyncio.run in a worker thread: the browser tests' sync Playwright keeps an event loop
    running in the main thread for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def clock_sleep(clock):
    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
    return sleep


@pytest.fixture
def controller(onboarded_ctx):
    return PauseController(onboarded_ctx, run_task=TaskRecorder(),
                           sleep=clock_sleep(onboarded_ctx.clock))


def make_screen(ctx, nav, controller, **kwargs):
    pushes = Pushes()
    screen = PauseScreen(ctx, nav, controller, run_task=TaskRecorder(),
                         sleep=clock_sleep(ctx.clock), push=pushes, **kwargs)
    return screen, pushes


def mount(screen):
    screen._mounted = True


def run_ticker(screen, ticks: int | None = None):
    """Run the real ticker; stop after ``ticks`` pushes by unmounting, like leaving the screen."""
    original = screen.push
    if ticks is not None:
        count = [0]

        def counting(*controls):
            original(*controls)
            count[0] += 1
            if count[0] >= ticks:
                screen.unmounted()
        screen.push = counting
    run_coroutine(screen.run_ticker())
    screen.push = original


# -- the Pause button --------------------------------------------------------------------------

class FakePage:
    def __init__(self, route: str = "/today") -> None:
        self.route = route
        self.tasks: list = []
        self.dialogs: list = []
        self.views: list = []
        self.width = 390
        self.updates = 0
        self.on_app_lifecycle_state_change = None
        self.on_route_change = None

    def update(self) -> None:
        self.updates += 1

    def run_task(self, handler, *args):
        self.tasks.append((handler, args))
        return FakeFuture()

    async def push_route(self, route):  # pragma: no cover - never awaited here
        self.route = route

    def show_dialog(self, dialog):
        self.dialogs.append(dialog)

    def pop_dialog(self):
        return self.dialogs.pop() if self.dialogs else None


@pytest.mark.parametrize("narrow", [True, False])
def test_every_main_screen_has_the_pause_button_and_one_tap_starts(onboarded_ctx, narrow):
    page = FakePage()
    shell = Shell(page, onboarded_ctx)
    shell.narrow = narrow
    view = shell.top_level_view("/today", TodayScreen(onboarded_ctx, shell))
    button = view.floating_action_button
    assert isinstance(button, ft.FloatingActionButton) and button.content == "Pause"
    click(button)
    assert shell.pause.current().state is PauseState.RUNNING
    assert pushed_routes(page) == ["/pause"]
    # the watcher is sleeping until the end; a second tap keeps the same pause
    first = shell.pause.current()
    click(button)
    assert shell.pause.current() == first


def test_pause_views_stack_on_today(onboarded_ctx):
    from repair_app.core.routes import resolve_route

    shell = Shell(FakePage(), onboarded_ctx)
    views = shell.build_views(resolve_route("/pause", onboarded=True))
    assert [v.route for v in views] == ["/today", "/pause"]
    assert views[-1].floating_action_button is None
    views = shell.build_views(resolve_route("/pause/history", onboarded=True))
    assert [v.route for v in views] == ["/today", "/pause", "/pause/history"]


def test_time_up_banner_only_off_the_pause_screen(onboarded_ctx):
    page = FakePage(route="/progress")
    shell = Shell(page, onboarded_ctx)
    session = shell.pause.start()
    shell.pause_time_up(session)
    assert isinstance(page.dialogs[-1], ft.Banner)
    assert "pause is over" in all_text(page.dialogs[-1].content)
    page.route = "/pause"
    shell.pause_time_up(session)
    assert len(page.dialogs) == 1
    page.route = "/pause/history"  # the pause screen is hidden under the history
    shell.pause_time_up(session)
    assert len(page.dialogs) == 2


def pushed_routes(page: FakePage) -> list[str]:
    return [args[0] for handler, args in page.tasks if handler == page.push_route]


def test_opening_the_app_with_a_running_or_ended_pause_goes_to_it(onboarded_ctx):
    page = FakePage(route="/settings")
    Shell(page, onboarded_ctx).start()
    assert pushed_routes(page) == [] and page.views[-1].route == "/settings"

    PauseController(onboarded_ctx).start()
    page = FakePage(route="/settings")
    shell = Shell(page, onboarded_ctx)
    shell.start()
    assert pushed_routes(page) == ["/pause"]
    watchers = [h for h, _ in page.tasks if h == shell.pause.watch_until_time_up]
    assert len(watchers) == 1

    onboarded_ctx.clock.advance(hours=8)  # it ended while the app was closed
    page = FakePage(route="/today")
    Shell(page, onboarded_ctx).start()
    assert pushed_routes(page) == ["/pause"]


def test_a_pause_page_is_not_redirected(onboarded_ctx):
    PauseController(onboarded_ctx).start()
    page = FakePage(route="/pause/history")
    Shell(page, onboarded_ctx).start()
    assert pushed_routes(page) == []
    assert [v.route for v in page.views] == ["/today", "/pause", "/pause/history"]


# -- running -----------------------------------------------------------------------------------

def test_running_screen_shows_code_word_countdown_ring_and_calm_lines(onboarded_ctx, nav,
                                                                      controller):
    onboarded_ctx.save_settings(onboarded_ctx.settings.with_changes(code_word="pineapple"))
    controller.start()
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    tree = screen.build()
    text = all_text(tree)
    assert "pineapple" in text and "20:00" in text and "Breathe in" in text
    assert "not walking away" in text and "Let the argument rest" in text
    assert find(tree, ft.ProgressRing).value == 1.0
    assert find(tree, ft.OutlinedButton).content == "Add 5 minutes"


def test_ticker_updates_only_the_dial_once_a_second(onboarded_ctx, nav, controller):
    controller.start()
    screen, pushes = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    run_ticker(screen, ticks=11)
    assert all(batch == (screen.dial,) for batch in pushes.batches)
    assert screen.time_text.value == "19:50"
    assert screen.ring.value == pytest.approx(1190 / 1200)


def test_breathing_guide_is_four_in_six_out(onboarded_ctx, nav, controller):
    controller.start()
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    seen = []
    screen.push = lambda *controls: (seen.append((screen.breath_text.value,
                                                  screen.breath_circle.scale,
                                                  screen.breath_circle.animate_scale.duration)),
                                     len(seen) >= 20 and screen.unmounted())
    run_coroutine(screen.run_ticker())
    phases = [text for text, _scale, _duration in seen]
    assert phases[:10] == ["Breathe in"] * 4 + ["Breathe out"] * 6
    assert phases[10:20] == phases[:10]
    assert seen[0][1:] == (1.0, 4000) and seen[4][1:] == (0.68, 6000)


def test_ticker_reaches_zero_and_shows_the_return_screen_with_one_signal(onboarded_ctx, nav,
                                                                         controller):
    signals = []
    controller.time_up_signals.append(signals.append)
    session = controller.start()
    screen, pushes = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    run_ticker(screen)
    assert len(pushes.batches) == PAUSE_SECONDS + 1  # 20:00 … 00:01, then the return screen
    assert pushes.batches[-1] == (screen.panel,)
    assert [s.id for s in signals] == [session.id]
    text = all_text(screen.panel)
    assert "Your 20 minutes are up" in text
    assert "What do you need right now?" in text
    assert "How can we solve this together instead of against each other?" in text
    assert controller.current().state is PauseState.FINISHED
    # the watcher waking later does not signal again
    run_coroutine(controller.watch_until_time_up(session.id))
    assert len(signals) == 1


def test_displayed_time_follows_the_stored_end_within_half_a_second(onboarded_ctx, nav,
                                                                     controller):
    controller.start()
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    worst = []

    def check(*controls):
        if controls == (screen.panel,):
            return  # the return screen replaced the dial
        stored = controller.current()
        left = stored.remaining(onboarded_ctx.clock.now())
        shown = int(screen.time_text.value[:2]) * 60 + int(screen.time_text.value[3:])
        worst.append(max(left - shown, (shown - 1) - left, 0.0))
    screen.push = check
    run_coroutine(screen.run_ticker())
    assert len(worst) == PAUSE_SECONDS
    assert max(worst) <= 0.5


def test_wall_clock_jump_while_open_keeps_the_countdown_and_fixes_the_store(onboarded_ctx, nav,
                                                                            controller):
    clock = onboarded_ctx.clock
    controller.start()
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    run_ticker(screen, ticks=61)
    assert screen.time_text.value == "19:00"
    clock.set_wall(clock.now() + timedelta(hours=3))  # the user sets the clock forward
    screen._mounted = True
    run_ticker(screen, ticks=1)
    assert screen.time_text.value in ("19:00", "18:59")
    stored = controller.current()
    assert stored.running
    assert abs(stored.remaining(clock.now()) - controller.countdown.remaining(clock)) < 0.01


def test_unmounting_stops_the_ticker(onboarded_ctx, nav, controller):
    controller.start()
    screen, pushes = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    screen._ticker_future = future = FakeFuture()
    screen.unmounted()
    assert future.cancelled
    run_coroutine(screen.run_ticker())
    assert pushes.batches == []


def test_mounting_starts_one_ticker_and_the_watcher(onboarded_ctx, nav):
    runner = TaskRecorder()
    controller = PauseController(onboarded_ctx, run_task=runner)
    controller.start()
    assert len(runner.started) == 1  # the watcher
    screen = PauseScreen(onboarded_ctx, nav, controller, run_task=runner)
    screen.build()
    screen._mounted = True
    screen._ensure_ticker()
    screen._ensure_ticker()
    tickers = [h for h, _ in runner.started if h == screen.run_ticker]
    assert len(tickers) == 1


def test_no_ticker_without_a_running_pause(onboarded_ctx, nav):
    runner = TaskRecorder()
    controller = PauseController(onboarded_ctx, run_task=runner)
    screen = PauseScreen(onboarded_ctx, nav, controller, run_task=runner)
    screen.build()
    screen._mounted = True
    screen._ensure_ticker()
    controller.watch()
    assert runner.started == []


def test_add_five_minutes(onboarded_ctx, nav, controller):
    controller.start()
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    tree = screen.build()
    onboarded_ctx.clock.advance(minutes=2)
    click(find(tree, ft.OutlinedButton))
    assert screen.time_text.value == "23:00"
    assert controller.current().extensions == 1
    assert nav.messages == ["5 more minutes. Take all the time you need."]


def test_end_early_asks_first_then_records_it(onboarded_ctx, nav, controller):
    controller.start()
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    tree = screen.build()
    onboarded_ctx.clock.advance(minutes=6)
    click(screen.end_button)
    assert screen.confirm_box.visible
    assert "Twenty minutes is the minimum for your body to settle." in all_text(screen.confirm_box)
    click(find(screen.confirm_box, ft.FilledButton))  # Keep pausing
    assert not screen.confirm_box.visible and controller.current().running
    click(screen.end_button)
    click(find(screen.confirm_box, ft.TextButton))  # End now
    assert controller.current().state is PauseState.ENDED_EARLY
    assert "You ended the pause early" in all_text(screen.panel)
    (entry,) = controller.history()
    assert entry.ended_early and entry.length_seconds == 360
    assert tree == [screen.panel]


def test_ticker_leaves_the_return_screen_alone_after_end_early(onboarded_ctx, nav, controller):
    controller.start()
    screen, pushes = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    click(screen.end_button)
    click(find(screen.confirm_box, ft.TextButton))  # End now
    note_field = screen.note_field
    note_field.value = "half-typed"
    run_ticker(screen)
    assert pushes.batches == [] and screen.note_field is note_field
    assert note_field.value == "half-typed"


def test_pause_ended_in_another_window_turns_this_screen_to_the_return_screen(
        onboarded_ctx, nav, controller):
    controller.start()
    screen, pushes = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    mount(screen)
    other_window = PauseController(onboarded_ctx)
    onboarded_ctx.clock.advance(minutes=3)
    other_window.end_early()
    run_ticker(screen)
    assert pushes.batches == [(screen.panel,)]
    assert "You ended the pause early" in all_text(screen.panel)


def test_return_screen_saves_what_helped(onboarded_ctx, nav, controller):
    controller.start()
    onboarded_ctx.clock.advance(minutes=20)
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    screen.note_field.value = "x" * 100_000
    click(find(screen.panel, ft.FilledButton))
    assert str(NOTE_MAX) in screen.note_field.error
    assert nav.routes == []
    screen.note_field.value = "Music in the car 🎶"
    click(find(screen.panel, ft.FilledButton))
    assert nav.routes == ["/today"] and nav.messages == ["Saved with this pause."]
    assert controller.current() is None
    assert controller.history()[0].note == "Music in the car 🎶"


def test_skip_returns_home_without_a_note(onboarded_ctx, nav, controller):
    controller.start()
    onboarded_ctx.clock.advance(minutes=25)
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    click(find(screen.panel, ft.TextButton, content="Skip"))
    assert nav.routes == ["/today"]
    assert controller.current() is None and controller.history()[0].note == ""


def test_pulse_helper_counts_taps_and_says_flooded_or_not(onboarded_ctx, nav, controller):
    clock = onboarded_ctx.clock
    controller.start()
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    click(screen.pulse_toggle)
    assert screen.pulse_card.visible
    click(screen.beat_button)
    for _ in range(27):
        clock.advance(0.55)
        click(screen.beat_button)
    assert screen.pulse_status.value.startswith("27 beats ·")
    clock.advance(1.0)
    screen.refresh_pulse()
    assert "About 108 beats a minute" in screen.pulse_status.value
    assert "not a medical reading" in screen.pulse_status.value
    assert not screen.beat_button.visible and screen.pulse_again.visible
    click(screen.pulse_again)
    assert screen.beat_button.visible and not screen.pulse.started


def test_ticker_refreshes_the_pulse_box_while_counting(onboarded_ctx, nav, controller):
    controller.start()
    screen, pushes = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    click(screen.beat_button)
    mount(screen)
    run_ticker(screen, ticks=17)
    assert (screen.dial, screen.pulse_box) in pushes.batches
    assert pushes.batches[-1] == (screen.dial,)  # once the result is shown, dial only
    assert "No beats were counted" in screen.pulse_status.value


def test_idle_screen_starts_a_pause(onboarded_ctx, nav, controller):
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    assert "No pause running" in all_text(screen.panel)
    click(find(screen.panel, ft.FilledButton))
    assert controller.current().running
    assert "20:00" in all_text(screen.panel)


def test_full_disk_on_start_still_runs_the_pause(onboarded_ctx, nav, controller, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise StoreWriteError(errno.ENOSPC, "Your device is full. Nothing you wrote before "
                                            "this was lost.")
    monkeypatch.setattr(controller.service.records, "save_current", refuse)
    session = controller.start_and_show(nav)
    assert session.running and controller.in_memory
    assert nav.routes == ["/pause"]
    assert "couldn't be saved" in nav.messages[0] and "device is full" in nav.messages[0]
    assert controller.current() == session


def test_pause_that_ended_while_closed_shows_return_screen_without_a_signal(onboarded_ctx, nav):
    PauseController(onboarded_ctx).start()
    onboarded_ctx.clock.advance(hours=5)
    reopened = PauseController(onboarded_ctx, run_task=TaskRecorder())
    signals = []
    reopened.time_up_signals.append(signals.append)
    assert reopened.needs_attention()
    screen, _ = make_screen(onboarded_ctx, nav, reopened)
    screen.build()
    assert "Your 20 minutes are up" in all_text(screen.panel)
    assert signals == []


def test_watcher_signals_when_time_is_up_on_another_screen(onboarded_ctx):
    signals = []
    runner = TaskRecorder()
    controller = PauseController(onboarded_ctx, run_task=runner,
                                 sleep=clock_sleep(onboarded_ctx.clock))
    controller.time_up_signals.append(signals.append)
    controller.time_up_signals.insert(0, lambda _s: 1 / 0)  # a broken notifier changes nothing
    session = controller.start()
    controller.extend()
    ((handler, args),) = runner.started
    run_coroutine(handler(*args))
    assert [s.id for s in signals] == [session.id]
    assert controller.current().length_seconds == 25 * 60


# -- history -----------------------------------------------------------------------------------

def two_past_pauses(clock, controller) -> None:
    """A full pause at 09:30 with a note, then one ended early at 11:50."""
    controller.start()
    clock.advance(minutes=20)
    controller.save_note("Walked to the river")
    controller.dismiss()
    clock.advance(hours=2)
    controller.start()
    clock.advance(minutes=4)
    controller.end_early()


def test_history_screen_empty_then_filled(onboarded_ctx, nav, controller):
    assert "No pauses yet" in all_text(PauseHistoryScreen(onboarded_ctx, nav, controller).build())
    two_past_pauses(onboarded_ctx.clock, controller)
    text = all_text(PauseHistoryScreen(onboarded_ctx, nav, controller).build())
    assert "2 pauses so far; 1 for the full time." in text
    assert "Mon 23 Nov 2026, 09:30" in text and "20 min · taken in full" in text
    assert "What helped: Walked to the river" in text
    assert "Mon 23 Nov 2026, 11:50" in text and "4 min · ended early" in text
    assert text.index("11:50") < text.index("09:30")  # newest first


def test_each_past_pause_is_one_item_a_screen_reader_reads_whole(onboarded_ctx, nav,
                                                                  controller):
    two_past_pauses(onboarded_ctx.clock, controller)
    tree = PauseHistoryScreen(onboarded_ctx, nav, controller).build()
    items = [s for s in find_all(tree, ft.Semantics) if s.container and s.exclude_semantics]
    assert [s.label for s in items] == [
        "Mon 23 Nov 2026, 11:50. 4 min, ended early.",
        "Mon 23 Nov 2026, 09:30. 20 min, taken in full. What helped: Walked to the river",
    ]
    assert "20 min · taken in full" in all_text(items[1])  # the same words on screen


def test_past_pauses_link(onboarded_ctx, nav, controller):
    screen, _ = make_screen(onboarded_ctx, nav, controller)
    screen.build()
    buttons = find_all(screen.panel, ft.TextButton)
    click(next(b for b in buttons if b.content == "Past pauses"))
    assert nav.routes == ["/pause/history"]


def test_start_extend_end_and_put_away_tell_the_reminders(onboarded_ctx):
    """The reminders re-arm the pause's end with the phone's OS on each of these."""
    controller = PauseController(onboarded_ctx)
    told: list[str] = []
    controller.changed_signals.append(lambda: told.append("changed"))

    def broken() -> None:
        raise RuntimeError("the phone went away")

    controller.changed_signals.append(broken)  # a failing one never breaks the pause
    controller.start()
    controller.extend()
    controller.end_early()
    controller.dismiss()
    assert told == ["changed"] * 4
    assert controller.current() is None


def phone_slept(clock, seconds: float) -> None:
    """A phone in the background: Python suspended, the wall clock moves on, and a
    monotonic clock that doesn't count sleep stands still."""
    clock.set_wall(clock.now() + timedelta(seconds=seconds))


def test_on_resume_the_countdown_follows_the_stored_end_not_a_stopped_clock(onboarded_ctx):
    runner = TaskRecorder()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    controller = PauseController(onboarded_ctx, run_task=runner, sleep=sleep)
    session = controller.start()
    clock = onboarded_ctx.clock
    clock.advance(60)
    phone_slept(clock, 300)
    resumed = controller.resumed()
    assert resumed.id == session.id and resumed.running
    assert resumed.ends_at == session.ends_at  # never moved later by the stopped clock
    _session, countdown = controller.sync()
    assert countdown.remaining(clock) == pytest.approx(PAUSE_SECONDS - 360)
    assert controller.current().ends_at == session.ends_at
    # a fresh watcher runs; the old one, asleep since before, stops when it wakes
    handlers = [h for h, _args in runner.started if h == controller.watch_until_time_up]
    assert len(handlers) == 2
    old_generation = runner.started[0][1][1]
    run_coroutine(controller.watch_until_time_up(session.id, old_generation))
    assert slept == []  # the old watcher returned at once instead of sleeping on


def test_a_pause_that_ended_while_away_is_settled_once_on_resume(onboarded_ctx):
    controller = PauseController(onboarded_ctx, run_task=TaskRecorder())
    signalled = []
    controller.time_up_signals.append(signalled.append)
    session = controller.start()
    phone_slept(onboarded_ctx.clock, PAUSE_SECONDS + 30)
    finished = controller.resumed()
    assert finished.id == session.id and finished.state is PauseState.FINISHED
    assert [s.id for s in signalled] == [session.id]
    controller.resumed()
    assert len(signalled) == 1  # once


@pytest.mark.parametrize("route", ["/today", "/"])  # "/": Today where Repair opens
def test_shell_on_resume_rebuilds_today_only_when_the_day_changed(onboarded_ctx, route):
    from repair_app.ui.shell import Shell

    page = FakePage(route=route)
    shell = Shell(page, onboarded_ctx)
    shell.start()
    first_view = page.views[0]

    def resume() -> None:
        page.on_app_lifecycle_state_change(ft.AppLifecycleStateChangeEvent(
            name="app_lifecycle_state_change", control=None,
            state=ft.AppLifecycleState.RESUME))

    resume()
    assert page.views[0] is first_view  # same day: what is on screen stays
    clock = onboarded_ctx.clock
    phone_slept(clock, 24 * 3600)
    resume()
    assert page.views[0] is not first_view  # a new day: Today is rebuilt for it
    assert shell.shown_day == clock.now().date()


def test_the_dial_fits_the_users_text_size(onboarded_ctx, nav, controller):
    """Issue 18, item 5: at 200% text the countdown would wrap and spill over "Breathe in";
    the dial reads the scale from the countdown's height and grows (then the numbers
    shrink) so it stays on one line inside the ring."""
    controller.start()
    screen = PauseScreen(onboarded_ctx, nav, controller)
    screen.build()
    assert screen.time_text.no_wrap and screen.time_text.max_lines == 1
    assert screen.dial.width == 244 and screen.time_text.size == 60

    def resized(height: float) -> None:
        screen.countdown_resized(ft.LayoutSizeChangeEvent(
            name="size_change", control=screen.time_text, width=244, height=height))

    resized(60)  # ordinary text: nothing moves
    assert screen.dial.width == 244 and screen.time_text.size == 60
    resized(120)  # 200 %
    assert 300 < screen.dial.width <= 358 and screen.ring.width == screen.dial.width
    assert screen.time_text.size < 60
    size = screen.time_text.size
    resized(size * 2.0)  # the same scale measured again: stable
    assert screen.time_text.size == size


def test_opening_the_pulse_helper_scrolls_it_into_view(onboarded_ctx, nav, controller):
    """Issue 18, item 12: "Check my pulse" opened below the fold."""
    controller.start()
    tasks: list = []
    screen = PauseScreen(onboarded_ctx, nav, controller,
                         run_task=lambda handler, *args: tasks.append((handler, args)))
    body = ft.Column(screen.build(), scroll=ft.ScrollMode.AUTO)
    screen.panel._parent = __import__("weakref").ref(body)
    screen.pulse_card.update = lambda: None  # no page here
    click(screen.pulse_toggle)
    assert screen.pulse_card.visible
    assert [args for _handler, args in tasks] == [(body,)]
    scrolled: list = []

    async def scroll_to(**kwargs):
        scrolled.append(kwargs)

    body.scroll_to = scroll_to

    async def no_sleep(_seconds):
        return None

    screen._sleep = no_sleep
    run_coroutine(tasks[0][0](body))
    assert scrolled and scrolled[0]["scroll_key"] == "pulse"
