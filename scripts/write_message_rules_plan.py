"""Write the phrase index's plan for the bundled "Before you send" rules
(``repair_app/content/message_rules.plan.json``): run after changing
``message_rules.toml``. ``python scripts/write_message_rules_plan.py``

The app reads it when a screen that checks messages opens, instead of parsing every
phrase's regex for its first words there (docs/benchmarks.md, "First use after start").
A plan written for other phrases is never used, so a stale file only costs that time;
``tests/unit/test_message_rules_plan.py`` fails until it is written again."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repair_app.content.message_rules import (  # noqa: E402
    MESSAGE_PLAN_FILE,
    load_message_rules,
    write_index_plan,
)

if __name__ == "__main__":
    write_index_plan(load_message_rules(model_file=None))
    print(f"wrote {MESSAGE_PLAN_FILE} ({MESSAGE_PLAN_FILE.stat().st_size // 1024} KiB)")
