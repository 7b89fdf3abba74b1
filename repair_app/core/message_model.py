"""The learned layer of "Before you send": one small linear model per kind. Pure Python.

The phrase rules (:mod:`repair_app.core.message_rules`) are precise but only know the
wordings someone wrote down. This layer scores the wording as a whole: for each kind a
logistic-regression model over

* words and word pairs (case-folded, apostrophes dropped, texting forms such as "u" and
  "ur" read as "you" and "your"),
* character 3- and 4-grams of each word (so typos and new spellings still count),
* a few cues no single word shows: "you" followed by "always"/"never", an apology
  followed by "but", a third person next to "agrees"/"side", runs of "??" and "!!",
  and emoji.

Every feature belongs to one word of the message (a word pair counts half for each), so a
score is a sum over words and each finding can quote the words that raised it most. A
message longer than ``WINDOW_TOKENS`` words is scored in windows of whole sentences; a
window whose score for a kind passes that kind's threshold gives one finding.

The weights are trained offline (``scripts/train_message_model.py``) and shipped as
``repair_app/content/message_model.json``; :func:`parse_message_model` validates them.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from repair_app.core.content import ContentError

#: A message with more words than this is scored in windows of whole sentences.
WINDOW_TOKENS = 120
#: How many of a finding's words are quoted (the top contributors, joined when adjacent).
CUE_TOKENS = 3
CHAR_NGRAMS = (3, 4)

_TOKEN = re.compile(
    # a word, with its apostrophes; it doesn't start with "ʼ", which is a letter to \w but
    # an apostrophe to normalise() (alone, it would be a word of no letters)
    r"(?!\u02bc)[^\W_]+(?:['\u2019\u02bc][^\W_]+)*"
    r"|[?\u061f]{2,}|!{2,}|[?!\u061f]*\?!+[?!\u061f]*"  # "??", "!!", "?!"
    r"|[\u2600-\u27bf\U0001f300-\U0001faff]"  # one emoji
)
_APOSTROPHES = re.compile("['\u2019\u02bc]")
_SENTENCE_END = re.compile("[.!?\n\u2026\u061f\u3002]+")
#: Texting forms read as the word they stand for.
ALIASES = {
    "u": "you", "ya": "you", "yu": "you", "ur": "your", "yr": "your", "youre": "you're",
    "r": "are", "pls": "please", "plz": "please", "luv": "love", "bc": "because",
    "cos": "because", "cuz": "because", "coz": "because", "im": "i'm", "ive": "i've",
    "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "isnt": "isn't",
    "thx": "thanks", "ty": "thanks", "tmrw": "tomorrow", "srry": "sorry", "sry": "sorry",
    "k": "ok", "kk": "ok", "okay": "ok", "mum": "mom", "mom": "mom", "wud": "would",
}
#: The head that scores "harmful at all", whatever the kind (no rule kind of its own).
ANY = "any"
#: Rule kinds that are a narrower form of one of the model's kinds.
RULE_FAMILY = {"always_never": "blame", "explaining": "defending"}
_YOU = frozenset({"you", "your", "youre", "yourself"})
_ABSOLUTE = frozenset({"always", "never", "constantly", "ever", "everything", "nothing"})
_APOLOGY = frozenset({"sorry", "apologise", "apologize", "apologies", "apology"})
_TAKE_BACK = frozenset({"but", "though", "however", "although", "if"})
_THIRD = frozenset({
    "mom", "dad", "mother", "father", "sister", "brother", "sis", "bro", "friend", "friends",
    "everyone", "everybody", "anyone", "family", "therapist", "counsellor", "counselor",
    "parents", "cousin", "aunt", "uncle", "colleagues", "coworkers", "people", "nobody",
})
_SIDING = frozenset({"agree", "agrees", "agreed", "side", "sides", "thinks", "think", "says",
                     "said", "saw", "told", "shocked", "appalled"})
_EMOJI_MIN = "\u2600"
#: Word groups each kind tends to draw on: a word in a group also counts as "g:<group>",
#: so a model that saw "selfish" and "lazy" gives some weight to "inconsiderate" too.
LEXICON = {
    "sarcasm": "wow cool great nice sure congrats congratulations bravo brilliant amazing "
               "genius hilarious adorable cute lovely shocked shocking surprise noted "
               "whatever classy mature impressive honoured proud funny lol lmao haha "
               "\U0001f644 \U0001f643 \U0001f642 \U0001f44f \U0001f921 \U0001f480 \U0001f612 "
               "\U0001f971 \U0001f60f \U0001f610",
    "insult": "pathetic useless idiot stupid loser joke clown child baby toddler dumb "
              "disgust disgusting embarrassing coward hopeless moron brat disgrace "
              "ridiculous dramatic drama laughable cringe tragic predictable basic spoilt",
    "trait": "selfish lazy careless inconsiderate irresponsible rude unreliable cold cruel "
             "immature controlling hypocrite liar ungrateful terrible worst unkind "
             "thoughtless spineless negative stubborn jealous self-absorbed self-centred "
             "unfair hopeless useless neglecting neglect",
    "fault": "fault blame ruin ruined ruins wrecked wasted reason problem responsible "
             "because mess",
    "suffering": "alone crying cry cried tears sleep slept eat eating sick hurt hurting "
                 "lonely pieces breaking broken miserable exhausted suffering shaking dying "
                 "breakdown falling apart ill weight worry worried",
    "sacrifice": "sacrifice sacrificed sacrifices gave given everything owe remember "
                 "stayed moved lent paid defended years life",
    "reply": "answer answering answered reply replying replied respond responding call "
             "calling text texting pick ignore ignoring ignored read seen online waiting "
             "hello hellooo helloooo asap silence",
    "feelings": "love hate mad angry leave leaving forgive regret trust miss still want "
                "over done okay ok fine good matter care",
    "promise": "promise promised swear guarantee never again ever forever always perfect "
               "completely totally change changed different new word every",
    "excuse": "stressed tired busy traffic drunk work pressure exhausted late meeting "
              "migraine hungry provoked",
    "denial": "didnt wasnt never only just fair overreacting exaggerating misunderstanding "
              "actually technically explain explained supposed meant joke joking wrong "
              "twisting twist version",
    "third": " ".join(sorted(_THIRD | {"reddit", "online", "internet", "lawyer", "solicitor",
                                       "group", "chat", "gc", "neighbours", "mates", "girls",
                                       "lads", "kids", "grandma", "boss", "doctor"})),
}
_GROUPS: dict[str, tuple[str, ...]] = {}
for _group, _words in LEXICON.items():
    for _word in _words.split():
        _key = _APOSTROPHES.sub("", _word)
        _GROUPS[_key] = (*_GROUPS.get(_key, ()), "g:" + _group)


class Token(NamedTuple):
    text: str  # normalised: folded, no apostrophes, texting forms resolved
    start: int
    end: int


@functools.lru_cache(maxsize=8192)
def normalise(word: str) -> str:
    word = ALIASES.get(word, word)
    return _APOSTROPHES.sub("", word)


def tokenize(folded: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words (and "??", "!!", emoji) of an already case-folded text, with offsets."""
    end = len(folded) if end is None else end
    return [Token(normalise(m.group()), m.start(), m.end())
            for m in _TOKEN.finditer(folded, start, end)]


def word_features(token: str) -> list[str]:
    """The features that belong to one word on its own: the word and its char n-grams."""
    out = ["w:" + token, *_GROUPS.get(token, ())]
    if token[0] < _EMOJI_MIN and token[0] not in "?!\u061f" and len(token) > 1:
        padded = f"<{token}>"
        for n in CHAR_NGRAMS:
            out.extend("c:" + padded[i:i + n] for i in range(len(padded) - n + 1))
    return out


_TRIGGERS = _ABSOLUTE | _TAKE_BACK | _SIDING


def cue_features(tokens: Sequence[Token]) -> list[tuple[str, int]]:
    """The cues made of several words, each tied to the word that completes it."""
    words = [t.text for t in tokens]
    found: list[tuple[str, int]] = []
    if _TRIGGERS.isdisjoint(words):
        return found
    for i, word in enumerate(words):
        if word not in _TRIGGERS:
            continue
        if word in _ABSOLUTE and not _YOU.isdisjoint(words[max(0, i - 3):i]):
            found.append(("d:you+absolute", i))
        elif word in _TAKE_BACK and not _APOLOGY.isdisjoint(words[max(0, i - 12):i]):
            found.append(("d:sorry+but", i))
        elif word in _SIDING and not _THIRD.isdisjoint(words[max(0, i - 6):i]):
            found.append(("d:third+siding", i))
    return found


@dataclass(frozen=True)
class Window:
    """A stretch of a message scored on its own: the whole message, unless it is long."""

    tokens: tuple[Token, ...]

    def features(self) -> list[tuple[str, int, float]]:
        """Every feature with the word it belongs to and that word's share of it. Features
        are counted once per distinct word, word pair and cue, so saying a thing twenty
        times weighs no more than saying it once; the share of a repeated word is split
        between its occurrences (a pair gives half to each of its two words). This is the
        model's definition; :meth:`MessageModel.scores` is a faster sum of the same
        terms, checked against it by the tests."""
        out: list[tuple[str, int, float]] = []
        words = [t.text for t in self.tokens]
        times = Counter(words)
        for i, word in enumerate(words):
            share = 1.0 / times[word]
            out.extend((f, i, share) for f in word_features(word))
        pairs = [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        pair_times = Counter(pairs)
        for i, pair in enumerate(pairs):
            half = 0.5 / pair_times[pair]
            out.append((pair, i, half))
            out.append((pair, i + 1, half))
        cues = cue_features(self.tokens)
        cue_times = Counter(f for f, _ in cues)
        out.extend((f, i, 1.0 / cue_times[f]) for f, i in cues)
        return out

    @property
    def scale(self) -> float:
        """Feature values are 1/sqrt(distinct words), so a long window doesn't win on
        length alone."""
        return 1.0 / math.sqrt(max(len({t.text for t in self.tokens}), 1))


def windows(text: str, folded: str | None = None) -> list[Window]:
    """The message as scoring windows: one if it has at most WINDOW_TOKENS words, else
    runs of whole sentences up to that many words (a longer sentence is cut)."""
    folded = text.lower() if folded is None else folded
    tokens = tokenize(folded)
    if len(tokens) <= WINDOW_TOKENS:
        return [Window(tuple(tokens))] if tokens else []
    ends = [m.end() for m in _SENTENCE_END.finditer(folded)]
    out: list[Window] = []
    current: list[Token] = []
    sentence: list[Token] = []
    e = 0
    for token in tokens:
        while e < len(ends) and ends[e] <= token.start:
            e += 1
            if len(current) + len(sentence) > WINDOW_TOKENS and current:
                out.append(Window(tuple(current)))
                current = []
            current.extend(sentence)
            sentence = []
        sentence.append(token)
        if len(sentence) >= WINDOW_TOKENS:
            if current:
                out.append(Window(tuple(current)))
                current = []
            out.append(Window(tuple(sentence)))
            sentence = []
    if len(current) + len(sentence) > WINDOW_TOKENS and current:
        out.append(Window(tuple(current)))
        current = []
    current.extend(sentence)
    if current:
        out.append(Window(tuple(current)))
    return out


@dataclass(frozen=True)
class Cue:
    """One learned finding before it becomes a :class:`~message_check.Finding`: the kind,
    and the words that raised its score most (runs of adjacent words joined)."""

    kind: str
    spans: tuple[tuple[int, int], ...]
    score: float


@dataclass(frozen=True)
class MessageModel:
    kinds: tuple[str, ...]
    bias: tuple[float, ...]
    thresholds: tuple[float, ...]
    #: feature -> one weight per kind, in units of ``unit`` (the file stores integers)
    weights: Mapping[str, Sequence[float]]
    unit: float = 1.0
    trained_on: str = ""
    #: Per kind, a score below which the wording as a whole reads as fine, so a rule
    #: phrase of that kind is set aside ("sorry, but the shop was closed", "you always
    #: look great in green"); None: the rules of that kind always stand.
    vetoes: tuple[float | None, ...] = ()

    @property
    def has_vetoes(self) -> bool:
        return any(v is not None for v in self.vetoes)
    _cache: dict[str, tuple[float, ...]] = field(default_factory=dict, compare=False,
                                                 repr=False)

    def _word_vector(self, word: str) -> tuple[float, ...]:
        cached = self._cache.get(word)
        if cached is None:
            total = [0.0] * len(self.kinds)
            for feature in word_features(word):
                weights = self.weights.get(feature)
                if weights is not None:
                    for k, w in enumerate(weights):
                        total[k] += w
            cached = tuple(t * self.unit for t in total)
            if len(self._cache) < 50_000:
                self._cache[word] = cached
        return cached

    def contributions(self, window: Window) -> list[list[float]]:
        """Per word of the window, its share of each kind's raw score (before scaling)."""
        n = len(self.kinds)
        unit = self.unit
        words = [t.text for t in window.tokens]
        times = Counter(words)
        per_word = [[w / times[word] for w in self._word_vector(word)] for word in words]
        get = self.weights.get
        pairs = [f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        pair_times = Counter(pairs)
        for i, name in enumerate(pairs):
            pair = get(name)
            if pair is not None:
                left, right = per_word[i], per_word[i + 1]
                for k in range(n):
                    half = pair[k] * 0.5 * unit / pair_times[name]
                    left[k] += half
                    right[k] += half
        cues = cue_features(window.tokens)
        cue_times = Counter(f for f, _ in cues)
        for feature, i in cues:
            weights = get(feature)
            if weights is not None:
                row = per_word[i]
                for k in range(n):
                    row[k] += weights[k] * unit / cue_times[feature]
        return per_word

    def scores(self, window: Window) -> list[float]:
        """The score of each kind for a window (log-odds; the threshold decides): the
        sum over :meth:`Window.features`, taken per distinct word, pair and cue."""
        n = len(self.kinds)
        totals = [0.0] * n
        words = [t.text for t in window.tokens]
        vector = self._word_vector
        distinct = set(words)
        for word in distinct:
            row = vector(word)
            for k in range(n):
                totals[k] += row[k]
        raw = [0.0] * n  # pairs and cues, in the file's units
        get = self.weights.get
        for left, right in set(zip(words, words[1:], strict=False)):
            pair = get(f"b:{left} {right}")
            if pair is not None:
                for k in range(n):
                    raw[k] += pair[k]
        for feature in {f for f, _ in cue_features(window.tokens)}:
            weights = get(feature)
            if weights is not None:
                for k in range(n):
                    raw[k] += weights[k]
        scale, unit = 1.0 / math.sqrt(max(len(distinct), 1)), self.unit
        return [b + (t + r * unit) * scale
                for b, t, r in zip(self.bias, totals, raw, strict=True)]

    def top_scores(self, text: str, folded: str | None = None) -> list[float]:
        """Each kind's highest score over the message's windows."""
        best = [-math.inf] * len(self.kinds)
        for window in windows(text, folded):
            best = [max(b, s) for b, s in zip(best, self.scores(window), strict=True)]
        return best

    def vetoed(self, kind: str, top: Sequence[float]) -> bool:
        """Whether a rule finding of ``kind`` (or of its narrower rule kind) is set aside
        because the whole message's score for it is below the kind's veto."""
        kind = RULE_FAMILY.get(kind, kind)
        if kind not in self.kinds or not self.vetoes:
            return False
        k = self.kinds.index(kind)
        veto = self.vetoes[k]
        return veto is not None and top[k] < veto

    def find(self, text: str, folded: str | None = None, *,
             limit: int = 100, total: int | None = None) -> Iterator[Cue]:
        """Findings for every kind whose score passes its threshold, window by window;
        at most ``limit`` per kind and ``total`` in all. A window no kind is sure of, but
        the "any" head (harmful at all) is, gives one finding of the kind closest to its
        threshold."""
        counts = [0] * len(self.kinds)
        any_head = self.kinds.index(ANY) if ANY in self.kinds else None
        for window in windows(text, folded):
            if total is not None and sum(counts) >= total:
                return
            scores = self.scores(window)
            hits = [k for k, s in enumerate(scores)
                    if k != any_head and s > self.thresholds[k] and counts[k] < limit]
            if not hits and any_head is not None and scores[any_head] > \
                    self.thresholds[any_head]:
                closest = max((k for k in range(len(self.kinds)) if k != any_head),
                              key=lambda k: scores[k] - self.thresholds[k], default=None)
                if closest is not None and counts[closest] < limit:
                    hits = [closest]
            if not hits:
                continue
            per_word = self.contributions(window)
            for k in hits:
                counts[k] += 1
                yield self._cue(window, per_word, k, scores[k])

    def _cue(self, window: Window, per_word: list[list[float]], k: int,
             score: float) -> Cue:
        ranked = sorted(range(len(window.tokens)), key=lambda i: per_word[i][k], reverse=True)
        top = sorted(i for i in ranked[:CUE_TOKENS] if per_word[i][k] > 0) or ranked[:1]
        tokens = window.tokens
        spans: list[tuple[int, int]] = []
        previous = -2
        for i in top:
            if i == previous + 1 and spans:
                spans[-1] = (spans[-1][0], tokens[i].end)
            else:
                spans.append((tokens[i].start, tokens[i].end))
            previous = i
        return Cue(kind=self.kinds[k], spans=tuple(spans), score=score)


def parse_message_model(doc: Any) -> MessageModel:
    """Build a model from its parsed JSON document, or raise ContentError."""
    if not isinstance(doc, dict):
        raise ContentError("message model: expected a JSON object")
    try:
        kinds = tuple(str(k) for k in doc["kinds"])
        scale = float(doc.get("scale", 1.0))
        bias = tuple(float(b) for b in doc["bias"])
        thresholds = tuple(float(t) for t in doc["thresholds"])
        raw = doc["weights"]
    except (KeyError, TypeError, ValueError) as error:
        raise ContentError(f"message model: missing or malformed field ({error})") from error
    n = len(kinds)
    if not n or len(bias) != n or len(thresholds) != n or not isinstance(raw, dict):
        raise ContentError("message model: kinds, bias and thresholds must have one entry "
                           "per kind, weights must be an object")
    for feature, values in raw.items():  # kept as read: scaled when used
        if type(values) is not list or len(values) != n:
            raise ContentError(f"message model: weights[{feature!r}]: expected {n} numbers")
    if scale <= 0:
        raise ContentError("message model: scale must be positive")
    vetoes_doc = doc.get("vetoes", [])
    if not isinstance(vetoes_doc, list) or len(vetoes_doc) not in (0, n) or not all(
            v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
            for v in vetoes_doc):
        raise ContentError(f"message model: vetoes must be {n} numbers or nulls")
    return MessageModel(kinds=kinds, bias=bias, thresholds=thresholds, weights=raw,
                        unit=1.0 / scale, trained_on=str(doc.get("trained_on", "")),
                        vetoes=tuple(None if v is None else float(v) for v in vetoes_doc))
