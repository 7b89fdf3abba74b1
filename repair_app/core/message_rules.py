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
    unless_matcher: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    #: The same exceptions in lower case, for the case-folded text (None: use the above).
    unless_folded: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    #: ``released_by`` as one regex that must end the clause text before a match.
    release_matcher: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    #: (regex fragment, is a raw pattern) for each phrase and pattern, for the index.
    sources: tuple[tuple[str, bool], ...] = field(default=(), compare=False, repr=False)


    @property
    def matcher(self) -> re.Pattern[str] | None:
        return re.compile(self.matcher_source, _FLAGS) if self.matcher_source else None


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
                return PhraseIndex.from_plan(plan)
            except re.error:
                pass  # a plan that doesn't compile: as if there were none
        return PhraseIndex.from_plan(IndexPlan.of(self.kinds))

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
    sources: list[tuple[str, bool]] = []
    for i, phrase in enumerate(kind.phrases):
        fragment = phrase_to_regex(phrase, aliases)
        _check_fragment(fragment, f"{where}.phrases[{i}]")
        parts.append(_word_bounded(fragment))
        sources.append((fragment, False))
    for i, pattern in enumerate(kind.patterns):
        _check_fragment(pattern, f"{where}.patterns[{i}]")
        parts.append(f"(?:{pattern})")
        sources.append((f"(?:{pattern})", True))
    unless_parts: list[str] = []
    for i, phrase in enumerate(kind.unless):
        fragment = phrase_to_regex(phrase, aliases)
        _check_fragment(fragment, f"{where}.unless[{i}]")
        unless_parts.append(fragment)
    release_parts: list[str] = []
    for i, phrase in enumerate(kind.released_by):
        fragment = phrase_to_regex(phrase, aliases)
        _check_fragment(fragment, f"{where}.released_by[{i}]")
        release_parts.append(_word_bounded(fragment))
    release_matcher = (re.compile(
        f"(?:{'|'.join(release_parts)}){_RELEASE_GAP}", _FLAGS) if release_parts else None)
    # One word boundary around all the exceptions, not one per exception: only "is there
    # one anywhere in this sentence?" is asked, and the engine skips to likely starts
    # several times faster this way (it can't past a look-behind on every alternative).
    unless_source = _word_bounded("|".join(unless_parts))
    unless_matcher = re.compile(unless_source, _FLAGS) if unless_parts else None
    unless_lowered = lower_source(unless_source) if unless_parts else None
    return Kind(**{**kind.__dict__, "matcher_source": "|".join(parts),
                    "unless_matcher": unless_matcher,
                    "unless_folded": re.compile(unless_lowered) if unless_lowered else None,
                    "release_matcher": release_matcher,
                    "sources": tuple(sources)})


# -- the phrase index: why the check stays fast on 100,000 characters ---------------------
#
# Python's regex engine tries every alternative of a pattern at every position, so two
# hundred case-insensitive phrases over a long text cost most of a second. So:
#  1. the text is case-folded once (same length, so offsets don't move) and the phrases
#     are matched case-sensitively in lower case, which lets the engine skip ahead fast;
#  2. each phrase is keyed by its first one or two words (every spelling the phrase
#     allows), and one trie-shaped "candidates" regex finds the few places where a key
#     starts a word;
#  3. only there, one regex per first word tries the phrases that start with it, every
#     kind at once (each in its own optional lookahead).
# Phrases that can't be keyed (an emoji, a digit, punctuation first) are searched through
# the whole text. The tests check the index against the plain case-insensitive regexes.

_MAX_KEYS = 2000
_MAX_KEY_CHARS = 200  # enough of the text's start to hold any two-word key
_MAX_STEPS = 50_000
_UNROLL = 3
#: Characters whose lower case is longer, or that case-insensitive matching treats as an
#: ASCII letter although their lower case differs ("İ" "ı" "ſ"): folded so that the
#: folded text has the same length and the same matches.
_FOLD_TABLE = {0x130: "i", 0x131: "i", 0x17F: "s"}
_LETTER_NEXT = r"(?![^\W\d_])"
_SEP = r"[\W_]+"


def fold_text(text: str) -> str:
    """The text in lower case, exactly as long as the original (offsets stay valid)."""
    if not text.isascii() and any(chr(code) in text for code in _FOLD_TABLE):
        text = text.translate(_FOLD_TABLE)
    return text.lower()


def lower_source(source: str) -> str | None:
    """A regex source with its literal letters in lower case (escapes untouched), for
    matching folded text; None if it sets flags inline (it must run as written)."""
    if "(?" in source and re.search(r"\(\?[aiLmsux-]+[:)]", source):
        return None
    out: list[str] = []
    i = 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            out.append(source[i:i + 2])
            i += 2
            continue
        out.append(source[i].lower())
        i += 1
    return "".join(out)


def _non_capturing(source: str) -> str:
    """The same regex with its groups made non-capturing (fewer groups to read back)."""
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            out.append(source[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]" or (out and out[-1] == "[")
        elif ch == "[":
            in_class = True
        elif ch == "(" and not source.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        out.append(ch)
        i += 1
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


def _trie_regex(keys: set[tuple[str, ...]]) -> str:
    """One regex matching the character just before each place where a key begins."""
    trie: dict = {}
    for key in keys:
        node = trie
        for part in _key_symbols(key):
            node = node.setdefault(part, {})
        node[""] = {}  # the key ends here

    def emit(node: dict) -> str:
        if "*" in node:
            return ""  # a prefix key: any word starting so is a candidate
        branches = [_LETTER_NEXT] if "" in node else []  # a key whose last word ends here
        branches += [(_SEP if symbol == " " else re.escape(symbol)) + emit(child)
                     for symbol, child in sorted(node.items()) if symbol]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    # Anchored on the character before the word (a space, punctuation...), not on the
    # word's first letter: separators are rarer than letters, so the engine skips more.
    # The text's very start is handled by the caller.
    return r"[\W\d_](?=" + emit(trie) + ")"


def _key_symbols(key: tuple[str, ...]) -> list[str]:
    symbols: list[str] = []
    for i, word in enumerate(key):
        if i:
            symbols.append(" ")
        if word.endswith("*"):
            symbols.extend(word[:-1])
            symbols.append("*")
        else:
            symbols.extend(word)
    return symbols


_TOKEN = re.compile(r"[^\W\d_]+")


#: Raised whenever ``IndexPlan.of`` would work out a different plan for the same phrases
#: (a plan written by an older Repair is then not used).
PLAN_FORMAT = 1


def _body_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True)
class IndexPlan:
    """What a phrase index is made of, worked out from the rules and not yet compiled:
    every phrase's possible first words (found by parsing its regex), the regex sources
    grouped by first word, and the candidate regex's source. Working this out is most of
    the time an index takes to build, and the same for the same phrases, so the bundled
    rules ship theirs (``message_rules.plan.json``): the screen that checks messages then
    only compiles. ``key`` names the phrases a plan is for."""

    #: the source of the regex finding where a known first word may begin (None: no keys)
    candidates: str | None
    #: first word -> (regex source, kind ids)
    by_word: dict[str, tuple[str, tuple[str, ...]]]
    #: (start of a first word known only by its start, regex source, kind ids)
    by_prefix: tuple[tuple[str, str, tuple[str, ...]], ...]
    #: (kind id, regex source, runs on folded text?, must start a word?)
    unkeyed: tuple[tuple[str, str, bool, bool], ...]

    @staticmethod
    def key(kinds: tuple[Kind, ...]) -> str:
        """What a plan depends on, hashed: every kind's phrase sources, in order, and the
        plan's format (raised when ``of`` would work out a different plan)."""
        described = [PLAN_FORMAT, [[kind.id, [list(source) for source in kind.sources]]
                                   for kind in kinds]]
        return hashlib.sha256(json.dumps(described, ensure_ascii=False).encode()).hexdigest()

    def to_doc(self, key: str) -> dict[str, Any]:
        body = {"candidates": self.candidates,
                "by_word": {word: [source, list(ids)]
                            for word, (source, ids) in self.by_word.items()},
                "by_prefix": [[prefix, source, list(ids)]
                              for prefix, source, ids in self.by_prefix],
                "unkeyed": [list(entry) for entry in self.unkeyed]}
        return {"format": PLAN_FORMAT, "key": key, "body_sha256": _body_hash(body), **body}

    @classmethod
    def from_doc(cls, doc: Any, key: str) -> IndexPlan | None:
        """The plan a document written by ``to_doc`` holds; None when it was written for
        other phrases (``key``) or another format. A malformed or damaged one (its body
        no longer what was written: most of its regexes are compiled only when a message
        needs them, too late to fall back) raises ContentError."""
        if not isinstance(doc, dict):
            raise ContentError("expected an object")
        if doc.get("format") != PLAN_FORMAT or doc.get("key") != key:
            return None
        body = {name: doc.get(name) for name in ("candidates", "by_word", "by_prefix",
                                                 "unkeyed")}
        if doc.get("body_sha256") != _body_hash(body):
            raise ContentError("damaged: its contents no longer match their checksum")

        def text(value: Any, where: str) -> str:
            if not isinstance(value, str):
                raise ContentError(f"{where}: expected text")
            return value

        def ids(value: Any, where: str) -> tuple[str, ...]:
            if not isinstance(value, list) or not value:
                raise ContentError(f"{where}: expected a list of kind ids")
            return tuple(text(item, where) for item in value)

        candidates = doc.get("candidates")
        if candidates is not None:
            text(candidates, "candidates")
        by_word_doc = doc.get("by_word")
        by_prefix_doc = doc.get("by_prefix")
        unkeyed_doc = doc.get("unkeyed")
        if not isinstance(by_word_doc, dict):
            raise ContentError("by_word: expected a table")
        if not isinstance(by_prefix_doc, list) or not isinstance(unkeyed_doc, list):
            raise ContentError("by_prefix and unkeyed: expected lists")
        by_word = {}
        for word, entry in by_word_doc.items():
            if not isinstance(entry, list) or len(entry) != 2:
                raise ContentError(f"by_word.{word}: expected [source, kind ids]")
            by_word[word] = (text(entry[0], f"by_word.{word}"), ids(entry[1], f"by_word.{word}"))
        by_prefix = []
        for i, entry in enumerate(by_prefix_doc):
            if not isinstance(entry, list) or len(entry) != 3:
                raise ContentError(f"by_prefix[{i}]: expected [prefix, source, kind ids]")
            by_prefix.append((text(entry[0], f"by_prefix[{i}]"),
                              text(entry[1], f"by_prefix[{i}]"), ids(entry[2], f"by_prefix[{i}]")))
        unkeyed = []
        for i, entry in enumerate(unkeyed_doc):
            if (not isinstance(entry, list) or len(entry) != 4
                    or not all(isinstance(flag, bool) for flag in entry[2:])):
                raise ContentError(f"unkeyed[{i}]: expected [kind id, source, bool, bool]")
            unkeyed.append((text(entry[0], f"unkeyed[{i}]"), text(entry[1], f"unkeyed[{i}]"),
                            entry[2], entry[3]))
        return cls(candidates=candidates, by_word=by_word, by_prefix=tuple(by_prefix),
                   unkeyed=tuple(unkeyed))

    @classmethod
    def of(cls, kinds: tuple[Kind, ...]) -> IndexPlan:
        all_keys: set[tuple[str, ...]] = set()
        grouped: dict[str, dict[str, list[str]]] = {}
        unkeyed: list[tuple[str, str, bool, bool]] = []
        for kind in kinds:
            for fragment, raw in kind.sources:
                lowered = lower_source(fragment)
                keys = first_words(lowered) if lowered is not None and not raw else None
                if keys is None:
                    # Searched through the text. No leading lookbehind in the regex (it
                    # would stop the engine skipping ahead): the word start is checked after.
                    source = fragment if raw else f"(?:{lowered or fragment})(?!\\w)"
                    unkeyed.append((kind.id, source, lowered is not None, not raw))
                    continue
                all_keys |= keys
                bounded = _word_bounded(_non_capturing(lowered))
                for first in {key[0] for key in keys}:
                    grouped.setdefault(first, {}).setdefault(kind.id, []).append(bounded)
        by_word = {}
        by_prefix = []
        for word, per_kind in grouped.items():
            ids = tuple(per_kind)
            source = "".join(f"(?:(?=(?P<k{i}>{'|'.join(per_kind[kind_id])}))|)"
                             for i, kind_id in enumerate(ids))
            if word.endswith("*"):
                by_prefix.append((word[:-1], source, ids))
            else:
                by_word[word] = (source, ids)
        return cls(candidates=_trie_regex(all_keys) if all_keys else None, by_word=by_word,
                   by_prefix=tuple(by_prefix), unkeyed=tuple(unkeyed))


@dataclass(frozen=True)
class PhraseIndex:
    """See the comment above: candidates, then per-first-word regexes, on folded text."""

    candidates: re.Pattern[str] | None
    #: first word -> (regex source, kind ids), compiled on first use into ``compiled``
    by_word: dict[str, tuple[str, tuple[str, ...]]]
    #: Phrases whose first word is known only by its start ("sorry…"), by that start.
    by_prefix: tuple[tuple[str, _Entry], ...]
    #: (kind id, pattern, runs on folded text?, must start a word?) searched through the
    #: whole text.
    unkeyed: tuple[tuple[str, re.Pattern[str], bool, bool], ...]
    compiled: dict[str, _Entry | None]

    @classmethod
    def build(cls, kinds: tuple[Kind, ...]) -> PhraseIndex:
        return cls.from_plan(IndexPlan.of(kinds))

    @classmethod
    def from_plan(cls, plan: IndexPlan) -> PhraseIndex:
        """The index a plan describes: its candidate regex and its unkeyed patterns
        compiled (each first word's group is compiled when a text first needs it)."""
        unkeyed = tuple((kind_id, re.compile(source, 0 if on_folded else _FLAGS), on_folded,
                         word_start)
                        for kind_id, source, on_folded, word_start in plan.unkeyed)
        by_prefix = tuple((prefix, _compile_entry(source, ids))
                          for prefix, source, ids in plan.by_prefix)
        candidates = re.compile(plan.candidates) if plan.candidates is not None else None
        return cls(candidates=candidates, by_word=plan.by_word, by_prefix=by_prefix,
                   unkeyed=unkeyed, compiled={})

    def matches(self, text: str, limit: int | None = None, folded: str | None = None
                ) -> dict[str, list[tuple[int, int]]]:
        """Spans of every phrase and pattern match, by kind id, sorted per kind. With a
        ``limit``, a kind stops being looked for once it has that many spans. ``folded``
        is ``fold_text(text)`` if the caller has it already."""
        folded = fold_text(text) if folded is None else folded
        found: dict[str, list[tuple[int, int]]] = {}
        if self.candidates is not None:
            by_word = self.by_word
            by_prefix = self.by_prefix
            prefix_starts = {prefix[0] for prefix, _ in by_prefix}
            compiled = self.compiled
            token_match = _TOKEN.match
            full: set[str] = set()
            starts = [m.end() for m in self.candidates.finditer(folded)]
            if self.candidates.match(" " + folded[:_MAX_KEY_CHARS]):
                starts.insert(0, 0)
            for start in starts:
                word = token_match(folded, start).group()
                entries = []
                entry = compiled.get(word, _MISSING)
                if entry is _MISSING:
                    found_source = by_word.get(word)
                    entry = compiled[word] = (_compile_entry(*found_source) if found_source
                                              else None)
                if entry is not None:
                    entries.append(entry)
                if word[0] in prefix_starts:
                    entries += [entry for prefix, entry in by_prefix if word.startswith(prefix)]
                for pattern, groups, kinds in entries:
                    if full and kinds <= full:
                        continue
                    regs = pattern.match(folded, start).regs
                    for group, kind_id in groups:
                        span = regs[group]
                        if span[1] > span[0] >= 0:
                            spans = found.setdefault(kind_id, [])
                            spans.append(span)
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


_Entry = tuple  # (regex, ((group number, kind id), ...), frozenset of kind ids)
_MISSING = object()


def _compile_entry(source: str, ids: tuple[str, ...]) -> _Entry:
    pattern = re.compile(source)
    groups = tuple((pattern.groupindex[f"k{i}"], kind_id) for i, kind_id in enumerate(ids))
    return (pattern, groups, frozenset(ids))


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
        released_by=_strings(doc, "released_by", where),
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
