"""The apology builder's check: does a draft apology defend? Pure.

It is the "Before you send" analyzer (:mod:`repair_app.core.message_check`) run with the
message rules plus a few apology-only ones (``repair_app/content/apology_rules.toml``:
any "but", "if you…", "I'm sorry you feel…", "you made me…", making it smaller). Rules
about *when* a message is sent (late at night, many today) are left out: an apology is
judged on its words here. Where an apology-only rule and a message rule mark the same
words, the message rule's note is kept, so one thing is said once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .content import ContentError
from .message_check import CheckResult, Finding, analyze, verdict_for, word_count
from .message_rules import MessageRules, PhraseIndex, SharedIndex

#: Message-rule detectors about timing and frequency, which an apology's words don't show.
TIMING_DETECTORS = frozenset({"late_night", "pursuing"})
APOLOGY_LIMIT = 5_000
EMPTY_MESSAGE = "Write your apology first, then check it."


def too_long_message(length: int) -> str:
    return (f"An apology works best short: this one has {length:,} characters, and the "
            f"builder checks up to {APOLOGY_LIMIT:,}. Keep the part that says sorry.")


@dataclass(frozen=True)
class ApologyRules:
    rules: MessageRules  # the combined rules the analyzer runs
    own: frozenset[str]  # ids of the apology-only kinds


def combine_rules(messages: MessageRules, apology: MessageRules,
                  lead: Sequence[str] = ()) -> ApologyRules:
    """Apology-only kinds first, then the message kinds named in ``lead``, then the other
    message kinds (without the timing ones). Limits, texting aliases and the learned layer
    come from the message rules, the verdicts from the apology rules."""
    by_id = {kind.id: kind for kind in messages.kinds}
    clash = sorted(set(by_id) & {kind.id for kind in apology.kinds})
    if clash:
        raise ContentError(f"kinds: {clash[0]!r} is already a message rule; give the "
                           f"apology rule its own id")
    for index, kind_id in enumerate(lead):
        if kind_id not in by_id:
            raise ContentError(f"lead_kinds[{index}]: {kind_id!r} is not a message rule "
                               f"(known: {', '.join(by_id)})")
    ordered = [by_id[kind_id] for kind_id in lead]
    ordered += [kind for kind in messages.kinds if kind.id not in lead]
    kept = tuple(kind for kind in ordered if not TIMING_DETECTORS & set(kind.detectors))
    kept_ids = frozenset(kind.id for kind in kept)
    combined = MessageRules(limits=messages.limits, verdicts=apology.verdicts,
                            kinds=tuple(apology.kinds) + kept, aliases=messages.aliases,
                            model_loader=messages.model_loader,
                            index_source=lambda: SharedIndex(
                                PhraseIndex.build(tuple(apology.kinds)), messages.index,
                                kept_ids))
    return ApologyRules(rules=combined, own=frozenset(kind.id for kind in apology.kinds))


def _overlaps(a: Finding, b: Finding) -> bool:
    return (a.start is not None and a.end is not None and b.start is not None
            and b.end is not None and a.start < b.end and b.start < a.end)


def apology_findings(text: str, written_at: datetime, rules: ApologyRules) -> list[Finding]:
    findings = analyze(text, written_at, rules.rules)
    shared = [f for f in findings if f.kind not in rules.own and f.span is not None]
    return [f for f in findings
            if f.kind not in rules.own or not any(_overlaps(f, other) for other in shared)]


def check_apology(text: str, written_at: datetime, rules: ApologyRules) -> CheckResult:
    """Everything in a draft apology that defends, and the verdict on it."""
    findings = apology_findings(text, written_at, rules)
    return CheckResult(findings=tuple(findings), verdict=verdict_for(findings, rules.rules),
                       words=word_count(text))
