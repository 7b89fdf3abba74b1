"""The phrase index's plan written ahead (issue 14: the first check in "Before you send"
under 150 ms even when tapped the moment the screen opens): the bundled one is up to
date, an index built from it is the index built from scratch, and a plan for other
phrases, or a broken file, is never used."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime

import pytest

from repair_app.content.message_rules import (
    MESSAGE_PLAN_FILE,
    MESSAGE_RULES_FILE,
    load_message_rules,
    read_index_plan,
    write_index_plan,
)
from repair_app.core import message_rules as core_rules
from repair_app.core.content import ContentError
from repair_app.core.message_check import analyze
from repair_app.core.message_rules import IndexPlan, PhraseIndex, _body_hash

WRITTEN_AT = datetime(2026, 11, 23, 14, 0)


def bundled_kinds():
    return load_message_rules(model_file=None).kinds


def same_index(a: PhraseIndex, b: PhraseIndex) -> bool:
    return (a.plan == b.plan
            and [(k, p.pattern, p.flags, f, w) for k, p, f, w in a.unkeyed]
            == [(k, p.pattern, p.flags, f, w) for k, p, f, w in b.unkeyed])


def test_the_bundled_plan_is_for_the_bundled_rules():
    kinds = bundled_kinds()
    shipped = read_index_plan(MESSAGE_PLAN_FILE, kinds)
    assert shipped is not None, (
        "message_rules.plan.json is out of date: run python scripts/write_message_rules_plan.py")
    assert shipped == IndexPlan.of(kinds)


def test_an_index_built_from_the_bundled_plan_is_the_index_built_from_scratch(monkeypatch):
    rules = load_message_rules(model_file=None, plan_file=MESSAGE_PLAN_FILE)
    from_scratch = PhraseIndex.build(rules.kinds)

    def not_again(_kinds):
        raise AssertionError("the plan was worked out again")

    monkeypatch.setattr(core_rules.IndexPlan, "of", staticmethod(not_again))
    assert same_index(rules.index, from_scratch)
    assert {f.kind for f in analyze("You always do this.", WRITTEN_AT, rules)} >= {
        "always_never"}


def test_a_plan_written_for_other_phrases_is_not_used(tmp_path):
    rules_file = tmp_path / "message_rules.toml"
    text = MESSAGE_RULES_FILE.read_text(encoding="utf-8")
    rules_file.write_text(text, encoding="utf-8")
    plan_file = tmp_path / "plan.json"
    write_index_plan(load_message_rules(rules_file, model_file=None), plan_file)
    assert read_index_plan(plan_file, load_message_rules(rules_file, model_file=None).kinds)
    # one phrase more: the old plan no longer fits
    marker = 'phrases = ['
    assert marker in text
    rules_file.write_text(text.replace(marker, marker + '"a brand new phrase here", ', 1),
                          encoding="utf-8")
    changed = load_message_rules(rules_file, model_file=None, plan_file=plan_file)
    assert read_index_plan(plan_file, changed.kinds) is None
    assert same_index(changed.index, PhraseIndex.build(changed.kinds))


@pytest.mark.parametrize("content", [
    "{not json",
    "[]",
    '"a plan"',
    "\udcff",
])
def test_a_broken_plan_file_is_logged_and_the_plan_worked_out(tmp_path, caplog, content):
    plan_file = tmp_path / "plan.json"
    if content == "\udcff":
        plan_file.write_bytes(b"\xff\xfe not utf-8")
    else:
        plan_file.write_text(content, encoding="utf-8")
    rules = load_message_rules(model_file=None, plan_file=plan_file)
    with caplog.at_level(logging.WARNING):
        index = rules.index
    assert "not used" in caplog.text
    assert same_index(index, PhraseIndex.build(rules.kinds))


def test_a_missing_plan_file_is_simply_worked_out(tmp_path, caplog):
    rules = load_message_rules(model_file=None, plan_file=tmp_path / "none.json")
    with caplog.at_level(logging.WARNING):
        assert read_index_plan(tmp_path / "none.json", rules.kinds) is None
        _ = rules.index
    assert caplog.text == ""


def plan_doc():
    kinds = bundled_kinds()
    return json.loads(MESSAGE_PLAN_FILE.read_text(encoding="utf-8")), IndexPlan.key(kinds)


BODY = ("sources", "first", "pairs", "open_second", "open_first")


def resealed(doc: dict) -> dict:
    """``doc`` with its checksum made right again: a deliberate edit, not damage."""
    body = {name: doc.get(name) for name in BODY}
    return {**doc, "body_sha256": _body_hash(body)}


@pytest.mark.parametrize("damage", [
    lambda d: d.update(first=[]),
    lambda d: d.update(pairs={"you": []}),
    lambda d: d.update(pairs={"you": {}}),
    lambda d: d.update(open_first=None),
    lambda d: d.update(open_second={"i": {"apolog": "12"}}),
    lambda d: d.update(sources="425"),
    lambda d: d.update(sources=True),
    lambda d: d["first"].update(dont=["1"]),
    lambda d: d["first"].update(dont=[]),
    lambda d: d["first"].update(dont=[True]),
    lambda d: d["first"].update(dont=[-1]),
    lambda d: d["first"].update(dont=[d["sources"]]),
    lambda d: d["pairs"]["you"].update(always=[1.5]),
    lambda d: d["first"].update({"2nd": [1]}),
    lambda d: d["first"].update({"you always": [1]}),
    lambda d: d["open_first"].update({"sorry*": [1]}),
])
def test_a_malformed_plan_is_refused_by_name(damage):
    doc, key = plan_doc()
    damage(doc)
    with pytest.raises(ContentError, match="damaged"):
        IndexPlan.from_doc(doc, key)
    with pytest.raises(ContentError):  # and with its checksum made right again
        IndexPlan.from_doc(resealed(doc), key)


@pytest.mark.parametrize("damage", [
    lambda d: d["pairs"]["you"].__setitem__("always", [n + 1 for n in d["pairs"]["you"]["always"]]),
    lambda d: d["pairs"]["you"].pop("always"),
    lambda d: d["open_first"].pop("sorry"),
    lambda d: d["first"]["dont"].append(d["sources"] - 1),
])
def test_a_damaged_plan_is_never_used(tmp_path, caplog, damage):
    """A plan only says which phrases to try where: damage would go unseen (a phrase
    never tried where it matches). The checksum turns any such damage away before the
    plan is used, and the plan is worked out again."""
    doc, _key = plan_doc()
    damage(doc)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(doc), encoding="utf-8")
    rules = load_message_rules(model_file=None, plan_file=plan_file)
    with caplog.at_level(logging.WARNING):
        found = analyze("You always do this. Sorry but you never listen.", WRITTEN_AT, rules)
    assert "damaged" in caplog.text
    assert {"always_never", "apology_excuse"} <= {f.kind for f in found}


@pytest.mark.parametrize("change", [
    lambda d: d.update(format=0),
    lambda d: d.update(key="0" * 64),
    lambda d: d.pop("key"),
])
def test_a_plan_of_another_format_or_other_phrases_reads_as_none(change):
    doc, key = plan_doc()
    change(doc)
    assert IndexPlan.from_doc(doc, key) is None


def test_the_key_follows_every_phrase_and_its_order():
    kinds = bundled_kinds()
    key = IndexPlan.key(kinds)
    assert IndexPlan.key(kinds) == key
    assert IndexPlan.key(tuple(reversed(kinds))) != key
    assert IndexPlan.key(kinds[1:]) != key


def test_a_plan_for_more_phrases_than_the_kinds_hold_is_not_used(tmp_path):
    """A plan edited so that it still reads (valid JSON, its key and checksum right) but
    that counts more phrases than the rules hold: the index is built from a plan worked
    out again, and checks as it should."""
    doc, _key = plan_doc()
    doc["sources"] += 1
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(resealed(doc)), encoding="utf-8")
    rules = load_message_rules(model_file=None, plan_file=plan_file)
    assert read_index_plan(plan_file, rules.kinds) is not None  # it reads, but doesn't fit
    assert same_index(rules.index, PhraseIndex.build(rules.kinds))
    assert {f.kind for f in analyze("You always do this.", WRITTEN_AT, rules)} >= {
        "always_never"}


def test_the_plan_holds_words_and_numbers_never_a_pattern():
    """What a plan can do at worst is send a phrase to be tried where it can't match."""
    doc, _key = plan_doc()
    words = [*doc["first"], *doc["open_first"], *doc["pairs"], *doc["open_second"]]
    words += [w for inner in (*doc["pairs"].values(), *doc["open_second"].values())
              for w in inner]
    assert all(re.fullmatch(r"[^\W\d_]+", word) for word in words)
    assert sorted(doc) == ["body_sha256", "first", "format", "key", "open_first",
                           "open_second", "pairs", "sources"]


@pytest.mark.parametrize("content", ["9" * 5000, "[" * 100_000 + "]" * 100_000])
def test_json_python_cannot_read_is_refused_too(tmp_path, caplog, content):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(content, encoding="utf-8")
    kinds = bundled_kinds()
    with caplog.at_level(logging.WARNING):
        assert read_index_plan(plan_file, kinds) is None
    assert "not used" in caplog.text


def test_rules_copied_with_other_phrases_do_not_use_the_plan(tmp_path):
    """The plan is matched to the phrases when the index is built, so a copy of the rules
    with other kinds works its own plan out."""
    import dataclasses

    rules = load_message_rules(model_file=None, plan_file=MESSAGE_PLAN_FILE)
    fewer = dataclasses.replace(rules, kinds=rules.kinds[1:], _built={})
    assert read_index_plan(MESSAGE_PLAN_FILE, fewer.kinds) is None
    assert same_index(fewer.index, PhraseIndex.build(fewer.kinds))
