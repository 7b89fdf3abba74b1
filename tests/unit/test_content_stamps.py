"""Content files that passed validation are remembered by their exact bytes, so a start
skips the check only for files it has already seen pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from repair_app import app
from repair_app.content.apology_rules import APOLOGY_RULES_FILE, load_apology_rules
from repair_app.content.message_rules import MESSAGE_RULES_FILE, load_message_rules
from repair_app.content.validated import content_key, passed, validate_once
from repair_app.core import message_rules as core_rules
from repair_app.core.content import ContentError


class Counter:
    def __init__(self, error: Exception | None = None) -> None:
        self.calls = 0
        self.error = error

    def __call__(self) -> None:
        self.calls += 1
        if self.error is not None:
            raise self.error


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text('[[kinds]]\nid = "blame"\n', encoding="utf-8")
    return path


def test_files_that_passed_are_not_checked_again(tmp_path, rules):
    check, stamps = Counter(), tmp_path / "stamps"
    assert validate_once([rules], check, stamps) is True
    assert validate_once([rules], check, stamps) is False
    assert check.calls == 1
    assert len(list(stamps.glob("content-*.ok"))) == 1


def test_an_edited_file_is_checked_again(tmp_path, rules):
    check, stamps = Counter(), tmp_path / "stamps"
    validate_once([rules], check, stamps)
    original = rules.read_text(encoding="utf-8")
    rules.write_text('[[kinds]]\nid = "blame "\n', encoding="utf-8")  # one byte more
    assert validate_once([rules], check, stamps) is True
    assert check.calls == 2
    assert f"content-{content_key([rules])}.ok" in {p.name for p in stamps.iterdir()}
    rules.write_text(original, encoding="utf-8")  # back to bytes that passed
    assert validate_once([rules], check, stamps) is False
    assert check.calls == 2


def test_a_failing_file_is_never_stamped_and_fails_every_time(tmp_path, rules):
    check, stamps = Counter(ContentError("rules.toml: kinds[0].label: missing")), \
        tmp_path / "stamps"
    for _ in range(2):
        with pytest.raises(ContentError, match="label: missing"):
            validate_once([rules], check, stamps)
    assert check.calls == 2
    assert not list(stamps.glob("*"))


def test_no_stamp_folder_means_always_check(rules):
    check = Counter()
    assert validate_once([rules], check, None) and validate_once([rules], check, None)
    assert check.calls == 2


def test_a_stamp_that_cannot_be_written_only_means_checking_again(tmp_path, rules):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    check = Counter()
    assert validate_once([rules], check, blocked) is True
    assert validate_once([rules], check, blocked) is True
    assert check.calls == 2


def test_the_key_covers_the_checking_code_and_missing_files(tmp_path, rules):
    assert content_key([rules]) == content_key([rules])
    assert content_key([rules]) != content_key([rules], modules=())
    missing = tmp_path / "missing.toml"
    assert content_key([missing]) != content_key([rules])


def test_the_app_checks_the_bundled_rules_once_then_trusts_the_stamp(tmp_path, monkeypatch):
    calls = Counter()
    real = app.validate_rules

    def counted() -> None:
        calls()
        real()

    monkeypatch.setattr(app, "validate_rules", counted)
    for _ in range(2):
        app.Services.open(tmp_path / "data", stamp_dir=tmp_path / "stamps").store.close()
    assert calls.calls == 1


def test_files_that_passed_are_remembered_by_their_bytes(tmp_path, rules):
    """A loader may skip the slow part of its check for bytes that passed: at this start
    (the check ran) or an earlier one (the stamp was there)."""
    data = rules.read_bytes()
    assert not passed(rules, data)
    validate_once([rules], Counter(), tmp_path / "stamps")
    assert passed(rules, data)
    assert not passed(rules, data + b" ")
    other = tmp_path / "other.toml"
    other.write_bytes(data)
    assert not passed(other, data)  # another file with the same bytes has not passed


def test_a_failed_check_is_not_remembered(tmp_path):
    path = tmp_path / "failing.toml"
    path.write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(ContentError):
        validate_once([path], Counter(ContentError("bad")), tmp_path / "stamps")
    assert not passed(path, path.read_bytes())


def compiled_alone(fragment: str, where: str) -> None:
    raise AssertionError(f"{where} was compiled alone")


def test_rules_that_passed_load_without_compiling_each_phrase_alone(tmp_path, monkeypatch):
    """The warm-up after the first frame loads the rules at every start; compiling each
    phrase alone (to name a malformed one) was two thirds of it. For bytes that passed,
    the rules load the same without it."""
    path = tmp_path / "message_rules.toml"
    path.write_bytes(MESSAGE_RULES_FILE.read_bytes())
    checked = load_message_rules(path, model_file=None)
    validate_once([path], lambda: load_message_rules(path, model_file=None),
                  tmp_path / "stamps")

    monkeypatch.setattr(core_rules, "_check_fragment", compiled_alone)
    trusted = load_message_rules(path, model_file=None)
    assert trusted.kinds == checked.kinds
    for mine, theirs in zip(trusted.kinds, checked.kinds, strict=True):
        assert (mine.sources, mine.unless_source, mine.matcher_source) == (
            theirs.sources, theirs.unless_source, theirs.matcher_source)
        assert getattr(mine.unless_folded, "pattern", None) == getattr(
            theirs.unless_folded, "pattern", None)
        assert getattr(mine.release_matcher, "pattern", None) == getattr(
            theirs.release_matcher, "pattern", None)
    # Changed by one phrase since it passed: checked in full, and the bad phrase named.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('phrases = [', 'phrases = ["(unclosed", ', 1),
                    encoding="utf-8")
    monkeypatch.undo()
    with pytest.raises(ContentError, match=r"phrases\[0\]: not a valid pattern"):
        load_message_rules(path, model_file=None)


def test_apology_rules_that_passed_load_the_same_way(tmp_path, monkeypatch):
    path = tmp_path / "apology_rules.toml"
    path.write_bytes(APOLOGY_RULES_FILE.read_bytes())
    checked = load_apology_rules(path)
    validate_once([path], lambda: load_apology_rules(path), tmp_path / "stamps")
    monkeypatch.setattr(core_rules, "_check_fragment", compiled_alone)
    trusted = load_apology_rules(path)
    assert [k.id for k in trusted.rules.kinds] == [k.id for k in checked.rules.kinds]
