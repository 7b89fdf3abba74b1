"""The "Before you send" check: find what in a message tends to backfire. Pure.

``analyze(text, written_at, rules)`` returns findings; each has a span (character offsets
into the original text: Python ``str`` indices, so an emoji or an Arabic letter counts as
one; ``None`` for findings about the whole message), a kind, the phase it comes from, why
it backfires and a gentler alternative. Matching runs on a case-folded copy made by
``fold_text``, which keeps the length of the text (plain ``str.lower`` can make it longer,
"İ" -> "i̇", and shift every offset after it), so spans found there are spans of the
original. The rules are data (``repair_app/content/message_rules.toml``); the phrase index
that makes a 100,000-character check fast is in ``repair_app/core/message_rules.py``.

A second, learned layer (``repair_app/core/message_model.py``, weights in
``repair_app/content/message_model.json``) adds findings the phrases miss; each names its
kind and phase like a rule's and highlights the words that raised it most
(``Finding.source == "learned"``). ``analyze(..., learned=False)`` runs the rules alone.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time

from repair_app.core.message_model import MessageModel, Window, without_tone_marks
from repair_app.core.message_rules import Kind, MessageRules, Verdict, fold_text

#: Longer messages are refused by the screen with a clear message (not by analyze).
MAX_MESSAGE_CHARS = 100_000
#: How far to look either side of a match for the sentence it belongs to (``unless``).
_SENTENCE_REACH = 200
_SENTENCE_MAX = 600
_SENTENCE_END = re.compile("[.!?\n\u2026\u061f\u3002]")
#: A stretch in quotation marks, on one line: someone's words being reported ("My boss
#: said \"answer me now\""), not said to the reader. Straight double quotes pair up left to
#: right; curly, low-high and angle quotes pair with their own closing mark, innermost
#: first (an opening mark ends the search for the one before it, so the scan stays linear
#: on 100,000 characters of them). Single quotes are left out: phones type the same mark
#: for apostrophes ("'cause", "my parents' place").
_QUOTED = re.compile('"[^"\n]+"|\u201c[^\u201c\u201d\n]+\u201d'
                     '|\u201e[^\u201e\u201c\u201d\n]+[\u201c\u201d]'
                     '|\u00ab[^\u00ab\u00bb\n]+\u00bb|\u300c[^\u300c\u300d\n]+\u300d')
#: What may follow a sentence's last mark and still belong to it: more marks, spaces and
#: emoji (anything but letters, digits and line breaks), up to _TRAILING_MAX characters.
_TRAILING_MARKS = re.compile(r"[^\w\n]+")
_TRAILING_MAX = 16
_QUESTION_MARKS = "?\u061f"
#: The longest sentence after a statement that its exceptions read (a remark: "I'm
#: grateful.", "It means more than you know.").
_NEXT_SENTENCE_MAX = 160
#: Spaces and line breaks between two sentences.
_BLANKS = re.compile(r"\s*")
#: Where a sentence turns: only what comes after the last turn is read with the statement
#: before it ("I love you, but I'm tired" no, "small thing but it makes my day" yes)...
_TURN = re.compile(r"\b(but|though|tho|although|however|yet|except)\b")
#: ...and a sentence that goes on in spite of it ("I still love you") or says it's about
#: time ("I appreciate that you noticed, finally") isn't read at all.
_IN_SPITE = re.compile(r"\b(still|anyway|anyways|regardless|finally|for once)\b")
_OPENING_QUOTES = ("\u201c", "\u201e", "\u00ab", "\u300c")
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")


@dataclass(frozen=True)
class Finding:
    kind: str
    label: str
    phase: int
    why: str
    suggestion: str
    severity: str
    start: int | None = None
    end: int | None = None
    detail: str = ""  # for whole-message findings: "214 words", "written at 23:40"
    #: "rules" (a phrase or detector in message_rules.toml) or "learned" (the model in
    #: message_model.json; its span is one of the runs of words that raised it most).
    source: str = "rules"

    @property
    def span(self) -> tuple[int, int] | None:
        if self.start is None or self.end is None:
            return None
        return (self.start, self.end)


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    verdict: Verdict
    words: int

    def kinds(self) -> list[str]:
        """Kinds found, in the order the rules list them, each once."""
        seen: list[str] = []
        for finding in self.findings:
            if finding.kind not in seen:
                seen.append(finding.kind)
        return seen

    def by_kind(self) -> dict[str, list[Finding]]:
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.kind, []).append(finding)
        return groups


def word_count(text: str) -> int:
    return len(text.split())


def is_late(moment: time, start: time, end: time) -> bool:
    """Is a local time of day inside [start, end)? The window may wrap past midnight."""
    moment = moment.replace(tzinfo=None, second=0, microsecond=0)
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


#: The learned layer reads a message of at least this many words. A word or two ("Hi",
#: "Yes.", "ok") carries its meaning in the conversation around it, which the check never
#: sees, and the training data holds far more short harmful replies than short fine ones:
#: the model read "Hi" as contempt (stop 28). The phrase rules still check short messages,
#: and the model's vetoes still apply to them.
LEARNED_MIN_WORDS = 3


def analyze(text: str, written_at: datetime, rules: MessageRules, *,
            messages_today: int = 0, learned: bool = True) -> list[Finding]:
    """Everything in ``text`` that tends to backfire, in the order the rules list kinds.

    ``written_at`` is the local time the message is being written (from the Clock);
    ``messages_today`` counts the messages checked today including this one. Two layers:
    the rules, and (if ``rules.model`` is set and ``learned``) the learned layer, whose
    findings quote the words that raised them most; words a rule already marked are not
    marked again. The learned layer may also set a rule phrase aside when the message as
    a whole scores below that kind's veto ("sorry, but the shop was closed"), or below
    the model's "harmful at all" veto when the phrases are all of one kind ("Ask anyone
    who's been to ours: your kimchi stew is legendary").
    """
    if not text or not text.strip():
        return []
    words = word_count(text)
    cap = rules.limits.max_findings_per_kind
    folded = fold_text(text)
    # Twice the cap: some matches are then cancelled by their sentence ("unless").
    spans = rules.index.matches(text, limit=2 * cap, folded=folded)
    sentences = _Sentences(text, folded)
    by_rule: dict[str, list[Finding]] = {}
    for kind in rules.kinds:
        found: list[Finding] = []
        if kind.id in spans:
            found.extend(_phrase_findings(text, kind, spans[kind.id], cap, sentences))
        if "all_caps" in kind.detectors:
            found.extend(_caps_findings(text, kind, rules.limits.caps_min_letters, cap,
                                        sentences))
        if found:
            by_rule[kind.id] = found
    if by_rule:
        by_rule = _outside_quotes(text, by_rule)
    model = rules.model if learned else None
    if model is not None:
        scored = None
        if by_rule and model.has_vetoes:
            scored = model.scored_windows(text, folded)  # scored once, used twice
            top = model.top_scores(text, folded, scored=scored)
            if any(model.vetoed(kind, top) for kind in by_rule) \
                    or model.vetoed_at_all(by_rule, top):
                plain = without_tone_marks(text)
                if plain != text and plain.strip():
                    # A veto needs the words to read as fine without their laughter and
                    # emoji too: "😂 It's your fault." is still blame.
                    top = [max(a, b) for a, b in zip(top, model.top_scores(plain),
                                                     strict=True)]
            by_rule = {kind: found for kind, found in by_rule.items()
                       if not model.vetoed(kind, top)}
            if model.vetoed_at_all(by_rule, top):
                by_rule = {kind: found for kind, found in by_rule.items()
                           if not model.knows(kind)}
        if words >= LEARNED_MIN_WORDS:
            _add_learned(text, folded, rules, model, by_rule, cap, sentences, scored)
    findings: list[Finding] = []
    for kind in rules.kinds:
        found = _merge_overlaps(by_rule.get(kind.id, []))
        if "long_message" in kind.detectors and words > rules.limits.long_message_words:
            found.append(_whole(kind, f"{words} words long"))
        if ("late_night" in kind.detectors and words >= rules.limits.late_night_min_words
                and is_late(written_at.timetz(), rules.limits.late_night_start,
                            rules.limits.late_night_end)):
            found.append(_whole(kind, f"written at {written_at:%H:%M}, {words} words"))
        if "pursuing" in kind.detectors and messages_today > rules.limits.messages_per_day:
            found.append(_whole(kind, f"message {messages_today} you've checked today"))
        findings.extend(found)
    return findings


def verdict_for(findings: Sequence[Finding], rules: MessageRules) -> Verdict:
    if not findings:
        return rules.verdicts["clear"]
    kinds = {f.kind for f in findings}
    if any(f.severity == "wait" for f in findings) or len(kinds) >= rules.limits.wait_after_kinds:
        return rules.verdicts["wait"]
    return rules.verdicts["reword"]


def check_message(text: str, written_at: datetime, rules: MessageRules, *,
                  messages_today: int = 0) -> CheckResult:
    findings = analyze(text, written_at, rules, messages_today=messages_today)
    return CheckResult(findings=tuple(findings), verdict=verdict_for(findings, rules),
                       words=word_count(text))


# -- highlighting ------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of the text and the kinds highlighted on it (empty: plain text)."""

    start: int
    end: int
    kinds: tuple[str, ...] = ()


def highlight_segments(text: str, findings: Iterable[Finding], *,
                       max_chars: int | None = None) -> list[Segment]:
    """Cut ``text`` (or its first ``max_chars``) into consecutive segments, each carrying
    the kinds whose spans cover it. The segments tile the shown text exactly."""
    shown = len(text) if max_chars is None else min(len(text), max_chars)
    if shown == 0:
        return []
    order: dict[str, int] = {}
    events: dict[int, list[tuple[int, str]]] = {}
    for finding in findings:
        span = finding.span
        if span is None:
            continue
        start, end = max(0, span[0]), min(shown, span[1])
        if start >= end:
            continue
        order.setdefault(finding.kind, len(order))
        events.setdefault(start, []).append((1, finding.kind))
        events.setdefault(end, []).append((-1, finding.kind))
    cuts = sorted({0, shown, *events})
    active: dict[str, int] = {}
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for delta, kind in events.get(a, ()):
            active[kind] = active.get(kind, 0) + delta
        kinds = tuple(sorted((k for k, n in active.items() if n > 0), key=order.__getitem__))
        if segments and segments[-1].kinds == kinds:
            segments[-1] = Segment(segments[-1].start, b, kinds)
        else:
            segments.append(Segment(a, b, kinds))
    return segments


# -- counting messages -------------------------------------------------------------------


def is_new_message(previous: str | None, current: str) -> bool:
    """Does checking ``current`` count as a new message today, after ``previous``?

    Rewording the same message is not a new one: it is new when fewer than half of the
    words are shared (Jaccard similarity of the sets of words, case-folded).
    """
    now_words = {w.casefold() for w in current.split()}
    if not now_words:
        return False
    if not previous:
        return True
    before = {w.casefold() for w in previous.split()}
    if not before:
        return True
    shared = len(now_words & before) / len(now_words | before)
    return shared < 0.5


# -- internals ---------------------------------------------------------------------------


def _add_learned(text: str, folded: str, rules: MessageRules, model: MessageModel,
                 by_kind: dict[str, list[Finding]], cap: int, sentences: _Sentences,
                 scored: Sequence[tuple[Window, list[float]]] | None = None) -> None:
    """The learned layer's findings, for the kinds these rules have, each span a run of
    the words that raised the kind's score most; dropped when a rule already marked those
    words, or when the kind's ``unless`` exceptions cancel them ("you always make me
    smile" is not blame, whichever layer noticed the "always") or its releasing phrases
    lead into them ("no need to reply tonight")."""
    known = {kind.id: kind for kind in rules.kinds}
    marked = sorted((f.start, f.end) for found in by_kind.values() for f in found
                    if f.start is not None and f.end is not None)
    # A page of notes is enough: at most a quarter of ``cap`` learned cues in all (each
    # up to CUE_TOKENS highlighted words), however long the message.
    for cue in model.find(text, folded, limit=cap, total=max(1, cap // 4), scored=scored):
        kind = known.get(cue.kind)
        if kind is None:
            continue
        fresh = [(a, b) for a, b in cue.spans if not _overlaps_any(a, b, marked)]
        if len(fresh) < len(cue.spans):
            continue  # a rule already explains this stretch
        if kind.has_unless and any(
                _cancelled(text, a, b, kind, sentences) for a, b in fresh):
            continue
        if kind.release_matcher is not None and any(
                _released(text, a, kind, sentences) for a, _b in fresh):
            continue  # "I don't need you to answer me now": released, whichever layer saw it
        by_kind.setdefault(kind.id, []).extend(
            Finding(**{**_finding(kind, *_whole_clusters(text, a, b)).__dict__,
                       "source": "learned"}) for a, b in fresh)


def _outside_quotes(text: str, by_kind: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    """The rule findings that aren't wholly inside quotation marks: a phrase inside quotes
    is someone else's words being reported ('My boss said "answer me now"', 'he told her
    "you never listen"'), not said to the reader. A quote that is the whole message is the
    message (someone pasting their draft in quotes), so it counts."""
    if '"' not in text and not any(mark in text for mark in _OPENING_QUOTES):
        return by_kind
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    whole = text.strip()
    quoted = [(a, b) for a, b in quoted if text[a:b] != whole]
    if not quoted:
        return by_kind
    starts = [a for a, _ in quoted]

    def inside(finding: Finding) -> bool:
        if finding.start is None or finding.end is None:
            return False
        i = bisect.bisect_right(starts, finding.start) - 1
        return i >= 0 and finding.end <= quoted[i][1]

    kept = {kind: [f for f in found if not inside(f)] for kind, found in by_kind.items()}
    return {kind: found for kind, found in kept.items() if found}


def _overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_left(spans, (end, end))
    return any(a < end and start < b for a, b in spans[max(0, i - 50):i])



def _finding(kind: Kind, start: int | None = None, end: int | None = None,
             detail: str = "") -> Finding:
    return Finding(kind=kind.id, label=kind.label, phase=kind.phase, why=kind.why,
                   suggestion=kind.suggestion, severity=kind.severity, start=start, end=end,
                   detail=detail)


def _whole(kind: Kind, detail: str) -> Finding:
    return _finding(kind, detail=detail)


def reference_matches(text: str, rules: MessageRules) -> dict[str, list[tuple[int, int]]]:
    """Phrase matches found the slow, obvious way (each kind's whole regex over the whole
    text). The tests check the phrase index against it."""
    found: dict[str, list[tuple[int, int]]] = {}
    for kind in rules.kinds:
        if kind.matcher is not None:
            spans = [m.span() for m in kind.matcher.finditer(text) if m.end() > m.start()]
            if spans:
                found[kind.id] = spans
    return found


def _phrase_findings(text: str, kind: Kind, spans: list[tuple[int, int]],
                     limit: int, sentences: _Sentences) -> list[Finding]:
    found: list[Finding] = []
    for start, end in spans:
        if kind.has_unless and _cancelled(text, start, end, kind, sentences):
            continue
        if kind.release_matcher is not None and _released(text, start, kind, sentences):
            continue
        start, end = _whole_clusters(text, start, end)
        found.append(_finding(kind, start, end))
        if len(found) >= limit:
            break
    return found


def _caps_findings(text: str, kind: Kind, min_letters: int, limit: int,
                   sentences: _Sentences) -> list[Finding]:
    """Runs of words in capitals (every letter upper case) with enough letters. A one-letter
    word ("I", "A") belongs to a run only next to a longer shouted word."""
    capitals = "".join(sorted(ch for ch in set(text) if ch.isupper()))
    if not capitals:
        return []
    found: list[Finding] = []
    for match in _shouting_runs(capitals).finditer(text):
        start, end = match.span()
        letters = 0
        for word in _LETTERS.finditer(text, start, end):
            letters += word.end() - word.start()
            if letters >= min_letters:
                break
        if letters < min_letters:
            continue
        if kind.has_unless and _cancelled(text, start, end, kind, sentences):
            continue
        found.append(_finding(kind, *_whole_clusters(text, start, end)))
        if len(found) >= limit:
            break
    return found


_LETTERS = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=64)
def _shouting_runs(capitals: str) -> re.Pattern[str]:
    """A run of upper-case words in a text whose capital letters are ``capitals``. The
    regex starts with a class of just those letters, so the engine skips the rest fast."""
    upper = "[" + "".join(re.escape(ch) for ch in capitals) + "]"
    tail = f"(?:{upper}|['\u2019]{upper})*(?![^\\W\\d_])"
    first = f"{upper}(?<![^\\W\\d_].){tail}"
    return re.compile(f"{first}(?:[\\W\\d_]+{upper}{tail})*")


class _Sentences:
    """Where sentences end in a text (found once, at C speed, on first use)."""

    def __init__(self, text: str, folded: str) -> None:
        self.text = text
        self.folded = folded
        self._ends: list[int] | None = None

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding text[start:end]: at most _SENTENCE_REACH either side and
        _SENTENCE_MAX in all."""
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        ends = self._ends
        i = bisect.bisect_left(ends, start)
        left = max(ends[i - 1] + 1 if i else 0, start - _SENTENCE_REACH, 0)
        j = bisect.bisect_left(ends, end)
        right = min(ends[j] if j < len(ends) else len(self.text), end + _SENTENCE_REACH)
        return left, min(right, left + _SENTENCE_MAX)  # a 100,000-letter "sentence" isn't one


def _cancelled(text: str, start: int, end: int, kind: Kind, sentences: _Sentences) -> bool:
    """Does one of the kind's ``unless`` phrases occur in the match's sentence? The emoji
    just after a sentence's last mark belong to it ("Do you hate me? 😂"); a question is
    read with the sentence that follows it ("Where are you? I'm at the front of the
    cinema"), and so is a statement when the next one is a plain statement too ("You
    always stay up for our calls. I'm grateful.")."""
    assert kind.has_unless
    left, right = sentences.around(start, end)
    # The marks that close the match's sentence: the match's own last character
    # ("hello??") or the first mark after it.
    mark = end - 1 if _SENTENCE_END.match(text, end - 1) else right
    right = _past_trailing_marks(text, mark)
    question = any(q in text[mark:right] for q in _QUESTION_MARKS)
    if question:
        right = _past_trailing_marks(text, _next_sentence_end(text, right, sentences))
    if kind.unless_folded is not None:
        pattern, subject = kind.unless_folded, sentences.folded
    else:
        pattern, subject = kind.unless_matcher, text
    if pattern.search(subject, left, right) is not None:
        return True
    if question or not _SENTENCE_END.match(text, mark):
        return False  # (no mark: the "sentence" is a stretch of a text without any)
    after = _plain_statement_after(text, right, sentences)
    return after is not None and pattern.search(subject, *after) is not None


def _plain_statement_after(text: str, at: int,
                           sentences: _Sentences) -> tuple[int, int] | None:
    """The stretch of the sentence after ``at`` that a statement's exceptions also read:
    a short plain statement ("You always stay up for our calls. I'm grateful."), from
    its last turn on ("You never listen. I love you, but I'm tired." reads "I'm
    tired."); not a question ("You're always right. Happy now?") nor one that goes on in
    spite ("You always forget. I still smile at you."). None: nothing after is read."""
    end = _next_sentence_end(text, at, sentences)
    if end <= at or end - at > _NEXT_SENTENCE_MAX:
        return None
    after = _past_trailing_marks(text, end)
    if any(q in text[end:after] for q in _QUESTION_MARKS):
        return None
    if _IN_SPITE.search(sentences.folded, at, end):
        return None
    start = at
    for turn in _TURN.finditer(sentences.folded, at, end):
        start = turn.end()
    return start, after


def _next_sentence_end(text: str, at: int, sentences: _Sentences) -> int:
    """Where the sentence after ``at`` (the end of one) ends; spaces and line breaks
    between the two are skipped (a question on one line, the answer on the next)."""
    start = _BLANKS.match(text, at, min(len(text), at + _SENTENCE_REACH)).end()
    return sentences.around(start, start)[1] if start < len(text) else at


def _past_trailing_marks(text: str, at: int) -> int:
    trailing = _TRAILING_MARKS.match(text, at, min(len(text), at + _TRAILING_MAX))
    return at if trailing is None else trailing.end()


def _released(text: str, start: int, kind: Kind, sentences: _Sentences) -> bool:
    """Does a releasing phrase ("no need to", "you don't have to") lead into the match at
    ``start``, in the same sentence and clause and at most a few words before it?"""
    assert kind.release_matcher is not None
    left, _ = sentences.around(start, start)
    return kind.release_matcher.search(text[left:start]) is not None


def _whole_clusters(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it never cuts a character from its combining marks or an emoji
    from its joiners: a highlight ends where a visible character ends."""
    n = len(text)
    if (end >= n or text[end] < "\u0300") and text[start] < "\u0300" and (
            end == 0 or text[end - 1] != "\u200d"):
        return start, end  # the common case: nothing can attach to plain ASCII neighbours
    while start > 0 and _attaches(text[start]):
        start -= 1
    while end < n and (_attaches(text[end]) or (end > 0 and text[end - 1] == "\u200d")):
        end += 1
    return start, end


def _attaches(ch: str) -> bool:
    """Characters that belong to the one before them: combining marks, joiners, variation
    selectors, emoji skin tones and flag tags."""
    return (ch in _JOINERS or unicodedata.category(ch) in ("Mn", "Me", "Mc")
            or "\U0001f3fb" <= ch <= "\U0001f3ff" or "\U000e0020" <= ch <= "\U000e007f")


def _merge_overlaps(findings: list[Finding]) -> list[Finding]:
    """Within one kind, overlapping matches become one highlighted span."""
    spans = sorted((f for f in findings if f.span is not None), key=lambda f: f.start or 0)
    merged: list[Finding] = []
    for finding in spans:
        if merged and finding.start is not None and merged[-1].end is not None \
                and finding.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(**{**last.__dict__, "end": max(last.end or 0, finding.end or 0)})
        else:
            merged.append(finding)
    return merged + [f for f in findings if f.span is None]
