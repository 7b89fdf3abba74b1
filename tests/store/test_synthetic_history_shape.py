"""The benchmarks' synthetic history has the shape Today saves, so its timings mean something."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

from repair_app.content import default_program
from repair_app.core.checklist import active_items
from repair_app.store import Store
from repair_app.store.day_repository import MOMENTS_TABLE, DayRepository, MomentRepository

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from synthetic_history import build_history  # noqa: E402


def test_every_synthetic_day_and_moment_reads_back(tmp_path, clock):
    data = build_history(tmp_path / "data", 70, clock)
    ids = {item.id for item in active_items(default_program(), 99)}
    with Store.open(data, clock) as store:
        today = date(2026, 11, 23)
        first = today - timedelta(days=69)
        records = DayRepository(store).between(first, today)
        assert sorted(records) == [first + timedelta(days=i) for i in range(70)]
        for record in records.values():
            assert set(record.checks) <= ids
            assert record.promise is not None and record.promise.status in ("kept", "not_kept")
            assert record.promise.marked_at is not None
            assert record.checked("promise_kept") == record.promise.kept
        raw = sum(len(store.month_table(MOMENTS_TABLE, month).all())
                  for month in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)))
        moments = MomentRepository(store).between(first, today)
        assert len(moments) == raw >= 70 * 3  # none was unreadable
        assert {m.kind for m in moments} == {"positive", "negative"}
