"""The learned layer of "Before you send": one small linear model per kind. Pure Python.

The phrase rules (:mod:`repair_app.core.message_rules`) are precise but only know the
wordings someone wrote down. This layer scores the wording as a whole: for each kind a
logistic-regression model over

* words and word pairs (case-folded, apostrophes dropped, texting forms such as "u" and
  "ur" read as "you" and "your"),
* character 3- and 4-grams of each word (so typos and new spellings still count),
* a few cues no single word shows: "you" followed by "always"/"never", an apology
  followed by "but", runs of "??" and "!!", and emoji; someone else (mum, the group
  chat, reddit, a therapist) near a verdict ("agrees", "saw", "on my side") or told
  about it ("showed my sister"); pain ("can't sleep", "crying") with "you" in the
  message; a time counted ("it's been 3 hours"); a curt whole reply ("fine.", "k");
  and shapes many wordings share (:data:`PHRASE_CUES`: martyr shapes, bitter wishes,
  mock praise, justifications, demands for a reply), mock praise and bitter wishes
  counted apart when the message is warm (a "!", "love", a heart). Each cue is one
  feature, so what the model learns from one wording carries over to the others.

Every feature belongs to one word of the message (a word pair counts half for each), so a
score is a sum over words and each finding can quote the words that raised it most. A
message longer than ``WINDOW_TOKENS`` words is scored in windows of whole sentences; a
window whose score for a kind passes that kind's threshold gives one finding.

The weights are trained offline (``scripts/train_message_model.py``) and shipped as
``repair_app/content/message_model.json``; :func:`parse_message_model` validates them.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import math
import re
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


#: Laughter and emoji: how a message is said, not what it says. A laughing emoji or a
#: "lol" weighs heavily towards "fine" in the training data (friends joking), so on its own
#: it could talk the vetoes out of a rule's finding: "😂 It's your fault." (see
#: :func:`without_tone_marks`).
_TONE_MARKS = re.compile(
    r"[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]+"
    r"|(?<![^\W_])(?:l+(?:o+l+)+|lmf?a+o+|rofl|a?(?:h+a+){2,}h*|(?:h+e+){2,}h*|xd+|jk)"
    r"(?![^\W_])",
    re.IGNORECASE,
)


def without_tone_marks(text: str) -> str:
    """``text`` without its laughter and emoji (each replaced by a space, so the words
    either side stay apart); the text itself if it has none."""
    return _TONE_MARKS.sub(" ", text)


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


class PhraseTable(NamedTuple):
    """Phrases normalised as tokens are: one-word ones by their word, longer ones by their
    first two words (with the words after those), so a message's words are looked up,
    not compared with every phrase."""

    single: dict[str, str]
    pairs: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]]

    @property
    def first_words(self) -> frozenset[str]:
        return frozenset(self.single) | {first for first, _ in self.pairs}


def _phrase_table(families: Mapping[str, str]) -> PhraseTable:
    table = PhraseTable({}, {})
    for cue, phrases in families.items():
        for phrase in phrases.split("|"):
            words = tuple(normalise(w) for w in phrase.split())
            if len(words) == 1:
                table.single[words[0]] = cue
            else:
                table.pairs.setdefault(words[:2], []).append((words[2:], cue))
    return table


#: Shapes that several wordings share, each one cue: a model that saw "I was only trying
#: to help" learns something about "I was just being honest" too. Phrases separated by
#: "|", matched on whole normalised words ("i'll" and "ill" alike).
PHRASE_CUES = _phrase_table({
    # resigned, martyr shapes
    "d:martyr": "i guess ill just|ill just|i guess|dont worry about me|dont worry about it|"
                "never mind|nevermind|ill be fine|im fine|its fine|no really|but sure|"
                "but go ahead|go ahead|but whatever|but never mind|nobody cares|"
                "doesnt matter|not like it matters|i suppose",
    "d:alone": "on my own|by myself|all alone|as usual|as per usual|like always|"
               "like every year|like every time|like last time|again i guess",
    "d:sacrifice": "after all i|after everything|all i do|all ive done|everything i do|"
                   "everything ive done|i gave up|i give up|i gave you|im the one who|"
                   "im the only one|i do everything|i did everything|i do all|i did all|"
                   "i have done|for years i|for you i",
    "d:if_cared": "if you really|if you actually|if you truly|if you cared|if you loved|"
                  "if you even|you would if|you clearly dont|you obviously dont",
    "d:hope_bitter": "hope youre happy|hope your happy|hope it was worth|hope she was worth|"
                     "hope he was worth|hope they were worth|hope that was worth|"
                     "hope you can live|must be nice|good for you|enjoy your|love this for me|"
                     "thanks for nothing|thanks a lot|whatever helps",
    # mock praise, put-downs
    "d:mock_praise": "great job|good job|nice job|well done|nice work|great work|"
                     "nice of you|kind of you|brave of you|sweet of you|of the year|"
                     "congrats|congratulations|bravo|genius|your highness|"
                     "so impressive|almost impressive|how mature|"
                     "real mature|very mature|wow|yeah right|oh sure|right because|"
                     "sure because|funny how|cute how|bless you|bless your|apparently",
    "d:put_down": "grow up|get a grip|beneath me|strong suit|you call that|"
                  "do you even|can you even|even hear yourself|what is wrong with you|"
                  "whats wrong with you|are you serious|seriously",
    # others brought in as judges
    "d:others_agree": "not just me|not only me|not the only one|ask anyone|ask around|"
                      "everyone knows|everyone agrees|everyone says|everyone thinks|"
                      "everyone saw|everyone can see|everybody knows|everybody agrees|"
                      "on my side|sides with me|agrees with me|agreed with me|"
                      "shares my view|feels the same|feel the same|sees it too|"
                      "see it too|saw it too|noticed it too|thinks so too|said the same|"
                      "say the same|says the same|you sound|in the wrong|red flag|"
                      "talking about you|gaslighting",
    # defending, justifying
    "d:justify": "i only|i was only|i was just|i just wanted|i just said|"
                 "what was i supposed|what else was i|how was i supposed|how was i meant|"
                 "what am i supposed|thats not what happened|not what happened|"
                 "thats not what i|not what i said|i never said|i didnt say|"
                 "not my fault|wasnt my fault|isnt my fault|to be fair|in my defence|"
                 "in my defense|i had no choice|at least i|its not like i|you know i|"
                 "i did what|i was trying|i was only trying|i meant|i didnt mean|"
                 "youre twisting|twisting my|thats not fair|not fair|for the record",
    "d:you_too": "you also|you do it too|you did it too|you do the same|you did the same|"
                 "what about you|what about when you|you're one to talk|youre one to talk|"
                 "look who's talking|look whos talking|pot calling|you started",
    # pressure to reply
    "d:reply_now": "hello|helloo|hellooo|helloooo|answer me|reply to me|pick up|"
                   "call me back|text me back|left me on|on read|i can see you|"
                   "i know you saw|i know youve seen|you were online|youre online|"
                   "why arent you|why are you ignoring|are you ignoring|still waiting|"
                   "waiting for an answer|waiting for a reply",
})
#: Someone else, brought in: a person or a crowd, or a place people give verdicts.
THIRD_PARTIES = _THIRD | frozenset({
    "reddit", "gc", "girls", "lads", "mates", "mate", "boss", "coworkers", "coworker",
    "colleague", "colleagues", "roommate", "roomate", "bff", "bestie", "doctor", "gp",
    "neighbours", "neighbors", "neighbour", "neighbor", "coach", "lawyer", "solicitor",
    "daughter", "son", "kids", "ex", "office", "internet", "twitter", "tiktok",
    "instagram", "comments", "poll", "grandma", "grandmother", "nan", "nana", "team",
    "chat", "priest", "pastor", "vicar", "imam", "rabbi", "church", "auntie", "sis",
    "pals", "housemates", "flatmate", "teacher", "accountant", "counselling",
})
#: What someone else did with it: a verdict or a reaction.
VERDICTS = _SIDING | frozenset({
    "sees", "see", "seen", "noticed", "notice", "feels", "feel", "felt", "laughed",
    "speechless", "warned", "believe", "believes", "agreed", "tell", "telling",
    "could", "reckons", "reckon", "thought", "horrified", "disgusted", "couldnt",
    "cant", "wrong", "right", "fault", "sided", "backed", "share", "shares", "same",
})
#: Telling others about it.
DISCLOSING = frozenset({
    "told", "tell", "showed", "show", "asked", "ask", "sent", "rang", "called", "phoned",
    "screenshotted", "screenshot", "screenshots", "posted", "forwarded", "spoke", "talked",
    "played", "read", "shared", "texted", "messaged",
})
#: Pain or harm to oneself, which "you" then gets tied to.
SUFFERING = frozenset(LEXICON["suffering"].split()) | frozenset({
    "anxiety", "panic", "shaking", "bruises", "kilos", "pounds", "appetite", "nightmares",
    "insomnia", "pressure", "stomach", "headache", "migraines", "tears", "awake", "sob",
    "sobbing", "scared", "depressed", "depression", "health", "therapy",
})
_TIME_UNITS = frozenset({"hours", "hour", "hrs", "hr", "minutes", "minute", "mins", "min",
                         "days", "day", "seconds", "secs", "weeks"})
_COUNTS = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                     "twenty", "thirty", "forty", "fifty", "few", "couple", "several", "an",
                     "many", "45", "half"})
_ME = frozenset({"i", "im", "ive", "ill", "id", "me", "my", "myself"})
_CONTRAST = frozenset({"and", "but", "while", "yet", "meanwhile", "still", "then"})
_CURT_WORDS = frozenset({"ok", "fine", "whatever", "sure", "noted", "cool", "right", "wow",
                         "great", "lovely", "nice", "thanks", "good", "perfect", "got",
                         "it", "k", "mhm", "yep", "yeah", "bye", "lol", "brilliant"})
#: Words that make praise or a wish read as meant ("Nice one!! Congrats on the race",
#: "Enjoy your lie in!"): with one of these, or a "!", a mock-praise or bitter-wish cue
#: is counted as its warm twin instead, and the model weighs the two apart.
WARM = frozenset({"love", "loved", "proud", "thanks", "thank", "xx", "xxx", "\u2764",
                  "\U0001f60d", "\U0001f970", "\U0001f60a", "\U0001f389", "\U0001f973",
                  "\U0001f64c", "\U0001f495", "\U0001f496", "\u263a", "\U0001f917"})
_WARM_TWIN = {"d:mock_praise": "d:warm_praise", "d:hope_bitter": "d:warm_wish"}
_TRIGGERS = (_ABSOLUTE | _TAKE_BACK | _SIDING | VERDICTS | DISCLOSING | THIRD_PARTIES
             | SUFFERING | _TIME_UNITS | {"even", "because"} | PHRASE_CUES.first_words)


def cue_features(tokens: Sequence[Token], warm: bool = False) -> list[tuple[str, int]]:
    """The cues made of several words, each tied to the word that completes it. ``warm``:
    the text has a "!" (see :data:`WARM`)."""
    words = [t.text for t in tokens]
    found: list[tuple[str, int]] = []
    if _TRIGGERS.isdisjoint(words):
        return found
    you_at = [i for i, w in enumerate(words) if w in _YOU]
    single, pairs = PHRASE_CUES
    last_third = -100  # where the last third party was named
    for i, word in enumerate(words):
        if word not in _TRIGGERS:
            continue
        if word in single:
            found.append((single[word], i))
        if i + 1 < len(words):
            for rest, cue in pairs.get((word, words[i + 1]), ()):
                end = i + 2 + len(rest)
                if not rest or tuple(words[i + 2:end]) == rest:
                    found.append((cue, end - 1))
        if word in _ABSOLUTE and not _YOU.isdisjoint(words[max(0, i - 3):i]):
            found.append(("d:you+absolute", i))
        elif word in _TAKE_BACK and not _APOLOGY.isdisjoint(words[max(0, i - 12):i]):
            found.append(("d:sorry+but", i))
        if word in VERDICTS and i - last_third <= 10:
            found.append(("d:third+verdict", i))
        if word in THIRD_PARTIES:
            last_third = i
            if not DISCLOSING.isdisjoint(words[max(0, i - 5):i]):
                found.append(("d:told+third", i))
            if "even" in words[max(0, i - 3):i]:
                found.append(("d:even+third", i))
        if word in SUFFERING and you_at:
            found.append(("d:suffering+you", i))
        if word in _TIME_UNITS and i > 0 and (words[i - 1] in _COUNTS
                                              or words[i - 1].isdigit()) \
                and not {"been", "ago", "since", "for", "waiting"}.isdisjoint(
                    words[max(0, i - 5):i + 3]):
            found.append(("d:time_since", i))
        if word == "because" and words[i + 1:i + 3] == ["of", "you"]:
            found.append(("d:because_of_you", i + 2))
    if you_at and any(w in _ME for w in words[:you_at[-1]]) and any(
            words[j - 1] in _CONTRAST for j in you_at if j > 0):
        found.append(("d:i_then_you", you_at[-1]))
    if found and (warm or not WARM.isdisjoint(words)):
        found = [(_WARM_TWIN.get(cue, cue), i) for cue, i in found]
    return found


def shape_cues(folded: str, tokens: Sequence[Token]) -> list[tuple[str, int]]:
    """Cues from the whole message's shape, which its words alone don't carry: a curt
    reply of one or two words ("fine." "k" "ok whatever")."""
    found: list[tuple[str, int]] = []
    if 0 < len(tokens) <= 2:
        last = tokens[-1]
        tail = folded[last.end:].strip()
        if tail.startswith(".") or folded[last.start:last.end] == "k" or all(
                t.text in _CURT_WORDS for t in tokens) and not tail.startswith("!"):
            found.append(("d:curt", len(tokens) - 1))
    return found


def word_groups(words: Sequence[str]) -> list[tuple[str, tuple[int, ...]]]:
    """The window's features of several words, each with the positions of the words it
    joins: "b:" two neighbours, "t:" three in a row, "k:" two words with one between
    ("you <anything> never"). Out of fold by training round (a round's writers never on
    both sides; 5 folds, rounds A-I, 9,262 messages, 140 of 3,518 fine flagged), adding
    the three-word groups and gapped pairs caught 3,912 of 5,744 harmful messages where
    pairs alone caught 3,852 (3,976 against 3,849 with scikit-learn's solver, stop 27).
    Features for the first and the last word caught 54 more but are left out: they tie a
    message's scores to whatever is written first (docs/benchmarks.md, stop 27)."""
    n = len(words)
    out = [(f"b:{words[i]} {words[i + 1]}", (i, i + 1)) for i in range(n - 1)]
    out.extend((f"t:{words[i]} {words[i + 1]} {words[i + 2]}", (i, i + 1, i + 2))
               for i in range(n - 2))
    out.extend((f"k:{words[i]} {words[i + 2]}", (i, i + 2)) for i in range(n - 2))
    return out


@dataclass(frozen=True)
class Window:
    """A stretch of a message scored on its own: the whole message, unless it is long."""

    tokens: tuple[Token, ...]
    #: cues from the message's shape (:func:`shape_cues`), for a whole short message
    shape: tuple[tuple[str, int], ...] = ()
    #: the window's text has a "!" (praise with one reads as meant)
    warm: bool = False

    def cues(self) -> list[tuple[str, int]]:
        """The window's cues of several words or of its shape, each tied to a word."""
        found = cue_features(self.tokens, self.warm)
        if self.shape:
            found.extend(self.shape)
        return found

    def features(self) -> list[tuple[str, int, float]]:
        """Every feature with the word it belongs to and that word's share of it. Features
        are counted once per distinct word, word group (:func:`word_groups`) and cue, so
        saying a thing twenty times weighs no more than saying it once; the share of a
        repeated word is split between its occurrences (a group of two gives half to each
        of its words, of three a third). This is the
        model's definition; :meth:`MessageModel.scores` is a faster sum of the same
        terms, checked against it by the tests."""
        out: list[tuple[str, int, float]] = []
        words = [t.text for t in self.tokens]
        times = Counter(words)
        for i, word in enumerate(words):
            share = 1.0 / times[word]
            out.extend((f, i, share) for f in word_features(word))
        groups = word_groups(words)
        group_times = Counter(name for name, _ in groups)
        for name, positions in groups:
            part = 1.0 / (len(positions) * group_times[name])
            out.extend((name, i, part) for i in positions)
        cues = self.cues()
        cue_times = Counter(f for f, _ in cues)
        out.extend((f, i, 1.0 / cue_times[f]) for f, i in cues)
        return out

    @property
    def scale(self) -> float:
        """Feature values are 1/sqrt(distinct words), so a long window doesn't win on
        length alone."""
        return 1.0 / math.sqrt(max(len({t.text for t in self.tokens}), 1))


def _window(tokens: Sequence[Token], folded: str) -> Window:
    """A window of a long message; it is warm if a "!" ends one of its words' runs."""
    return Window(tuple(tokens), warm="!" in folded[tokens[0].start:tokens[-1].end + 2])


def windows(text: str, folded: str | None = None) -> list[Window]:
    """The message as scoring windows: one if it has at most WINDOW_TOKENS words, else
    runs of whole sentences up to that many words (a longer sentence is cut)."""
    folded = text.lower() if folded is None else folded
    tokens = tokenize(folded)
    if len(tokens) <= WINDOW_TOKENS:
        return [Window(tuple(tokens), tuple(shape_cues(folded, tokens)), "!" in folded)] \
            if tokens else []
    ends = [m.end() for m in _SENTENCE_END.finditer(folded)]
    out: list[Window] = []
    current: list[Token] = []
    sentence: list[Token] = []
    e = 0
    for token in tokens:
        while e < len(ends) and ends[e] <= token.start:
            e += 1
            if len(current) + len(sentence) > WINDOW_TOKENS and current:
                out.append(_window(current, folded))
                current = []
            current.extend(sentence)
            sentence = []
        sentence.append(token)
        if len(sentence) >= WINDOW_TOKENS:
            if current:
                out.append(_window(current, folded))
                current = []
            out.append(_window(sentence, folded))
            sentence = []
    if len(current) + len(sentence) > WINDOW_TOKENS and current:
        out.append(_window(current, folded))
        current = []
    current.extend(sentence)
    if current:
        out.append(_window(current, folded))
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
    #: How much of the likeliest kind's score the "any" head adds to its own before its
    #: threshold decides (:meth:`harmful_at_all`); 0 in a file that doesn't say.
    any_blend: float = 0.0
    #: A "harmful at all" score (:meth:`harmful_at_all`, from each head's highest score
    #: over the message's windows) below which a rule phrase of any of the model's kinds
    #: is set aside: the message as a whole reads as fine ("Ask anyone who's been to
    #: ours: your kimchi stew is legendary"). Chosen on training rounds the rules were
    #: never tuned on; None (and a file that doesn't say): off.
    any_veto: float | None = None
    #: A kind's veto sets a rule aside only when the message as a whole also reads as
    #: fine: its "harmful at all" score below this (None: whatever that score).
    veto_at_all_below: float | None = None
    #: The "any" veto sets a rule's kind aside only when the model also scores that kind
    #: below this (None: whatever its score).
    any_veto_kind_below: float | None = None
    _cache: dict[str, tuple[float, ...]] = field(default_factory=dict, compare=False,
                                                 repr=False)

    @property
    def has_vetoes(self) -> bool:
        return self.any_veto is not None or any(v is not None for v in self.vetoes)

    def harmful_at_all(self, scores: Sequence[float], any_head: int) -> float:
        """The "any" head's score, plus ``any_blend`` times the highest score of the
        kinds: a message is harmful at all more surely when one kind also stands out.
        Out of fold on the training split this sorts harmful from fine better than the
        head alone (ROC area 0.914 against 0.897 on the messages no rule flags)."""
        if not self.any_blend:
            return scores[any_head]
        likeliest = max((s for k, s in enumerate(scores) if k != any_head), default=0.0)
        return scores[any_head] + self.any_blend * likeliest

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
        # word_groups(words), by kind of group (faster than their position tuples): the
        # name of the group starting at word i, and the offsets of its words from i
        after = words[2:]
        kinds_of_group = (
            ([f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)], (0, 1)),
            ([f"t:{a} {b} {c}" for a, b, c in zip(words, words[1:], after, strict=False)],
             (0, 1, 2)),
            ([f"k:{a} {c}" for a, c in zip(words, after, strict=False)], (0, 2)),
        )
        group_times = Counter(name for names, _ in kinds_of_group for name in names)
        for names, offsets in kinds_of_group:
            for i, name in enumerate(names):
                weights = get(name)
                if weights is not None:
                    part = unit / (len(offsets) * group_times[name])
                    for offset in offsets:
                        row = per_word[i + offset]
                        for k in range(n):
                            row[k] += weights[k] * part
        cues = window.cues()
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
        sum over :meth:`Window.features`, taken per distinct word, word group and cue."""
        n = len(self.kinds)
        totals = [0.0] * n
        words = [t.text for t in window.tokens]
        vector = self._word_vector
        distinct = set(words)
        for word in distinct:
            row = vector(word)
            for k in range(n):
                totals[k] += row[k]
        raw = [0.0] * n  # word groups and cues, in the file's units
        get = self.weights.get
        # the names of word_groups(words), made here without their positions (faster)
        names = {f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)}
        if len(words) > 2:
            after = words[2:]
            names.update(f"t:{a} {b} {c}" for a, b, c in zip(words, words[1:], after,
                                                                strict=False))
            names.update(f"k:{a} {c}" for a, c in zip(words, after, strict=False))
        for name in names:
            weights = get(name)
            if weights is not None:
                for k in range(n):
                    raw[k] += weights[k]
        for feature in {f for f, _ in window.cues()}:
            weights = get(feature)
            if weights is not None:
                for k in range(n):
                    raw[k] += weights[k]
        scale, unit = 1.0 / math.sqrt(max(len(distinct), 1)), self.unit
        return [b + (t + r * unit) * scale
                for b, t, r in zip(self.bias, totals, raw, strict=True)]

    def scored_windows(self, text: str, folded: str | None = None
                       ) -> list[tuple[Window, list[float]]]:
        """The message's windows, each with its scores: worked out once, for
        :meth:`top_scores` (the vetoes) and :meth:`find` both."""
        return [(window, self.scores(window)) for window in windows(text, folded)]

    def top_scores(self, text: str, folded: str | None = None, *,
                   scored: Sequence[tuple[Window, list[float]]] | None = None
                   ) -> list[float]:
        """Each kind's highest score over the message's windows (``scored``: from
        :meth:`scored_windows`, if already worked out)."""
        best = [-math.inf] * len(self.kinds)
        for _window, window_scores in (scored if scored is not None
                                       else self.scored_windows(text, folded)):
            best = [max(b, s) for b, s in zip(best, window_scores, strict=True)]
        return best

    def vetoed(self, kind: str, top: Sequence[float]) -> bool:
        """Whether a rule finding of ``kind`` (or of its narrower rule kind) is set aside
        because the whole message's score for it is below the kind's veto (and, where the
        model says so, its "harmful at all" score below :attr:`veto_at_all_below`: phrases
        of blame among a plea for reassurance are not set aside because the words lean to
        reassurance)."""
        kind = RULE_FAMILY.get(kind, kind)
        if kind not in self.kinds or not self.vetoes:
            return False
        k = self.kinds.index(kind)
        veto = self.vetoes[k]
        if veto is None or top[k] >= veto:
            return False
        return self.veto_at_all_below is None or ANY not in self.kinds or \
            self.harmful_at_all(top, self.kinds.index(ANY)) < self.veto_at_all_below

    def knows(self, kind: str) -> bool:
        """Whether the model scores ``kind`` (or the kind a narrower rule kind belongs
        to): "always_never" yes, "shouting" or "long_message" no."""
        kind = RULE_FAMILY.get(kind, kind)
        return kind != ANY and kind in self.kinds

    def vetoed_at_all(self, rule_kinds: Iterable[str], top: Sequence[float]) -> bool:
        """Whether the rule findings of the kinds the model scores are all set aside
        because the message as a whole reads as fine: its "harmful at all" score (from
        ``top``, each head's highest score over the windows) is below :attr:`any_veto`,
        the rules flag it for one kind only (with their narrower kinds), and the model
        scores that kind below :attr:`any_veto_kind_below` ("You always forget." keeps its
        blame however the message reads as a whole). Phrases of
        two kinds in one message ("You always forget. Do you still love me?") stand
        whatever the score: no fine training message has them, and one emoji can pull a
        short message's score down (a laughing emoji before "You always forget...")."""
        if self.any_veto is None or ANY not in self.kinds:
            return False
        families = {RULE_FAMILY.get(k, k) for k in rule_kinds if self.knows(k)}
        if len(families) != 1 or self.harmful_at_all(
                top, self.kinds.index(ANY)) >= self.any_veto:
            return False
        floor = self.any_veto_kind_below
        return floor is None or top[self.kinds.index(families.pop())] < floor

    def find(self, text: str, folded: str | None = None, *,
             limit: int = 100, total: int | None = None,
             scored: Sequence[tuple[Window, list[float]]] | None = None) -> Iterator[Cue]:
        """Findings for every kind whose score passes its threshold, window by window;
        at most ``limit`` per kind and ``total`` in all. A window no kind is sure of, but
        the "any" head (harmful at all, :meth:`harmful_at_all`) is, gives one finding of
        the kind the model finds likeliest (the highest score: log-odds, comparable across
        kinds; naming the kind closest to its threshold instead was right for 393 of 673
        harmful training messages the head alone flags out of fold, the likeliest kind
        for 482)."""
        counts = [0] * len(self.kinds)
        any_head = self.kinds.index(ANY) if ANY in self.kinds else None
        pairs = scored if scored is not None else (
            (window, self.scores(window)) for window in windows(text, folded))
        for window, scores in pairs:
            if total is not None and sum(counts) >= total:
                return
            hits = [k for k, s in enumerate(scores)
                    if k != any_head and s > self.thresholds[k] and counts[k] < limit]
            if not hits and any_head is not None and self.harmful_at_all(
                    scores, any_head) > self.thresholds[any_head]:
                likeliest = max((k for k in range(len(self.kinds)) if k != any_head),
                                key=scores.__getitem__, default=None)
                if likeliest is not None and counts[likeliest] < limit:
                    hits = [likeliest]
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


#: A weight as the file stores it: a signed 16-bit integer, in units of 1/scale.
WEIGHT_RANGE = (-32768, 32767)


#: A sorted file's names are searched by bisection (about 4 microseconds a look-up) until
#: this many look-ups (a message of some 2,500 characters takes that many); then they get
#: a dict (built in about 40 ms). Most messages never pay for the dict, nor hold its
#: ~7 MB; a long one pays at most some 20 ms more than with the dict built at once.
DICT_AFTER_LOOKUPS = 5_000


class PackedWeights(Mapping[str, Sequence[int]]):
    """The weights as the file stores them (format 2): the feature names, and one block of
    16-bit integers holding a row of one weight per kind for each feature, in that order.
    Read in a few milliseconds and held in a fraction of the memory a dict of lists takes
    (format 1); a feature's row is sliced out when it is looked up.

    ``sorted_names``: the names are in sorted order, each once (the trainer's files say so
    with ``sorted_features_sha256``): looked up by bisection at first, without building a
    dict of 100,000 names before the first check can run."""

    __slots__ = ("_rows", "_names", "_data", "_n", "_lookups")

    def __init__(self, features: Sequence[str], data: array, n: int, *,
                 sorted_names: bool = False) -> None:
        self._names = features
        self._data = data
        self._n = n
        self._lookups = 0
        self._rows: dict[str, int] | None = None
        if not sorted_names:
            self._index_names()

    def _index_names(self) -> None:
        names = self._names
        self._rows = dict(zip(names, range(0, self._n * len(names), self._n), strict=True))

    def _start(self, feature: str) -> int | None:
        rows = self._rows
        if rows is not None:
            return rows.get(feature)
        self._lookups += 1
        if self._lookups > DICT_AFTER_LOOKUPS:
            self._index_names()
            return self._start(feature)
        names = self._names
        i = bisect_left(names, feature)
        return i * self._n if i < len(names) and names[i] == feature else None

    def get(self, feature: str, default: Any = None) -> Any:
        start = self._start(feature)
        return default if start is None else self._data[start:start + self._n]

    def __getitem__(self, feature: str) -> Sequence[int]:
        start = self._start(feature)
        if start is None:
            raise KeyError(feature)
        return self._data[start:start + self._n]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names if self._rows is None else self._rows)

    def __len__(self) -> int:
        return len(self._names if self._rows is None else self._rows)


def sorted_names_digest(features: Sequence[str]) -> str:
    """What a file's ``sorted_features_sha256`` holds: the SHA-256 of its names, one per
    line. Written only for names in sorted order, each once, so a file whose names still
    hash to it has them so (a hand-edited, reordered one doesn't, and gets a dict)."""
    return hashlib.sha256("\n".join(features).encode("utf-8", "surrogatepass")).hexdigest()


def pack_weights(weights: Mapping[str, Sequence[int]], n: int) -> tuple[list[str], str]:
    """The feature names, in sorted order, and the base64 block of a format-2 file
    (little-endian, rows in the names' order), for integer weights, ``n`` per feature, each
    within WEIGHT_RANGE."""
    features = sorted(weights)
    data = array("h")
    low, high = WEIGHT_RANGE
    for feature in features:
        values = weights[feature]
        if len(values) != n or not all(low <= v <= high for v in values):
            raise ValueError(f"{feature!r}: expected {n} integers in {low}..{high}")
        data.extend(values)
    if sys.byteorder == "big":
        data.byteswap()
    return features, base64.b64encode(data.tobytes()).decode("ascii")


def _unpack_weights(features: Any, block: Any, n: int,
                    sorted_digest: Any = None) -> PackedWeights:
    if not isinstance(features, list) or not set(map(type, features)) <= {str}:
        raise ContentError("message model: features must be a list of names")
    if not isinstance(block, str):
        raise ContentError("message model: weights must be a base64 text (format 2)")
    try:  # (strict: what b64decode(validate=True) checks, without its slow regex)
        raw = binascii.a2b_base64(block, strict_mode=True)
    except (binascii.Error, ValueError) as error:
        raise ContentError(f"message model: weights are not valid base64 ({error})") from error
    data = array("h")
    if len(raw) != data.itemsize * n * len(features):
        raise ContentError(f"message model: weights hold {len(raw)} bytes, expected "
                           f"{data.itemsize * n} for each of {len(features)} features")
    data.frombytes(raw)
    if sys.byteorder == "big":
        data.byteswap()
    if sorted_digest is not None and sorted_digest == sorted_names_digest(features):
        return PackedWeights(features, data, n, sorted_names=True)
    weights = PackedWeights(features, data, n)
    if len(weights) != len(features):
        raise ContentError("message model: a feature is named twice")
    return weights


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
    if not n or len(bias) != n or len(thresholds) != n:
        raise ContentError("message model: kinds, bias and thresholds must have one entry "
                           "per kind")
    form = doc.get("format", 1)
    weights: Mapping[str, Sequence[float]]
    if form == 2:  # what the trainer writes: names, then one packed block
        weights = _unpack_weights(doc.get("features"), raw, n,
                                  doc.get("sorted_features_sha256"))
    elif form == 1:  # a feature -> a list of numbers (small hand-made models)
        if not isinstance(raw, dict):
            raise ContentError("message model: weights must be an object (format 1)")
        for feature, values in raw.items():  # kept as read: scaled when used
            if type(values) is not list or len(values) != n:
                raise ContentError(f"message model: weights[{feature!r}]: expected {n} "
                                   "numbers")
        weights = raw
    else:
        raise ContentError(f"message model: unknown format {form!r} (this Repair reads 1 "
                           "and 2)")
    if scale <= 0:
        raise ContentError("message model: scale must be positive")
    vetoes_doc = doc.get("vetoes", [])
    if not isinstance(vetoes_doc, list) or len(vetoes_doc) not in (0, n) or not all(
            v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
            for v in vetoes_doc):
        raise ContentError(f"message model: vetoes must be {n} numbers or nulls")
    any_blend = doc.get("any_blend", 0.0)  # optional: files written before it read as 0
    if isinstance(any_blend, bool) or not isinstance(any_blend, (int, float)) \
            or not 0 <= any_blend <= 10:
        raise ContentError("message model: any_blend must be a number from 0 to 10")
    any_veto = doc.get("any_veto")  # optional: a file that doesn't say has it off
    if any_veto is not None and (isinstance(any_veto, bool) or not isinstance(
            any_veto, (int, float)) or not math.isfinite(any_veto)):
        raise ContentError("message model: any_veto must be a number or null")
    if any_veto is not None and ANY not in kinds:
        raise ContentError(f"message model: any_veto needs an {ANY!r} kind")
    limits = {}
    for name in ("veto_at_all_below", "any_veto_kind_below"):
        value = doc.get(name)  # optional: a file that doesn't say has no such condition
        if value is not None and (isinstance(value, bool) or not isinstance(
                value, (int, float)) or not math.isfinite(value)):
            raise ContentError(f"message model: {name} must be a number or null")
        limits[name] = None if value is None else float(value)
    return MessageModel(kinds=kinds, bias=bias, thresholds=thresholds, weights=weights,
                        unit=1.0 / scale, trained_on=str(doc.get("trained_on", "")),
                        vetoes=tuple(None if v is None else float(v) for v in vetoes_doc),
                        any_blend=float(any_blend),
                        any_veto=None if any_veto is None else float(any_veto),
                        **limits)
