"""Fire what is due, exactly once, across processes: the app's loop and `remind` runs.

Everything happens under the store's cross-process lock (``store.transaction()``):

1. read the settings and the reminder state (``main.json`` table ``reminders``);
2. for each due occurrence (see ``core.reminders.due_occurrences``): skip it (smart
   skipping), or count it as shown by the phone's OS (it was armed there), or
3. *claim* it (write "sending" as the last handled occurrence) and only then deliver it
   through the notifier chain, and record who delivered it. If the claim cannot be written
   (disk full), nothing is shown, so a broken disk can never cause repeated notifications.
   If no adapter could show it, the claim is released, so another process that can (the
   open app, with its in-app banner) still shows it today.

A second process waiting on the lock then sees the occurrence as handled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from repair_app.content import default_program
from repair_app.core.clock import Clock
from repair_app.core.content import Program
from repair_app.core.reminder_asks import reminder_message, reminder_rules
from repair_app.core.reminders import (
    Occurrence,
    PromiseLog,
    ReminderMessage,
    ReminderState,
    due_occurrences,
    next_due,
    skip_reason,
)
from repair_app.core.settings import Settings
from repair_app.store import DocumentRepository, Store

from .base import Delivery, NotifierChain

log = logging.getLogger(__name__)

SETTINGS_TABLE = "settings"
STATE_TABLE = "reminders"


def load_reminder_settings(store: Store) -> Settings:
    return Settings.from_document(DocumentRepository(store, SETTINGS_TABLE).load())


def load_state(store: Store) -> ReminderState:
    return ReminderState.from_document(DocumentRepository(store, STATE_TABLE).load())


def save_state(store: Store, state: ReminderState) -> None:
    DocumentRepository(store, STATE_TABLE).save(state.to_document())


@dataclass(frozen=True)
class Handling:
    occurrence: Occurrence
    outcome: str  # "sent", "skipped", "scheduled", "undelivered"
    via: str = ""
    reason: str = ""
    delivery: Delivery | None = None


@dataclass
class FireReport:
    now: datetime
    handled: list[Handling] = field(default_factory=list)
    next: Occurrence | None = None

    @property
    def undelivered(self) -> list[Handling]:
        return [h for h in self.handled if h.outcome == "undelivered"]

    @property
    def sent(self) -> list[Handling]:
        return [h for h in self.handled if h.outcome == "sent"]


def occurrence_message(program: Program, settings: Settings, occurrence: Occurrence,
                       promises: PromiseLog | None) -> ReminderMessage:
    """What this occurrence says and opens, in its day's program week."""
    made = promises is not None and promises.promise_made(occurrence.day)
    return reminder_message(program, settings, occurrence.kind, occurrence.day,
                            promise_made=made, key=occurrence.key)


def fire_due(store: Store, clock: Clock, chain: NotifierChain,
             promises: PromiseLog | None = None, program: Program | None = None) -> FireReport:
    """Handle every due occurrence once. Raises StoreWriteError only if nothing was shown."""
    program = program if program is not None else default_program()
    with store.transaction():
        settings = load_reminder_settings(store)
        state = load_state(store)
        now = clock.now()
        rules = reminder_rules(settings, program)
        report = FireReport(now)
        if settings.onboarded and state.since is None:
            state = state.started(now)
            save_state(store, state)
        for occurrence in due_occurrences(rules, now, state):
            reason = skip_reason(occurrence, promises)
            if reason:
                state = state.with_handled(occurrence, "skipped", at=now, reason=reason)
                save_state(store, state)
                report.handled.append(Handling(occurrence, "skipped", reason=reason))
                continue
            if occurrence.key in state.armed:
                state = state.with_handled(occurrence, "scheduled", via="phone", at=now)
                save_state(store, state)
                report.handled.append(Handling(occurrence, "scheduled", via="phone"))
                continue
            save_state(store, state.with_handled(occurrence, "sending", at=now))  # the claim
            message = occurrence_message(program, settings, occurrence, promises)
            delivery = chain.deliver(message)
            if delivery.delivered:
                state = state.with_handled(occurrence, "sent", via=delivery.via or "", at=now)
                report.handled.append(Handling(occurrence, "sent", via=delivery.via or "",
                                               delivery=delivery))
            else:
                report.handled.append(Handling(occurrence, "undelivered",
                                               reason="; ".join(delivery.problems.values()),
                                               delivery=delivery))
            save_state(store, state)  # the outcome, or the claim released
        report.next = next_due(rules, now, state)
    return report
