"""The one object every screen and command receives: store, clock, program and settings.

Created by the composition root (``repair_app.app``) and passed explicitly; there are no
module-level singletons.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repair_app.core.app_lock import public_settings
from repair_app.core.clock import Clock, local_today
from repair_app.core.content import Program
from repair_app.core.program import ProgramStatus, program_status
from repair_app.core.reminders import ReminderControl
from repair_app.core.settings import Settings
from repair_app.store import DocumentRepository, Store

if TYPE_CHECKING:
    from repair_app.core.biometric_unlock import BiometricControl
    from repair_app.lock_service import LockService


@dataclass
class AppContext:
    store: Store
    clock: Clock
    program: Program
    data_dir: Path
    notices: list[str] = field(default_factory=list)
    #: This window's view of the reminders (set by the composition root; None in tests).
    reminders: ReminderControl | None = None
    #: The app lock (passcode, encryption, device.json); None in commands and some tests.
    app_lock: LockService | None = None
    #: The phone's fingerprint/face check for this window; None on web and desktop.
    biometrics: BiometricControl | None = None
    #: The phone's keystore for an encrypted journal's key; None on web and desktop.
    key_keeper: Any = None

    def __post_init__(self) -> None:
        self._settings_documents = DocumentRepository(self.store, "settings")
        self._settings = Settings()
        self._settings_version: tuple[int, int] | None = None
        self.reload_settings()

    @property
    def settings(self) -> Settings:
        """The latest saved settings: what another window or process saved is seen at
        once (one ``stat`` tells whether anything changed)."""
        if self.store.main_version() != self._settings_version:
            self.reload_settings()
        return self._settings

    def save_settings(self, settings: Settings) -> Settings:
        """Durably save what changed between this window's settings and ``settings``, on
        top of the latest stored version (so no window overwrites another's changes);
        returns the settings now in force. Raises StoreWriteError (with a user-facing
        message) on failure, and nothing is saved."""
        base = self._settings
        changed = [f.name for f in fields(Settings)
                   if getattr(settings, f.name) != getattr(base, f.name)]
        with self.store.transaction():
            stored = self._settings_documents.load() or {}
            latest = Settings.from_document(stored)
            merged = latest.with_changes(**{name: getattr(settings, name) for name in changed})
            document = {**stored, **merged.to_document()}  # keys of newer versions kept
            if changed and document != stored:
                self._settings_documents.save(document)
            self._settings = merged
            self._settings_version = self.store.main_version()
        if self.reminders is not None:
            self.reminders.changed()  # reminder times may have moved: wake the loop
        if self.app_lock is not None:  # keep the non-private ones readable while locked
            self.app_lock.mirror_public_settings(public_settings(merged))
        return merged

    def reload_settings(self) -> Settings:
        # The version first: a save landing in between only causes one more reload.
        self._settings_version = self.store.main_version()
        self._settings = Settings.from_document(self._settings_documents.load())
        return self._settings

    def status(self) -> ProgramStatus:
        today = local_today(self.clock)
        start = self.settings.program_start or today
        return program_status(start, today, self.program.phase_start_weeks)
