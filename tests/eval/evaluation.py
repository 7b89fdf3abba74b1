"""Score the "Before you send" check against the labelled messages in this folder."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from repair_app.core.message_check import analyze
from repair_app.core.message_rules import MessageRules

EVAL_FILE = Path(__file__).with_name("message_check_eval.toml")
ZONE = ZoneInfo("Europe/Berlin")
DAY = datetime(2026, 11, 24, tzinfo=ZONE)


@dataclass(frozen=True)
class Example:
    text: str
    expect: frozenset[str]
    written_at: datetime
    checked_today: int
    set: str = "round-1"  # "held-out" was never used to tune the rules


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    per_kind: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    messages: Tally = field(default_factory=Tally)  # "harmful" as the positive class
    fine_total: int = 0
    fine_flagged: int = 0
    mistakes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        def row(name: str, t: Tally) -> str:
            return f"{name:<16}{t.precision:>10.2f}{t.recall:>8.2f}{t.tp:>5}{t.fp:>5}{t.fn:>5}"

        out = [f"{'kind':<16}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}"]
        out += [row(kind, tally) for kind, tally in self.per_kind.items()]
        out.append(row("all kinds", self.overall))
        out.append(row("harmful msgs", self.messages))
        out.append(f"fine messages flagged: {self.fine_flagged} of {self.fine_total}")
        return out


def load_examples(path: Path = EVAL_FILE) -> list[Example]:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    examples = []
    for raw in doc["messages"]:
        hour, minute = (int(p) for p in raw.get("written_at", "14:00").split(":"))
        examples.append(Example(
            text=raw["text"],
            expect=frozenset(raw["expect"]),
            written_at=datetime.combine(DAY.date(), time(hour, minute), tzinfo=ZONE),
            checked_today=int(raw.get("checked_today", 1)),
            set=raw.get("set", "round-1"),
        ))
    return examples


def evaluate(rules: MessageRules, examples: list[Example]) -> Report:
    report = Report(per_kind={k.id: Tally() for k in rules.kinds})
    for example in examples:
        found = {f.kind for f in analyze(example.text, example.written_at, rules,
                                         messages_today=example.checked_today)}
        for kind, tally in report.per_kind.items():
            expected, got = kind in example.expect, kind in found
            if expected and got:
                tally.tp += 1
                report.overall.tp += 1
            elif got:
                tally.fp += 1
                report.overall.fp += 1
            elif expected:
                tally.fn += 1
                report.overall.fn += 1
        harmful, flagged = bool(example.expect), bool(found)
        if harmful and flagged:
            report.messages.tp += 1
        elif flagged:
            report.messages.fp += 1
        elif harmful:
            report.messages.fn += 1
        if not harmful:
            report.fine_total += 1
            report.fine_flagged += flagged
        if found != example.expect:
            extra = sorted(found - example.expect)
            missed = sorted(example.expect - found)
            report.mistakes.append(f"{example.text[:70]!r}: extra {extra}, missed {missed}")
    return report
