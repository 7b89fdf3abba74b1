"""Fill a store with years of realistic daily use, fast (one write per month shard).

Per day: a day record with 10 checklist booleans and a ~60-character promise with a
kept flag, 3-6 tally moments with short notes, and now and then a longer note with
emoji or right-to-left text. History ends on the clock's local today.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script or imported from benchmarks/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repair_app.core.clock import Clock, local_today  # noqa: E402
from repair_app.store import SettingsRepository, Store  # noqa: E402

CHECKLIST = ["slept", "walked", "ate_well", "listened", "no_blame", "thanked", "asked",
             "paused", "apologised", "planned"]
PROMISES = [
    "I'll text you at lunch to see how the meeting went, no matter what.",
    "I will put my phone away during dinner and ask about your day first.",
    "I'll take a ten-minute pause before answering when I feel defensive.",
    "I'm going to do the dishes tonight without being asked about it.",
]
MOMENT_KINDS = ["appreciation", "repair_attempt", "pause", "turned_toward", "criticism"]
SHORT_NOTES = ["", "at breakfast", "on the phone", "in the car", "after work 🙂",
               "כל הכבוד", "شكرا", "small one", "tense but ok", "hugged 🤗"]
LONG_NOTES = [
    "We talked for an hour tonight 💬 and it felt like the old days. Need to remember "
    "that asking 'what do you need right now?' works better than fixing things.",
    "שיחה טובה הערב. הקשבתי עד הסוף בלי להפריע, וזה עשה הבדל גדול 🙏",
    "كان يوماً صعباً لكننا أخذنا استراحة ثم عدنا للحديث بهدوء. ❤️‍🩹",
    "Argued about money again 😞. Used the code word, paused 20 min, came back calmer.",
]


def build_history(data_dir: Path | str, days: int, clock: Clock, *, seed: int = 7) -> Path:
    """Create a store in ``data_dir`` holding ``days`` days of use ending today."""
    rng = random.Random(seed)
    today = local_today(clock)
    first = today - timedelta(days=days - 1)
    months: dict[date, dict[str, dict[str, dict[str, Any]]]] = {}
    for offset in range(days):
        day = first + timedelta(days=offset)
        shard = months.setdefault(day.replace(day=1), {"days": {}, "moments": {}, "notes": {}})
        _add_day(shard, day, rng)

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


def _add_day(shard: dict[str, dict[str, dict[str, Any]]], day: date, rng: random.Random) -> None:
    iso = day.isoformat()
    days, moments, notes = shard["days"], shard["moments"], shard["notes"]
    days[str(len(days) + 1)] = {
        "date": iso,
        "checklist": {item: rng.random() < 0.7 for item in CHECKLIST},
        "promise": {"text": rng.choice(PROMISES)[:60], "kept": rng.random() < 0.8},
        "mood": rng.randint(1, 5),
    }
    for _ in range(rng.randint(3, 6)):
        moments[str(len(moments) + 1)] = {
            "date": iso,
            "time": f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}",
            "kind": rng.choice(MOMENT_KINDS),
            "note": rng.choice(SHORT_NOTES),
        }
    if rng.random() < 0.25:
        notes[str(len(notes) + 1)] = {"date": iso, "text": rng.choice(LONG_NOTES),
                                      "private": rng.random() < 0.3}


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
