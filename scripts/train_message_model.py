"""Train the learned layer of "Before you send" and write its weights.

    python scripts/train_message_model.py            # writes repair_app/content/message_model.json
    python scripts/train_message_model.py --check    # cross-validated figures only, no file
    ... --jobs 2                 # processes for the five folds and the final fit
    ... --scores /tmp/oof.json   # keep the out-of-fold scores; reused while the data and
                                 # the code are the same

Reads only the training split, ``tests/eval/data/train*.jsonl`` (the held-out splits,
``held_out*.jsonl``, are never read here). For each kind it fits a logistic regression by
stochastic gradient descent over the features :mod:`repair_app.core.message_model`
defines, then picks the kind's threshold from 5-fold out-of-fold scores on the training
split, all kinds together, counting what the phrase rules already catch: as many harmful
training messages caught as possible while the model adds at most FINE_FLAG_RATE of the
fine training messages to those the rules flag. Small weights are dropped and the rest
rounded so the file stays small.
Where a rule's phrase should be set aside because the message as a whole reads as fine,
it picks a per-kind veto (pick_vetoes) and one "any" veto on the "harmful at all" score
(pick_any_veto), the latter judged on the training rounds the rules were never tuned on
(UNTUNED_ROUNDS); ``--check`` also prints the figures on those rounds, split in halves
by writer, and the "any" veto chosen on each half scored on the other.
Deterministic: a fixed seed, so the same data gives the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import zlib
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repair_app.content.message_rules import load_message_rules  # noqa: E402
from repair_app.core.message_check import analyze  # noqa: E402
from repair_app.core.message_model import (  # noqa: E402
    pack_weights,
    sorted_names_digest,
    windows,
)
from repair_app.core.message_rules import fold_text  # noqa: E402

DATA = ROOT / "tests" / "eval" / "data"
TRAIN_FILES = tuple(sorted(DATA.glob("train*.jsonl")))
MODEL_FILE = ROOT / "repair_app" / "content" / "message_model.json"
MODEL_SOURCE = ROOT / "repair_app" / "core" / "message_model.py"
KINDS = ("blame", "contempt", "defending", "apology_excuse", "pressure", "reassurance",
         "judges", "promises", "guilt")
#: One more head: "harmful at all", whatever the kind. Trained on every harmful message,
#: it catches the ones no single kind is sure of; its finding takes the likeliest kind
#: (the highest score).
ANY = "any"
HEADS = (*KINDS, ANY)
#: The "any" head's threshold is on its own score plus this much of the likeliest kind's
#: (MessageModel.harmful_at_all; written to the file as "any_blend"). Out of fold on the
#: 5,228 messages of rounds A-D, harmful caught with 4/5/6% of fine flagged: 2,181/2,335/
#: 2,383 at 0 (the head alone), 2,253/2,352/2,455 at 0.25, 2,251/2,388/2,442 at 0.5,
#: 2,261/2,371/2,433 at 0.75, 2,259/2,331/2,437 at 1.
ANY_BLEND = 0.5
#: All fine training messages flagged, by the rules, the kinds and the "any" head together,
#: at most (out-of-fold), as far as the rules leave room. 4% from stop 24 to 28 (at stop 23
#: three blind sets had flagged 7.1% at a 5% budget). 5% since stop 29, chosen on the
#: validation sets dev_1.jsonl and dev_2.jsonl (842 messages, written blind for this, never
#: trained on) by a rule fixed before scoring them: the largest of 4, 4.5 and 5% at which
#: they flag at most 4% of their fine messages. Out of fold on the 33,758 training messages:
#: 15,811 of 22,582 harmful caught at 4% (447 fine), 16,584 at 4.5%, 16,906 at 5% (558 fine);
#: on the validation sets 418, 431 and 434 of 566 harmful, and 7, 8 and 10 of 276 fine.
TOTAL_FINE_RATE = 0.05
EPOCHS = 25
LEARNING_RATE = 0.4
L2 = 1e-4
POSITIVE_WEIGHT_CAP = 4.0
FOLDS = 5
#: Fine training messages the per-kind heads may flag beyond those the rules already flag
#: (the "any" head then spends what is left of TOTAL_FINE_RATE). 0: the kind heads only
#: lower their thresholds while that flags no fine message, and the "any" head, which
#: spends a fine flag better, takes the whole budget. Out of fold on the 5,228 messages
#: of rounds A-D, 98 fine flagged either way: 2,230 harmful caught at 0.01, 2,286 at
#: 0.005, 2,335 at 0; at 0.02, 2,211.
FINE_FLAG_RATE = 0.0
#: A threshold step that flags one more fine message must catch at least this many more
#: harmful ones of its kind (so no kind's threshold sinks into everyday wordings).
MIN_GAIN_PER_FINE = 1
KEEP_ABOVE = 0.02  # weights smaller than this are dropped
SCALE = 1000  # weights are stored as integers in thousandths
SEED = 13
WRITTEN_AT = datetime(2026, 11, 24, 14, 0)


def load(paths: tuple[Path, ...] = TRAIN_FILES) -> list[dict]:
    """Every message of ``paths``, each with ``round``: the name of its file (and a
    ``note``, empty where the line has none or null)."""
    loaded = [{**json.loads(line), "round": path.name} for path in paths
              for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for message in loaded:
        message["note"] = message.get("note") or ""
    return loaded


#: A feature must occur in at least this many training messages to get a weight (one
#: message's quirks are not learned, and the file stays small). 3, not 2, since training
#: rounds C and D: at 2 the file had 21,140 features (1.1 MB as lists) and reading it
#: took 22 ms, over the 20 ms target; at 3, 14,850 features, 15 ms, and 22 fewer of 3,261
#: harmful training messages caught out of fold. The packed format (format 2, read in
#: ~4 ms) came after and would allow 2 again, for the next round of training.
MIN_MESSAGES = 3
#: The same for the word groups of three words and gapped pairs (message_model.word_groups,
#: stop 27): out of fold by training round (rounds A-I, with first- and last-word features
#: as well, since dropped), 3,966 of 5,744 harmful messages caught at 3, 3,926 at 6, 3,867
#: at 10 (3,852 without these groups), at 140 of 3,518 fine flagged each time.


def build_index(texts: list[str]) -> dict[str, int]:
    """An id for every feature that occurs in at least MIN_MESSAGES of ``texts``."""
    seen: dict[str, int] = defaultdict(int)
    for text in texts:
        # dict, not set: first-seen order, so the file's bytes don't vary with the hash seed
        for feature in dict.fromkeys(f for w in windows(text, fold_text(text))
                                     for f, _, _ in w.features()):
            seen[feature] += 1
    return {f: i for i, f in enumerate(f for f, n in seen.items() if n >= MIN_MESSAGES)}


def vectorise(text: str, index: dict[str, int]) -> list[tuple[int, float]]:
    """The message's features in ``index`` as (id, value): the same terms the model sums
    at run time (a training message is one window, or a long one its windows pooled)."""
    values: dict[int, float] = defaultdict(float)
    for window in windows(text, fold_text(text)):
        scale = window.scale
        for feature, _, share in window.features():
            fid = index.get(feature)
            if fid is not None:
                values[fid] += share * scale
    return list(values.items())


def fit(rows: list[list[tuple[int, float]]], labels: list[set[str]], n_features: int,
        seed: int = SEED) -> tuple[list[list[float]], list[float]]:
    rng = random.Random(seed)
    weights = [[0.0] * n_features for _ in HEADS]
    bias = [0.0] * len(HEADS)
    positive_weight = []
    for kind in HEADS:
        pos = sum(kind in lab for lab in labels)
        positive_weight.append(min(POSITIVE_WEIGHT_CAP, (len(labels) - pos) / max(pos, 1)))
    order = list(range(len(rows)))
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = LEARNING_RATE / (1 + epoch * 0.2)
        for i in order:
            row, lab = rows[i], labels[i]
            for k, kind in enumerate(HEADS):
                w = weights[k]
                z = bias[k] + sum(w[f] * v for f, v in row)
                p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
                y = kind in lab
                g = (p - 1.0) * positive_weight[k] if y else p
                if abs(g) < 1e-4:
                    continue
                for f, v in row:
                    w[f] -= rate * (g * v + L2 * w[f])
                bias[k] -= rate * g * 0.5
    return weights, bias


def score(row: list[tuple[int, float]], weights, bias) -> list[float]:
    return [bias[k] + sum(weights[k][f] * v for f, v in row) for k in range(len(HEADS))]


def fold_scores(texts: list[str], labels: list[set[str]], held: list[int]
                ) -> list[tuple[int, list[float]]]:
    """The scores of the ``held`` messages by a model fitted on all the others."""
    held_set = set(held)
    train = [i for i in range(len(texts)) if i not in held_set]
    index = build_index([texts[i] for i in train])
    rows = [vectorise(texts[i], index) for i in train]
    weights, bias = fit(rows, [labels[i] for i in train], len(index))
    return [(i, score(vectorise(texts[i], index), weights, bias)) for i in held]


def fit_all(texts: list[str], labels: list[set[str]]):
    """The model fitted on every message: its feature index, weights and bias."""
    index = build_index(texts)
    rows = [vectorise(t, index) for t in texts]
    weights, bias = fit(rows, labels, len(index))
    return index, weights, bias


def held_folds(n: int) -> list[list[int]]:
    rng = random.Random(SEED)
    order = list(range(n))
    rng.shuffle(order)
    return [order[fold::FOLDS] for fold in range(FOLDS)]


def blend_any(scores: list[list[float]], blend: float = ANY_BLEND) -> list[list[float]]:
    """The scores with the "any" head's replaced by what its threshold is compared with
    at run time (MessageModel.harmful_at_all)."""
    a = len(KINDS)
    return [[*s[:a], s[a] + blend * max(s[:a]), *s[a + 1:]] for s in scores]


def rule_flags(texts: list[str]) -> list[set[str]]:
    """What the phrase rules alone find in each training message (in the kinds above)."""
    rules = load_message_rules(model_file=None)
    family = {"always_never": "blame", "explaining": "defending"}
    return [{family.get(f.kind, f.kind) for f in analyze(t, WRITTEN_AT, rules, learned=False)}
            for t in texts]


#: A rule phrase of a kind is set aside when the model scores the whole message below the
#: kind's veto. Walking up from the lowest-scored messages a kind's rules flag, a message
#: the rule is wrong about (a fine one, or one of another kind that another rule flags
#: too) counts 1, one of the kind's own -VETO_GAIN; the veto is where that sum is highest,
#: with at least VETO_MIN_WRONG wrong ones set aside and at most VETO_MAX_LOSS of the
#: kind's harmful training messages. Out of fold (rounds A-D) this sets aside blame
#: phrases on guilt, judges and contempt messages ("Look at what you've turned me into",
#: "grow up") and defending ones on excuse-apologies: blame precision 0.61 -> 0.67 and
#: defending 0.72 -> 0.76 at the same recall, 12 fewer harmful caught (2,388 -> 2,376),
#: 98 fine flagged either way. Before stop 24 only fine messages
#: counted (VETO_GAIN 4, VETO_MAX_LOSS 0.01), and no veto was ever chosen.
VETO_GAIN = 3
VETO_MAX_LOSS = 0.05
VETO_MIN_WRONG = 10
#: A kind's veto applies only to a message whose "harmful at all" score (blended) is
#: below this, and the "any" veto only to a rule kind the model itself scores below
#: ANY_VETO_KIND_BELOW (written to the file; MessageModel.vetoed, vetoed_at_all). Without
#: them, the model trained on rounds J-Q (whose writers kept stock phrases out of harmful
#: messages and put them in fine traps) set aside "You always forget." and the blame in
#: "You always forget. It's your fault?? ANSWER ME. Do you still love me?". Out of fold
#: (14,384 messages) they cost 117 of 6,732 harmful caught at the same 205 of 5,133 fine.
VETO_AT_ALL_BELOW = 0.0
ANY_VETO_KIND_BELOW = 0.0


def pick_vetoes(scores: list[list[float]], labels: list[set[str]],
                by_rules: list[set[str]]) -> list[float | None]:
    """Per kind, from out-of-fold scores: the veto that sets aside the most rule findings
    the rule is wrong about for as few of the kind's own messages as VETO_GAIN,
    VETO_MIN_WRONG and VETO_MAX_LOSS allow; None where none does."""
    vetoes: list[float | None] = []
    a = len(KINDS)
    for k, kind in enumerate(KINDS):
        flagged = sorted((i for i, found in enumerate(by_rules)
                          if kind in found and scores[i][a] < VETO_AT_ALL_BELOW),
                         key=lambda i: scores[i][k])
        allowed = VETO_MAX_LOSS * sum(kind in lab for lab in labels)
        wrong = own = 0
        best, best_value = None, 0
        for j, i in enumerate(flagged):
            if kind in labels[i]:
                own += 1
            elif not labels[i] or by_rules[i] - {kind}:
                wrong += 1  # fine, or another kind's message another rule flags too
            if own > allowed:
                break
            value = wrong - VETO_GAIN * own
            upper = scores[flagged[j + 1]][k] if j + 1 < len(flagged) else scores[i][k] + 1
            if value > best_value and wrong >= VETO_MIN_WRONG and upper > scores[i][k]:
                best, best_value = (scores[i][k] + upper) / 2, value
        vetoes.append(best)
    return vetoes


def after_vetoes(scores: list[list[float]], by_rules: list[set[str]],
                 vetoes: list[float | None]) -> list[set[str]]:
    a = len(KINDS)
    return [{kind for kind in found
             if not (kind in KINDS and vetoes[KINDS.index(kind)] is not None
                     and scores[i][KINDS.index(kind)] < vetoes[KINDS.index(kind)]
                     and scores[i][a] < VETO_AT_ALL_BELOW)}
            for i, found in enumerate(by_rules)]


#: Training rounds written after the phrase rules were last tuned (their ``unless``
#: exceptions were written from the traps of the rounds before): on these the rules
#: misfire as they do on messages nobody has seen (round G: the rules alone flag 22 of
#: its 344 fine messages, 6.4%; 45 of 2,601 of the rounds before, 1.7%). The "any" veto
#: is chosen on them. A round belongs here only while no rule has been changed after
#: reading it: rounds H and I (written at stop 25), J to Q (stop 27), R to ZG (stop 28)
#: and ZH to ZO (stop 29) are listed on that understanding; take a round out once rules
#: are tuned on its messages. A name with no file is ignored.
UNTUNED_ROUNDS = tuple(f"train_more_{letter}.jsonl" for letter in (
    "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x",
    "y", "z", "za", "zb", "zc", "zd", "ze", "zf", "zg", "zh", "zi", "zj", "zk", "zl", "zm",
    "zn", "zo"))


def writer(note: str) -> str:
    """The voice or form a message was written in: its note after the scenario
    ("mushroom foraging course; long calm paragraph" -> "long calm paragraph")."""
    return note.split(";", 1)[-1].strip().lower()


def half_of(note: str) -> int:
    """0 or 1, by the message's writer (a stable hash: one voice is never on both sides),
    for checking a choice made on one half of the untuned rounds on the other."""
    return zlib.crc32(writer(note).encode("utf-8")) % 2


def finish(scores: list[list[float]], labels: list[set[str]], kept_rules: list[set[str]]
           ) -> tuple[list[float], float, list[set[str]]]:
    """Given what the rules flag once the vetoes have set their phrases aside: the kinds'
    thresholds, the "any" head's, and what the whole check then flags."""
    thresholds = pick_thresholds(scores, labels, kept_rules)
    found = [kept_rules[i] | {kind for k, kind in enumerate(KINDS) if s[k] > thresholds[k]}
             for i, s in enumerate(scores)]
    any_threshold = pick_any_threshold(scores, labels, found)
    return thresholds, any_threshold, with_any(scores, found, any_threshold)


def after_any_veto(scores: list[list[float]], by_rules: list[set[str]],
                   any_veto: float | None) -> list[set[str]]:
    """The rule flags left once the "any" veto sets aside, on a message whose "harmful
    at all" score is below it and that the rules flag for one of the model's kinds only,
    that kind, where the model scores the kind below ANY_VETO_KIND_BELOW too
    (MessageModel.vetoed_at_all). Flags of two kinds stand: out of fold
    (rounds A-G) no fine message has them and 102 harmful ones do; sparing them
    catches 4 more harmful messages at the same fine flagged, and a short message whose
    score one emoji pulls down keeps its findings."""
    if any_veto is None:
        return by_rules
    a = len(KINDS)
    out = []
    for i, found in enumerate(by_rules):
        kinds = found & set(KINDS)
        if len(kinds) == 1 and scores[i][a] < any_veto \
                and scores[i][KINDS.index(next(iter(kinds)))] < ANY_VETO_KIND_BELOW:
            found = found - set(KINDS)
        out.append(found)
    return out


#: The highest "any" veto allowed: a rule's finding is set aside only when the model reads
#: the message as more likely fine than harmful (its "harmful at all" log-odds below 0).
#: Without it the pick swung from -0.32 to 2.46 when round I joined the training data,
#: and 2.46 cleared plain rule findings such as "After all the sacrifices I've made for
#: you" (unit tests in test_message_model.py and test_message_check.py).
ANY_VETO_MAX = 0.0


def pick_any_veto(scores: list[list[float]], labels: list[set[str]],
                  kept_rules: list[set[str]], untuned: list[bool]) -> float | None:
    """The "any" veto: of the cut-offs just above each fine message of the untuned rounds
    that a rule flags (none above ``ANY_VETO_MAX``), the one that leaves the fewest fine
    messages of those rounds
    flagged by the whole check (rules, kinds and "any" head, thresholds chosen again
    each time), provided it catches at least as many harmful training messages in all
    as without a veto; of equals, the one that catches the most. None when no cut-off
    does better than none, or there is no untuned round.

    Why on the untuned rounds only: on the rounds the rules were tuned on, their fine
    flags are too few to show what a veto saves. Out of fold (rounds A-G, stop 25) it
    chose -0.42: round G's fine flagged 27 -> 19 of 344, its harmful caught 361 -> 369
    of 588; rounds A-F 90 -> 98 of 2,601 fine (the 4% budget spent elsewhere), harmful
    3,040 -> 3,052 of 4,101. Chosen on one half of G by writer, it lowered the other
    half's fine flagged too (15 -> 12 of 168, 12 -> 11 of 176).
    """
    fine_untuned = [i for i, lab in enumerate(labels) if untuned[i] and not lab]
    if not fine_untuned:
        return None
    harmful = [i for i, lab in enumerate(labels) if lab]
    a = len(KINDS)
    # only a message the rules flag for one kind can be cleared by the veto
    cuts = sorted({scores[i][a] + 1e-6 for i in fine_untuned
                   if len(kept_rules[i] & set(KINDS)) == 1
                   and scores[i][a] + 1e-6 <= ANY_VETO_MAX})
    found = finish(scores, labels, kept_rules)[2]
    floor = sum(bool(found[i]) for i in harmful)
    best: tuple[int, int] = (sum(bool(found[i]) for i in fine_untuned), -floor)
    chosen = None
    for cut in cuts:
        found = finish(scores, labels, after_any_veto(scores, kept_rules, cut))[2]
        caught = sum(bool(found[i]) for i in harmful)
        value = (sum(bool(found[i]) for i in fine_untuned), -caught)
        if caught >= floor and value < best:
            best, chosen = value, cut
    return chosen


def pick_thresholds(scores: list[list[float]], labels: list[set[str]],
                    by_rules: list[set[str]]) -> list[float]:
    """Thresholds chosen together, greedily: start every kind above its top score, then
    keep lowering the kind whose next step catches the most messages of that kind not
    already caught (by the rules or another kind) per fine message newly flagged, while
    the model flags at most FINE_FLAG_RATE of the fine training messages that the rules
    left alone, and every fine message it flags buys at least MIN_GAIN_PER_FINE harmful
    ones."""
    n_kinds = len(KINDS)
    fine = [i for i, lab in enumerate(labels) if not lab]
    caught = [bool(r) for r in by_rules]
    flagged_fine = sum(caught[i] for i in fine)
    budget = flagged_fine + FINE_FLAG_RATE * len(fine)
    ranked = [sorted(range(len(scores)), key=lambda i, k=k: scores[i][k], reverse=True)
              for k in range(n_kinds)]
    position = [0] * n_kinds  # how many of ranked[k] are above the threshold
    while True:
        best = None
        for k, kind in enumerate(KINDS):
            gain = cost = 0
            j = position[k]
            while j < len(ranked[k]):  # down to the next harmful message of this kind
                i = ranked[k][j]
                j += 1
                if not labels[i]:
                    cost += not caught[i]
                elif kind in labels[i]:
                    gain += not caught[i]
                    if gain >= max(1, MIN_GAIN_PER_FINE * cost):
                        break
            if gain and flagged_fine + cost <= budget and gain >= MIN_GAIN_PER_FINE * cost:
                value = gain / (cost + 0.25)
                if best is None or value > best[0]:
                    best = (value, k, j)
        if best is None:
            break
        _, k, j = best
        for i in ranked[k][position[k]:j]:
            if not caught[i]:
                caught[i] = True
                flagged_fine += not labels[i]
        position[k] = j
    thresholds = []
    for k in range(n_kinds):
        if position[k] == 0:
            thresholds.append(scores[ranked[k][0]][k] + 1e-6)
        else:
            thresholds.append(scores[ranked[k][position[k] - 1]][k] - 1e-6)
    return thresholds


def pick_any_threshold(scores: list[list[float]], labels: list[set[str]],
                       found: list[set[str]]) -> float:
    """The "any" head's threshold: as low as the fine messages still unflagged allow, up
    to TOTAL_FINE_RATE of all fine training messages flagged (never below what is already
    flagged: then it stays above every score)."""
    a = len(KINDS)
    fine = sum(not lab for lab in labels)
    flagged = sum(bool(f) for f, lab in zip(found, labels, strict=True) if not lab)
    threshold = max(s[a] for s in scores) + 1e-6
    for i in sorted(range(len(scores)), key=lambda i: scores[i][a], reverse=True):
        if found[i]:
            continue
        if not labels[i]:
            if flagged + 1 > TOTAL_FINE_RATE * fine:
                break
            flagged += 1
        threshold = scores[i][a] - 1e-6
    return threshold


def with_any(scores: list[list[float]], found: list[set[str]],
             any_threshold: float) -> list[set[str]]:
    """What is flagged once the "any" head joins: its kind, the likeliest (the highest
    score, as :meth:`MessageModel.find` picks it)."""
    out = []
    for s, f in zip(scores, found, strict=True):
        if not f and s[len(KINDS)] > any_threshold:
            best = max(range(len(KINDS)), key=s.__getitem__)
            f = {KINDS[best]}
        out.append(f)
    return out


def report(scores: list[list[float]], labels: list[set[str]], thresholds: list[float],
           by_rules: list[set[str]], any_threshold: float) -> None:
    print(f"{'kind':<16}{'recall':>8}{'precision':>10}  (rules + model, 5-fold out-of-fold "
          "scores on the training split)")
    found = with_any(scores, [by_rules[i] | {kind for k, kind in enumerate(KINDS)
                                             if s[k] > thresholds[k]}
                              for i, s in enumerate(scores)], any_threshold)
    for kind in KINDS:
        pos = sum(kind in lab for lab in labels)
        flagged = [i for i, f in enumerate(found) if kind in f]
        tp = sum(kind in labels[i] for i in flagged)
        print(f"{kind:<16}{tp / max(pos, 1):>8.2f}{tp / max(len(flagged), 1):>10.2f}")
    harmful = [i for i, lab in enumerate(labels) if lab]
    fine = [i for i, lab in enumerate(labels) if not lab]
    print(f"harmful caught: {sum(bool(found[i]) for i in harmful)} of {len(harmful)}; "
          f"fine flagged: {sum(bool(found[i]) for i in fine)} of {len(fine)}")


def figures(found: list[set[str]], labels: list[set[str]], which: list[int]) -> str:
    fine = [i for i in which if not labels[i]]
    harmful = [i for i in which if labels[i]]
    flagged = sum(bool(found[i]) for i in fine)
    caught = sum(bool(found[i]) for i in harmful)
    return (f"fine flagged {flagged:>4} of {len(fine):>4} ({flagged / max(len(fine), 1):5.1%}), "
            f"harmful caught {caught:>4} of {len(harmful):>4} "
            f"({caught / max(len(harmful), 1):5.1%})")


def report_rounds(data: list[dict], labels: list[set[str]], found: list[set[str]],
                  by_rules: list[set[str]], kept_rules: list[set[str]]) -> None:
    """The whole check's out-of-fold figures on the untuned rounds (each half by writer)
    and on the rest, and the fine messages the rules alone flag, before and after the
    vetoes."""
    groups = {f"untuned, half {h}": [i for i, d in enumerate(data)
                                     if d["round"] in UNTUNED_ROUNDS and half_of(d["note"]) == h]
              for h in (0, 1)}
    groups["untuned rounds"] = [i for i, d in enumerate(data) if d["round"] in UNTUNED_ROUNDS]
    groups["other rounds"] = [i for i, d in enumerate(data) if d["round"] not in UNTUNED_ROUNDS]
    for name, which in groups.items():
        if not which:
            continue
        fine = [i for i in which if not labels[i]]
        print(f"  {name:<18}{figures(found, labels, which)}; rules flag "
              f"{sum(bool(by_rules[i]) for i in fine)} fine, after the vetoes "
              f"{sum(bool(kept_rules[i]) for i in fine)}")


def check_halves(data: list[dict], scores: list[list[float]], labels: list[set[str]],
                 vetoes: list[float | None], by_rules: list[set[str]],
                 untuned: list[bool]) -> None:
    """The "any" veto chosen on one half of the untuned rounds (by writer), scored on the
    other: does the choice carry over to wordings it was not chosen on?"""
    kept = after_vetoes(scores, by_rules, vetoes)
    print("any veto chosen on one half of the untuned rounds, scored on the other:")
    for h in (0, 1):
        side = [u and half_of(d["note"]) == h for u, d in zip(untuned, data, strict=True)]
        other = [i for i, d in enumerate(data) if untuned[i] and half_of(d["note"]) != h]
        veto = pick_any_veto(scores, labels, kept, side)
        without = finish(scores, labels, kept)[2]
        found = finish(scores, labels, after_any_veto(scores, kept, veto))[2]
        print(f"  chosen on half {h}: {None if veto is None else round(veto, 2)}; half "
              f"{1 - h} without it: {figures(without, labels, other)}; with it: "
              f"{figures(found, labels, other)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="cross-validate only")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="fit the folds and the final model in this many processes "
                        "(the same file whatever the number)")
    parser.add_argument("--scores", type=Path, help="keep the out-of-fold scores in this "
                        "file, and read them from it next time if the data, this script "
                        "and the model's code are the same")
    args = parser.parse_args()
    data = load()
    texts = [d["text"] for d in data]
    labels = [set(d["labels"]) | ({ANY} if d["labels"] else set()) for d in data]
    print(f"{len(texts)} training messages; {FOLDS}-fold scores for the thresholds:")
    # the data, this script and the model's definition: a change to any of them scores anew
    key = zlib.crc32(json.dumps([texts, [sorted(lab) for lab in labels]]).encode("utf-8")
                     + Path(__file__).read_bytes() + MODEL_SOURCE.read_bytes())
    kept_scores = json.loads(args.scores.read_text()) if args.scores and \
        args.scores.exists() else {}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # the final fit runs beside the folds: it needs nothing they find
        final = None if args.check else pool.submit(fit_all, texts, labels)
        if kept_scores.get("key") == key:
            raw = kept_scores["scores"]
        else:
            raw = [[] for _ in texts]
            folds = [pool.submit(fold_scores, texts, labels, held)
                     for held in held_folds(len(texts))]
            for fold, future in enumerate(folds):
                for i, s in future.result():
                    raw[i] = s
                print(f"  fold {fold + 1}/{FOLDS} done", flush=True)
            if args.scores:
                args.scores.write_text(json.dumps({"key": key, "scores": raw}))
        fitted = None if final is None else final.result()
    oof = blend_any(raw)
    by_rules = rule_flags(texts)
    vetoes = pick_vetoes(oof, labels, by_rules)
    kept_rules = after_vetoes(oof, by_rules, vetoes)
    cleared = [bool(a) and not b for a, b in zip(by_rules, kept_rules, strict=True)]
    print(f"vetoes {[None if v is None else round(v, 2) for v in vetoes]}: no rule flags "
          f"{sum(c for c, lab in zip(cleared, labels, strict=True) if not lab)} fine and "
          f"{sum(c for c, lab in zip(cleared, labels, strict=True) if lab)} harmful training "
          "messages any more")
    untuned = [d["round"] in UNTUNED_ROUNDS for d in data]
    any_veto = pick_any_veto(oof, labels, kept_rules, untuned)
    kept_rules = after_any_veto(oof, kept_rules, any_veto)
    thresholds, any_threshold, found = finish(oof, labels, kept_rules)
    report(oof, labels, thresholds, kept_rules, any_threshold)
    rounds = sorted({d["round"] for d in data if d["round"] in UNTUNED_ROUNDS})
    print(f"any veto {None if any_veto is None else round(any_veto, 2)} (chosen on "
          f"{', '.join(rounds) or 'no untuned round'}):")
    report_rounds(data, labels, found, by_rules, kept_rules)
    if any(untuned):
        check_halves(data, oof, labels, vetoes, by_rules, untuned)
    if fitted is None:
        return
    index, weights, bias = fitted
    names = sorted(index, key=index.__getitem__)
    kept = {}
    for name in names:
        fid = index[name]
        values = [weights[k][fid] for k in range(len(HEADS))]
        if max(abs(v) for v in values) >= KEEP_ABOVE:
            kept[name] = [round(v * SCALE) for v in values]
    features, block = pack_weights(kept, len(HEADS))
    doc = {
        "format": 2,
        "trained_on": f"{', '.join(p.name for p in TRAIN_FILES)} ({len(texts)} messages)",
        "kinds": list(HEADS),
        "scale": SCALE,
        "bias": [round(b, 4) for b in bias],
        "thresholds": [round(t, 4) for t in (*thresholds, any_threshold)],
        "vetoes": [None if v is None else round(v, 4) for v in (*vetoes, None)],
        "any_blend": ANY_BLEND,
        "any_veto": None if any_veto is None else round(any_veto, 4),
        "veto_at_all_below": VETO_AT_ALL_BELOW,
        "any_veto_kind_below": ANY_VETO_KIND_BELOW,
        "features": features,
        "sorted_features_sha256": sorted_names_digest(features),
        "weights": block,
    }
    # All ASCII (the few non-ASCII feature names escaped): Python reads an ASCII file
    # several times faster, and the app reads this one while a person waits.
    args.out.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="ascii")
    print(f"wrote {args.out}: {len(kept)} of {len(names)} features, "
          f"{args.out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
