"""The rules file: the bundled one loads, and every kind of mistake is named exactly."""

from __future__ import annotations

import copy
import tomllib
from datetime import time
from pathlib import Path
from typing import Any

import pytest

from repair_app.content.message_rules import (
    MESSAGE_RULES_FILE,
    default_message_rules,
    load_message_rules,
)
from repair_app.core.content import ContentError
from repair_app.core.message_rules import DETECTORS, parse_message_rules, phrase_to_regex


@pytest.fixture
def doc() -> dict[str, Any]:
    return tomllib.loads(MESSAGE_RULES_FILE.read_text(encoding="utf-8"))


def test_bundled_rules_load_with_every_detector_and_the_three_verdicts():
    rules = default_message_rules()
    assert {d for k in rules.kinds for d in k.detectors} == set(DETECTORS)
    assert [v.title for v in rules.verdicts.values()] == [
        "Looks kind and clear", "Consider rewording", "Wait — don't send this now"]
    assert rules.limits.late_night_start == time(22) and rules.limits.late_night_end == time(6)
    for kind in rules.kinds:
        assert 1 <= kind.phase <= 4
        assert kind.why and kind.suggestion and kind.label
        assert kind.matcher is not None or kind.detectors


def test_the_issue_s_kinds_are_all_there():
    ids = {k.id for k in default_message_rules().kinds}
    assert {"explaining", "long_message", "reassurance", "late_night", "judges", "promises",
            "blame", "always_never", "defending", "apology_excuse", "pressure", "shouting",
            "pursuing"} <= ids


def test_suggestions_follow_the_framework():
    rules = default_message_rules()
    assert "I notice" in rules.kind("always_never").suggestion
    assert "I felt" in rules.kind("blame").suggestion or "I feel" in rules.kind("blame").suggestion
    assert "one" in rules.kind("long_message").suggestion.lower()


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("kinds"), "kinds: missing or empty"),
    (lambda d: d["kinds"][0].pop("why"), "kinds[0].why: missing"),
    (lambda d: d["kinds"][1].update(label="  "), "kinds[1].label: is empty"),
    (lambda d: d["kinds"][0].update(phase=7), "kinds[0].phase: expected a phase number from 1"),
    (lambda d: d["kinds"][0].update(phase=True), "kinds[0].phase"),
    (lambda d: d["kinds"][0].update(severity="loud"), "kinds[0].severity: 'loud' is not one"),
    (lambda d: d["kinds"][0]["phrases"].__setitem__(2, "(unclosed"),
     "kinds[0].phrases[2]: not a valid pattern"),
    (lambda d: d["kinds"][0]["phrases"].__setitem__(0, "(maybe)?"),
     "kinds[0].phrases[0]: matches empty text"),
    (lambda d: d["kinds"][0]["patterns"].__setitem__(0, "[?"),
     "kinds[0].patterns[0]: not a valid pattern"),
    (lambda d: d["kinds"][2]["unless"].insert(0, ""), "kinds[2].unless[0]: expected non-empty"),
    (lambda d: d["kinds"][1].update(detectors=["mind_reading"]),
     "kinds[1].detectors[0]: 'mind_reading' is not one of"),
    (lambda d: d["kinds"][1].update(id="Blame Me"), "kinds[1].id: use lowercase"),
    (lambda d: d["kinds"][1].update(id="pressure"), "ids must be unique, repeated: pressure"),
    (lambda d: d["kinds"][0].update(phrases=[], patterns=[]), "kinds[0]: has no phrases"),
    (lambda d: d["kinds"][2].update(detectors=["all_caps"]), "detector 'all_caps' is used by"),
    (lambda d: d["limits"].update(messages_per_day=0), "limits.messages_per_day: expected"),
    (lambda d: d["limits"].update(late_night_start="25:00"), "limits.late_night_start"),
    (lambda d: d["limits"].update(wait_after_kindz=3),
     "limits: unknown setting 'wait_after_kindz'"),
    (lambda d: d["verdicts"].pop("wait"), "verdicts.wait: missing"),
    (lambda d: d["verdicts"]["clear"].pop("body"), "verdicts.clear.body: missing"),
    (lambda d: d["aliases"].update({"you're": "ur"}), "aliases.you're: an alias must be one"),
    (lambda d: d["aliases"].update(you="(u"), "aliases.you: not a valid pattern"),
])
def test_malformed_rules_are_named_exactly(doc, change, message):
    broken = copy.deepcopy(doc)
    change(broken)
    with pytest.raises(ContentError) as caught:
        parse_message_rules(broken)
    assert message in str(caught.value)


def test_a_broken_file_names_the_file(tmp_path: Path):
    path = tmp_path / "message_rules.toml"
    path.write_text("[limits\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"message_rules\.toml: is not valid TOML"):
        load_message_rules(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ContentError, match="not valid UTF-8"):
        load_message_rules(path)
    with pytest.raises(ContentError, match="cannot be read"):
        load_message_rules(tmp_path / "missing.toml")


def test_the_app_refuses_to_start_with_a_broken_rules_file(tmp_path, monkeypatch):
    """Services.open loads the rules, so the error page names the problem at start."""
    from repair_app import app
    from repair_app.content import message_rules

    bad = tmp_path / "rules.toml"
    bad.write_text('[[kinds]]\nid = "x"\nphase = 1\n', encoding="utf-8")
    monkeypatch.setattr(message_rules, "default_message_rules", lambda: load_message_rules(bad))
    monkeypatch.setattr(app, "RULE_FILES", (bad,))
    for stamps in (None, tmp_path / "stamps"):
        with pytest.raises(ContentError, match=r"rules\.toml: kinds\[0\]\.label: missing"):
            app.Services.open(tmp_path / "data", stamp_dir=stamps)
        assert not (tmp_path / "data").exists()  # nothing was created before the check
    assert not list((tmp_path / "stamps").glob("*"))  # a failing file is never stamped


@pytest.mark.parametrize(("phrase", "text", "matches"), [
    ("you're wrong", "you’re wrong", True),
    ("you're wrong", "youre wrong", True),
    ("you're wrong", "you're\n  wrong", True),
    ("I'm [a-z]+", "Im tired", True),
    ("are we ok", "r we ok", True),
    ("you always", "u always", True),
    ("your fault", "ur fault", True),
    ("you always", "yours always", False),
])
def test_phrase_syntax(phrase, text, matches):
    import re

    aliases = default_message_rules().aliases
    assert bool(re.fullmatch(phrase_to_regex(phrase, aliases), text, re.IGNORECASE)) is matches
