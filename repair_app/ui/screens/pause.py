"""The pause screen: the code word, the countdown ring with a breathing guide, and the way back.

Three faces, one per state of the current pause: running (the countdown), ended (the return
screen with the partnership questions and "What helped"), and idle (start one, see past ones).

While the screen is mounted and a pause runs, ONE ticker coroutine (``page.run_task``) sleeps
until the displayed second changes, then updates only the dial (countdown text, ring, and the
breathing circle when its phase turns) and, while counting, the pulse box. It stops when the
screen unmounts or the pause ends. The countdown comes from the controller's monotonic anchor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import flet as ft

from repair_app.context import AppContext
from repair_app.core.pause import (
    BREATHE_IN_SECONDS,
    BREATHE_OUT_SECONDS,
    COUNTDOWN_SIZE,
    DIAL_MIN,
    EXTENSION_MINUTES,
    MAX_TOTAL_SECONDS,
    NOTE_MAX,
    DialLayout,
    PauseError,
    PauseSession,
    PulseCount,
    breath_phase,
    dial_layout,
    dial_room,
    display_seconds,
    format_remaining,
    length_label,
    progress_fraction,
    pulse_message,
    seconds_to_next_change,
    text_scale_from,
)
from repair_app.core.routes import PAUSE_HISTORY
from repair_app.store import StoreWriteError
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.pause_controller import PauseController
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, date_label, heading, paragraph
from repair_app.ui.widgets.live import own_updates
from repair_app.ui.widgets.pause_button import MountHooks

log = logging.getLogger(__name__)

#: Wake this long after the displayed second changes, so it has surely changed.
TICK_MARGIN_SECONDS = 0.02
DIAL_SIZE = DIAL_MIN
BREATH_SIZE = 200
EXHALED_SCALE = 0.68
QUESTIONS_NOTE = "When you talk again, you could begin with one of these:"
CALM_LINES = (
    "You're taking a break, not walking away.",
    "Let the argument rest. No need to plan your reply.",
    "Come back when your body has settled.",
)


class PausePanel(MountHooks, ft.Container):
    """A container that tells its screen when it is put on or taken off the page."""


PULSE_KEY = "pulse"
PULSE_REVEAL_DELAY = 0.25


def _scrolling_ancestor(control: ft.BaseControl) -> Any:
    """The nearest scrolling column or row holding ``control`` (None off the page)."""
    try:
        node = control.parent
    except (RuntimeError, AttributeError):
        return None
    while node is not None:
        if getattr(node, "scroll", None) is not None and hasattr(node, "scroll_to"):
            return node
        node = getattr(node, "parent", None)
    return None


def _update_each(*controls: ft.Control) -> None:
    for control in controls:
        control.update()


class PauseScreen:
    title = "Pause"

    def __init__(self, ctx: AppContext, nav: Navigator, controller: PauseController, *,
                 run_task: Callable[..., Any] | None = None,
                 sleep: Callable[[float], Any] = asyncio.sleep,
                 push: Callable[..., None] = _update_each, locked: bool = False) -> None:
        self.ctx = ctx
        #: Opened from the lock screen: show no private text (no past pauses, no notes).
        self.locked = locked
        self.nav = nav
        self.controller = controller
        self.clock = ctx.clock
        self.push = push
        self._run_task = run_task
        self._sleep = sleep
        self._mounted = False
        self._ticking = False
        self._ticker_future: Any = None
        self.session: PauseSession | None = None
        self.panel = PausePanel(animate_opacity=400)
        self.panel._on_mount = self.mounted
        self.panel._on_unmount = self.unmounted
        self.pulse = PulseCount()
        self._pulse_done = False
        self._phase: str | None = None
        self._shown_at_mount: int | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def build(self) -> list[ft.Control]:
        session, countdown = self.controller.sync()
        if countdown is None or countdown.remaining(self.clock) <= 0:
            session = self.controller.current(self.nav)  # settles a pause whose time is up
        self.show(session)
        return [self.panel]

    def mounted(self) -> None:
        self._mounted = True
        if self._run_task is None:
            self._run_task = self.panel.page.run_task
        self.controller.watch()
        self._ensure_ticker()

    def unmounted(self) -> None:
        self._mounted = False
        future, self._ticker_future = self._ticker_future, None
        if future is not None:
            future.cancel()

    def show(self, session: PauseSession | None) -> None:
        """Put the face for ``session``'s state in the panel (the caller pushes it)."""
        self.session = session
        if session is None:
            self.panel.content = self.idle_face()
        elif session.running:
            self.panel.content = self.running_face(session)
        else:
            self.panel.content = self.return_face(session)
        self._ensure_ticker()

    def _ensure_ticker(self) -> None:
        if not self._mounted or self._ticking or self.session is None \
                or not self.session.running or self._run_task is None:
            return
        self._ticking = True
        try:
            self._ticker_future = self._run_task(self.run_ticker)
        except Exception:
            self._ticking = False
            log.exception("couldn't start the pause ticker")

    # -- the ticker ----------------------------------------------------------------------------
    async def run_ticker(self) -> None:
        """Tick once per displayed second until unmounted or the pause is over."""
        self._ticking = True
        changed_to: list[PauseSession | None] = []
        try:
            while self._mounted and not self._page_closed():
                if self.session is None or not self.session.running:
                    break  # a tap (End early) has already shown what comes next
                session, countdown = self.controller.sync()
                if session is None or countdown is None or not session.running \
                        or session.id != self.session.id:
                    changed_to.append(self.controller.current())
                    break
                left = countdown.remaining(self.clock)
                if left <= 0:
                    ended = self.controller.time_up(session)
                    if ended is not None and ended.running:
                        continue  # extended in another window meanwhile
                    changed_to.append(ended)
                    break
                self.session = session
                self.push(*self.paint(left, session))
                await self._sleep(seconds_to_next_change(countdown.remaining(self.clock))
                                  + TICK_MARGIN_SECONDS)
        except RuntimeError as error:  # the control left the page between two ticks
            log.debug("pause ticker stopped: %s", error)
        finally:
            self._ticking = False
        if changed_to and self._mounted:
            self.show(changed_to[0])
            self.push(self.panel)

    def _page_closed(self) -> bool:
        """The browser tab went away for good (Flet expired its session): stop ticking. A
        tab that is only reloading keeps its session, and the ticker keeps it current."""
        try:
            expires_at = self.panel.page.session.expires_at
        except (RuntimeError, AttributeError):
            return False
        return expires_at is not None and expires_at <= self.clock.now()

    def paint(self, left: float, session: PauseSession) -> list[ft.Control]:
        """Set the countdown, the ring and the breathing phase; return what changed."""
        self.time_text.value = format_remaining(left)
        shown = display_seconds(left)
        self.ring.value = progress_fraction(shown, session.total_seconds)
        if self._shown_at_mount is None:
            self._shown_at_mount = shown
        self.set_breath(breath_phase(max(self._shown_at_mount - shown, 0)))
        changed: list[ft.Control] = [self.dial]
        if self.pulse.started and not self._pulse_done:
            self.refresh_pulse()
            changed.append(self.pulse_box)
        return changed

    def set_breath(self, phase: str) -> None:
        if phase == self._phase:
            return
        self._phase = phase
        breathing_in = phase == "in"
        seconds = BREATHE_IN_SECONDS if breathing_in else BREATHE_OUT_SECONDS
        self.breath_circle.animate_scale = ft.Animation(seconds * 1000,
                                                        ft.AnimationCurve.EASE_IN_OUT)
        self.breath_circle.scale = 1.0 if breathing_in else EXHALED_SCALE
        self.breath_text.value = "Breathe in" if breathing_in else "Breathe out"

    # -- running -------------------------------------------------------------------------------
    def running_face(self, session: PauseSession) -> ft.Control:
        countdown = self.controller.countdown_for(session)
        left = countdown.remaining(self.clock)
        self._phase = None
        self._shown_at_mount = None
        # One line, with a line height of exactly its size: its rendered height tells the
        # user's text scale, and the dial grows (or the numbers shrink) to fit it.
        self.time_text = ft.Text(format_remaining(left), size=COUNTDOWN_SIZE,
                                 weight=ft.FontWeight.W_300, text_align=ft.TextAlign.CENTER,
                                 style=ft.TextStyle(height=1.0), no_wrap=True, max_lines=1,
                                 on_size_change=self.countdown_resized,
                                 size_change_interval=100)
        self.breath_text = ft.Text("Breathe in", theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                   color=ft.Colors.ON_SURFACE_VARIANT)
        self.ring = ft.ProgressRing(
            value=progress_fraction(display_seconds(left), session.total_seconds), width=DIAL_SIZE,
            height=DIAL_SIZE, stroke_width=5,
            color=ft.Colors.with_opacity(0.7, ft.Colors.PRIMARY),
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH, stroke_cap=ft.StrokeCap.ROUND,
            semantics_label="Time left in the pause",
        )
        self.breath_holder = ft.Container(alignment=ft.Alignment.CENTER, width=DIAL_SIZE,
                                          height=DIAL_SIZE)
        self.text_holder = ft.Container(alignment=ft.Alignment.CENTER, width=DIAL_SIZE,
                                        height=DIAL_SIZE)
        self.breath_circle = ft.Container(
            width=BREATH_SIZE, height=BREATH_SIZE, shape=ft.BoxShape.CIRCLE,
            bgcolor=ft.Colors.with_opacity(0.55, ft.Colors.PRIMARY_CONTAINER),
            scale=EXHALED_SCALE,
            animate_scale=ft.Animation(BREATHE_IN_SECONDS * 1000, ft.AnimationCurve.EASE_IN_OUT),
        )
        self.breath_holder.content = self.breath_circle
        self.text_holder.content = ft.Column(
            [self.time_text, self.breath_text], spacing=0, tight=True,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER)
        self.dial = ft.Stack([self.breath_holder, self.ring, self.text_holder],
                             width=DIAL_SIZE, height=DIAL_SIZE)
        self.extend_button = ft.OutlinedButton(
            f"Add {EXTENSION_MINUTES} minutes", icon=Icons.MORE_TIME,
            on_click=self.extend_clicked, height=MIN_TAP,
            disabled=session.total_seconds >= MAX_TOTAL_SECONDS,
        )
        self.end_button = ft.TextButton("End early", on_click=self.end_clicked, height=MIN_TAP)
        self.confirm_box = self.end_confirmation()
        self.pulse_box = self.pulse_helper()
        word = self.ctx.settings.code_word
        return _centered([
            ft.Text("Your code word", theme_style=ft.TextThemeStyle.LABEL_LARGE,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(word, size=44 if len(word) <= 12 else 32, weight=ft.FontWeight.W_500,
                    color=ft.Colors.PRIMARY, text_align=ft.TextAlign.CENTER,
                    semantics_label=f"Your code word: {word}"),
            ft.Container(self.dial, padding=ft.Padding.symmetric(vertical=8)),
            *[ft.Text(line, theme_style=ft.TextThemeStyle.BODY_LARGE,
                      color=ft.Colors.ON_SURFACE_VARIANT, text_align=ft.TextAlign.CENTER)
              for line in CALM_LINES],
            ft.Row([self.extend_button, self.end_button], alignment=ft.MainAxisAlignment.CENTER,
                   wrap=True, spacing=12, run_spacing=8),
            self.confirm_box,
            ft.Row([self.pulse_toggle, self.history_link()], alignment=ft.MainAxisAlignment.CENTER,
                   wrap=True, spacing=4),
            self.pulse_box,
        ])

    def countdown_resized(self, e: ft.LayoutSizeChangeEvent) -> None:
        """Fit the dial to the user's text size (read from the countdown's height)."""
        own_updates()
        size = int(self.time_text.size or COUNTDOWN_SIZE)
        scale = text_scale_from(e.height, size)
        room = dial_room(self._page_width())
        if self.apply_dial(dial_layout(scale, room)):
            with contextlib.suppress(RuntimeError):  # not on a page (tests)
                self.dial.update()

    def _page_width(self) -> float | None:
        try:
            return self.panel.page.width
        except (RuntimeError, AttributeError):
            return None

    def apply_dial(self, layout: DialLayout) -> bool:
        """Size the ring, the breathing circle and the numbers; False if nothing changed."""
        if self.dial.width == layout.diameter and self.time_text.size == layout.countdown_size:
            return False
        diameter = layout.diameter
        for control in (self.dial, self.ring, self.breath_holder, self.text_holder):
            control.width = control.height = diameter
        self.breath_circle.width = self.breath_circle.height = round(
            diameter * BREATH_SIZE / DIAL_SIZE)
        self.time_text.size = layout.countdown_size
        return True

    def extend_clicked(self, _e: ft.Event | None = None) -> None:
        try:
            session = self.controller.extend()
        except (PauseError, StoreWriteError) as error:
            self.nav.show_message(str(error))
            return
        self.session = session
        left = self.controller.countdown_for(session).remaining(self.clock)
        self.paint(left, session)
        self.extend_button.disabled = session.total_seconds >= MAX_TOTAL_SECONDS
        self.nav.show_message(f"{EXTENSION_MINUTES} more minutes. Take all the time you need.")

    def end_confirmation(self) -> ft.Control:
        return ft.Container(
            visible=False,
            padding=16,
            border_radius=16,
            bgcolor=ft.Colors.SURFACE_CONTAINER,
            content=ft.Column([
                ft.Text("Twenty minutes is the minimum for your body to settle.",
                        theme_style=ft.TextThemeStyle.BODY_LARGE, text_align=ft.TextAlign.CENTER),
                ft.Row([
                    ft.FilledButton("Keep pausing", on_click=self.keep_clicked, height=MIN_TAP),
                    ft.TextButton("End now", on_click=self.end_confirmed, height=MIN_TAP),
                ], alignment=ft.MainAxisAlignment.CENTER, wrap=True, spacing=12),
            ], horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=12, tight=True),
        )

    def end_clicked(self, _e: ft.Event | None = None) -> None:
        self.confirm_box.visible = True
        self.end_button.visible = False

    def keep_clicked(self, _e: ft.Event | None = None) -> None:
        self.confirm_box.visible = False
        self.end_button.visible = True

    def end_confirmed(self, _e: ft.Event | None = None) -> None:
        try:
            ended = self.controller.end_early()
        except (PauseError, StoreWriteError) as error:
            self.nav.show_message(str(error))
            ended = self.controller.current()
        self.show(ended)

    # -- the pulse helper ----------------------------------------------------------------------
    def pulse_helper(self) -> ft.Control:
        self.pulse = PulseCount()
        self._pulse_done = False
        self.pulse_status = ft.Text(
            "Find your pulse on your wrist or neck. Tap the button on one beat to start, then "
            "once for every beat. It counts for 15 seconds.",
            theme_style=ft.TextThemeStyle.BODY_LARGE, text_align=ft.TextAlign.CENTER)
        self.beat_button = ft.FilledTonalButton("Tap on each beat", icon=Icons.TOUCH_APP,
                                                on_click=self.beat_tapped, height=64)
        self.pulse_again = ft.TextButton("Count again", on_click=self.pulse_restart,
                                         visible=False, height=MIN_TAP)
        self.pulse_card = ft.Container(
            key=ft.ScrollKey(PULSE_KEY), visible=False, padding=16, border_radius=16,
            bgcolor=ft.Colors.SURFACE_CONTAINER,
            content=ft.Column([self.pulse_status, self.beat_button, self.pulse_again],
                              horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=12,
                              tight=True),
        )
        self.pulse_toggle = ft.TextButton("Check my pulse", icon=Icons.FAVORITE_BORDER,
                                          on_click=self.pulse_toggled, height=MIN_TAP)
        return self.pulse_card

    def pulse_toggled(self, _e: ft.Event | None = None) -> None:
        self.pulse_card.visible = not self.pulse_card.visible
        if self.pulse_card.visible:
            self.reveal_pulse()

    def reveal_pulse(self) -> None:
        """The pulse box opens at the bottom of the screen, often below the fold: show it,
        then scroll the page so the tap button is in view."""
        scroller = _scrolling_ancestor(self.panel)
        if scroller is None or self._run_task is None:
            return
        own_updates()
        with contextlib.suppress(RuntimeError):
            self.pulse_card.update()
            self._run_task(self._scroll_to_pulse, scroller)

    async def _scroll_to_pulse(self, scroller: Any) -> None:
        await self._sleep(PULSE_REVEAL_DELAY)  # let the client lay the box out first
        try:
            await scroller.scroll_to(scroll_key=PULSE_KEY, duration=400)
        except Exception:  # a scroll that fails leaves the box open, just lower down
            log.warning("couldn't scroll to the pulse helper", exc_info=True)

    def beat_tapped(self, _e: ft.Event | None = None) -> None:
        if self._pulse_done:
            return
        self.pulse = self.pulse.tap(self.clock.monotonic())
        self.refresh_pulse()

    def pulse_restart(self, _e: ft.Event | None = None) -> None:
        self.pulse = PulseCount()
        self._pulse_done = False
        self.beat_button.visible = True
        self.pulse_again.visible = False
        self.pulse_status.value = "Tap the button on one beat to start."

    def refresh_pulse(self) -> None:
        mono = self.clock.monotonic()
        result = self.pulse.result(mono)
        if result is not None:
            self._pulse_done = True
            self.pulse_status.value = pulse_message(result)
            self.beat_button.visible = False
            self.pulse_again.visible = True
            return
        left = display_seconds(self.pulse.seconds_left(mono))
        beats = self.pulse.beats
        self.pulse_status.value = f"{beats} beat{'s' if beats != 1 else ''} · {left} s left"

    # -- the return screen ---------------------------------------------------------------------
    def return_face(self, session: PauseSession) -> ft.Control:
        if session.ended_early:
            title = "You ended the pause early"
            lead = ("That's all right. If you still feel wound up, another pause is one tap "
                    "away.")
        else:
            title = f"Your {session.total_seconds // 60} minutes are up"
            lead = "Take one more slow breath before you go back."
        questions = self.ctx.program.questions
        self.note_field = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label="What helped", hint_text="A walk, cold water, music…", value=session.note,
            max_length=NOTE_MAX, on_submit=self.save_clicked, multiline=False,
        )
        cue = ft.Container(
            ft.Icon(Icons.SPA_OUTLINED, size=40, color=ft.Colors.PRIMARY),
            width=88, height=88, shape=ft.BoxShape.CIRCLE, alignment=ft.Alignment.CENTER,
            bgcolor=ft.Colors.PRIMARY_CONTAINER,
        )
        return _centered([
            cue,
            ft.Text(title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                    text_align=ft.TextAlign.CENTER),
            ft.Text(lead, theme_style=ft.TextThemeStyle.BODY_LARGE, text_align=ft.TextAlign.CENTER,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Container(
                padding=20, border_radius=16, bgcolor=ft.Colors.SURFACE_CONTAINER,
                content=ft.Column([
                    paragraph(QUESTIONS_NOTE, muted=True),
                    _question(questions.need),
                    _question(questions.partnership),
                ], spacing=14, tight=True),
            ),
            self.note_field,
            ft.Row([
                ft.FilledButton("Save and finish", on_click=self.save_clicked, height=MIN_TAP),
                ft.TextButton("Skip", on_click=self.skip_clicked, height=MIN_TAP),
            ], alignment=ft.MainAxisAlignment.CENTER, wrap=True, spacing=12),
            *([ft.Row([ft.OutlinedButton("Start another pause", icon=Icons.SELF_IMPROVEMENT,
                                         height=MIN_TAP, on_click=self.again_clicked)],
                      alignment=ft.MainAxisAlignment.CENTER)]
              if session.ended_early else []),
            self.history_link(),
        ], stretch=True)

    def save_clicked(self, _e: ft.Event | None = None) -> None:
        try:
            self.controller.save_note(self.note_field.value or "")
        except PauseError as error:
            self.note_field.error = str(error)
            return
        except StoreWriteError as error:
            self.nav.show_message(str(error))  # the note stays in the field
            return
        self.note_field.error = None
        self._finish("Saved with this pause.")

    def again_clicked(self, _e: ft.Event | None = None) -> None:
        """"Another pause is one tap away": keep what was written about this one, then
        start the next."""
        if (self.note_field.value or "").strip():
            try:
                self.controller.save_note(self.note_field.value or "")
            except PauseError as error:
                self.note_field.error = str(error)
                return
            except StoreWriteError as error:
                self.nav.show_message(str(error))
                return
        self.show(self.controller.start(self.nav))

    def skip_clicked(self, _e: ft.Event | None = None) -> None:
        self._finish(None)

    def _finish(self, message: str | None) -> None:
        try:
            self.controller.dismiss()
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        if message:
            self.nav.show_message(message)
        self.nav.go(self.controller.return_route)

    # -- idle ----------------------------------------------------------------------------------
    def idle_face(self) -> ft.Control:
        recent = [] if self.locked else self.controller.history(limit=3)
        rows: list[ft.Control] = [history_row(self.ctx, s) for s in recent]
        return _centered([
            ft.Icon(Icons.SELF_IMPROVEMENT, size=48, color=ft.Colors.PRIMARY),
            heading("No pause running"),
            ft.Text("When a talk gets heated, either of you can say the code word. Then take "
                    "twenty minutes apart and come back when your body has settled.",
                    theme_style=ft.TextThemeStyle.BODY_LARGE, text_align=ft.TextAlign.CENTER,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            ft.FilledButton("Start a pause", icon=Icons.PAUSE_CIRCLE_OUTLINE, height=56,
                            on_click=self.start_clicked),
            *rows,
            self.history_link(),
        ])

    def start_clicked(self, _e: ft.Event | None = None) -> None:
        self.show(self.controller.start(self.nav))

    def history_link(self) -> ft.Control:
        if self.locked:
            return ft.Container(visible=False)
        return ft.TextButton("Past pauses", icon=Icons.HISTORY, height=MIN_TAP,
                             on_click=lambda _e: self.nav.go(PAUSE_HISTORY))


def history_row(ctx: AppContext, session: PauseSession) -> ft.Control:
    """One past pause: when, how long, whether it ended early, and what helped."""
    start = session.local_start(ctx.clock)
    length = length_label(session.length_seconds)
    ending = "ended early" if session.ended_early else "taken in full"
    how = f"{length} · {ending}"
    when = f"{date_label(start.date())}, {start:%H:%M}"
    spoken = f"{when}. {length}, {ending}."
    if session.note:
        spoken += f" What helped: {session.note}"
    lines: list[ft.Control] = [
        ft.Text(when, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600),
        ft.Text(how, theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if session.note:
        lines.append(ft.Text(f"What helped: {session.note}",
                             theme_style=ft.TextThemeStyle.BODY_MEDIUM, italic=True))
    # One item per pause for a screen reader, not one stop per line.
    return ft.Semantics(label=spoken, container=True, exclude_semantics=True, content=ft.Container(
        ft.Row([
            ft.Icon(Icons.TIMELAPSE if session.ended_early else Icons.CHECK_CIRCLE_OUTLINE,
                    color=ft.Colors.PRIMARY, size=22),
            ft.Column(lines, spacing=2, expand=True, tight=True),
        ], vertical_alignment=ft.CrossAxisAlignment.START, spacing=12),
        padding=ft.Padding.symmetric(vertical=8, horizontal=4),
    ))


def _question(text: str) -> ft.Control:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_LARGE, italic=True)


def _centered(controls: list[ft.Control], *, stretch: bool = False) -> ft.Control:
    return ft.Column(
        controls,
        spacing=14,
        horizontal_alignment=(ft.CrossAxisAlignment.STRETCH if stretch
                              else ft.CrossAxisAlignment.CENTER),
    )
