"""The weekly check-in: a calm agenda, one step at a time ("Step 2 of 6").

The agenda, the week and the pre-filled appreciations are ``repair_app.core.checkin``;
this screen draws the current step and keeps the draft as the user goes (see
``ui/widgets/autosave.py``), so leaving mid-way, a reload or a crash loses nothing. The
last step saves the check-in; it then appears in Past check-ins (``/checkin/history``).
"""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.checkin import (
    AGENDA,
    ALONE,
    LAST_STEP,
    PROMISE,
    TOGETHER,
    AnswerField,
    CheckIn,
    CheckinDraft,
    Step,
    checkin_week,
    clean_answer,
    draft_week_note,
    finish,
    first_step_with_errors,
    new_draft,
    prefill_appreciations,
)
from repair_app.core.clock import local_today
from repair_app.core.entry_text import EntryError, over_limit_message
from repair_app.core.routes import CHECKIN_HISTORY, HOME
from repair_app.store import StoreWriteError
from repair_app.store.checkin_repository import CheckinAlreadySaved, CheckinRepository
from repair_app.store.day_repository import DayRepository
from repair_app.store.wins_repository import WinRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.autosave import Autosave, later_for
from repair_app.ui.widgets.checkin_answers import answer_sections, mode_label
from repair_app.ui.widgets.common import (
    FIELD_SCROLL_PADDING,
    card,
    heading,
    paragraph,
    pill,
    tap_target,
)
from repair_app.ui.widgets.live import own_updates, refresh

PREFILLED_NOTE = "Filled in from this week's appreciations and wins. Change anything."
SAVE_LABEL = "Save check-in"
PREVIOUS_STEP = "Previous step"


def fresh_draft(ctx: AppContext) -> CheckinDraft:
    """A new check-in for this week, its appreciations taken from the week's notes."""
    now = ctx.clock.now()
    week = checkin_week(now)
    days = DayRepository(ctx.store).between(week.monday, week.sunday)
    wins = WinRepository(ctx.store).between(week.monday, week.sunday)
    return new_draft(now, prefill_appreciations(days, wins, week))


def step_dots(current: int) -> ft.Control:
    """Small dots, one per step (drawn only: "Step 2 of 6" says it in words)."""
    dots = [ft.Container(width=22 if i == current else 10, height=10, border_radius=5,
                         bgcolor=ft.Colors.PRIMARY if i <= current
                         else ft.Colors.OUTLINE_VARIANT)
            for i in range(len(AGENDA))]
    return ft.Semantics(exclude_semantics=True, content=ft.Row(dots, spacing=6, tight=True))


class CheckinScreen:
    title = "Weekly check-in"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.repository = CheckinRepository(ctx.store)
        stored = self.repository.draft()
        self.draft: CheckinDraft = stored or fresh_draft(ctx)
        self.saved: CheckIn | None = None
        self.autosave = Autosave(ctx.clock, self._save_draft)
        self.body = ft.Column(spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.fields: dict[str, ft.TextField] = {}
        self.preview: ft.Text | None = None
        self.confirm_restart: ft.Control | None = None
        self.next_button: ft.Control | None = None
        self.back_button: ft.Control | None = None
        self.mode_group: ft.RadioGroup | None = None
        self.render()

    def build(self) -> list[ft.Control]:
        return [self.body]

    @property
    def step(self) -> Step:
        return AGENDA[self.draft.step]

    # -- drawing -------------------------------------------------------------------------

    def render(self) -> None:
        self.fields = {}
        self.preview = None
        self.mode_group = None
        if self.saved is not None:
            self.body.controls = self._done_controls(self.saved)
            return
        step = self.step
        controls: list[ft.Control] = [self._header()]
        if self.draft.step == 0:
            controls.append(self._mode_choice())
        if step.question:
            controls.append(self._question_card(step))
        controls.append(paragraph(step.prompt(self.draft.mode)))
        if step.id == "appreciations" and self.draft.prefilled:
            controls.append(paragraph(PREFILLED_NOTE, muted=True))
        controls += [self._field(f) for f in step.fields]
        if step.id == "issue":
            self.preview = ft.Text(self._preview_text(), theme_style=ft.TextThemeStyle.BODY_LARGE,
                                   italic=True)
            controls.append(card([ft.Text("Your soft start",
                                          theme_style=ft.TextThemeStyle.LABEL_LARGE,
                                          color=ft.Colors.PRIMARY), self.preview]))
        if self.draft.step == LAST_STEP:
            controls.append(card([ft.Row([pill(mode_label(self.draft.mode))]),
                                  *answer_sections(self.draft.answer, self.draft.soft_start)]))
        controls.append(self._buttons())
        controls.append(self._footer())
        self.body.controls = controls

    def _header(self) -> ft.Control:
        number = self.draft.step + 1
        lines: list[ft.Control] = [
            ft.Row([ft.Text(f"Step {number} of {len(AGENDA)}",
                            theme_style=ft.TextThemeStyle.LABEL_LARGE,
                            color=ft.Colors.ON_SURFACE_VARIANT),
                    step_dots(self.draft.step)],
                   alignment=ft.MainAxisAlignment.SPACE_BETWEEN),
            heading(self.step.title),
            paragraph(f"Week of {self.draft.week.label()}", muted=True),
        ]
        note = draft_week_note(self.draft, local_today(self.ctx.clock))
        if note:
            lines.append(paragraph(note, muted=True))
        return ft.Column(lines, spacing=6)

    def _mode_choice(self) -> ft.Control:
        self.mode_group = ft.RadioGroup(
            value=self.draft.mode,
            on_change=self.mode_changed,
            content=ft.Row([tap_target(ft.Radio(value=ALONE, label="Alone")),
                            tap_target(ft.Radio(value=TOGETHER, label="Together"))],
                           wrap=True),
        )
        return ft.Column([ft.Text("Going through it", theme_style=ft.TextThemeStyle.LABEL_LARGE),
                          self.mode_group], spacing=2)

    def _question_card(self, step: Step) -> ft.Control:
        lead = "Before you start, ask:" if step.id == "issue" else "Ask:"
        return card([
            ft.Text(lead, theme_style=ft.TextThemeStyle.LABEL_LARGE,
                    color=ft.Colors.ON_SECONDARY_CONTAINER),
            ft.Text(step.question_text(self.ctx.program.questions),
                    theme_style=ft.TextThemeStyle.TITLE_LARGE, italic=True,
                    color=ft.Colors.ON_SECONDARY_CONTAINER),
        ], tinted=True)

    def _field(self, answer_field: AnswerField) -> ft.TextField:
        value = self.draft.answer(answer_field.id)
        text_field = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label=answer_field.label,
            value=value,
            hint_text=answer_field.hint or None,
            multiline=True,
            min_lines=answer_field.lines,
            max_lines=max(answer_field.lines, 3) * 3,
            error_max_lines=3,
            on_change=lambda e, fid=answer_field.id: self.answer_changed(fid, e.control),
            on_blur=lambda _e: self.flush(),
        )
        if len(value) > answer_field.limit:
            text_field.error = over_limit_message(len(value), answer_field.limit,
                                                  answer_field.what)
        self.fields[answer_field.id] = text_field
        return text_field

    def _buttons(self) -> ft.Control:
        last = self.draft.step == LAST_STEP
        self.next_button = ft.FilledButton(
            SAVE_LABEL if last else "Next",
            icon=Icons.CHECK if last else Icons.ARROW_FORWARD,
            height=MIN_TAP, on_click=self.save if last else self.next)
        # Not "Back": the app bar's Back leaves the check-in; this one goes a step back.
        self.back_button = ft.OutlinedButton(PREVIOUS_STEP, icon=Icons.ARROW_BACK,
                                             height=MIN_TAP, on_click=self.back,
                                             visible=self.draft.step > 0)
        return ft.Row([self.back_button, self.next_button], wrap=True,
                      alignment=ft.MainAxisAlignment.SPACE_BETWEEN if self.draft.step > 0
                      else ft.MainAxisAlignment.END)

    def _footer(self) -> ft.Control:
        confirm = ft.Container(
            visible=False, bgcolor=ft.Colors.ERROR_CONTAINER, border_radius=8, padding=12,
            content=ft.Column([
                ft.Text("Start over? What you wrote in this check-in will be cleared.",
                        color=ft.Colors.ON_ERROR_CONTAINER, weight=ft.FontWeight.W_600),
                ft.Row([
                    ft.FilledButton("Clear and start over", height=MIN_TAP,
                                    style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR,
                                                         color=ft.Colors.ON_ERROR),
                                    on_click=self.start_over),
                    ft.TextButton("Keep it", height=MIN_TAP,
                                  style=ft.ButtonStyle(color=ft.Colors.ON_ERROR_CONTAINER),
                                  on_click=self.keep_draft),
                ], wrap=True),
            ], spacing=8),
        )
        self.confirm_restart = confirm
        return ft.Column([
            ft.Divider(height=1),
            ft.Row([
                ft.TextButton("Past check-ins", icon=Icons.HISTORY, height=MIN_TAP,
                              on_click=lambda _e: self.leave(CHECKIN_HISTORY)),
                ft.TextButton("Start over", icon=Icons.RESTART_ALT, height=MIN_TAP,
                              on_click=self.ask_start_over),
            ], wrap=True, alignment=ft.MainAxisAlignment.SPACE_BETWEEN),
            confirm,
        ], spacing=8)

    def _done_controls(self, saved: CheckIn) -> list[ft.Control]:
        controls: list[ft.Control] = [
            ft.Row([ft.Icon(Icons.FAVORITE_BORDER, color=ft.Colors.PRIMARY, size=32),
                    heading("Check-in saved")], spacing=12),
            paragraph("Thank you for making the time. Small, regular talks like this keep "
                      "small things small."),
        ]
        promise = saved.answer(PROMISE)
        if promise:
            controls.append(card([
                ft.Text("Your promise for this week", theme_style=ft.TextThemeStyle.LABEL_LARGE,
                        color=ft.Colors.ON_SECONDARY_CONTAINER),
                ft.Text(promise, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                        color=ft.Colors.ON_SECONDARY_CONTAINER),
            ], tinted=True))
        controls.append(ft.Row([
            ft.FilledButton("See past check-ins", icon=Icons.HISTORY, height=MIN_TAP,
                            on_click=lambda _e: self.nav.go(CHECKIN_HISTORY)),
            ft.TextButton("Back to Today", height=MIN_TAP, on_click=lambda _e: self.nav.go(HOME)),
        ], wrap=True))
        return controls

    def _preview_text(self) -> str:
        return self.draft.soft_start or "I feel… about… I need…"

    def _redraw(self) -> None:
        self.render()
        refresh(self.body)

    # -- keeping the draft ---------------------------------------------------------------

    def _save_draft(self) -> bool:
        try:
            self.repository.save_draft(self.draft)
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return False
        except CheckinAlreadySaved as error:
            self.nav.show_message(str(error))
            self.draft = fresh_draft(self.ctx)
            self._redraw()
            return True
        return True

    def flush(self) -> bool:
        return self.autosave.flush()

    def answer_changed(self, field_id: str, control: ft.TextField) -> None:
        own_updates()
        text = control.value or ""
        limit = self.step_field(field_id).limit
        error = (over_limit_message(len(text), limit, self.step_field(field_id).what)
                 if len(text) > limit else None)
        changed: list[ft.Control] = []
        if control.error != error:
            control.error = error
            changed.append(control)
        if error is None:  # an over-long answer stays in the field, not in the draft
            self.draft = self.draft.with_answer(field_id, text)
            self.autosave.changed(later_for(control))
        if self.preview is not None:
            self.preview.value = self._preview_text()
            changed.append(self.preview)
        refresh(*changed)

    def step_field(self, field_id: str) -> AnswerField:
        return next(f for f in self.step.fields if f.id == field_id)

    def mode_changed(self, e: ft.Event) -> None:
        own_updates()
        self.draft = self.draft.with_mode(e.control.value or ALONE)
        self.autosave.mark()
        self.flush()
        self._redraw()

    # -- moving ----------------------------------------------------------------------------

    def _show_errors(self) -> bool:
        """Show beside each field of this step what can't be kept; True if anything."""
        bad = False
        for field_id, text_field in self.fields.items():
            try:
                clean_answer(field_id, text_field.value)
                text_field.error = None
            except EntryError as error:
                text_field.error = str(error)
                bad = True
        return bad

    def go_to(self, step: int) -> None:
        own_updates()
        if self._show_errors():
            refresh(*self.fields.values())
            return
        self.draft = self.draft.with_step(step)
        self.autosave.mark()
        self.flush()
        self._redraw()

    def next(self, _e: ft.Event | None = None) -> None:
        self.go_to(self.draft.step + 1)

    def back(self, _e: ft.Event | None = None) -> None:
        self.go_to(self.draft.step - 1)

    def leave(self, route: str) -> None:
        self.flush()
        self.nav.go(route)

    def save(self, _e: ft.Event | None = None) -> None:
        own_updates()
        bad_step = first_step_with_errors(self.draft)
        if bad_step is not None:
            self.draft = self.draft.with_step(bad_step)
            self._redraw()
            self._show_errors()
            refresh(*self.fields.values())
            self.nav.show_message("One answer can't be kept as it is: it's marked on this step.")
            return
        try:
            checkin = finish(self.draft, self.ctx.clock.now())
        except EntryError as error:
            self.nav.show_message(str(error))
            return
        try:
            self.saved = self.repository.save(checkin)
        except StoreWriteError as error:
            self.nav.show_message(str(error))  # the draft is still kept: nothing is lost
            return
        self.autosave.forget()
        self._redraw()

    def ask_start_over(self, _e: ft.Event | None = None) -> None:
        own_updates()
        if self.confirm_restart is not None:
            self.confirm_restart.visible = True
            refresh(self.confirm_restart)

    def keep_draft(self, _e: ft.Event | None = None) -> None:
        own_updates()
        if self.confirm_restart is not None:
            self.confirm_restart.visible = False
            refresh(self.confirm_restart)

    def start_over(self, _e: ft.Event | None = None) -> None:
        own_updates()
        try:
            self.repository.discard_draft()
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.autosave.forget()
        self.draft = fresh_draft(self.ctx)
        self._redraw()
        self.nav.show_message("Cleared. This is a fresh check-in for this week.")
