"""The Notifier port and the chain that tries adapters in order."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from repair_app.core.reminders import ReminderMessage

log = logging.getLogger(__name__)


class NotifierUnavailable(Exception):
    """This adapter cannot show anything here; the message says why, in plain words."""


class Notifier(Protocol):
    #: Short name recorded as "delivered via": "phone", "desktop", "in-app".
    name: str

    def deliver(self, message: ReminderMessage) -> None:
        """Show ``message`` now, or raise (NotifierUnavailable when it knows why)."""
        ...


@dataclass(frozen=True)
class Delivery:
    via: str | None  # the adapter that delivered, None if none could
    problems: dict[str, str] = field(default_factory=dict)  # adapter name -> why it failed

    @property
    def delivered(self) -> bool:
        return self.via is not None


class NotifierChain:
    """Try each notifier in order until one delivers. Never raises."""

    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        self.notifiers = list(notifiers)

    @property
    def names(self) -> list[str]:
        return [n.name for n in self.notifiers]

    def deliver(self, message: ReminderMessage) -> Delivery:
        problems: dict[str, str] = {}
        for notifier in self.notifiers:
            name = getattr(notifier, "name", type(notifier).__name__)
            try:
                notifier.deliver(message)
            except NotifierUnavailable as error:
                problems[name] = str(error)
            except Exception as error:  # an adapter bug or platform failure: try the next one
                log.warning("notifier %s failed", name, exc_info=True)
                problems[name] = f"{error.__class__.__name__}: {error}"
            else:
                return Delivery(name, problems)
        return Delivery(None, problems)
