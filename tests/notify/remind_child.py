"""A `repair-app remind` run in its own process, on a clock shared with the test.

argv: data_dir fake_due_iso real_due_epoch record_file
Wall time here is fake_due + (time.time() - real_due_epoch): every process agrees on it.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta

from repair_app.notify.remind_command import run_remind
from repair_app.store import Store
from repair_app.store.promise_log import StoredPromiseLog


class SharedClock:
    def __init__(self, fake_due: datetime, real_due: float) -> None:
        self.fake_due = fake_due
        self.real_due = real_due

    def now(self) -> datetime:
        return self.fake_due + timedelta(seconds=time.time() - self.real_due)

    def monotonic(self) -> float:
        return time.monotonic()


class FileNotifier:
    """Appends one line per notification shown (O_APPEND: lines from processes don't mix)."""

    def __init__(self, path: str, name: str) -> None:
        self.path = path
        self.name = name

    def deliver(self, message) -> None:
        line = f"{self.name} {os.getpid()} {message.key}\n".encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


if __name__ == "__main__":
    data_dir, fake_due, real_due, record = sys.argv[1:5]
    clock = SharedClock(datetime.fromisoformat(fake_due), float(real_due))
    # What `repair-app remind` does (remind_command.main), with the store opened before the
    # due instant so that all racers reach the lock together.
    store = Store.open(data_dir, clock, backup=False)
    while time.time() < float(real_due) + 0.06:  # the app's loop wakes 0.05 s after due
        time.sleep(0.002)
    code = run_remind(store, clock, [FileNotifier(record, "remind")], StoredPromiseLog(store),
                      sys.stdout, quiet=True)
    store.close()
    sys.exit(code)
