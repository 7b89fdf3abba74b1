"""Content files that passed validation are remembered by their exact bytes, so a start
skips the check only for files it has already seen pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from repair_app import app
from repair_app.content.validated import content_key, validate_once
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
