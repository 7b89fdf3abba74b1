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

import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from repair_app.core.content import ContentError

if TYPE_CHECKING:
    from repair_app.core.message_model import MessageModel

try:  # the regex parser: public as sre_parse before 3.11, re._parser since
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parser  # type: ignore[no-redef]

_MAXREPEAT = _sre_parser.MAXREPEAT

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
    #: Phrases that release the other person from what follows in the same clause ("no
    #: need to", "you don't have to"): a match they lead into, at most a few words on, is
    #: not a finding ("No need to reply tonight").
    released_by: tuple[str, ...] = ()
    detectors: tuple[str, ...] = ()
    #: Every phrase and pattern in one regex source (the plain reference; the phrase index
    #: is what runs). Compiled on demand by :attr:`matcher`.
    matcher_source: str = field(default="", compare=False, repr=False)
    #: The ``unless`` phrases as one regex source (None: there are none); compiled on
    #: demand by :attr:`unless_matcher` where ``unless_folded`` can't be used.
    unless_source: str | None = field(default=None, compare=False, repr=False)
    #: The same exceptions in lower case, for the case-folded text (None: use the above).
    unless_folded: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    #: ``released_by`` as one regex that must end the clause text before a match.
    release_matcher: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    #: (regex fragment, is a raw pattern) for each phrase and pattern, for the index.
    sources: tuple[tuple[str, bool], ...] = field(default=(), compare=False, repr=False)


    @property
    def matcher(self) -> re.Pattern[str] | None:
        return re.compile(self.matcher_source, _FLAGS) if self.matcher_source else None

    @property
    def has_unless(self) -> bool:
        return self.unless_source is not None

    @property
    def unless_matcher(self) -> re.Pattern[str] | None:
        """The exceptions, case-insensitive on the text as written (compiled when first
        asked for: the checks use ``unless_folded`` whenever there is one)."""
        return re.compile(self.unless_source, _FLAGS) if self.unless_source else None


@dataclass(frozen=True)
class Limits:
    long_message_words: int = 120
    late_night_start: time = time(22, 0)
    late_night_end: time = time(6, 0)
    late_night_min_words: int = 60
    messages_per_day: int = 5
    caps_min_letters: int = 6
    wait_after_kinds: int = 3
    max_findings_per_kind: int = 100


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
    #: Loads the learned layer (``repair_app.core.message_model``) on first use; None:
    #: rules only. The bundled rules come with the bundled model.
    model_loader: Callable[[], MessageModel | None] | None = field(default=None,
                                                                  compare=False, repr=False)
    #: Builds the phrase index instead of compiling every kind's phrases here (rules
    #: that add kinds to another rule set reuse that set's index: ``SharedIndex``).
    index_source: Callable[[], PhraseIndex | SharedIndex] | None = field(
        default=None, compare=False, repr=False)
    #: Reads a plan of the phrase index written ahead for the kinds it is given
    #: (``IndexPlan``), or None when there is none for exactly those phrases: then the
    #: plan is worked out on first use.
    plan_loader: Callable[[tuple[Kind, ...]], IndexPlan | None] | None = field(
        default=None, compare=False, repr=False)
    _built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: Held while the index is built or the model loaded: a check that comes while a
    #: screen is preparing them in the background waits for that work, not doubles it.
    _building: Any = field(default_factory=threading.RLock, compare=False, repr=False)

    @property
    def index(self) -> PhraseIndex | SharedIndex:
        """The phrase index, built on first use (about 0.2 s of regex compiling that the
        app's start shouldn't pay)."""
        built = self._built.get("index")
        if built is None:
            with self._building:
                built = self._built.get("index")
                if built is None:
                    built = self._built["index"] = (
                        self.index_source() if self.index_source is not None
                        else self._index_from_plan())
        return built

    def _index_from_plan(self) -> PhraseIndex:
        """The index built from the plan written ahead when there is one for these very
        phrases and it compiles, else from a plan worked out here (about 0.1 s of parsing
        the phrases' regexes)."""
        plan = self.plan_loader(self.kinds) if self.plan_loader is not None else None
        if plan is not None:
            try:
                return PhraseIndex.from_plan(plan, self.kinds)
            except ValueError:
                pass  # a plan that doesn't fit these phrases: as if there were none
        return PhraseIndex.from_plan(IndexPlan.of(self.kinds), self.kinds)

    @property
    def model(self) -> MessageModel | None:
        """The learned layer, loaded on the first check that needs it (None: rules only)."""
        if self.model_loader is None:
            return None
        if "model" not in self._built:
            with self._building:
                if "model" not in self._built:
                    self._built["model"] = self.model_loader()
        return self._built["model"]

    @property
    def prepared(self) -> bool:
        """Whether the first check will find the index built (and the model loaded)."""
        return "index" in self._built and (self.model_loader is None or "model" in self._built)

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


#: What may stand between a releasing phrase and the match it releases: up to
#: RELEASE_REACH_WORDS words ("no need to *ever* reply"), no clause break, then the end.
RELEASE_REACH_WORDS = 3
_RELEASE_GAP = (rf"(?:[^\w,;:\u2013\u2014]+(?!(?:but|and|or|just)\b)\w+){{0,{RELEASE_REACH_WORDS}}}"
                r"[^\w,;:\u2013\u2014]*\Z")


def _word_bounded(fragment: str) -> str:
    return rf"(?<!\w)(?:{fragment})(?!\w)"


def _trusted(fragment: str, where: str) -> None:
    """No check: the rules passed ``_check_fragment`` before, byte for byte."""


def _check_fragment(fragment: str, where: str) -> None:
    try:
        compiled = re.compile(fragment, _FLAGS)
    except re.error as error:
        raise ContentError(f"{where}: not a valid pattern ({error})") from error
    if compiled.fullmatch("") is not None:
        raise ContentError(f"{where}: matches empty text, so it would flag every message")


def compile_kind(kind: Kind, where: str = "kind", aliases: dict[str, str] | None = None,
                 *, check_phrases: bool = True) -> Kind:
    """Compile a kind's phrases and patterns into one matcher (and its exceptions).
    ``check_phrases``: compile each phrase alone to say which one is malformed or matches
    empty text (most of the time loading takes); False only for rules known to pass."""
    check = _check_fragment if check_phrases else _trusted
    parts: list[str] = []
    sources: list[tuple[str, bool]] = []
    for i, phrase in enumerate(kind.phrases):
        fragment = phrase_to_regex(phrase, aliases)
        check(fragment, f"{where}.phrases[{i}]")
        parts.append(_word_bounded(fragment))
        sources.append((fragment, False))
    for i, pattern in enumerate(kind.patterns):
        check(pattern, f"{where}.patterns[{i}]")
        parts.append(f"(?:{pattern})")
        sources.append((f"(?:{pattern})", True))
    unless_parts: list[str] = []
    for i, phrase in enumerate(kind.unless):
        fragment = phrase_to_regex(phrase, aliases)
        check(fragment, f"{where}.unless[{i}]")
        unless_parts.append(fragment)
    release_parts: list[str] = []
    for i, phrase in enumerate(kind.released_by):
        fragment = phrase_to_regex(phrase, aliases)
        check(fragment, f"{where}.released_by[{i}]")
        release_parts.append(_word_bounded(fragment))
    release_matcher = (re.compile(
        f"(?:{'|'.join(release_parts)}){_RELEASE_GAP}", _FLAGS) if release_parts else None)
    # One word boundary around all the exceptions, not one per exception: only "is there
    # one anywhere in this sentence?" is asked, and the engine skips to likely starts
    # several times faster this way (it can't past a look-behind on every alternative).
    unless_source = _word_bounded("|".join(unless_parts)) if unless_parts else None
    unless_lowered = lower_source(unless_source) if unless_source else None
    return Kind(**{**kind.__dict__, "matcher_source": "|".join(parts),
                    "unless_source": unless_source,
                    "unless_folded": re.compile(unless_lowered) if unless_lowered else None,
                    "release_matcher": release_matcher,
                    "sources": tuple(sources)})


# -- the phrase index: why the check stays fast on 100,000 characters ---------------------
#
# Python's regex engine tries every alternative of a pattern at every position, so four
# hundred case-insensitive phrases over a long text cost most of a second; and compiling
# them (Python parses each regex in Python) costs more than the first check may take. So:
#  1. the text is case-folded once (same length, so offsets don't move) and the phrases
#     are matched case-sensitively in lower case;
#  2. each phrase is keyed by its first one or two words (every spelling the phrase
#     allows; finding them is the plan, shipped with the rules);
#  3. the check walks the text's words: where one starts a key, with the word after it,
#     the few phrases under that key are tried there, in each kind's order, and each is
#     compiled the first time any text needs it. A first check compiles only what its own
#     words call for: a few milliseconds, where compiling everything took most of a second.
# Phrases that can't be keyed (an emoji, a digit, punctuation first) are searched through
# the whole text. The tests check the index against the plain case-insensitive regexes.

_MAX_KEYS = 2000
_MAX_STEPS = 50_000
_UNROLL = 3
#: Characters whose lower case is longer, or that case-insensitive matching treats as an
#: ASCII letter although their lower case differs ("İ" "ı" "ſ"): folded so that the
#: folded text has the same length and the same matches.
_FOLD_TABLE = {0x130: "i", 0x131: "i", 0x17F: "s"}


def fold_text(text: str) -> str:
    """The text in lower case, exactly as long as the original (offsets stay valid)."""
    if not text.isascii() and any(chr(code) in text for code in _FOLD_TABLE):
        text = text.translate(_FOLD_TABLE)
    return text.lower()


#: A regex source cut into escapes ("\\w", "\\("), a lone final backslash, and runs of
#: other text.
_SOURCE_PARTS = re.compile(r"\\.|\\|[^\\]+", re.DOTALL)
#: The same, with "[", "]" and "(" each a part of their own.
_GROUP_PARTS = re.compile(r"\\.|\\|[\[\]()]|[^\\\[\]()]+", re.DOTALL)


def lower_source(source: str) -> str | None:
    """A regex source with its literal letters in lower case (escapes untouched), for
    matching folded text; None if it sets flags inline (it must run as written)."""
    if "(?" in source and re.search(r"\(\?[aiLmsux-]+[:)]", source):
        return None
    return "".join(part if part[0] == "\\" else _lower_each(part)
                   for part in _SOURCE_PARTS.findall(source))


def _lower_each(text: str) -> str:
    """Each character in lower case on its own (``str.lower`` makes a capital sigma at a
    word's end final: "ς", not "σ")."""
    return text.lower() if "\u03a3" not in text else "".join(ch.lower() for ch in text)


def _non_capturing(source: str) -> str:
    """The same regex with its groups made non-capturing (fewer groups to read back)."""
    out: list[str] = []
    in_class = False
    for match in _GROUP_PARTS.finditer(source):
        part = match.group()
        if part[0] == "\\":
            pass
        elif in_class:
            in_class = part != "]" or out[-1] == "["
        elif part == "[":
            in_class = True
        elif part == "(" and not source.startswith("?", match.end()):
            part = "(?:"
        out.append(part)
    return "".join(out)


class _Unkeyable(Exception):
    pass


def first_words(fragment: str) -> frozenset[tuple[str, ...]] | None:
    """Every (first word, second word) a match of the lower-cased ``fragment`` can start
    with, or (first word,) when the second can't be known; None when even the first
    can't be listed (the phrase starts with a non-letter or an open-ended class)."""
    try:
        parsed = _sre_parser.parse(fragment, 0)
    except re.error:
        return None
    keys: set[tuple[str, ...]] = set()
    steps = [0]
    try:
        _walk_words(list(parsed), (), "", keys, steps)
    except _Unkeyable:
        return None
    if not keys or len(keys) > _MAX_KEYS:
        return None
    return frozenset(keys)


def _emit(words: tuple[str, ...], current: str, keys: set, *, open_word: bool = False) -> None:
    """Record the key known at this point; ``open_word``: the current word may go on, so
    only its start is known (kept as a prefix: "sorry*")."""
    if current:
        words = (*words, current + ("*" if open_word else ""))
    if not words:
        raise _Unkeyable
    keys.add(words[:2])
    if len(keys) > _MAX_KEYS:
        raise _Unkeyable


def _walk_words(items: list, words: tuple[str, ...], current: str, keys: set,
                steps: list[int]) -> None:
    steps[0] += 1
    if steps[0] > _MAX_STEPS:
        raise _Unkeyable
    if len(words) >= 2:
        _emit(words, "", keys)
        return
    if not items:
        _emit(words, current, keys)
        return
    op, av = items[0]
    tail = items[1:]
    name = str(op)

    def end_word() -> None:
        if current:
            done = (*words, current)
            if len(done) >= 2:
                _emit(done, "", keys)
            else:
                _walk_words(tail, done, "", keys, steps)
        elif words:
            _walk_words(tail, words, "", keys, steps)
        else:
            raise _Unkeyable  # starts with a space or punctuation

    if name == "LITERAL":
        ch = chr(av)
        if ch.isalpha():
            _walk_words(tail, words, current + ch, keys, steps)
        else:
            end_word()
    elif name == "IN":
        letters = _class_letters(av)
        if letters is None:
            _emit(words, current, keys, open_word=True)
            return
        for ch in letters:
            if ch:
                _walk_words(tail, words, current + ch, keys, steps)
            else:
                end_word()
    elif name == "BRANCH":
        for alternative in av[1]:
            _walk_words(list(alternative) + tail, words, current, keys, steps)
    elif name == "SUBPATTERN":
        _walk_words(list(av[3]) + tail, words, current, keys, steps)
    elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, sub = av
        sub = list(sub)
        if low == 0:
            _walk_words(tail, words, current, keys, steps)
        if high == 0:
            return
        if high == 1 or _only_separators(sub):
            _walk_words(sub + tail, words, current, keys, steps)  # once is enough
        elif _starts_with_separator(sub):
            unrolled: list = []
            for _ in range(_UNROLL):  # each round adds at least one word; two is all we need
                unrolled = unrolled + sub
                _walk_words(unrolled + tail, words, current, keys, steps)
        else:  # repeated letters: the word's length is open
            _emit(words, current, keys, open_word=True)
    elif name in ("AT", "ASSERT", "ASSERT_NOT"):
        _walk_words(tail, words, current, keys, steps)  # zero-width
    else:  # ANY, NOT_LITERAL, group references...
        _emit(words, current, keys, open_word=True)


def _class_letters(items) -> list[str] | None:
    """The letters a character class can match, with "" for "a space or punctuation".
    None for open classes (\\w, [^x], wide ranges)."""
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            ch = chr(av)
            out.add(ch if ch.isalpha() else "")
        elif name == "RANGE":
            low, high = av
            if high - low > 64:
                return None
            out.update(chr(c) if chr(c).isalpha() else "" for c in range(low, high + 1))
        elif name == "CATEGORY" and str(av) == "CATEGORY_SPACE":
            out.add("")
        else:
            return None
    return sorted(out)


def _only_separators(sub: list) -> bool:
    if len(sub) != 1:
        return False
    op, av = sub[0]
    if str(op) == "LITERAL":
        return not chr(av).isalpha()
    if str(op) == "IN":
        letters = _class_letters(av)
        return letters is not None and letters == [""]
    return False


def _starts_with_separator(sub: list) -> bool:
    while sub and str(sub[0][0]) == "SUBPATTERN":
        sub = list(sub[0][1][3])
    if not sub:
        return False
    if _only_separators(sub[:1]):
        return True
    op, av = sub[0]
    return (str(op) in ("MAX_REPEAT", "MIN_REPEAT") and av[0] >= 1
            and _only_separators(list(av[2])))


_TOKEN = re.compile(r"[^\W\d_]+")


#: Raised whenever ``IndexPlan.of`` would work out a different plan for the same phrases
#: (a plan written by an older Repair is then not used).
PLAN_FORMAT = 2


def _body_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


@lru_cache(maxsize=8)
def _plan_key(kinds: tuple[Kind, ...]) -> str:
    described = [PLAN_FORMAT, [[kind.id, [list(source) for source in kind.sources]]
                               for kind in kinds]]
    return hashlib.sha256(json.dumps(described, ensure_ascii=False).encode()).hexdigest()


#: A place where this many phrases or more are to be tried, met this many times, gets
#: one regex for them all: compiling it costs about what trying them one by one there
#: costs a few dozen times, so a short message never pays for it and a long one gains.
_JOIN_AT_LENGTH = 6
_JOIN_AFTER_HITS = 40


def _numbered_sources(kinds: tuple[Kind, ...]) -> list[tuple[str, str, bool]]:
    """Every phrase and pattern of every kind, in order: (kind id, fragment, is raw)."""
    return [(kind.id, fragment, raw) for kind in kinds for fragment, raw in kind.sources]


@dataclass(frozen=True)
class IndexPlan:
    """Which first words each phrase can start with, found by parsing its regex: most of
    the time an index takes to build, and the same for the same phrases, so the bundled
    rules ship theirs (``message_rules.plan.json``), in the shape the index looks words up
    in. A plan holds no regex, only words and the numbers of the phrases they lead to
    (every kind's phrases and patterns counted in order, each list in that order): so it
    can make a phrase be tried in vain, never run a pattern the rules don't hold. Phrases
    under no word (an emoji, a digit or punctuation first; raw patterns) are searched
    through the whole text. ``key`` names the phrases a plan is for."""

    #: how many phrases and patterns the kinds hold
    sources: int
    #: first word -> phrases whose second word can't be known ("you ..."), to try
    #: wherever the word starts
    first: dict[str, list[int]]
    #: first word -> second word -> phrases to try where the two start (those of
    #: ``first`` for the first word included)
    pairs: dict[str, dict[str, list[int]]]
    #: first word -> start of the second word -> phrases ("i apolog…")
    open_second: dict[str, dict[str, list[int]]]
    #: start of the first word -> phrases ("sorry…", "congrat…")
    open_first: dict[str, list[int]]

    @staticmethod
    def key(kinds: tuple[Kind, ...]) -> str:
        """What a plan depends on, hashed: every kind's phrase sources, in order, and the
        plan's format (raised when ``of`` would work out a different plan). Remembered
        for the last few rule sets: the rules' loader asks first, so that the first check
        doesn't."""
        return _plan_key(kinds)

    def _body(self) -> dict[str, Any]:
        return {"sources": self.sources, "first": self.first, "pairs": self.pairs,
                "open_second": self.open_second, "open_first": self.open_first}

    def to_doc(self, key: str) -> dict[str, Any]:
        body = self._body()
        return {"format": PLAN_FORMAT, "key": key, "body_sha256": _body_hash(body), **body}

    @classmethod
    def from_doc(cls, doc: Any, key: str) -> IndexPlan | None:
        """The plan a document written by ``to_doc`` holds; None when it was written for
        other phrases (``key``) or another format. A malformed or damaged one (its body
        no longer what was written: a phrase left out under a word would go unseen there,
        with nothing to fall back on) raises ContentError."""
        if not isinstance(doc, dict):
            raise ContentError("expected an object")
        if doc.get("format") != PLAN_FORMAT or doc.get("key") != key:
            return None
        body = {name: doc.get(name) for name in ("sources", "first", "pairs", "open_second",
                                                 "open_first")}
        if doc.get("body_sha256") != _body_hash(body):
            raise ContentError("damaged: its contents no longer match their checksum")
        sources = body["sources"]
        if type(sources) is not int or sources < 0:
            raise ContentError("sources: expected how many phrases the kinds hold")
        words: list[Any] = []
        lists: list[Any] = []
        for name in ("first", "open_first", "pairs", "open_second"):
            table = body[name]
            if type(table) is not dict:
                raise ContentError(f"{name}: expected a table")
            words += table
            if name in ("first", "open_first"):
                lists += table.values()
                continue
            for word, inner in table.items():
                if type(inner) is not dict or not inner:
                    raise ContentError(f"{name}.{word}: expected a table of words")
                words += inner
                lists += inner.values()
        if not all(map(_TOKEN.fullmatch, words)):  # each word one run of letters
            raise ContentError("a word of the plan is not one word of letters")
        if not set(map(type, lists)) <= {list} or not all(lists):
            raise ContentError("each word must lead to a list of phrase numbers")
        numbers = list(chain.from_iterable(lists))
        if numbers and (not set(map(type, numbers)) <= {int}
                        or not 0 <= min(numbers) <= max(numbers) < sources):
            raise ContentError(f"phrase numbers must run from 0 to {sources - 1}")
        return cls(**body)

    @classmethod
    def of(cls, kinds: tuple[Kind, ...]) -> IndexPlan:
        first: dict[str, list[int]] = {}
        pairs: dict[str, dict[str, list[int]]] = {}
        open_second: dict[str, dict[str, list[int]]] = {}
        open_first: dict[str, list[int]] = {}
        sources = _numbered_sources(kinds)
        for number, (_kind_id, fragment, raw) in enumerate(sources):
            lowered = lower_source(fragment)
            found = first_words(lowered) if lowered is not None and not raw else None
            for key in found or ():
                if len(key) == 1 and key[0].endswith("*"):
                    bucket = open_first.setdefault(key[0][:-1], [])
                elif len(key) == 1:
                    bucket = first.setdefault(key[0], [])
                elif key[1].endswith("*"):
                    bucket = open_second.setdefault(key[0], {}).setdefault(key[1][:-1], [])
                else:
                    bucket = pairs.setdefault(key[0], {}).setdefault(key[1], [])
                bucket.append(number)
        for word, by_second in pairs.items():  # a pair's phrases with its first word's own
            for second, numbers in by_second.items():
                by_second[second] = sorted({*numbers, *first.get(word, ())})

        def ordered(table: dict) -> dict:
            return {word: ordered(value) if isinstance(value, dict) else value
                    for word, value in sorted(table.items())}

        return cls(sources=len(sources), first=ordered(first), pairs=ordered(pairs),
                   open_second=ordered(open_second), open_first=ordered(open_first))


class PhraseIndex:
    """The phrase index (see the comment above): on the case-folded text, each word that
    starts a key, and the word after it, name the few phrases to try there, each compiled
    the first time a text needs it."""

    def __init__(self, plan: IndexPlan, kinds: tuple[Kind, ...]) -> None:
        sources = _numbered_sources(kinds)
        if plan.sources != len(sources):
            raise ValueError(f"the plan is for {plan.sources} phrases, the kinds hold "
                             f"{len(sources)}")
        self.plan = plan
        self._sources = sources
        self._kind_of = tuple(kind_id for kind_id, _, _ in sources)
        self._compiled: list[re.Pattern[str] | None] = [None] * len(sources)
        #: Lists of phrases met often (long texts): tried with one regex for them all.
        self._together: dict[int, tuple[re.Pattern[str], tuple[tuple[int, str], ...],
                                        list[int]]] = {}
        self._hits: dict[int, int] = {}
        #: set by the first check: the preparation stops compiling ahead, so as not to
        #: hold the interpreter while a person waits for a check
        self.checked = threading.Event()
        self._first = plan.first
        self._pairs = plan.pairs
        self._open_second = plan.open_second
        self._second_prefixes = {word: tuple(inner) for word, inner in plan.open_second.items()}
        self._open_first = tuple(plan.open_first.items())
        self._open_prefixes = tuple(plan.open_first)
        self._firsts = frozenset(chain(plan.first, plan.pairs, plan.open_second))
        keyed = set(chain.from_iterable(chain(
            plan.first.values(), plan.open_first.values(),
            *(inner.values() for inner in plan.pairs.values()),
            *(inner.values() for inner in plan.open_second.values()))))
        unkeyed = []
        for number, (kind_id, fragment, raw) in enumerate(sources):
            if number in keyed:
                continue
            # Searched through the text. No leading lookbehind in the regex (it would
            # stop the engine skipping ahead): the word start is checked after.
            lowered = lower_source(fragment)
            source = fragment if raw else f"(?:{lowered or fragment})(?!\\w)"
            on_folded = lowered is not None
            unkeyed.append((kind_id, re.compile(source, 0 if on_folded else _FLAGS),
                            on_folded, not raw))
        #: (kind id, pattern, runs on folded text?, must start a word?)
        self.unkeyed = tuple(unkeyed)

    @classmethod
    def build(cls, kinds: tuple[Kind, ...]) -> PhraseIndex:
        return cls(IndexPlan.of(kinds), kinds)

    @classmethod
    def from_plan(cls, plan: IndexPlan, kinds: tuple[Kind, ...]) -> PhraseIndex:
        """The index a plan describes for these kinds (the plan must be for them: see
        ``IndexPlan.key``); ValueError when it can't be."""
        return cls(plan, kinds)

    @property
    def compiled_count(self) -> int:
        """How many phrases have been compiled so far."""
        return sum(pattern is not None for pattern in self._compiled)

    def _phrase_source(self, number: int) -> str:
        """A keyed phrase as it runs: lower case, on whole words, its groups not captured."""
        lowered = lower_source(self._sources[number][1])
        assert lowered is not None  # (a phrase that sets its own flags has no key)
        return _word_bounded(_non_capturing(lowered))

    def _pattern(self, number: int) -> re.Pattern[str]:
        pattern = self._compiled[number]
        if pattern is None:
            pattern = self._compiled[number] = re.compile(self._phrase_source(number))
        return pattern

    def _join(self, numbers: list[int]
              ) -> tuple[re.Pattern[str], tuple[tuple[int, str], ...], list[int]]:
        """One regex trying all of ``numbers``' phrases at once: each kind's in its own
        optional lookahead, so each kind's first phrase that matches wins, as when they are
        tried one by one. Kept for the index's life, with the plan's list it stands for
        (so that list's id stays its own)."""
        ids: list[str] = []
        sources: dict[str, list[str]] = {}
        for number in numbers:
            kind_id = self._kind_of[number]
            if kind_id not in sources:
                ids.append(kind_id)
            sources.setdefault(kind_id, []).append(self._phrase_source(number))
        pattern = re.compile("".join(f"(?:(?=(?P<k{i}>{'|'.join(sources[kind_id])}))|)"
                                     for i, kind_id in enumerate(ids)))
        groups = tuple((pattern.groupindex[f"k{i}"], kind_id) for i, kind_id in enumerate(ids))
        joined = self._together[id(numbers)] = (pattern, groups, numbers)
        return joined

    def _phrases_at(self, word: str, second: str | None,
                    merged: dict[tuple[str, str | None], tuple[int, ...]]
                    ) -> list[int] | tuple[int, ...]:
        """The numbers of the phrases to try where ``word`` starts and ``second`` is the
        next word (None: no word follows), in order."""
        found = self._first.get(word, ())
        by_second = self._pairs.get(word)
        if by_second is not None and second is not None:
            found = by_second.get(second, found)
        open_second = self._open_second.get(word)
        if (second is None or open_second is None
                or not second.startswith(self._second_prefixes[word])) and not (
                self._open_prefixes and word.startswith(self._open_prefixes)):
            return found  # type: ignore[return-value]  (the common case: nothing open)
        place = (word, second)
        both = merged.get(place)
        if both is None:
            extra = [numbers for prefix, numbers in self._open_first if word.startswith(prefix)]
            if open_second is not None and second is not None:
                extra += [numbers for prefix, numbers in open_second.items()
                          if second.startswith(prefix)]
            # (a tuple: made for this check alone, so never joined; the plan's are lists)
            both = merged[place] = tuple(sorted({*found, *chain.from_iterable(extra)}))
        return both

    def matches(self, text: str, limit: int | None = None, folded: str | None = None
                ) -> dict[str, list[tuple[int, int]]]:
        """Spans of every phrase and pattern match, by kind id, sorted per kind. With a
        ``limit``, a kind stops being looked for once it has that many spans. ``folded``
        is ``fold_text(text)`` if the caller has it already."""
        self.checked.set()
        folded = fold_text(text) if folded is None else folded
        found: dict[str, list[tuple[int, int]]] = {}
        if self._firsts or self._open_prefixes:
            firsts = self._firsts
            open_prefixes = self._open_prefixes
            phrases_at = self._phrases_at
            kind_of = self._kind_of
            compiled = self._compiled
            together = self._together
            hits = self._hits
            full: set[str] = set()
            merged: dict[tuple[str, str | None], tuple[int, ...]] = {}
            # The word after each word is the next run of letters, whatever stands between
            # (a key's words are parted by anything that isn't a letter: "my 7-year-old" is
            # "my", "year").
            seconds = _TOKEN.findall(folded)
            seconds.append(None)
            for word_match, second in zip(_TOKEN.finditer(folded), islice(seconds, 1, None),
                                           strict=True):
                word = word_match.group()
                if word not in firsts and not (open_prefixes and word.startswith(open_prefixes)):
                    continue
                numbers = phrases_at(word, second, merged)
                if not numbers:
                    continue
                start = word_match.start()
                joined = together.get(id(numbers))
                if joined is None and len(numbers) >= _JOIN_AT_LENGTH and type(numbers) is list:
                    hits[id(numbers)] = hits.get(id(numbers), 0) + 1
                    if hits[id(numbers)] == _JOIN_AFTER_HITS:
                        joined = self._join(numbers)
                if joined is not None:
                    regs = joined[0].match(folded, start).regs
                    for group, kind_id in joined[1]:
                        span = regs[group]
                        if span[1] > span[0] >= 0 and kind_id not in full:
                            spans = found.setdefault(kind_id, [])
                            spans.append(span)
                            if limit is not None and len(spans) >= limit:
                                full.add(kind_id)
                    continue
                matched: set[str] = set()  # kinds found here: each kind's first phrase wins
                for number in numbers:
                    kind_id = kind_of[number]
                    if kind_id in matched or kind_id in full:
                        continue
                    match = (compiled[number] or self._pattern(number)).match(folded, start)
                    if match is None:
                        continue
                    end = match.end()
                    if end == start:
                        continue
                    matched.add(kind_id)
                    spans = found.setdefault(kind_id, [])
                    spans.append((start, end))
                    if limit is not None and len(spans) >= limit:
                        full.add(kind_id)
        for kind_id, pattern, on_folded, word_start in self.unkeyed:
            subject = folded if on_folded else text
            spans = (_word_start_matches(pattern, subject) if word_start
                     else [m.span() for m in pattern.finditer(subject) if m.end() > m.start()])
            if spans:
                found[kind_id] = found.get(kind_id, []) + spans
        for spans in found.values():
            spans.sort()
        return found

    def compile_ahead(self, text: str) -> int:
        """Compile the phrases a check of ``text`` would try, one at a time, until the
        first check starts (then that check compiles what it needs itself); returns how
        many were compiled."""
        folded = fold_text(text)
        merged: dict[tuple[str, str | None], tuple[int, ...]] = {}
        count = 0
        words = _TOKEN.findall(folded)
        for word, second in zip(words, [*words[1:], None], strict=True):
            for number in self._phrases_at(word, second, merged):
                if self.checked.is_set():
                    return count
                if self._compiled[number] is None:
                    self._pattern(number)
                    count += 1
        return count


@dataclass(frozen=True)
class SharedIndex:
    """The phrase index of rules that add kinds of their own to another rule set (the
    apology builder's to the message rules): their own kinds in an index of their own,
    the other set's kinds from that set's index, of which ``kept`` count. The other set's
    phrases are compiled once, for both (compiling them twice cost about 2 MB of the
    server's memory at start)."""

    own: PhraseIndex
    shared: PhraseIndex | SharedIndex
    kept: frozenset[str]

    def matches(self, text: str, limit: int | None = None, folded: str | None = None
                ) -> dict[str, list[tuple[int, int]]]:
        folded = fold_text(text) if folded is None else folded
        found = self.own.matches(text, limit, folded)
        for kind_id, spans in self.shared.matches(text, limit, folded).items():
            if kind_id in self.kept:
                found[kind_id] = spans
        return found

    def compile_ahead(self, text: str) -> int:
        return self.own.compile_ahead(text) + self.shared.compile_ahead(text)


def _word_start_matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Like finditer for ``(?<!\\w)pattern``, without the lookbehind in the regex."""
    spans = []
    pos = 0
    search = pattern.search
    while True:
        match = search(text, pos)
        if match is None:
            return spans
        start, end = match.span()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            pos = start + 1  # inside a word: look again from the next character
            continue
        if end > start:
            spans.append((start, end))
        pos = max(end, start + 1)


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


def _aliases(raw: Any, check_phrases: bool = True) -> dict[str, str]:
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
        if check_phrases:
            _check_fragment(forms, where)
        aliases[word.lower()] = forms.strip()
    return aliases


def _kind(raw: Any, where: str, phase_count: int, aliases: dict[str, str],
          check_phrases: bool = True) -> Kind:
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
        released_by=_strings(doc, "released_by", where),
        detectors=detectors,
    )
    if not (kind.phrases or kind.patterns or kind.detectors):
        raise ContentError(f"{where}: has no phrases, patterns or detectors, so it finds nothing")
    return compile_kind(kind, where, aliases, check_phrases=check_phrases)


def parse_message_rules(doc: Any, *, phase_count: int = 4,
                        check_phrases: bool = True) -> MessageRules:
    """Build :class:`MessageRules` from a parsed TOML document, or raise ContentError.
    ``check_phrases`` False skips compiling each phrase alone to find a malformed one:
    only for a document known to have passed (``repair_app.content.validated``)."""
    doc = _table(doc, "message rules")
    raw_kinds = doc.get("kinds")
    if not isinstance(raw_kinds, list) or not raw_kinds:
        raise ContentError("kinds: missing or empty (add at least one [[kinds]] table)")
    aliases = _aliases(doc.get("aliases"), check_phrases)
    kinds = tuple(_kind(k, f"kinds[{i}]", phase_count, aliases, check_phrases)
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
