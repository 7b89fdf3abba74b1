"""The trainer's choices on out-of-fold scores (scripts/train_message_model.py): which kind
the "any" head names, what its threshold is compared with, and where a rule's veto goes.
Small made-up score tables, so each choice can be followed by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_message_model.py"


@pytest.fixture(scope="module")
def trainer():
    spec = importlib.util.spec_from_file_location("train_message_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def row(trainer, any_score: float = 0.0, **kinds: float) -> list[float]:
    """A message's scores: -20 for every kind not given, then the "any" head's."""
    return [kinds.get(kind, -20.0) for kind in trainer.KINDS] + [any_score]


def test_the_any_head_names_the_likeliest_kind(trainer):
    scores = [row(trainer, 5.0, blame=-1.0, guilt=-3.0), row(trainer, 5.0, guilt=2.0),
              row(trainer, -5.0, guilt=2.0)]
    found = trainer.with_any(scores, [set(), set(), set()], any_threshold=0.0)
    assert found == [{"blame"}, {"guilt"}, set()]
    # a message something else already flags keeps what it has
    assert trainer.with_any(scores[:1], [{"judges"}], 0.0) == [{"judges"}]


def test_blend_any_adds_part_of_the_likeliest_kind(trainer):
    (blended,) = trainer.blend_any([row(trainer, 1.0, blame=4.0, guilt=2.0)], 0.5)
    assert blended[-1] == 1.0 + 0.5 * 4.0
    assert blended[:-1] == row(trainer, 1.0, blame=4.0, guilt=2.0)[:-1]


def veto_case(trainer, wrong: int, other_rule: bool, at_all: float = -1.0):
    """``wrong`` judges messages that a blame rule flags (scored -10 for blame and up,
    ``at_all`` "harmful at all"), with or without a judges rule flagging them too; 3 blame
    messages the rule flags, scored 5 and up; 97 more blame messages no rule flags."""
    scores, labels, by_rules = [], [], []
    for i in range(wrong):
        scores.append(row(trainer, at_all, blame=-10.0 + i * 0.1))
        labels.append({"judges", "any"})
        by_rules.append({"blame", "judges"} if other_rule else {"blame"})
    for i in range(100):
        scores.append(row(trainer, blame=5.0 + i))
        labels.append({"blame", "any"})
        by_rules.append({"blame"} if i < 3 else set())
    return scores, labels, by_rules


def test_a_veto_sets_aside_a_rule_on_the_messages_it_gets_wrong(trainer):
    vetoes = trainer.pick_vetoes(*veto_case(trainer, 12, other_rule=True))
    blame = trainer.KINDS.index("blame")
    assert vetoes[blame] is not None and -10.0 + 11 * 0.1 < vetoes[blame] < 5.0
    assert [v for k, v in enumerate(vetoes) if k != blame] == [None] * (len(vetoes) - 1)


def test_a_veto_only_sets_aside_a_rule_where_the_message_reads_as_fine_at_all(trainer):
    """Messages the model reads as harmful at all (at or above VETO_AT_ALL_BELOW) are no
    case for a kind's veto: none is chosen from them, and none is applied to them."""
    at_all = trainer.VETO_AT_ALL_BELOW
    assert trainer.pick_vetoes(*veto_case(trainer, 12, True, at_all=at_all)) == \
        [None] * len(trainer.KINDS)
    vetoes = trainer.pick_vetoes(*veto_case(trainer, 12, other_rule=True))
    scores = [row(trainer, at_all - 1, blame=-9.0), row(trainer, at_all, blame=-9.0)]
    assert trainer.after_vetoes(scores, [{"blame"}, {"blame"}], vetoes) == [set(), {"blame"}]


@pytest.mark.parametrize(("wrong", "other_rule"), [
    (5, True),  # too few wrong ones (VETO_MIN_WRONG)
    (12, False),  # no other rule would flag them: setting the rule aside could lose them
])
def test_no_veto_without_enough_to_gain(trainer, wrong, other_rule):
    assert trainer.pick_vetoes(*veto_case(trainer, wrong, other_rule)) == \
        [None] * len(trainer.KINDS)


def test_a_veto_never_costs_more_than_its_share_of_the_kinds_own(trainer):
    scores, labels, by_rules = veto_case(trainer, 12, other_rule=True)
    # the kind's own messages among the wrong ones, at the very bottom: more than
    # VETO_MAX_LOSS of the kind's messages would go, so the walk stops before any gain
    for i in range(6):
        scores.append(row(trainer, -1.0, blame=-30.0 + i))
        labels.append({"blame", "any"})
        by_rules.append({"blame"})
    assert trainer.VETO_MAX_LOSS * 106 < 6
    assert trainer.pick_vetoes(scores, labels, by_rules)[trainer.KINDS.index("blame")] \
        is None


def any_veto_case(trainer, harmful_any: float, harmful_blame: float):
    """20 fine messages of an untuned round that a blame rule flags, "any" score -5;
    10 harmful blame messages the rule flags ("any" ``harmful_any``, blame
    ``harmful_blame``); 100 fine messages of the other rounds no rule flags, "any" 0."""
    scores, labels, by_rules, untuned = [], [], [], []
    for i in range(20):
        scores.append(row(trainer, -5.0 + i * 0.01))
        labels.append(set())
        by_rules.append({"blame"})
        untuned.append(True)
    for i in range(10):
        scores.append(row(trainer, harmful_any + i * 0.01, blame=harmful_blame))
        labels.append({"blame", "any"})
        by_rules.append({"blame"})
        untuned.append(False)
    for _ in range(100):
        scores.append(row(trainer, 0.0))
        labels.append(set())
        by_rules.append(set())
        untuned.append(False)
    return scores, labels, by_rules, untuned


def test_the_any_veto_clears_the_rules_misfires_on_untuned_rounds(trainer):
    scores, labels, by_rules, untuned = any_veto_case(trainer, 5.0, -20.0)
    veto = trainer.pick_any_veto(scores, labels, by_rules, untuned)
    assert veto is not None and -5.0 + 19 * 0.01 < veto < 5.0
    kept = trainer.after_any_veto(scores, by_rules, veto)
    assert kept[:20] == [set()] * 20 and kept[20:30] == [{"blame"}] * 10
    found = trainer.finish(scores, labels, kept)[2]
    assert not any(found[:20]) and all(found[20:30])
    # kinds the model doesn't score are never set aside, nor phrases of two kinds
    assert trainer.after_any_veto([row(trainer, -50.0)], [{"shouting", "blame"}], veto) == \
        [{"shouting"}]
    assert trainer.after_any_veto([row(trainer, -50.0)], [{"guilt", "blame"}], veto) == \
        [{"guilt", "blame"}]


def test_no_any_veto_that_would_lose_harmful_messages(trainer):
    # the harmful ones score lower than the fine ones, and no kind head sees them: any
    # cut that clears the fine messages loses them
    scores, labels, by_rules, untuned = any_veto_case(trainer, -6.0, -20.0)
    assert trainer.pick_any_veto(scores, labels, by_rules, untuned) is None
    # ... unless a kind head catches them once the rule is set aside
    scores, labels, by_rules, untuned = any_veto_case(trainer, -6.0, 5.0)
    assert trainer.pick_any_veto(scores, labels, by_rules, untuned) is not None


def test_the_any_veto_keeps_a_kind_the_model_scores_high(trainer):
    """The "any" veto clears a rule's kind only where the model doubts that kind too
    (below ANY_VETO_KIND_BELOW)."""
    floor = trainer.ANY_VETO_KIND_BELOW
    scores = [row(trainer, -5.0, blame=floor - 1), row(trainer, -5.0, blame=floor)]
    assert trainer.after_any_veto(scores, [{"blame"}, {"blame"}], -2.0) == \
        [set(), {"blame"}]


def test_no_any_veto_without_an_untuned_round(trainer):
    scores, labels, by_rules, untuned = any_veto_case(trainer, 5.0, -20.0)
    assert trainer.pick_any_veto(scores, labels, by_rules, [False] * len(untuned)) is None


def test_halves_split_by_writer_not_by_scenario(trainer):
    assert trainer.writer("kimchi stew; Korean writer of English ") == \
        "korean writer of english"
    assert trainer.writer("no voice given") == "no voice given"
    same = ["kimchi stew; Korean writer of English", "a bonsai; korean writer of english"]
    assert trainer.half_of(same[0]) == trainer.half_of(same[1]) in (0, 1)
    halves = {trainer.half_of(f"scenario; voice {i}") for i in range(20)}
    assert halves == {0, 1}


def test_load_names_each_messages_round(trainer, tmp_path):
    path = tmp_path / "train_more_z.jsonl"
    path.write_text('{"text": "hi", "labels": [], "trap": false, "note": "x"}\n\n'
                    '{"text": "yo", "labels": []}\n'
                    '{"text": "hey", "labels": [], "note": null}\n', encoding="utf-8")
    assert trainer.load((path,)) == [
        {"text": "hi", "labels": [], "trap": False, "note": "x", "round": path.name},
        {"text": "yo", "labels": [], "note": "", "round": path.name},
        {"text": "hey", "labels": [], "note": "", "round": path.name}]


def test_no_any_veto_above_the_point_where_the_model_reads_harmful(trainer):
    """A rule's finding is set aside only where the model reads the message as more likely
    fine than harmful: the same misfires scored just above ANY_VETO_MAX stay flagged."""
    scores, labels, by_rules, untuned = any_veto_case(trainer, 5.0, -20.0)
    a = len(trainer.KINDS)
    for i in range(20):  # the untuned round's fine messages, now just above the cap
        scores[i][a] = trainer.ANY_VETO_MAX + 0.5 + i * 0.01
    assert trainer.pick_any_veto(scores, labels, by_rules, untuned) is None
    for i in range(20):  # and just below it: cleared as before
        scores[i][a] = trainer.ANY_VETO_MAX - 0.5 + i * 0.01
    veto = trainer.pick_any_veto(scores, labels, by_rules, untuned)
    assert veto is not None and veto <= trainer.ANY_VETO_MAX


def test_the_folds_hold_out_every_message_once(trainer):
    folds = trainer.held_folds(23)
    assert len(folds) == trainer.FOLDS
    assert sorted(i for fold in folds for i in fold) == list(range(23))
    assert folds == trainer.held_folds(23)  # the same split every run


def test_a_fold_scores_the_same_in_a_worker_process(trainer):
    """The folds and the final fit run in worker processes (--jobs); what comes back is
    what the same fit gives in this process, so the file does not depend on --jobs."""
    from concurrent.futures import ProcessPoolExecutor
    texts = ["you made us late again", "thanks for dinner, love you", "why would you do that",
             "see you at 7", "you never listen to me", "the bus is late, sorry",
             "this is all on you", "can you grab milk?"] * 2
    labels = [{"blame", "any"} if i % 2 == 0 else set() for i in range(len(texts))]
    held = trainer.held_folds(len(texts))[0]
    here = trainer.fold_scores(texts, labels, held)
    with ProcessPoolExecutor(max_workers=1) as pool:
        there = pool.submit(trainer.fold_scores, texts, labels, held).result()
    assert there == here and [i for i, _ in here] == held
    assert here[0][1][trainer.KINDS.index("blame")] != 0.0
