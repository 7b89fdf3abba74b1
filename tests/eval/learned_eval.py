"""Score "Before you send" (rules + learned layer) on the JSONL sets in tests/eval/data.

``train.jsonl`` is what scripts/train_message_model.py learns from; ``held_out.jsonl`` was
written in a separate session, from different scenarios, and is never used for training
or tuning. Each line: {"text", "labels" (kinds; [] = fine), "trap" (a fine message that
shares words with harmful ones), "note" (the scenario or voice it was written for)}.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from repair_app.core.message_check import analyze
from repair_app.core.message_rules import MessageRules

from .similarity import shared_nearest

DATA = Path(__file__).with_name("data")
TRAIN_FILE = DATA / "train.jsonl"
HELD_OUT_FILE = DATA / "held_out.jsonl"
#: Every training file (train.jsonl and the later train_more_*.jsonl rounds).
TRAIN_FILES = tuple(sorted(DATA.glob("train*.jsonl")))
#: The held-out sets: the first round, then two written blind by writers who never saw
#: the training data, the rules or the model (held_out_2, held_out_3).
HELD_OUT_FILES = tuple(sorted(DATA.glob("held_out*.jsonl")))
#: The kinds the issue sets targets for, in the order of the table.
TARGET_KINDS = ("blame", "contempt", "defending", "apology_excuse", "pressure",
                "reassurance", "judges", "promises", "guilt")
#: Rule kinds that are a narrower form of a target kind.
FAMILY = {"always_never": "blame", "explaining": "defending"}
WRITTEN_AT = datetime(2026, 11, 24, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))
#: Recall is split by how alike a message is to its nearest training message.
DISTANCE_BANDS = ((0.6, 1.01, "close (similarity >= 0.6)"),
                  (0.4, 0.6, "middle (0.4 to 0.6)"),
                  (0.0, 0.4, "far (< 0.4)"))


@dataclass(frozen=True)
class Message:
    text: str
    labels: frozenset[str]
    trap: bool = False
    note: str = ""


def load(path: Path) -> list[Message]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [Message(r["text"], frozenset(r["labels"]), bool(r.get("trap")), r.get("note", ""))
            for r in rows]


def load_all(paths) -> list[Message]:
    return [message for path in paths for message in load(path)]


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Count:
    hit: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.hit / self.total if self.total else float("nan")

    def cell(self) -> str:
        if not self.total:
            return f"{'-':>20}"
        low, high = wilson(self.hit, self.total)
        return f"{self.rate:5.2f} [{low:.2f}-{high:.2f}] {self.hit:>3}/{self.total:<3}"


@dataclass
class Scores:
    recall: dict[str, Count] = field(default_factory=lambda: {k: Count() for k in TARGET_KINDS})
    precision: dict[str, Count] = field(
        default_factory=lambda: {k: Count() for k in TARGET_KINDS})
    harmful_recall: Count = field(default_factory=Count)
    harmful_precision: Count = field(default_factory=Count)
    fine_flagged: Count = field(default_factory=Count)
    fine_flagged_by_rules: Count = field(default_factory=Count)
    traps_flagged: Count = field(default_factory=Count)
    by_distance: dict[str, Count] = field(default_factory=dict)
    by_rules: dict[str, Count] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)

    def table(self) -> list[str]:
        head = f"{'kind':<16}{'recall [95% CI]  hit/n':>30}{'precision [95% CI]  hit/n':>32}"
        out = [head]
        for kind in TARGET_KINDS:
            out.append(f"{kind:<16}{self.recall[kind].cell():>30}{self.precision[kind].cell():>32}")
        out.append(f"{'harmful at all':<16}{self.harmful_recall.cell():>30}"
                   f"{self.harmful_precision.cell():>32}")
        out.append(f"fine messages flagged: {self.fine_flagged.cell()}  "
                   f"(near-miss traps: {self.traps_flagged.cell().strip()})")
        out.append(f"  of which the rules alone flag: {self.fine_flagged_by_rules.cell()}")
        out.append("recall of harmful messages by distance from the training data:")
        out += [f"  {band:<28}{count.cell()}" for band, count in self.by_distance.items()]
        out.append("recall by whether a rule phrase alone catches the message:")
        out += [f"  {band:<28}{count.cell()}" for band, count in self.by_rules.items()]
        return out


def found_kinds(text: str, rules: MessageRules, *, learned: bool = True) -> set[str]:
    return {FAMILY.get(f.kind, f.kind)
            for f in analyze(text, WRITTEN_AT, rules, messages_today=1, learned=learned)}


def score(messages: list[Message], rules: MessageRules,
          train: list[Message] | None = None) -> Scores:
    scores = Scores()
    nearest = shared_nearest([m.text for m in train]) if train else None
    scores.by_distance = {band: Count() for *_, band in DISTANCE_BANDS} if nearest else {}
    scores.by_rules = {"a rule phrase fires": Count(), "no rule phrase fires": Count()}
    for message in messages:
        found = found_kinds(message.text, rules)
        targets = found & set(TARGET_KINDS)
        for kind in TARGET_KINDS:
            if kind in message.labels:
                scores.recall[kind].total += 1
                scores.recall[kind].hit += kind in found
            if kind in targets:
                scores.precision[kind].total += 1
                scores.precision[kind].hit += kind in message.labels
        flagged = bool(found)
        if message.labels:
            scores.harmful_recall.total += 1
            scores.harmful_recall.hit += flagged
            if not flagged:
                scores.misses.append(f"{sorted(message.labels)} {message.text[:90]!r}")
            if nearest is not None:
                similarity, _ = nearest.nearest(message.text)
                band = next(b for low, high, b in DISTANCE_BANDS if low <= similarity < high)
                scores.by_distance[band].total += 1
                scores.by_distance[band].hit += flagged
            by_rule = bool(found_kinds(message.text, rules, learned=False))
            count = scores.by_rules["a rule phrase fires" if by_rule else "no rule phrase fires"]
            count.total += 1
            count.hit += flagged
        else:
            scores.fine_flagged.total += 1
            scores.fine_flagged.hit += flagged
            scores.fine_flagged_by_rules.total += 1
            scores.fine_flagged_by_rules.hit += bool(found_kinds(message.text, rules,
                                                                 learned=False))
            if message.trap:
                scores.traps_flagged.total += 1
                scores.traps_flagged.hit += flagged
            if flagged:
                scores.false_flags.append(f"{sorted(found)} {message.text[:90]!r}")
        if flagged:
            scores.harmful_precision.total += 1
            scores.harmful_precision.hit += bool(message.labels)
    return scores
