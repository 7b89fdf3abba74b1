"""The first check prepared while the person types (issue 14): the phrase index, the
learned layer and the commonest words' phrase groups, built on a thread of their own once
a screen that checks messages is shown; a check that comes sooner waits for that work."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from repair_app.content.message_rules import (
    COMMON_FIRST_WORDS,
    MESSAGE_MODEL_FILE,
    MESSAGE_PLAN_FILE,
    load_message_rules,
    prepare_first_check,
)
from repair_app.core import message_rules as core_rules
from repair_app.core.message_check import analyze

WRITTEN_AT = datetime(2026, 11, 23, 14, 0)


def fresh_rules(model_file: Path | None = MESSAGE_MODEL_FILE):
    return load_message_rules(model_file=model_file)


def test_preparing_builds_the_index_loads_the_model_and_compiles_common_words():
    rules = fresh_rules()
    assert not rules.prepared
    prepare_first_check(rules).join(60)
    assert rules.prepared
    compiled = rules.index.compiled_count
    assert compiled > 20
    assert rules.index.compile_ahead(COMMON_FIRST_WORDS) == 0  # nothing left to compile
    assert analyze("You never listen, it's your fault.", WRITTEN_AT, rules)
    assert rules.index.compiled_count - compiled < 10  # the check found most ready


def test_compiling_ahead_stops_once_a_check_has_started():
    """Compiling ahead only fills the wait before the first check: once one starts, it
    stops, so it doesn't hold the interpreter the check needs."""
    rules = fresh_rules(model_file=None)
    index = rules.index
    index.matches("ok")  # a check has started (it compiles what it needs itself)
    assert index.compile_ahead(COMMON_FIRST_WORDS) == 0
    assert index.compiled_count == 0
    fresh = fresh_rules(model_file=None).index
    assert fresh.compile_ahead(COMMON_FIRST_WORDS) > 20


def test_it_starts_once_per_rule_set():
    rules = fresh_rules(model_file=None)
    first = prepare_first_check(rules)
    assert prepare_first_check(rules) is first
    first.join(60)
    assert prepare_first_check(rules) is first  # done: nothing started again


@pytest.mark.parametrize("plan_file", [None, MESSAGE_PLAN_FILE], ids=["no plan", "shipped plan"])
def test_a_check_that_comes_while_preparing_waits_for_it_instead_of_building_again(
        monkeypatch, plan_file):
    builds: list[str] = []
    real_build = core_rules.PhraseIndex.from_plan

    def slow_build(plan, kinds):
        builds.append(threading.current_thread().name)
        time.sleep(0.3)
        return real_build(plan, kinds)

    monkeypatch.setattr(core_rules.PhraseIndex, "from_plan", staticmethod(slow_build))
    rules = load_message_rules(model_file=None, plan_file=plan_file)
    preparing = prepare_first_check(rules)
    deadline = time.monotonic() + 60
    while not builds:  # the preparing thread has started building
        assert time.monotonic() < deadline, "the preparation never started building"
        time.sleep(0.01)
    found = analyze("You always do this.", WRITTEN_AT, rules)
    preparing.join(60)
    assert builds == ["prepare-first-check"]
    assert {f.kind for f in found} >= {"always_never"}


def test_a_broken_model_file_is_logged_and_the_check_says_so_itself(tmp_path, caplog):
    broken = tmp_path / "message_model.json"
    broken.write_text("{not json", encoding="utf-8")
    rules = fresh_rules(model_file=broken)
    prepare_first_check(rules).join(60)
    assert "preparing the message check failed" in caplog.text
    assert "index" in rules._built  # the rules' part was prepared all the same
    with pytest.raises(Exception, match="not valid JSON"):
        _ = rules.model
