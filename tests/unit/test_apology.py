"""The apology builder's check: the "Before you send" analyzer with the apology rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair_app.content.apology_rules import (
    APOLOGY_RULES_FILE,
    default_apology_rules,
    load_apology_rules,
)
from repair_app.content.message_rules import default_message_rules
from repair_app.core.apology import (
    TIMING_DETECTORS,
    apology_findings,
    check_apology,
    combine_rules,
)
from repair_app.core.content import ContentError
from repair_app.core.message_check import analyze

BERLIN = ZoneInfo("Europe/Berlin")
MORNING = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
MIDNIGHT = datetime(2026, 11, 27, 23, 55, tzinfo=BERLIN)
RULES = default_apology_rules()


def marked(text: str, when: datetime = MORNING) -> list[tuple[str, str | None]]:
    result = check_apology(text, when, RULES)
    return [(f.kind, text[f.start:f.end] if f.span else None) for f in result.findings]


@pytest.mark.parametrize(("text", "kind", "words"), [
    # the four the framework names
    ("I'm sorry, but you were late too.", "apology_excuse", "sorry, but"),
    ("I was wrong. But you yelled first.", "apology_but", "But"),
    ("I'm sorry. If you hadn't pushed me, I wouldn't have shouted.", "blame",
     "If you hadn't pushed"),
    ("I'm sorry. I'll stop, if you stop too.", "apology_if", "if you"),
    ("I'm sorry you feel that way.", "apology_excuse", "sorry you feel"),
    ("I'm sorry for how you feel about it.", "apology_your_feelings", "sorry for how you feel"),
    ("You made me feel small, so I reacted.", "apology_blame_back", "You made me"),
    ("You made me so angry that I shouted.", "blame", "You made me so angry"),
    # and their relatives
    ("I shouted because you kept interrupting.", "apology_blame_back", "because you kept"),
    ("I'm sorry if that upset you.", "apology_excuse", "sorry if that"),
    ("Mistakes were made on both sides.", "apology_minimising", "Mistakes were made"),
    ("Sorry. Can we just move on now?", "apology_minimising", "Can we just move on"),
    ("Im sorry u feel like that", "apology_excuse", "sorry u feel"),
    ("I’m sorry, however I had my reasons.", "apology_but", "however"),
])
def test_defending_is_flagged(text, kind, words):
    assert (kind, words) in marked(text)
    assert check_apology(text, MORNING, RULES).verdict.level != "clear"


@pytest.mark.parametrize("text", [
    "I'm sorry I shouted at you. It was unkind. Next time I'll take a break first.",
    "I'm sorry I forgot your birthday. I know it mattered to you.",
    "Sorry. If you want to talk about it, I'm here.",
    "أنا آسف لأنني صرخت عليك 🙏",
    "אני מצטער שצעקתי. זה לא היה בסדר.",
    "I'm sorry 😔 I was unkind.",
])
def test_a_plain_apology_is_clear(text):
    result = check_apology(text, MORNING, RULES)
    assert result.findings == ()
    assert result.verdict.title == "No defending found"


def test_one_thing_is_said_once_where_rules_overlap():
    text = "I'm sorry, but you made me do it."
    kinds = [kind for kind, _ in marked(text)]
    assert "apology_but" not in kinds  # the message rule "sorry, but" already says it
    assert "apology_blame_back" not in kinds  # and "you made me do" is blame
    assert kinds[:2] == ["apology_excuse", "blame"]


def test_apology_rules_come_first_then_the_lead_message_rules():
    kinds = [kind.id for kind in RULES.rules.kinds]
    own = [kind.id for kind in RULES.rules.kinds if kind.id in RULES.own]
    assert kinds[:len(own)] == own
    assert kinds[len(own):len(own) + 3] == ["apology_excuse", "defending", "blame"]
    assert set(kinds) - RULES.own <= {k.id for k in default_message_rules().kinds}


def test_when_it_is_written_does_not_matter_for_an_apology():
    assert not any(TIMING_DETECTORS & set(kind.detectors) for kind in RULES.rules.kinds)
    long_calm = "I'm sorry I hurt you. " * 20  # 100 words, at five to midnight
    message_check = analyze(long_calm, MIDNIGHT, default_message_rules())
    assert "late_night" in {f.kind for f in message_check}  # "Before you send" would wait
    assert check_apology(long_calm, MIDNIGHT, RULES).verdict.level == "clear"


def test_a_very_long_apology_is_still_noticed():
    text = "I'm sorry I hurt you and I will listen. " * 20
    assert ("long_message", None) in marked(text)


def test_three_kinds_of_defending_mean_not_ready_yet():
    result = check_apology("I'm sorry you feel that way, but you made me feel small. "
                           "It was only a joke.", MORNING, RULES)
    assert result.verdict.level == "wait"
    assert result.verdict.title == "Not ready yet"


def test_findings_are_inside_the_text_and_in_rule_order():
    text = "Sorry if you were hurt 😔, but you started it. Let's move on"
    findings = apology_findings(text, MORNING, RULES)
    order = [kind.id for kind in RULES.rules.kinds]
    assert [order.index(f.kind) for f in findings] == sorted(order.index(f.kind)
                                                             for f in findings)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_spans_inside_it(text):
    for finding in check_apology(text, MORNING, RULES).findings:
        if finding.span is not None:
            assert 0 <= finding.start < finding.end <= len(text)


def test_a_rule_that_reuses_a_message_rule_id_is_refused(tmp_path: Path):
    bad = APOLOGY_RULES_FILE.read_text(encoding="utf-8").replace(
        'id = "apology_but"', 'id = "blame"')
    path = tmp_path / "apology_rules.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ContentError, match=r"apology_rules.toml: kinds: 'blame' is already"):
        load_apology_rules(path)


def test_an_unknown_lead_kind_is_refused(tmp_path: Path):
    bad = APOLOGY_RULES_FILE.read_text(encoding="utf-8").replace('"defending"', '"defence"')
    path = tmp_path / "apology_rules.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ContentError, match=r"lead_kinds\[1\]: 'defence' is not a message rule"):
        load_apology_rules(path)


def test_a_broken_file_names_the_place(tmp_path: Path):
    path = tmp_path / "apology_rules.toml"
    path.write_text(APOLOGY_RULES_FILE.read_text(encoding="utf-8").replace(
        '"but",', '"(but",'), encoding="utf-8")
    with pytest.raises(ContentError, match=r"kinds\[0\]\.phrases\[0\]: not a valid pattern"):
        load_apology_rules(path)
    path.write_text("lead_kinds = 5\n", encoding="utf-8")
    with pytest.raises(ContentError, match="lead_kinds"):
        load_apology_rules(path)
    with pytest.raises(ContentError, match="cannot be read"):
        load_apology_rules(tmp_path / "missing.toml")


def test_combine_rules_directly():
    messages = default_message_rules()
    combined = combine_rules(messages, messages.__class__(
        limits=messages.limits, verdicts=messages.verdicts, kinds=(), aliases={}))
    assert combined.own == frozenset()
    assert "pursuing" not in {kind.id for kind in combined.rules.kinds}


def test_the_apology_index_reuses_the_message_index_and_finds_the_same():
    """Issue 14 (memory): the apology rules' own kinds get an index of their own; the
    message kinds come from the message rules' index, compiled once for both. It finds
    exactly what one index over all the combined kinds finds."""
    import json
    from pathlib import Path

    from repair_app.content.apology_rules import default_apology_rules
    from repair_app.content.message_rules import default_message_rules
    from repair_app.core.message_rules import PhraseIndex, SharedIndex

    combined = default_apology_rules().rules
    index = combined.index
    assert isinstance(index, SharedIndex)
    assert index.shared is default_message_rules().index
    whole = PhraseIndex.build(combined.kinds)
    data = Path(__file__).resolve().parents[1] / "eval" / "data" / "train.jsonl"
    texts = [json.loads(line)["text"] for line in data.read_text("utf-8").splitlines()]
    texts += ["I'm sorry, but you made me do it. It won't happen again, I promise.",
              "Sorry you feel that way. I was only trying to help!!", "", "🙂" * 50]
    for text in texts:
        assert index.matches(text) == whole.matches(text), text
        # With a limit, a kind stops being looked for once it has that many spans (the
        # check caps its findings anyway); what comes past the limit may differ.
        ours, theirs = index.matches(text, 2), whole.matches(text, 2)
        assert {k: v[:2] for k, v in ours.items()} == {k: v[:2] for k, v in theirs.items()}
