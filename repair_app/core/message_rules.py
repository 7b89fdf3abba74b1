"""The "Before you send" rules as typed data, validated when loaded.

The rules live in ``repair_app/content/message_rules.toml``: for each kind of problem its
label, the phase it comes from, why it tends to backfire, a gentler alternative, and how
to spot it (phrases, raw patterns, built-in detectors). This module turns the parsed
document into frozen dataclasses with compiled patterns, and rejects a malformed file
with a message naming the exact place (``kinds[3].phrases[2]: not a valid pattern …``).

Phrase syntax (so the file stays readable): a phrase is a regular-expression fragment
matched case-insensitively on whole words; a space matches any run of whitespace; a
straight apostrophe ``'`` also matches the curly ones people's keyboards type (’ ʼ) or
none at all ("im", "dont"); and a word listed in ``[aliases]`` also matches its texting
forms ("you" -> "u"). Raw ``patterns`` get none of this and no word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from repair_app.core.content import ContentError

SEVERITIES = ("reword", "wait")
VERDICT_LEVELS = ("clear", "reword", "wait")
#: Detectors implemented in code (``repair_app.core.message_check``); data switches them on.
DETECTORS = ("long_message", "late_night", "pursuing", "all_caps")
MESSAGE_LEVEL_DETECTORS = ("long_message", "late_night", "pursuing")
_APOSTROPHES = "['\u2019\u02bc]?"
_FLAGS = re.IGNORECASE
#: A word standing alone in a phrase's source (not part of a longer word or an escape).
_ALIAS_WORD = re.compile(r"(?<![\w'\\])[A-Za-z]+(?![\w'])")
_INT_LIMITS = ("long_message_words", "late_night_min_words", "messages_per_day",
               "caps_min_letters", "wait_after_kinds", "max_findings_per_kind")


@dataclass(frozen=True)
class Kind:
    """One kind of problem a message can have."""

    id: str
    label: str
    phase: int
    why: str
    suggestion: str
    severity: str = "reword"
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    detectors: tuple[str, ...] = ()
    matcher: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    unless_matcher: re.Pattern[str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Limits:
    long_message_words: int = 120
    late_night_start: time = time(22, 0)
    late_night_end: time = time(6, 0)
    late_night_min_words: int = 60
    messages_per_day: int = 5
    caps_min_letters: int = 6
    wait_after_kinds: int = 3
    max_findings_per_kind: int = 200


@dataclass(frozen=True)
class Verdict:
    level: str  # "clear", "reword" or "wait"
    title: str
    body: str


@dataclass(frozen=True)
class MessageRules:
    limits: Limits
    verdicts: dict[str, Verdict]
    kinds: tuple[Kind, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def kind(self, kind_id: str) -> Kind:
        for kind in self.kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)

    def with_detector(self, detector: str) -> tuple[Kind, ...]:
        return tuple(k for k in self.kinds if detector in k.detectors)


# -- compiling phrases -------------------------------------------------------------------


def phrase_to_regex(phrase: str, aliases: dict[str, str] | None = None) -> str:
    """A phrase as a regex fragment: spaces match any whitespace, ' matches curly ones or
    none, and each alias word (standing alone in the phrase) matches its other forms."""
    if aliases:
        phrase = _ALIAS_WORD.sub(
            lambda m: f"(?:{aliases[m.group().lower()]})" if m.group().lower() in aliases
            else m.group(), phrase)
    out: list[str] = []
    escaped = False
    in_class = False
    for ch in phrase:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif ch == " " and not in_class:
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch == "'":
            out.append("'\u2019\u02bc" if in_class else _APOSTROPHES)
        else:
            out.append(ch)
    return "".join(out)


def _word_bounded(fragment: str) -> str:
    return rf"(?<!\w)(?:{fragment})(?!\w)"


def _check_fragment(fragment: str, where: str) -> None:
    try:
        compiled = re.compile(fragment, _FLAGS)
    except re.error as error:
        raise ContentError(f"{where}: not a valid pattern ({error})") from error
    if compiled.fullmatch("") is not None:
        raise ContentError(f"{where}: matches empty text, so it would flag every message")


def compile_kind(kind: Kind, where: str = "kind", aliases: dict[str, str] | None = None) -> Kind:
    """Compile a kind's phrases and patterns into one matcher (and its exceptions)."""
    parts: list[str] = []
    for i, phrase in enumerate(kind.phrases):
        fragment = phrase_to_regex(phrase, aliases)
        _check_fragment(fragment, f"{where}.phrases[{i}]")
        parts.append(_word_bounded(fragment))
    for i, pattern in enumerate(kind.patterns):
        _check_fragment(pattern, f"{where}.patterns[{i}]")
        parts.append(f"(?:{pattern})")
    unless_parts: list[str] = []
    for i, phrase in enumerate(kind.unless):
        fragment = phrase_to_regex(phrase, aliases)
        _check_fragment(fragment, f"{where}.unless[{i}]")
        unless_parts.append(_word_bounded(fragment))
    matcher = re.compile("|".join(parts), _FLAGS) if parts else None
    unless_matcher = re.compile("|".join(unless_parts), _FLAGS) if unless_parts else None
    return Kind(**{**kind.__dict__, "matcher": matcher, "unless_matcher": unless_matcher})


# -- parsing the document ----------------------------------------------------------------


def _text(doc: dict[str, Any], key: str, where: str) -> str:
    value = doc.get(key)
    if value is None:
        raise ContentError(f"{where}.{key}: missing")
    if not isinstance(value, str):
        raise ContentError(f"{where}.{key}: expected text, got {type(value).__name__}")
    value = value.strip()
    if not value:
        raise ContentError(f"{where}.{key}: is empty")
    return value


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected a table, got {type(value).__name__}")
    return value


def _strings(doc: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise ContentError(f"{where}.{key}: expected a list, got {type(value).__name__}")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ContentError(f"{where}.{key}[{i}]: expected non-empty text, got {item!r}")
        out.append(item.strip())
    return tuple(out)


def _positive_int(doc: dict[str, Any], key: str, where: str, default: int) -> int:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ContentError(f"{where}.{key}: expected a whole number of 1 or more, got {value!r}")
    return value


def _time(doc: dict[str, Any], key: str, where: str, default: time) -> time:
    value = doc.get(key)
    if value is None:
        return default
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        parts = value.strip().split(":")
        if len(parts) == 2 and all(p.isdecimal() and 1 <= len(p) <= 2 for p in parts):
            hour, minute = int(parts[0]), int(parts[1])
            if hour <= 23 and minute <= 59:
                return time(hour, minute)
    raise ContentError(f"{where}.{key}: expected a time of day like \"22:00\", got {value!r}")


def _limits(raw: Any) -> Limits:
    if raw is None:
        return Limits()
    doc = _table(raw, "limits")
    known = set(Limits.__dataclass_fields__)
    unknown = sorted(set(doc) - known)
    if unknown:
        raise ContentError(f"limits: unknown setting {unknown[0]!r} (known: "
                           f"{', '.join(sorted(known))})")
    defaults = Limits()
    ints = {name: _positive_int(doc, name, "limits", getattr(defaults, name))
            for name in _INT_LIMITS}
    return Limits(
        **ints,
        late_night_start=_time(doc, "late_night_start", "limits", defaults.late_night_start),
        late_night_end=_time(doc, "late_night_end", "limits", defaults.late_night_end),
    )


def _verdicts(raw: Any) -> dict[str, Verdict]:
    doc = _table(raw, "verdicts")
    verdicts = {}
    for level in VERDICT_LEVELS:
        where = f"verdicts.{level}"
        entry = _table(doc.get(level), where) if level in doc else None
        if entry is None:
            raise ContentError(f"{where}: missing")
        verdicts[level] = Verdict(level=level, title=_text(entry, "title", where),
                                  body=_text(entry, "body", where))
    return verdicts


def _aliases(raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    doc = _table(raw, "aliases")
    aliases = {}
    for word, forms in doc.items():
        where = f"aliases.{word}"
        if not re.fullmatch(r"[A-Za-z]+", word):
            raise ContentError(f"{where}: an alias must be one plain word (letters only)")
        if not isinstance(forms, str) or not forms.strip():
            raise ContentError(f"{where}: expected the forms as text, like \"you|u\"")
        _check_fragment(forms, where)
        aliases[word.lower()] = forms.strip()
    return aliases


def _kind(raw: Any, where: str, phase_count: int, aliases: dict[str, str]) -> Kind:
    doc = _table(raw, where)
    kind_id = _text(doc, "id", where)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", kind_id):
        raise ContentError(f"{where}.id: use lowercase letters, digits and _, got {kind_id!r}")
    phase = doc.get("phase")
    if isinstance(phase, bool) or not isinstance(phase, int) or not 1 <= phase <= phase_count:
        raise ContentError(f"{where}.phase: expected a phase number from 1 to {phase_count}, "
                           f"got {phase!r}")
    severity = doc.get("severity", "reword")
    if severity not in SEVERITIES:
        raise ContentError(f"{where}.severity: {severity!r} is not one of "
                           f"{', '.join(SEVERITIES)}")
    detectors = _strings(doc, "detectors", where)
    for i, name in enumerate(detectors):
        if name not in DETECTORS:
            raise ContentError(f"{where}.detectors[{i}]: {name!r} is not one of "
                               f"{', '.join(DETECTORS)}")
    kind = Kind(
        id=kind_id,
        label=_text(doc, "label", where),
        phase=phase,
        why=_text(doc, "why", where),
        suggestion=_text(doc, "suggestion", where),
        severity=severity,
        phrases=_strings(doc, "phrases", where),
        patterns=_strings(doc, "patterns", where),
        unless=_strings(doc, "unless", where),
        detectors=detectors,
    )
    if not (kind.phrases or kind.patterns or kind.detectors):
        raise ContentError(f"{where}: has no phrases, patterns or detectors, so it finds nothing")
    return compile_kind(kind, where, aliases)


def parse_message_rules(doc: Any, *, phase_count: int = 4) -> MessageRules:
    """Build :class:`MessageRules` from a parsed TOML document, or raise ContentError."""
    doc = _table(doc, "message rules")
    raw_kinds = doc.get("kinds")
    if not isinstance(raw_kinds, list) or not raw_kinds:
        raise ContentError("kinds: missing or empty (add at least one [[kinds]] table)")
    aliases = _aliases(doc.get("aliases"))
    kinds = tuple(_kind(k, f"kinds[{i}]", phase_count, aliases)
                  for i, k in enumerate(raw_kinds))
    ids = [k.id for k in kinds]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ContentError(f"kinds: ids must be unique, repeated: {', '.join(repeated)}")
    for detector in DETECTORS:
        owners = [k.id for k in kinds if detector in k.detectors]
        if len(owners) > 1:
            raise ContentError(f"kinds: detector {detector!r} is used by more than one kind: "
                               f"{', '.join(owners)}")
    return MessageRules(limits=_limits(doc.get("limits")), verdicts=_verdicts(doc.get("verdicts")),
                        kinds=kinds, aliases=aliases)
