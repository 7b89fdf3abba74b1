"""The learned layer of "Before you send": features, scoring, windows, loading, and how
its findings join the rules' (core/message_model.py, core/message_check.py)."""

from __future__ import annotations

import base64
import json
import math
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair_app.content.apology_rules import default_apology_rules
from repair_app.content.message_rules import (
    MESSAGE_MODEL_FILE,
    default_message_rules,
    load_message_model,
    load_message_rules,
)
from repair_app.core import message_model
from repair_app.core.apology import check_apology
from repair_app.core.content import ContentError
from repair_app.core.message_check import analyze
from repair_app.core.message_model import (
    ANY,
    WINDOW_TOKENS,
    MessageModel,
    PackedWeights,
    pack_weights,
    parse_message_model,
    sorted_names_digest,
    tokenize,
    windows,
    without_tone_marks,
    word_groups,
)
from repair_app.core.message_rules import fold_text

AFTERNOON = datetime(2026, 11, 23, 14, 0)
MODEL = load_message_model()
SAMPLES = [
    "cool so im just invisible now",
    "My mom saw the screenshots and she's on my side 🙄",
    "Sorry, but u never listen!! Why aren't you answering??",
    "I can’t eat or sleep because of you. After everything I've done.",
    "مرحبا؟؟ שלום 👩‍❤️‍👨 you always do this",
    "a",
]


def reference_scores(model: MessageModel, text: str) -> list[list[float]]:
    """Each window's scores from the definition: bias + scale * sum of feature weights."""
    out = []
    for window in windows(text, fold_text(text)):
        totals = [0.0] * len(model.kinds)
        for feature, _, share in window.features():
            for k, w in enumerate(model.weights.get(feature, [0.0] * len(model.kinds))):
                totals[k] += w * share * model.unit
        out.append([b + t * window.scale for b, t in zip(model.bias, totals, strict=True)])
    return out


@pytest.mark.parametrize("text", [*SAMPLES, " ".join(SAMPLES) * 30])
def test_fast_scores_equal_the_definition(text):
    fast = [MODEL.scores(w) for w in windows(text, fold_text(text))]
    slow = reference_scores(MODEL, text)
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert a == pytest.approx(b, abs=1e-9)


def test_word_groups_name_pairs_threes_and_gapped_pairs():
    assert word_groups(["you", "never", "call"]) == [
        ("b:you never", (0, 1)), ("b:never call", (1, 2)),
        ("t:you never call", (0, 1, 2)),
        ("k:you call", (0, 2)),
    ]
    assert word_groups(["k"]) == []
    assert word_groups([]) == []


def test_a_repeated_group_weighs_once_and_its_share_is_split():
    """"you never" twice: the pair, the three-word groups and the gapped pairs each count
    once, their share split between the occurrences (Window.features)."""
    window = windows("you never you never", fold_text("you never you never"))[0]
    shares: dict[str, float] = {}
    for feature, _, share in window.features():
        shares[feature] = shares.get(feature, 0.0) + share
    assert shares["b:you never"] == pytest.approx(1.0)
    assert shares["b:never you"] == pytest.approx(1.0)
    assert shares["k:you you"] == pytest.approx(1.0)
    assert shares["t:you never you"] == pytest.approx(1.0)


@pytest.mark.parametrize("text", [*SAMPLES, "you never listen, you never call, you never",
                                  "Sorry but why why why are you not answering me??"])
def test_contributions_add_up_to_the_score(text):
    window = windows(text, fold_text(text))[0]
    per_word = MODEL.contributions(window)
    for k, score in enumerate(MODEL.scores(window)):
        assert MODEL.bias[k] + sum(row[k] for row in per_word) * window.scale == \
            pytest.approx(score)


def test_tokens_read_texting_forms_and_keep_offsets():
    text = "U don’t care?? ur MOM agrees 😂"
    tokens = tokenize(fold_text(text))
    assert [t.text for t in tokens] == ["you", "dont", "care", "??", "your", "mom", "agrees",
                                        "😂"]
    assert [text[t.start:t.end] for t in tokens] == ["U", "don’t", "care", "??", "ur", "MOM",
                                                    "agrees", "😂"]


def test_a_lone_modifier_apostrophe_is_no_word():
    assert [t.text for t in tokenize(fold_text("ok \u02bc fine"))] == ["ok", "fine"]
    assert analyze("\u02bc", AFTERNOON, default_message_rules()) == []
    assert check_apology("\u02bc", AFTERNOON, default_apology_rules()).findings == ()


def test_long_messages_are_scored_in_sentence_windows():
    sentence = "I have been thinking about the weekend and what we said. "
    text = sentence * 200
    parts = windows(text, fold_text(text))
    assert len(parts) > 1
    assert all(0 < len(w.tokens) <= WINDOW_TOKENS for w in parts)
    flat = [t for w in parts for t in w.tokens]
    assert flat == tokenize(fold_text(text))  # every word once, in order
    assert all(text[w.tokens[0].start - 2:w.tokens[0].start] == ". " for w in parts[1:])
    one = "word " * (3 * WINDOW_TOKENS)  # one endless sentence is cut
    assert [len(w.tokens) for w in windows(one)] == [WINDOW_TOKENS] * 3
    assert windows("") == [] and windows("   \n ") == []


def test_the_shipped_model_is_small_valid_and_matches_the_rules():
    # 2.2 MB since the word groups of stop 27 (58,000 features), 3.8 MB since the training
    # rounds of stop 28 doubled the data (96,000 features), 4.5 MB since rounds ZH-ZO of
    # stop 29 (113,000 features); read in the background when a screen that checks
    # messages opens (docs/benchmarks.md, "Stop 28")
    assert MESSAGE_MODEL_FILE.stat().st_size < 5_000_000
    assert isinstance(MODEL.weights, PackedWeights)  # format 2: read in a few ms
    rule_kinds = {k.id for k in default_message_rules().kinds}
    assert set(MODEL.kinds) - {ANY} <= rule_kinds
    assert {"contempt", "guilt"} <= set(MODEL.kinds)
    assert all(math.isfinite(t) for t in MODEL.thresholds)


def test_the_shipped_model_is_ascii_so_it_reads_fast():
    """Python reads an all-ASCII file several times faster (no wide string to build), and
    this one is read while a person may be waiting for a first check. The few feature names
    that aren't ASCII are escaped, and read back as written."""
    data = MESSAGE_MODEL_FILE.read_bytes()
    assert data.isascii()
    assert "\\u00e9" in data.decode("ascii")  # "é"
    assert any(not feature.isascii() for feature in MODEL.weights)


@pytest.mark.parametrize("doc, message", [
    ([], "expected a JSON object"),
    ({"kinds": ["a"], "bias": [0.0]}, "missing or malformed"),
    ({"kinds": ["a"], "bias": [0.0, 1.0], "thresholds": [0.0], "weights": {}},
     "one entry per kind"),
    ({"kinds": ["a"], "bias": [0.0], "thresholds": [0.0], "weights": {"w:x": [1, 2]}},
     "weights['w:x']: expected 1 numbers"),
    ({"format": 3, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0], "weights": {}},
     "unknown format 3"),
    ({"format": 2, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0], "weights": "AAA="},
     "features must be a list of names"),
    ({"format": 2, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
      "features": ["w:x", "w:x"], "weights": "AAAAAA=="}, "a feature is named twice"),
    ({"format": 2, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
      "features": ["w:x"], "weights": "not base64!"}, "not valid base64"),
    ({"format": 2, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
      "features": ["w:x"], "weights": "AA\nA="}, "not valid base64"),
    ({"format": 2, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
      "features": ["w:x"], "weights": "AAA=AAA="}, "not valid base64"),
    ({"format": 2, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
      "features": ["w:x", 3], "weights": "AAAAAA=="}, "features must be a list of names"),
    ({"format": 2, "kinds": ["a", "b"], "bias": [0.0, 0.0], "thresholds": [0.0, 0.0],
      "features": ["w:x"], "weights": "AAA="}, "hold 2 bytes, expected 4 for each of 1"),
    ({"format": 2, "kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
      "features": ["w:x"], "weights": [1]}, "must be a base64 text"),
])
def test_a_malformed_model_is_refused_clearly(doc, message):
    with pytest.raises(ContentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_message_model(doc)


@pytest.mark.parametrize("vetoes", [[0.0, 1.0], "x", [True], [None, None]])
def test_vetoes_must_be_one_number_or_null_per_kind(vetoes):
    with pytest.raises(ContentError, match="vetoes must be 1 numbers or nulls"):
        parse_message_model({"kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
                             "weights": {}, "vetoes": vetoes})


@pytest.mark.parametrize("blend", [-0.5, "0.5", True, None, 11, float("nan")])
def test_any_blend_must_be_a_number_from_0_to_10(blend):
    with pytest.raises(ContentError, match="any_blend must be a number from 0 to 10"):
        parse_message_model({"kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
                             "weights": {}, "any_blend": blend})


def test_a_file_without_any_blend_reads_as_the_any_head_alone():
    doc = {"kinds": ["a"], "bias": [0.0], "thresholds": [0.0], "weights": {}}
    assert parse_message_model(doc).any_blend == 0.0
    assert parse_message_model({**doc, "any_blend": 0.5}).any_blend == 0.5
    assert MODEL.any_blend > 0  # the trainer writes it


def test_any_blend_adds_the_likeliest_kind_to_the_any_head():
    """Neither kind is sure and the "any" head alone isn't either (1.0 / sqrt(6 distinct
    words) = 0.41, below 0.8); with half of blame's score added (2.5 / sqrt(6) = 1.02,
    so 0.92) it is: one blame finding. Without the blend, nothing."""
    alone = MessageModel(kinds=("blame", "guilt", ANY), bias=(0.0, 0.0, 0.0),
                         thresholds=(5.0, 3.0, 0.8),
                         weights={"w:noticed": (2.5, 2.0, 1.0)})
    text = "cool so nobody noticed me again"
    assert analyze(text, AFTERNOON, rules_with(alone)) == []
    blended = MessageModel(**{**alone.__dict__, "_cache": {}, "any_blend": 0.5})
    assert blended.harmful_at_all([1.0, 2.0, 0.5], 2) == 0.5 + 0.5 * 2.0
    assert [(f.kind, text[f.start:f.end]) for f in analyze(text, AFTERNOON,
                                                           rules_with(blended))] == [
        ("blame", "noticed")]


def test_a_model_without_vetoes_sets_no_rule_aside():
    model = parse_message_model({"kinds": ["blame"], "bias": [-9.0], "thresholds": [0.0],
                                 "weights": {}})
    assert model.vetoes == ()
    assert not model.vetoed("blame", [-9.0])


def vetoing_model(veto: float | None) -> MessageModel:
    """Blame only, and "green" reads as fine (a strongly negative weight)."""
    return MessageModel(kinds=("blame",), bias=(-1.0,), thresholds=(10.0,),
                        weights={"w:green": (-6.0,)}, vetoes=(veto,))


@pytest.mark.parametrize(("veto", "kinds"), [
    (None, ["always_never"]),  # no veto for blame: the rule stands
    (-10.0, ["always_never"]),  # the score (-1 - 6/sqrt(n)) is above the veto
    (-2.0, []),  # below it: the wording as a whole reads as fine
])
def test_a_rule_phrase_is_set_aside_when_the_whole_message_reads_as_fine(veto, kinds):
    text = "Honestly you always wear green."
    rules = rules_with(vetoing_model(veto))
    assert [f.kind for f in analyze(text, AFTERNOON, rules)] == kinds
    # The rules alone still see it; kinds the model doesn't know are never set aside.
    assert [f.kind for f in analyze(text, AFTERNOON, rules, learned=False)] == ["always_never"]
    assert [f.kind for f in analyze("STOP SHOUTING AT ME PLEASE NOW green", AFTERNOON,
                                    rules_with(vetoing_model(50.0)))] == ["shouting"]


@pytest.mark.parametrize("veto", ["-1", True, float("inf"), float("nan"), [0.0]])
def test_any_veto_must_be_a_number_or_null(veto):
    with pytest.raises(ContentError, match="any_veto must be a number or null"):
        parse_message_model({"kinds": ["a", ANY], "bias": [0.0, 0.0],
                             "thresholds": [0.0, 0.0], "weights": {}, "any_veto": veto})


def test_any_veto_needs_an_any_head():
    with pytest.raises(ContentError, match="any_veto needs an 'any' kind"):
        parse_message_model({"kinds": ["a"], "bias": [0.0], "thresholds": [0.0],
                             "weights": {}, "any_veto": -1.0})


def test_a_file_without_any_veto_reads_as_off():
    doc = {"kinds": ["blame", ANY], "bias": [-9.0, -9.0], "thresholds": [0.0, 0.0],
           "weights": {}}
    for model in (parse_message_model(doc), parse_message_model({**doc, "any_veto": None})):
        assert model.any_veto is None and not model.has_vetoes
        assert not model.vetoed_at_all(["blame"], [-9.0, -9.0])
    on = parse_message_model({**doc, "any_veto": -2})
    assert on.any_veto == -2.0 and on.has_vetoes
    assert on.vetoed_at_all(["blame"], [-9.0, -9.0])
    assert on.vetoed_at_all(["always_never", "blame", "shouting"], [-9.0, -9.0])
    assert not on.vetoed_at_all(["blame"], [-9.0, -1.0])  # harmful enough at all
    assert not on.vetoed_at_all(["shouting"], [-9.0, -9.0])  # no kind the model scores
    assert not on.vetoed("blame", [-9.0, -9.0])  # no per-kind veto
    assert on.knows("always_never") and not on.knows("shouting") and not on.knows(ANY)


def test_the_any_veto_leaves_phrases_of_two_kinds_standing():
    doc = {"kinds": ["blame", "reassurance", ANY], "bias": [-9.0, -9.0, -9.0],
           "thresholds": [0.0, 0.0, 0.0], "weights": {}, "any_veto": -2}
    model = parse_message_model(doc)
    assert model.vetoed_at_all(["blame", "always_never"], [-9.0] * 3)  # one family
    assert not model.vetoed_at_all(["blame", "reassurance"], [-9.0] * 3)


def any_vetoing_model(any_veto: float | None) -> MessageModel:
    """Blame and "any"; "green" reads as fine to both (strongly negative weights); half
    of blame's score joins the "any" head's (any_blend)."""
    return MessageModel(kinds=("blame", ANY), bias=(-1.0, -1.0), thresholds=(10.0, 10.0),
                        weights={"w:green": (-6.0, -6.0)}, any_blend=0.5,
                        any_veto=any_veto)


@pytest.mark.parametrize(("any_veto", "kinds"), [
    (None, ["always_never"]),  # off: the rule stands
    (-10.0, ["always_never"]),  # "harmful at all" (-5.52) is above it
    (-3.0, []),  # below it: the message as a whole reads as fine
])
def test_a_rule_phrase_is_set_aside_when_the_message_reads_as_fine_at_all(any_veto, kinds):
    """No per-kind veto: the "harmful at all" score alone decides (-1 - 6/sqrt(5) = -3.68
    for each head, so -3.68 + 0.5 * -3.68 = -5.52)."""
    text = "Honestly you always wear green."
    rules = rules_with(any_vetoing_model(any_veto))
    top = rules.model.top_scores(text)
    assert rules.model.harmful_at_all(top, 1) == pytest.approx(-1.5 * (1 + 6 / math.sqrt(5)))
    assert [f.kind for f in analyze(text, AFTERNOON, rules)] == kinds
    assert [f.kind for f in analyze(text, AFTERNOON, rules, learned=False)] == ["always_never"]
    # shouting is no kind of the model's: never set aside
    assert [f.kind for f in analyze("STOP SHOUTING AT ME PLEASE NOW green", AFTERNOON,
                                    rules_with(any_vetoing_model(50.0)))] == ["shouting"]


@pytest.mark.parametrize("name", ["veto_at_all_below", "any_veto_kind_below"])
def test_the_veto_conditions_read_as_off_when_missing_and_must_be_numbers(name):
    doc = {"kinds": ["blame", ANY], "bias": [-9.0, -9.0], "thresholds": [0.0, 0.0],
           "weights": {}, "vetoes": [-2.0, None], "any_veto": -2.0}
    assert getattr(parse_message_model(doc), name) is None
    assert getattr(parse_message_model({**doc, name: -1}), name) == -1.0
    for bad in ("-1", True, float("nan"), [0.0]):
        with pytest.raises(ContentError, match=f"{name} must be a number or null"):
            parse_message_model({**doc, name: bad})


def test_a_kind_veto_needs_the_message_to_read_as_fine_at_all():
    """"harmful at all" is the "any" head plus half the likeliest kind (any_blend 0.5)."""
    doc = {"kinds": ["blame", ANY], "bias": [-9.0, -9.0], "thresholds": [0.0, 0.0],
           "weights": {}, "vetoes": [-2.0, None], "any_blend": 0.5,
           "veto_at_all_below": 0.0}
    model = parse_message_model(doc)
    assert model.vetoed("blame", [-3.0, -1.0])  # at all: -2.5, reads as fine
    assert not model.vetoed("blame", [-3.0, 2.0])  # at all: 0.5, reads as harmful
    assert not model.vetoed("blame", [-1.0, -9.0])  # blame above its veto
    assert parse_message_model({**doc, "veto_at_all_below": None}).vetoed(
        "blame", [-3.0, 2.0])  # no condition: the kind's veto alone decides


def test_the_any_veto_needs_the_model_to_doubt_the_rules_kind_too():
    doc = {"kinds": ["blame", ANY], "bias": [-9.0, -9.0], "thresholds": [0.0, 0.0],
           "weights": {}, "any_veto": -2.0, "any_veto_kind_below": 0.0}
    model = parse_message_model(doc)
    assert model.vetoed_at_all(["always_never"], [-1.0, -9.0])
    assert not model.vetoed_at_all(["always_never"], [4.0, -9.0])  # blame reads as blame
    assert parse_message_model({**doc, "any_veto_kind_below": None}).vetoed_at_all(
        ["always_never"], [4.0, -9.0])


@pytest.mark.parametrize("text", [
    "You always forget.",
    "Its your fault.",
])
def test_a_plain_phrase_of_one_kind_stands(text):
    """Training rounds J-Q kept stock phrases out of harmful messages and put them in
    fine traps, so the model reads "You always forget." as more likely fine than
    harmful; the "any" veto still leaves it, as the model scores blame high."""
    kinds = {f.kind for f in analyze(text, AFTERNOON, default_message_rules())}
    assert kinds & {"always_never", "blame"}


def test_one_emoji_does_not_clear_phrases_of_several_kinds():
    """A laughing emoji pulls this message's "harmful at all" score below the shipped
    model's veto; its phrases are of three kinds, so they stand."""
    message = "You always forget. It's your fault?? ANSWER ME. Do you still love me?"
    rules = default_message_rules()
    text = "\U0001f602 " + message
    assert MODEL.harmful_at_all(MODEL.top_scores(text), MODEL.kinds.index(ANY)) \
        < MODEL.any_veto
    assert {"always_never", "blame", "pressure", "reassurance"} <= \
        {f.kind for f in analyze(text, AFTERNOON, rules)}


@pytest.mark.parametrize(("text", "kind"), [
    ("\U0001f602 It's your fault.", "blame"),
    ("lol it's your fault", "blame"),
    ("lol you never call", "always_never"),
    ("\U0001f602\U0001f602 you never call", "always_never"),
])
def test_laughter_does_not_talk_the_veto_out_of_a_finding(text, kind):
    """Laughter and emoji lean hard towards "fine" in the training data (friends
    joking), enough to pull these below the shipped "harmful at all" veto on their own.
    A veto needs the words to read as fine without them too."""
    rules = default_message_rules()
    assert MODEL.harmful_at_all(MODEL.top_scores(text), MODEL.kinds.index(ANY)) \
        < MODEL.any_veto
    assert kind in {f.kind for f in analyze(text, AFTERNOON, rules)}


@pytest.mark.parametrize("text", [
    "\U0001f602 I always love our Sunday walks",
    "lol see you at 6",
    "haha you never fail to make me laugh",
    "Never again am I eating at that place \U0001f602",
    "\U0001f602 Thanks for dinner!",
])
def test_laughter_in_a_fine_message_still_reads_fine(text):
    assert analyze(text, AFTERNOON, default_message_rules()) == []


@pytest.mark.parametrize(("text", "plain"), [
    ("lol you never call", "  you never call"),
    ("LOLOL ok \U0001f602\U0001f602", "  ok  "),
    ("ahaha hehe lmaooo xD jk ROFL", " " * 11),
    ("\u2764\ufe0f love you", "  love you"),
    ("Lola is here with a lollipop, jkl, he said: ha. aha!",
     "Lola is here with a lollipop, jkl, he said: ha. aha!"),
    ("", ""),
])
def test_without_tone_marks(text, plain):
    assert without_tone_marks(text) == plain


@pytest.mark.parametrize(("text", "plain"), [
    ("ha" * 50_000 + "x", "ha" * 50_000 + "x"),  # a word, not laughter: kept whole
    ("lo" * 50_000 + "x", "lo" * 50_000 + "x"),
    ("ha" * 50_000, " "),  # laughter: one space
    ("\U0001f602" * 100_000, " "),
    ("a h" * 33_000, "a h" * 33_000),
])
def test_without_tone_marks_on_a_long_message(text, plain):
    """A long run of laughter becomes one space, and a long word that only looks like
    laughter stays as it is (the pattern's speed on such runs:
    benchmarks/message_model_benchmark.py)."""
    assert without_tone_marks(text) == plain


def test_the_shipped_model_has_an_any_veto():
    """The trainer chooses it (scripts/train_message_model.py, pick_any_veto); the file
    says so, and it is below the "any" head's threshold (a veto never sets aside a rule
    on a message the model itself would flag)."""
    assert MODEL.any_veto is not None
    assert MODEL.any_veto < MODEL.thresholds[MODEL.kinds.index(ANY)]


def test_the_any_head_names_the_likeliest_kind():
    """No kind is sure (both below their thresholds), "harmful at all" is: one finding,
    of the kind with the highest score (not the one closest to its own threshold: guilt
    here, 1 short of 3, against blame's 2.5 short of 5), quoting the words that raised
    that kind."""
    model = MessageModel(kinds=("blame", "guilt", ANY), bias=(0.0, 0.0, 0.0),
                         thresholds=(5.0, 3.0, 1.0),
                         weights={"w:noticed": (2.5, 2.0, 3.0)})
    rules = rules_with(model)
    text = "cool so nobody noticed me again"
    found = analyze(text, AFTERNOON, rules)
    assert [(f.kind, f.source, text[f.start:f.end]) for f in found] == [
        ("blame", "learned", "noticed")]
    likelier_guilt = MessageModel(kinds=model.kinds, bias=model.bias,
                                  thresholds=model.thresholds,
                                  weights={"w:noticed": (2.0, 2.5, 3.0)})
    assert [f.kind for f in analyze(text, AFTERNOON, rules_with(likelier_guilt))] == ["guilt"]
    quiet = MessageModel(kinds=model.kinds, bias=model.bias, thresholds=(5.0, 3.0, 9.0),
                         weights=model.weights)
    assert analyze(text, AFTERNOON, rules_with(quiet)) == []


def test_top_scores_are_the_best_window_for_each_kind():
    model = toy_model(w_invisible=[4.0])
    long = ("Nothing much today. " * 40) + "cool so im just invisible now."
    top = model.top_scores(long, fold_text(long))
    assert top == [max(model.scores(w)[0] for w in windows(long, fold_text(long)))]
    assert len(windows(long, fold_text(long))) > 1


def test_a_broken_model_file_names_the_file(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ContentError, match="model.json: is not valid JSON"):
        load_message_model(bad)


def test_the_model_is_loaded_on_first_use_only(tmp_path):
    calls = []
    source = tmp_path / "model.json"
    source.write_text(MESSAGE_MODEL_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    rules = load_message_rules(model_file=source)
    assert rules._built.get("model") is None
    source.unlink()  # still not read: nothing checked yet
    with pytest.raises(ContentError):
        analyze("hello", AFTERNOON, rules)
    assert analyze("hello", AFTERNOON, rules, learned=False) == []
    rules = load_message_rules(model_file=MESSAGE_MODEL_FILE)
    original = rules.model_loader
    rules = rules.__class__(**{**rules.__dict__, "model_loader":
                               lambda: calls.append(1) or original()})
    analyze("one", AFTERNOON, rules)
    analyze("two", AFTERNOON, rules)
    assert calls == [1]


def toy_model(**weights: list[float]) -> MessageModel:
    return MessageModel(kinds=("guilt",), bias=(-1.0,), thresholds=(0.0,),
                        weights={k.replace("_", ":", 1): tuple(v) for k, v in weights.items()})


def rules_with(model: MessageModel):
    rules = load_message_rules(model_file=None)
    return rules.__class__(**{**rules.__dict__, "model_loader": lambda: model})


def test_a_learned_finding_names_its_kind_phase_and_the_words_that_raised_it():
    rules = rules_with(toy_model(w_noticed=[4.0], w_again=[1.0], w_so=[-0.5]))
    text = "cool so nobody noticed again"
    found = analyze(text, AFTERNOON, rules)
    guilt = rules.kind("guilt")
    assert all(f.source == "learned" and f.label == guilt.label and f.phase == guilt.phase
               and f.why == guilt.why for f in found)
    # the top words, adjacent ones joined into one highlighted run
    assert [text[f.start:f.end] for f in found] == ["noticed again"]


def test_words_a_rule_already_marked_are_not_marked_again():
    rules = rules_with(toy_model(w_answer=[5.0], w_me=[5.0]))
    found = analyze("answer me", AFTERNOON, rules)
    assert [(f.kind, f.source) for f in found] == [("pressure", "rules")]


def test_learned_false_and_rules_without_a_model_are_rules_only():
    text = "i can't sleep, i cry every night, you did this to me"
    assert all(f.source == "rules" for f in analyze(text, AFTERNOON, default_message_rules(),
                                                      learned=False))
    assert analyze(text, AFTERNOON, load_message_rules(model_file=None)) == []


def test_kinds_the_rules_do_not_have_are_skipped():
    model = MessageModel(kinds=("not_a_rule",), bias=(5.0,), thresholds=(0.0,), weights={})
    assert analyze("anything at all", AFTERNOON, rules_with(model)) == []


def test_a_hundred_thousand_characters_keep_spans_inside_the_text():
    # (stop 28: the guilt line this used, followed by the couple emoji, no longer scores as
    # guilt: the retrained model reads the emoji as warmth; the closing note says so)
    text = ("my sister read the whole chat and she gasped 👩‍❤️‍👨 " * 2000)[:100_000]
    rules = default_message_rules()
    found = analyze(text, AFTERNOON, rules)
    learned = [f for f in found if f.source == "learned"]
    assert learned
    cap = rules.limits.max_findings_per_kind
    for f in learned:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end].strip() == text[f.start:f.end]
    for kind in {f.kind for f in learned}:
        assert sum(f.kind == kind for f in found) <= cap * 4  # rule spans + up to 3 runs each


@pytest.mark.parametrize("text", [
    "No need to reply tonight. I'm here when you're ready.",
    "You don't have to answer this, I just wanted to say good luck.",
    "Take all the time you need, really.",
    "I'm sorry I snapped at you. That was unkind and it's on me.",
])
def test_the_learned_layer_leaves_permission_and_plain_apologies_alone(text):
    assert list(MODEL.find(text, fold_text(text))) == []


def test_the_apology_builder_uses_the_learned_layer():
    rules = default_apology_rules()
    assert rules.rules.model is default_message_rules().model
    text = "I'm sorry. After all the sacrifices I've made for you, I can't believe this."
    sources = {f.source for f in check_apology(text, AFTERNOON, rules).findings}
    assert "learned" in sources or "rules" in sources
    learned = [f for f in check_apology("i can't sleep, i cry every night, you did this to me",
                                        AFTERNOON, rules).findings if f.source == "learned"]
    assert learned and all(f.kind in {k.id for k in rules.rules.kinds} for f in learned)


def test_model_file_round_trips_through_json():
    doc = json.loads(MESSAGE_MODEL_FILE.read_text(encoding="utf-8"))
    again = parse_message_model(doc)
    assert again.kinds == MODEL.kinds and again.thresholds == MODEL.thresholds


def test_the_learned_layer_stops_after_its_total():
    model = toy_model(w_noticed=[6.0])
    text = "nobody noticed. " * 400
    assert len(list(model.find(text, fold_text(text)))) > 3
    assert len(list(model.find(text, fold_text(text), total=3))) == 3


# -- cues of several words or of the message's shape ---------------------------------------


def cues_of(text: str) -> set[str]:
    return {cue for window in windows(text, fold_text(text)) for cue, _ in window.cues()}


@pytest.mark.parametrize(("text", "cue"), [
    ("my mom saw the screenshots and she's on my side", "d:third+verdict"),
    ("I asked my sister to read your message and she says you sound cold", "d:told+third"),
    ("showed the girls at work ur text", "d:told+third"),
    ("Even my boss noticed", "d:even+third"),
    ("Reddit says you're the a-hole btw", "d:third+verdict"),
    ("it's not just me, everyone agrees", "d:others_agree"),
    ("fine.", "d:curt"),
    ("k", "d:curt"),
    ("Noted.", "d:curt"),
    ("Great job, Dad of the Year.", "d:mock_praise"),
    ("Nice of you to finally notice I exist.", "d:mock_praise"),
    ("grow up", "d:put_down"),
    ("guess ill just eat alone", "d:martyr"),
    ("Don't worry about me.", "d:martyr"),
    ("I'll be here on my own as usual", "d:alone"),
    ("After everything I've done", "d:sacrifice"),
    ("if u really cared", "d:if_cared"),
    ("Well I hope she was worth it.", "d:hope_bitter"),
    ("I can't eat or sleep because of you", "d:suffering+you"),
    ("I can't eat or sleep because of you", "d:because_of_you"),
    ("it's been 3 hours", "d:time_since"),
    ("HELLO??", "d:reply_now"),
    ("I was only trying to help, what was I supposed to do", "d:justify"),
    ("what about when you forgot mine", "d:you_too"),
    ("I cooked for three hours and you didn't even text", "d:i_then_you"),
])
def test_cues_carry_what_single_words_miss(text, cue):
    assert cue in cues_of(text)


@pytest.mark.parametrize(("text", "absent"), [
    ("Sounds good!", "d:curt"),  # a warm short reply
    ("ok see you at 7 then", "d:curt"),  # not curt: more than two words
    ("The train's been stuck for ages", "d:time_since"),  # no time counted
    ("My sister loves the scarf you gave her", "d:third+verdict"),  # no verdict
    ("I'm sure it'll all work out.", "d:mock_praise"),  # reassurance, not praise
    ("hope you sleep well", "d:hope_bitter"),
])
def test_look_alikes_do_not_raise_the_cue(text, absent):
    assert absent not in cues_of(text)


@pytest.mark.parametrize(("cold", "warm"), [
    ("Congrats.", "Congrats!! So proud of you"),
    ("Great job, Dad of the Year.", "Great job today! The kids loved it"),
    ("enjoy your night. hope it was worth it.", "Enjoy your lie in!"),
])
def test_praise_and_wishes_count_as_their_warm_twin_with_a_bang_or_a_heart(cold, warm):
    cold_cues, warm_cues = cues_of(cold), cues_of(warm)
    assert cold_cues & {"d:mock_praise", "d:hope_bitter"}
    assert not warm_cues & {"d:mock_praise", "d:hope_bitter"}
    assert warm_cues & {"d:warm_praise", "d:warm_wish"}


def test_a_window_of_a_long_message_is_warm_only_if_its_own_text_has_a_bang():
    text = "Congrats. " * 200 + "Well done, really proud of you! " * 40
    parts = windows(text, fold_text(text))
    assert len(parts) > 1
    assert not parts[0].warm and parts[-1].warm


@pytest.mark.parametrize(("cue", "kind"), [
    ("d:third+verdict", "judges"), ("d:told+third", "judges"), ("d:others_agree", "judges"),
    ("d:mock_praise", "contempt"), ("d:curt", "contempt"), ("d:put_down", "contempt"),
    ("d:martyr", "guilt"), ("d:hope_bitter", "guilt"), ("d:if_cared", "guilt"),
    ("d:suffering+you", "guilt"), ("d:justify", "defending"), ("d:you_too", "defending"),
    ("d:reply_now", "pressure"), ("d:time_since", "pressure"),
])
def test_the_shipped_model_learned_each_cue_for_its_kind(cue, kind):
    """The trainer picks the cues up: each weighs for the kind it was written for (the
    weights are retrained on more data later, so only the sign is checked)."""
    assert MODEL.weights[cue][MODEL.kinds.index(kind)] > 0


def test_mock_praise_weighs_for_contempt_more_than_its_warm_twin():
    # Until stop 27 warm praise weighed against contempt; the rounds of stop 28 hold much
    # sarcasm dressed as warm praise, and it now weighs a little for it (1.5 against 7.2).
    k = MODEL.kinds.index("contempt")
    assert MODEL.weights["d:mock_praise"][k] > 2 * max(0, MODEL.weights["d:warm_praise"][k])


def test_a_releasing_phrase_releases_a_learned_finding_of_its_kind_too():
    """"No need to write back tonight" releases the reader whichever layer saw the
    demand: the phrase rules' ``released_by`` holds for the learned layer's cues."""
    model = MessageModel(kinds=("pressure",), bias=(-1.0,), thresholds=(0.0,),
                         weights={"w:write": (5.0,), "w:back": (5.0,)})
    rules = rules_with(model)
    demand = analyze("write back tonight", AFTERNOON, rules)
    assert [(f.kind, f.source) for f in demand] == [("pressure", "learned")]
    assert analyze("No need to write back tonight.", AFTERNOON, rules) == []
    assert analyze("You don't have to write back tonight ❤️", AFTERNOON, rules) == []


def test_plans_with_still_are_not_reassurance_whichever_layer_saw_them():
    """"are we still on for Friday?" and "do you still want the window seat?" are plans:
    reassurance's ``unless`` exceptions cancel a learned cue on "still" there, but not in
    a plea ("are we still talking?", "do you still want to come with me?")."""
    model = MessageModel(kinds=("reassurance",), bias=(-1.0,), thresholds=(0.0,),
                         weights={"w:still": (5.0,)})
    rules = rules_with(model)
    for plan in ["Are we still on for Friday?", "are we still good for 7?",
                 "Do you still want the window seat? I can change it.",
                 "Do you still want to rent the double board or two singles?"]:
        assert analyze(plan, AFTERNOON, rules) == [], plan
    for plea in ["Are we still talking?", "Do you still want to come with me?",
                 "Are we still on for Friday? Do you even love me?"]:
        assert "reassurance" in {f.kind for f in analyze(plea, AFTERNOON, rules)}, plea


def test_packed_weights_read_back_exactly_as_written():
    """Format 2 (what the trainer writes): names and one block of 16-bit integers,
    little-endian whatever the machine; every row comes back as written."""
    weights = {"w:never": [1200, -3], "b:you always": [-32768, 32767], "d:curt": [0, 7]}
    features, block = pack_weights(weights, 2)
    model = parse_message_model({"format": 2, "kinds": ["blame", "contempt"],
                                 "bias": [0.0, 0.0], "thresholds": [1.0, 1.0], "scale": 1000,
                                 "features": features, "weights": block})
    assert {f: list(model.weights[f]) for f in model.weights} == weights
    assert model.weights.get("w:missing") is None and len(model.weights) == 3
    assert features == ["b:you always", "d:curt", "w:never"]  # sorted: found by bisection
    assert base64.b64decode(block)[:4] == bytes([0x00, 0x80, 0xFF, 0x7F])  # -32768, 32767
    assert base64.b64decode(block)[-4:] == bytes([0xB0, 0x04, 0xFD, 0xFF])  # 1200, -3
    with pytest.raises(ValueError, match="expected 2 integers"):
        pack_weights({"w:x": [40000, 0]}, 2)


def model_doc(features, block, **more):
    return {"format": 2, "kinds": ["blame", "contempt"], "bias": [0.0, 0.0],
            "thresholds": [1.0, 1.0], "scale": 1000, "features": features, "weights": block,
            **more}


feature_names = st.text(alphabet=st.sampled_from("abw:c <>'\u00e9\U0001f602"), min_size=1,
                        max_size=6)


@settings(max_examples=150, deadline=None)
@given(weights=st.dictionaries(feature_names, st.lists(st.integers(-32768, 32767),
                                                       min_size=2, max_size=2), max_size=40),
       asked=st.lists(feature_names, max_size=30))
def test_sorted_names_are_found_by_bisection_then_by_a_dict(weights, asked):
    """A trainer's file (names sorted, with their digest) is read without building a dict
    of every name; look-ups bisect until DICT_AFTER_LOOKUPS, then a dict takes over, and
    every answer is the same as a dict's from the start."""
    features, block = pack_weights(weights, 2)
    assert features == sorted(weights)
    sorted_file = parse_message_model(model_doc(
        features, block, sorted_features_sha256=sorted_names_digest(features))).weights
    plain = parse_message_model(model_doc(features, block)).weights
    assert sorted_file._rows is None and plain._rows is not None
    before, message_model.DICT_AFTER_LOOKUPS = message_model.DICT_AFTER_LOOKUPS, 10
    try:
        for name in [*asked, *weights, *asked]:
            assert sorted_file.get(name) == plain.get(name)
            assert (name in sorted_file) == (name in plain)
    finally:
        message_model.DICT_AFTER_LOOKUPS = before
    assert list(sorted_file) == list(plain) and len(sorted_file) == len(plain)
    if len(asked) + len(weights) > 10:
        assert sorted_file._rows is not None  # the dict took over


def test_names_that_no_longer_hash_to_their_digest_get_a_dict():
    """Reordered by hand (or any change): the digest no longer matches, so the names are
    not trusted to be sorted, and the file is read as any other, named twice refused."""
    features, block = pack_weights({"w:a": [1, 2], "w:b": [3, 4]}, 2)
    digest = sorted_names_digest(features)
    swapped = parse_message_model(model_doc(features[::-1], block,
                                            sorted_features_sha256=digest)).weights
    assert swapped._rows is not None
    assert list(swapped["w:a"]) == [3, 4]  # the rows follow the names as written
    with pytest.raises(ContentError, match="named twice"):
        parse_message_model(model_doc(["w:a", "w:a"], block, sorted_features_sha256="0"))


def test_the_shipped_model_is_read_without_a_dict_of_its_names():
    assert MODEL.weights._names == sorted(MODEL.weights._names)
    fresh = load_message_model()
    assert fresh.weights._rows is None
    assert fresh.top_scores("you never listen") == MODEL.top_scores("you never listen")


def test_the_packed_model_scores_exactly_as_the_same_weights_in_lists():
    """The shipped model, unpacked into format 1's lists, gives the same scores and
    findings: the packing loses nothing."""
    as_lists = MessageModel(kinds=MODEL.kinds, bias=MODEL.bias, thresholds=MODEL.thresholds,
                            weights={f: list(MODEL.weights[f]) for f in MODEL.weights},
                            unit=MODEL.unit, vetoes=MODEL.vetoes, any_blend=MODEL.any_blend)
    for text in ("i can't sleep, i cry every night, you did this to me",
                 "Great job, genius. Really.", "my mum agrees with me btw",
                 "Thanks for dinner, it was lovely x", "k."):
        assert MODEL.top_scores(text) == as_lists.top_scores(text)
        assert [(c.kind, c.spans) for c in MODEL.find(text)] == \
            [(c.kind, c.spans) for c in as_lists.find(text)]


def test_windows_scored_once_give_the_same_top_scores_and_findings():
    """analyze() scores a message's windows once when the vetoes need them and hands them
    to find(): the same as scoring them there."""
    text = ("Nothing much today. " * 40) + "cool so im just invisible now. grow up. " * 3
    folded = fold_text(text)
    scored = MODEL.scored_windows(text, folded)
    assert len(scored) > 1
    assert MODEL.top_scores(text, folded, scored=scored) == MODEL.top_scores(text, folded)
    assert [(c.kind, c.spans, c.score) for c in MODEL.find(text, folded, scored=scored)] == \
        [(c.kind, c.spans, c.score) for c in MODEL.find(text, folded)]


def test_a_word_or_two_is_left_to_the_rules():
    """LEARNED_MIN_WORDS: "Hi" or "Yes." means what the conversation around it says, which
    the check never sees; the retrained model of stop 28 read "Hi" as contempt. The model
    reads three words and up; the rules still check shorter messages."""
    from repair_app.core.message_check import LEARNED_MIN_WORDS

    assert LEARNED_MIN_WORDS == 3
    rules = rules_with(toy_model(w_noticed=[4.0]))
    assert analyze("noticed", AFTERNOON, rules) == []
    assert analyze("noticed. noticed", AFTERNOON, rules) == []
    assert [f.source for f in analyze("nobody noticed again", AFTERNOON, rules)] == ["learned"]
    shipped = default_message_rules()
    for text in ("Hi", "Hi.", "Hey", "Yes.", "ok", "Hello"):
        assert [f for f in analyze(text, AFTERNOON, shipped) if f.source == "learned"] == [], text
    assert {f.kind for f in analyze("Hello??", AFTERNOON, shipped)} == {"pressure"}  # a rule
