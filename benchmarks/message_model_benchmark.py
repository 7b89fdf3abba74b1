"""How long "Before you send" takes with its learned layer:
``python benchmarks/message_model_benchmark.py``.

Prints (CPU time, ``time.thread_time``, because this machine is shared; wall time too):
1. cold: what the first check would cost with nothing prepared, in parts: building the
   phrase index (the rules layer), reading the model file, and checking one normal message
   (target for model read + check: < 20 ms); then as the app does it: the screen that
   checks messages prepares the index, the model and the commonest words' phrase groups
   in the background when it opens (``prepare_first_check``), and the check comes after;
2. warm: checking a normal message again (median of RUNS);
3. 100,000 characters (the longest message the screen accepts) of ordinary prose, of
   prose dense with problems and of emoji/RTL text: the whole check (rules + model) and
   the model alone (target < 100 ms for the whole check).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repair_app.content.message_rules import (  # noqa: E402
    COMMON_FIRST_WORDS,
    MESSAGE_PLAN_FILE,
    _shared_model,
    load_message_model,
    load_message_rules,
)
from repair_app.core.message_check import MAX_MESSAGE_CHARS, check_message  # noqa: E402
from repair_app.core.message_rules import fold_text  # noqa: E402

RUNS = 15
WHEN = datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))
NORMAL = ("hey, i know you're busy tonight but cool so im just invisible now? my mom saw "
          "the screenshots and she's on my side")


def _fill(unit: str) -> str:
    return (unit * (MAX_MESSAGE_CHARS // len(unit) + 1))[:MAX_MESSAGE_CHARS]


LONG = {
    "ordinary prose": _fill(
        "I've been thinking about the weekend and about how we left things on Sunday. "
        "I'd like us to find a quiet evening this week to talk, if you feel up to it. "),
    "dense problems": _fill(
        "You always do this!! It's your fault, everyone agrees. Do you still love me?? "
        "Sorry if you felt hurt, but I only did it because I'll change everything. "),
    "emoji and RTL": _fill("👩‍❤️‍👨 مرحبا؟؟ שלום 🇩🇪 you never call 😂 أين أنت؟ "),
}


def shared_model_cache_clear() -> None:
    _shared_model.cache_clear()


def timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.thread_time()
    action()
    return (time.thread_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def main() -> None:
    colds = []
    for _ in range(5):
        shared_model_cache_clear()
        re.purge()  # as in a fresh process: nothing compiled by the round before
        rules = load_message_rules()
        rules_cpu, _ = timed(lambda r=rules: r)
        index_cpu, _ = timed(lambda r=rules: r.index)  # the phrase index, built on first use
        model_cpu, model_wall = timed(lambda r=rules: r.model)
        check_cpu, check_wall = timed(lambda r=rules: check_message(NORMAL, WHEN, r))
        colds.append((index_cpu, model_cpu, check_cpu, model_wall + check_wall))
    print("cold, median of 5 (nothing prepared and no plan of the index, each round as in a "
          "fresh process; the app reads the rules at start):")
    print(f"  build the phrase index (rules layer, as before): "
          f"{statistics.median(c[0] for c in colds):.1f} ms CPU")
    print(f"  read the model file: {statistics.median(c[1] for c in colds):.1f} ms CPU")
    print(f"  check a normal message with both layers: "
          f"{statistics.median(c[2] for c in colds):.1f} ms CPU")
    print(f"  model read + check (target < 20 ms): "
          f"{statistics.median(c[1] + c[2] for c in colds):.1f} ms CPU, "
          f"{statistics.median(c[3] for c in colds):.1f} ms wall")
    prepared = []
    for _ in range(5):
        shared_model_cache_clear()
        re.purge()
        rules = load_message_rules(plan_file=MESSAGE_PLAN_FILE)  # the app's: with its plan
        prepare_cpu, _ = timed(lambda r=rules: (r.index.matches(COMMON_FIRST_WORDS), r.model))
        check_cpu, check_wall = timed(lambda r=rules: check_message(NORMAL, WHEN, r))
        prepared.append((prepare_cpu, check_cpu, check_wall))
    print("as the app does it, median of 5: prepared in the background when the screen "
          f"opens {statistics.median(c[0] for c in prepared):.1f} ms CPU; then the first "
          f"check {statistics.median(c[1] for c in prepared):.1f} ms CPU, "
          f"{statistics.median(c[2] for c in prepared):.1f} ms wall (target < 20 ms)")
    rules = load_message_rules()
    check_message(NORMAL, WHEN, rules)
    warm = [timed(lambda: check_message(NORMAL, WHEN, rules)) for _ in range(RUNS)]
    print(f"warm check of a normal message: median {statistics.median(c for c, _ in warm):.2f}"
          f" ms CPU ({statistics.median(w for _, w in warm):.2f} ms wall)")
    model = load_message_model()
    print(f"{MAX_MESSAGE_CHARS:,} characters, median of {RUNS} runs (ms CPU / ms wall):")
    for label, text in LONG.items():
        check_message(text, WHEN, rules)
        whole = [timed(lambda t=text: check_message(t, WHEN, rules)) for _ in range(RUNS)]
        alone = [timed(lambda t=text: list(model.find(t, fold_text(t)))) for _ in range(RUNS)]
        print(f"  {label:<15} whole check {statistics.median(c for c, _ in whole):6.1f} / "
              f"{statistics.median(w for _, w in whole):6.1f}   model alone "
              f"{statistics.median(c for c, _ in alone):6.1f} / "
              f"{statistics.median(w for _, w in alone):6.1f}")


if __name__ == "__main__":
    main()
