"""How long "Before you send" takes on the biggest message it accepts:
``python benchmarks/message_check_benchmark.py``.

For several 100,000-character messages (ordinary prose, prose dense with problems,
emoji and right-to-left text, capitals, one unbroken word, punctuation) it prints the
CPU time of ``check_message`` (the whole analysis and the verdict): best and median of
RUNS runs, plus the median wall-clock time, and the same for ``highlight_segments``
(cutting the text for highlighting); then the ratio of the slowest median CPU time to
the 50 ms target. CPU time (``time.thread_time``) is reported because this machine is
shared: wall-clock time also counts the time other processes held the CPU. The rules
are loaded once beforehand, as in the app; that load and the first check (which builds
the phrase index) are timed too.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repair_app.content.message_rules import (  # noqa: E402
    default_message_rules,
    load_message_rules,
)
from repair_app.core.message_check import (  # noqa: E402
    MAX_MESSAGE_CHARS,
    check_message,
    highlight_segments,
)

TARGET_MS = 50.0
RUNS = 31
LATE = datetime(2026, 11, 23, 23, 40, tzinfo=ZoneInfo("Europe/Berlin"))


def _fill(unit: str) -> str:
    return (unit * (MAX_MESSAGE_CHARS // len(unit) + 1))[:MAX_MESSAGE_CHARS]


INPUTS = {
    "ordinary prose": _fill(
        "I've been thinking about the weekend and about how we left things on Sunday. "
        "I'd like us to find a quiet evening this week to talk, if you feel up to it. "),
    "dense problems": _fill(
        "You always do this!! It's your fault, everyone agrees. Do you still love me?? "
        "Sorry if you felt hurt, but I only did it because I'll change everything. "),
    "emoji and RTL": _fill("👩‍❤️‍👨 مرحبا؟؟ שלום 🇩🇪 you never call 😂 أين أنت؟ "),
    "capitals": _fill("WHY WON'T YOU ANSWER ME I AM SO TIRED OF THIS "),
    "one long word": "a" * MAX_MESSAGE_CHARS,
    "punctuation": _fill("?!?.,;…؟"),
}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.1f}"


def _timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    action()
    return time.thread_time() - cpu, time.perf_counter() - wall


def main() -> None:
    cpu, wall = _timed(default_message_rules)
    rules = default_message_rules()
    print(f"loading and checking the rules (at app start): {_ms(cpu)} ms CPU, "
          f"{_ms(wall)} ms wall")
    fresh = load_message_rules()
    cpu, wall = _timed(lambda: check_message("Are we okay?", LATE, fresh))
    print(f"first check after start (builds the phrase index once): {_ms(cpu)} ms CPU, "
          f"{_ms(wall)} ms wall")
    print(f"check_message on {MAX_MESSAGE_CHARS:,} characters, written at 23:40, {RUNS} runs "
          "each; ms (CPU best / CPU median / wall median)")
    slowest = 0.0
    for label, text in INPUTS.items():
        result = check_message(text, LATE, rules, messages_today=7)  # warm-up
        checks, check_walls, cuts = [], [], []
        for _ in range(RUNS):
            cpu, wall = _timed(lambda t=text: check_message(t, LATE, rules, messages_today=7))
            checks.append(cpu)
            check_walls.append(wall)
            cpu, _ = _timed(lambda t=text, r=result: highlight_segments(t, r.findings,
                                                                max_chars=20_000))
            cuts.append(cpu)
        slowest = max(slowest, statistics.median(checks))
        print(f"  {label:<15} check {_ms(min(checks))} / {_ms(statistics.median(checks))} / "
              f"{_ms(statistics.median(check_walls))}   highlight "
              f"{_ms(statistics.median(cuts))}   findings {len(result.findings):>5}  "
              f"verdict {result.verdict.level}")
    print(f"slowest median check: {slowest * 1000:.1f} ms CPU = "
          f"{slowest * 1000 / TARGET_MS:.2f} of the {TARGET_MS:.0f} ms target")


if __name__ == "__main__":
    main()
