"""The issue-13 targets, checked on the held-out split (never used to train or tune).

``python -m pytest tests/eval -q -s`` prints the per-kind table with 95% confidence
intervals and recall split by distance from the training data, and fails below the
targets: harmful-at-all precision >= 0.90 and recall >= 0.80, recall >= 0.70 for each
kind, at most 5% of fine messages flagged.
"""

from __future__ import annotations

import pytest

from repair_app.content.message_rules import default_message_rules

from .learned_eval import (
    HELD_OUT_FILES,
    TARGET_KINDS,
    TRAIN_FILES,
    load,
    load_all,
    score,
)
from .similarity import NEAR_DUPLICATE, shared_nearest

MIN_HARMFUL_PRECISION = 0.90
MIN_HARMFUL_RECALL = 0.80
MIN_KIND_RECALL = 0.70
MAX_FINE_FLAGGED = 0.05


@pytest.fixture(scope="module")
def train():
    return load_all(TRAIN_FILES)


@pytest.fixture(scope="module")
def held_out():
    return load_all(HELD_OUT_FILES)


@pytest.fixture(scope="module")
def scores(train, held_out):
    """The targets are checked on every held-out set together; each set's own table is
    printed too (the second was written blind, by a writer who never saw the training
    data or the rules)."""
    rules = default_message_rules()
    if len(HELD_OUT_FILES) > 1:
        for path in HELD_OUT_FILES:
            messages = load(path)
            print(f"\n{path.name}: {len(messages)} messages "
                  f"({sum(1 for m in messages if m.labels)} harmful), rules + learned layer")
            print("\n".join(score(messages, rules, train).table()))
    result = score(held_out, rules, train)
    print(f"\nAll held-out sets ({', '.join(p.name for p in HELD_OUT_FILES)}): "
          f"{len(held_out)} messages ({sum(1 for m in held_out if m.labels)} harmful), "
          "rules + learned layer")
    print("\n".join(result.table()))
    return result


def test_the_sets_are_big_enough_and_apart(train, held_out):
    for kind in TARGET_KINDS:
        total = sum(kind in m.labels for m in train + held_out)
        assert total >= 150, f"{kind}: only {total} harmful examples"
        assert sum(kind in m.labels for m in held_out) >= 35, kind
    fine = [m for m in train + held_out if not m.labels]
    assert sum(m.trap for m in fine) >= len(fine) / 4
    nearest = shared_nearest([m.text for m in train])
    close = [(m.text, s) for m in held_out if (s := nearest.nearest(m.text)[0]) >= NEAR_DUPLICATE]
    assert not close, f"near-duplicates of training messages in the held-out split: {close}"
    assert not {m.text for m in train} & {m.text for m in held_out}


# Stop 29 (rounds ZH-ZO, and a 5% fine budget chosen on the validation sets): every
# target met, the kinds closest to their line blame 0.70 (214 of 304, one message over)
# and defending 0.73; harmful at all 0.85, fine flagged 3.5%. Every test below is a plain
# assertion: a retrained model that slips under a target fails here.


def test_harmful_at_all(scores):
    assert scores.harmful_precision.rate >= MIN_HARMFUL_PRECISION
    assert scores.harmful_recall.rate >= MIN_HARMFUL_RECALL


@pytest.mark.parametrize("kind", TARGET_KINDS)
def test_kind_recall(scores, kind):
    assert scores.recall[kind].rate >= MIN_KIND_RECALL, scores.recall[kind].cell()


def test_fine_messages_flagged(scores):
    assert scores.fine_flagged.rate <= MAX_FINE_FLAGGED, "\n".join(scores.false_flags)


def test_the_learned_layer_adds_what_the_rules_miss_without_losing_precision(scores):
    """What holds today and must not slip: the two layers together catch far more harmful
    messages than the phrase rules alone, and what they flag is no less often harmful."""
    harmful = scores.harmful_recall.total
    caught_by_rules = scores.by_rules["a rule phrase fires"].total
    rules_recall = caught_by_rules / harmful
    rules_precision = caught_by_rules / (caught_by_rules + scores.fine_flagged_by_rules.hit)
    assert scores.harmful_recall.rate >= rules_recall + 0.20
    assert scores.harmful_precision.rate >= rules_precision - 0.02
