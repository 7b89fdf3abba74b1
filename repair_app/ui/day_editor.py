"""One day's record on screen: changes go through the repository, listeners hear of them.

Several cards show parts of the same day (the promise card and the checklist's linked
item, the checklist and the days-without-defending count). Each asks the editor to
apply a core change; the editor saves it durably and then tells every listener, which
updates only its own controls.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from repair_app.context import AppContext
from repair_app.core.checklist import linked_promise_items
from repair_app.core.day import DayRecord
from repair_app.store import StoreWriteError
from repair_app.store.day_repository import DayRepository
from repair_app.ui.navigation import Navigator

READ_ONLY_MESSAGE = "Days older than a week are kept as they were."

Listener = Callable[[DayRecord], None]


class DayEditor:
    def __init__(self, ctx: AppContext, nav: Navigator, day: date, *, editable: bool = True,
                 days: DayRepository | None = None) -> None:
        self.ctx = ctx
        self.nav = nav
        self.day = day
        self.editable = editable
        self.days = days or DayRepository(ctx.store)
        self.record = self.days.get(day)
        self.linked_items = linked_promise_items(ctx.program)
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def now(self) -> datetime:
        return self.ctx.clock.now()

    def change(self, change: Callable[[DayRecord], DayRecord]) -> bool:
        """Apply and save ``change``; False (with a message shown) if it couldn't be saved.

        Validation errors raised by ``change`` (PromiseError, EntryError, ...) propagate
        to the caller, which shows them beside the field; nothing is written then.
        """
        if not self.editable:
            self.nav.show_message(READ_ONLY_MESSAGE)
            return False
        try:
            record = self.days.update(self.day, change)
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return False
        promise_changed = record.promise != self.record.promise
        self.record = record
        if promise_changed and self.ctx.reminders is not None:
            self.ctx.reminders.changed()  # smart skipping: the morning/evening check may drop
        for listener in list(self._listeners):
            listener(record)
        return True
