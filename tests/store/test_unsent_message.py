"""The half-written message on "Before you send" is kept (issue 18, item 2)."""

from __future__ import annotations

from pathlib import Path

from repair_app.store import Store
from repair_app.store.draft_repository import UnsentMessageRepository


def test_the_unsent_message_is_kept_across_a_restart_and_cleared(tmp_path: Path, clock):
    text = "I miss you 💛 אני כאן\n" + "x" * 1000
    with Store.open(tmp_path / "data", clock) as store:
        repo = UnsentMessageRepository(store)
        assert repo.load() == ""
        repo.save(text, clock.now())
    with Store.open(tmp_path / "data", clock) as store:
        repo = UnsentMessageRepository(store)
        assert repo.load() == text
        repo.clear()
        assert repo.load() == ""
    with Store.open(tmp_path / "data", clock) as store:
        assert UnsentMessageRepository(store).load() == ""
