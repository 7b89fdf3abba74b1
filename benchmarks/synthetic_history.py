"""Fill a store with years of realistic daily use, fast (one write per month shard).

Per day: a day record in the shape Today saves (``repair_app/store/day_repository.py``):
a tick for each checklist item of the content (``checked_rate`` of them on average,
notes for the items that take one), a ~60-character promise made in the morning and
marked kept or not in the evening (sometimes with an "own it" note); 3-6 tally moments
(positive or negative) with short notes; and now and then a longer journal note with
emoji or right-to-left text. History ends on the clock's local today.

With ``pauses_per_week`` > 0, past pauses too, in the shape the pause feature keeps
(``repair_app/store/pause_repository.py``: table ``pauses`` of the month the pause
started in): mostly twenty minutes, some extended, about one in four ended early.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as time_of_day
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script or imported from benchmarks/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repair_app.content import default_program  # noqa: E402
from repair_app.core.clock import Clock, local_today  # noqa: E402
from repair_app.core.pause import PauseSession, PauseState, pause_id  # noqa: E402
from repair_app.store import SettingsRepository, Store  # noqa: E402

_ITEMS = [item for phase in default_program().phases for item in phase.checklist]
CHECKLIST = [item.id for item in _ITEMS if not item.linked_to]
NOTE_ITEMS = [item.id for item in _ITEMS if item.note_label]
LINKED = [item.id for item in _ITEMS if item.linked_to == "promise"]
PROMISES = [
    "I'll text you at lunch to see how the meeting went, no matter what.",
    "I will put my phone away during dinner and ask about your day first.",
    "I'll take a ten-minute pause before answering when I feel defensive.",
    "I'm going to do the dishes tonight without being asked about it.",
]
MOMENT_KINDS = ["positive"] * 4 + ["negative"]
SHORT_NOTES = ["", "at breakfast", "on the phone", "in the car", "after work 🙂",
               "כל הכבוד", "شكرا", "small one", "tense but ok", "hugged 🤗"]
LONG_NOTES = [
    "We talked for an hour tonight 💬 and it felt like the old days. Need to remember "
    "that asking 'what do you need right now?' works better than fixing things.",
    "שיחה טובה הערב. הקשבתי עד הסוף בלי להפריע, וזה עשה הבדל גדול 🙏",
    "كان يوماً صعباً لكننا أخذنا استراحة ثم عدنا للحديث بهدوء. ❤️‍🩹",
    "Argued about money again 😞. Used the code word, paused 20 min, came back calmer.",
]


def build_history(data_dir: Path | str, days: int, clock: Clock, *, seed: int = 7,
                  checked_rate: float = 0.7, pauses_per_week: float = 0.0) -> Path:
    """Create a store in ``data_dir`` holding ``days`` days of use ending today.

    ``days=0`` gives an onboarded store with no history. ``checked_rate=1.0`` ticks
    every item and keeps every promise: the longest possible streaks (a worst case).
    ``pauses_per_week`` adds that many past pauses a week on average.
    """
    rng = random.Random(seed)
    today = local_today(clock)
    zone = clock.now().tzinfo
    first = today - timedelta(days=max(days, 1) - 1)
    months: dict[date, dict[str, dict[str, dict[str, Any]]]] = {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        shard = months.setdefault(day.replace(day=1), {"days": {}, "moments": {}, "notes": {}})
        _add_day(shard, day, rng, zone, checked_rate)
        if pauses_per_week and rng.random() < pauses_per_week / 7:
            _add_pause(shard, day, rng, zone)

    with Store.open(data_dir, clock, backup=False) as store:
        SettingsRepository(store).save({
            "onboarded": True, "program_start": first.isoformat(), "theme": "system",
            "morning_time": "07:45", "evening_time": "21:00", "code_word": "pause",
            "discreet_notifications": True, "reminders": {"morning": True, "evening": True},
        })
        with store.transaction():
            for month, tables in months.items():
                store.rewrite_month(month, lambda document, t=tables: document.update(t))
    return Path(data_dir)


def _at(day: date, hour: int, minute: int, zone: tzinfo | None) -> str:
    return datetime.combine(day, time_of_day(hour, minute), tzinfo=zone).isoformat()


def _add_day(shard: dict[str, dict[str, dict[str, Any]]], day: date, rng: random.Random,
             zone: tzinfo | None, checked_rate: float) -> None:
    iso = day.isoformat()
    days, moments, notes = shard["days"], shard["moments"], shard["notes"]
    checks = {item: rng.random() < checked_rate for item in CHECKLIST}
    kept = rng.random() < max(checked_rate, 0.8) if checked_rate < 1 else True
    promise: dict[str, Any] = {
        "text": rng.choice(PROMISES)[:60], "made_at": _at(day, 7, rng.randint(0, 59), zone),
        "status": "kept" if kept else "not_kept",
        "marked_at": _at(day, 21, rng.randint(0, 59), zone),
    }
    if not kept and rng.random() < 0.5:
        promise["own_it"] = {"what_happened": rng.choice(SHORT_NOTES) or "I forgot",
                             "repair_step": "Said so straight away and set a reminder."}
    checks.update({item: kept for item in LINKED})
    days[str(len(days) + 1)] = {
        "date": iso,
        "checks": checks,
        "notes": {item: rng.choice(SHORT_NOTES) or "a small thing"
                  for item in NOTE_ITEMS if checks.get(item)},
        "promise": promise,
    }
    for _ in range(rng.randint(3, 6)):
        moments[str(len(moments) + 1)] = {
            "date": iso,
            "at": _at(day, rng.randint(7, 22), rng.randint(0, 59), zone),
            "kind": rng.choice(MOMENT_KINDS),
            "note": rng.choice(SHORT_NOTES),
        }
    if rng.random() < 0.25:
        notes[str(len(notes) + 1)] = {"date": iso, "text": rng.choice(LONG_NOTES),
                                      "private": rng.random() < 0.3}


def _add_pause(shard: dict[str, dict[str, dict[str, Any]]], day: date, rng: random.Random,
               zone: tzinfo | None) -> None:
    started = datetime.combine(day, time_of_day(rng.randint(17, 22), rng.randint(0, 59)),
                               tzinfo=zone)
    extensions = 1 if rng.random() < 0.15 else 0
    total = 20 * 60 + extensions * 5 * 60
    early = rng.random() < 0.25
    length = rng.randint(3, 15) * 60 if early else total
    ended = started + timedelta(seconds=length)
    session = PauseSession(
        id=pause_id(started), started_at=started, ends_at=started + timedelta(seconds=total),
        total_seconds=total, extensions=extensions,
        state=PauseState.ENDED_EARLY if early else PauseState.FINISHED,
        ended_at=ended, length_seconds=length,
        note=rng.choice(["", "breathing helped", "a walk round the block", "tea 🍵"]))
    pauses = shard.setdefault("pauses", {})
    pauses[str(len(pauses) + 1)] = session.to_document()


if __name__ == "__main__":
    import tempfile
    import time
    from datetime import datetime

    from repair_app.core.clock import FakeClock

    for size in (30, 365, 3650):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            build_history(Path(folder) / "data", size, FakeClock(datetime(2026, 11, 23, 9)))
            print(f"{size:5d} days built in {time.perf_counter() - started:.2f} s")
