"""The phrase rules alone (no learned layer) on a JSONL set: how many fine messages and
near-miss traps they flag, and how many harmful messages they catch, per kind.

    python -m tests.eval.rules_only                      # tests/eval/data/train.jsonl
    python -m tests.eval.rules_only FILE.jsonl --show    # also list false flags and misses

Meant for tuning the rules' ``unless`` exceptions on training data: never point it at a
held-out file (it refuses), those are the test.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from repair_app.content.message_rules import load_message_rules

from .learned_eval import HELD_OUT_FILES, TARGET_KINDS, TRAIN_FILE, Count, found_kinds, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[TRAIN_FILE])
    parser.add_argument("--show", action="store_true", help="list false flags and misses")
    args = parser.parse_args(argv)
    held_out = {p.resolve() for p in HELD_OUT_FILES}
    if any(p.resolve() in held_out or "held_out" in p.name for p in args.files):
        print("refusing: held-out sets are the test, not tuning data", file=sys.stderr)
        return 2
    rules = load_message_rules(model_file=None)
    for path in args.files:
        messages = load(path)
        fine, traps, harmful = Count(), Count(), Count()
        recall = {kind: Count() for kind in TARGET_KINDS}
        false_by_kind: Counter[str] = Counter()
        false_flags: list[str] = []
        misses: list[str] = []
        for message in messages:
            found = found_kinds(message.text, rules, learned=False)
            if message.labels:
                harmful.total += 1
                harmful.hit += bool(found)
                for kind in message.labels & set(TARGET_KINDS):
                    recall[kind].total += 1
                    recall[kind].hit += kind in found
                    if kind not in found:
                        misses.append(f"{kind:<15} {message.text[:100]!r}")
            else:
                fine.total += 1
                fine.hit += bool(found)
                if message.trap:
                    traps.total += 1
                    traps.hit += bool(found)
                if found:
                    false_by_kind.update(found)
                    false_flags.append(f"{','.join(sorted(found)):<15} {message.text[:100]!r}")
        print(f"{path.name}: {len(messages)} messages, rules only")
        print(f"  fine messages flagged   {fine.cell()}")
        print(f"  near-miss traps flagged {traps.cell()}")
        print(f"  harmful flagged at all  {harmful.cell()}")
        print("  harmful caught as their own kind:")
        for kind in TARGET_KINDS:
            print(f"    {kind:<16}{recall[kind].cell()}")
        print("  false flags by kind: " + ", ".join(
            f"{kind} {n}" for kind, n in false_by_kind.most_common()))
        if args.show:
            print("  false flags:")
            print("\n".join(f"    {line}" for line in false_flags))
            print("  missed (per kind):")
            print("\n".join(f"    {line}" for line in misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
