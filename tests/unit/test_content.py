"""The bundled program file and the content schema that guards it."""

from __future__ import annotations

import copy
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from repair_app.content import PROGRAM_FILE, default_program, load_program
from repair_app.core.content import ContentError, Program, Section, parse_program

MORNING = "What's one small promise I can make today that I know I can keep?"
NEED = "What do you need right now?"
PARTNERSHIP = "How can we solve this together instead of against each other?"

SECTION_IDS = {
    1: ("donts", "dos"),
    2: ("micro_commitments", "example", "morning_question"),
    3: ("five_to_one", "daily_practices"),
    4: ("conflict_upgrade", "repair_toolkit", "partnership_question"),
}
SECTION_KINDS = {
    "donts": "donts",
    "dos": "dos",
    "micro_commitments": "steps",
    "example": "text",
    "morning_question": "question",
    "five_to_one": "text",
    "daily_practices": "practices",
    "conflict_upgrade": "steps",
    "repair_toolkit": "steps",
    "partnership_question": "question",
}
CHECKLIST_IDS = {
    1: ("no_defending", "no_blame", "gave_space", "positive_action"),
    2: ("promise_kept",),
    3: ("appreciation", "curiosity", "micro_adventure", "phone_free"),
    4: ("i_notice", "asked_need"),
}
PHASE_NAMES = {
    1: ("Stop making it worse", "Damage control"),
    2: ("Rebuild trust through micro-actions", "Foundation"),
    3: ("Create new patterns of connection", "Rebuilding"),
    4: ("Navigate challenges together", "Partnership"),
}


@pytest.fixture(scope="module")
def program() -> Program:
    return load_program()


@pytest.fixture
def doc() -> dict[str, Any]:
    """A fresh, mutable copy of the bundled document for building malformed variants."""
    return copy.deepcopy(_RAW)


_RAW: dict[str, Any] = tomllib.loads(PROGRAM_FILE.read_text(encoding="utf-8"))


def _section(program: Program, phase: int, section_id: str) -> Section:
    return next(s for s in program.phase(phase).sections if s.id == section_id)


def _texts(program: Program) -> Iterator[tuple[str, str]]:
    """Every user-visible text in the program, with a label saying where it is."""
    yield "welcome.title", program.welcome.title
    yield "welcome.body", program.welcome.body
    yield "questions.morning", program.questions.morning
    yield "questions.need", program.questions.need
    yield "questions.partnership", program.questions.partnership
    sections = [(f"phase {p.number}", s) for p in program.phases for s in p.sections]
    sections.append(("not_trying", program.not_trying))
    for p in program.phases:
        for field in ("name", "nickname", "purpose", "common_mistake"):
            yield f"phase {p.number}.{field}", getattr(p, field)
        for c in p.checklist:
            yield f"phase {p.number}.checklist.{c.id}.label", c.label
            yield f"phase {p.number}.checklist.{c.id}.note_label", c.note_label
    for where, s in sections:
        yield f"{where}.{s.id}.heading", s.heading
        yield f"{where}.{s.id}.body", s.body
        for i, item in enumerate(s.items):
            yield f"{where}.{s.id}.items[{i}].title", item.title
            yield f"{where}.{s.id}.items[{i}].detail", item.detail


# --- the bundled file ------------------------------------------------------------------------


def test_bundled_file_loads(program: Program) -> None:
    assert isinstance(program, Program)
    assert default_program() == program
    assert program.welcome.title
    assert program.welcome.body


def test_four_phases_in_order_with_start_weeks(program: Program) -> None:
    assert [p.number for p in program.phases] == [1, 2, 3, 4]
    assert [p.starts_week for p in program.phases] == [1, 2, 3, 4]
    assert program.phase_start_weeks == ((1, 1), (2, 2), (3, 3), (4, 4))


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_phase_names_and_nicknames(program: Program, number: int) -> None:
    phase = program.phase(number)
    assert (phase.name, phase.nickname) == PHASE_NAMES[number]
    assert phase.purpose
    assert phase.common_mistake


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_phase_has_required_sections(program: Program, number: int) -> None:
    sections = {s.id: s for s in program.phase(number).sections}
    assert tuple(sections) == SECTION_IDS[number]
    for section_id, section in sections.items():
        assert section.kind == SECTION_KINDS[section_id], section_id


def test_phase_lookup_of_unknown_number_raises(program: Program) -> None:
    with pytest.raises(KeyError):
        program.phase(5)


def test_questions_are_exact(program: Program) -> None:
    assert program.questions.morning == MORNING
    assert program.questions.need == NEED
    assert program.questions.partnership == PARTNERSHIP


def test_question_sections_open_with_the_exact_question(program: Program) -> None:
    morning = _section(program, 2, "morning_question")
    partnership = _section(program, 4, "partnership_question")
    assert morning.body.splitlines()[0] == MORNING
    assert partnership.body.splitlines()[0] == PARTNERSHIP
    # each also says when to ask it
    assert len(morning.body) > len(MORNING) + 10
    assert len(partnership.body) > len(PARTNERSHIP) + 10


def test_need_question_appears_in_conflict_upgrade(program: Program) -> None:
    titles = [item.title for item in _section(program, 4, "conflict_upgrade").items]
    assert any(NEED in title for title in titles)


def test_checklist_ids_are_exact(program: Program) -> None:
    for phase in program.phases:
        assert tuple(c.id for c in phase.checklist) == CHECKLIST_IDS[phase.number]


def test_checklist_notes_and_links(program: Program) -> None:
    items = {c.id: c for p in program.phases for c in p.checklist}
    assert items["no_defending"].label == "I didn't defend myself today"
    assert items["promise_kept"].label == "I kept today's promise"
    assert items["promise_kept"].linked_to == "promise"
    assert items["positive_action"].note_label
    assert items["appreciation"].note_label
    noted = {i for i, c in items.items() if c.note_label}
    linked = {i for i, c in items.items() if c.linked_to}
    assert noted == {"positive_action", "appreciation"}
    assert linked == {"promise_kept"}


def test_checklist_labels_are_first_person(program: Program) -> None:
    for phase in program.phases:
        for c in phase.checklist:
            assert c.label.startswith("I "), c.id


def test_phase_one_has_five_donts_and_four_dos(program: Program) -> None:
    assert len(_section(program, 1, "donts").items) == 5
    assert len(_section(program, 1, "dos").items) == 4
    for item in _section(program, 1, "donts").items + _section(program, 1, "dos").items:
        assert item.detail, item.title


def test_lists_have_the_expected_lengths(program: Program) -> None:
    assert len(_section(program, 2, "micro_commitments").items) == 4
    assert len(_section(program, 3, "daily_practices").items) == 4
    assert len(_section(program, 4, "conflict_upgrade").items) == 4
    assert len(_section(program, 4, "repair_toolkit").items) == 4


def test_not_trying_section(program: Program) -> None:
    section = program.not_trying
    assert section.id == "not_trying"
    assert section.kind in ("text", "steps")
    assert section.body
    assert [item.title.split(":")[0] for item in section.items] == ["Week 1", "Week 2", "Week 3"]


def test_texts_fit_on_a_phone(program: Program) -> None:
    limits = {"title": 60, "detail": 220, "body": 400, "heading": 60, "label": 60}
    for where, text in _texts(program):
        field = where.rsplit(".", 1)[-1]
        if field in limits:
            assert len(text) <= limits[field], f"{where}: {len(text)} characters"


def test_no_control_characters_or_placeholders(program: Program) -> None:
    placeholder = re.compile(
        r"\b(todo|fixme|tbd|xxx|lorem|ipsum)\b|\{\{|\}\}|<[a-z]+>", re.IGNORECASE
    )
    for where, text in _texts(program):
        assert text == text.strip(), f"{where}: stray whitespace at an end"
        for ch in text:
            assert ch == "\n" or unicodedata.category(ch) != "Cc", f"{where}: control {ch!r}"
        assert not placeholder.search(text), f"{where}: placeholder in {text!r}"


def test_no_marketing_or_advisor_words(program: Program) -> None:
    banned = re.compile(r"click here|\bAI\b|advisor|adviser|sign up|subscribe", re.IGNORECASE)
    for where, text in _texts(program):
        assert not banned.search(text), f"{where}: {text!r}"


# --- malformed content -------------------------------------------------------------------------


def _fails(doc: Any, *fragments: str) -> str:
    with pytest.raises(ContentError) as caught:
        parse_program(doc)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_the_unmodified_document_parses(doc: dict[str, Any]) -> None:
    assert parse_program(doc) == load_program()


def test_missing_phase_key(doc: dict[str, Any]) -> None:
    del doc["phases"][1]["name"]
    _fails(doc, "phases[1].name: missing")


def test_missing_item_title(doc: dict[str, Any]) -> None:
    del doc["phases"][0]["sections"][0]["items"][2]["title"]
    _fails(doc, "phases[0].sections[0].items[2].title: missing")


def test_missing_question(doc: dict[str, Any]) -> None:
    del doc["questions"]["need"]
    _fails(doc, "questions.need: missing")


def test_missing_welcome_table(doc: dict[str, Any]) -> None:
    del doc["welcome"]
    _fails(doc, "welcome")


def test_missing_not_trying(doc: dict[str, Any]) -> None:
    del doc["not_trying"]
    _fails(doc, "not_trying")


def test_missing_phases(doc: dict[str, Any]) -> None:
    del doc["phases"]
    _fails(doc, "content.phases: missing")


def test_empty_required_text(doc: dict[str, Any]) -> None:
    doc["phases"][2]["purpose"] = "   "
    _fails(doc, "phases[2].purpose: is empty")


def test_wrong_type_for_text(doc: dict[str, Any]) -> None:
    doc["phases"][0]["nickname"] = 7
    _fails(doc, "phases[0].nickname: expected text, got int")


def test_wrong_type_for_number(doc: dict[str, Any]) -> None:
    doc["phases"][1]["starts_week"] = "two"
    _fails(doc, "phases[1].starts_week: expected a whole number")


def test_boolean_is_not_a_number(doc: dict[str, Any]) -> None:
    doc["phases"][0]["number"] = True
    _fails(doc, "phases[0].number: expected a whole number")


def test_wrong_type_for_list(doc: dict[str, Any]) -> None:
    doc["phases"][3]["sections"] = "conflict_upgrade"
    _fails(doc, "phases[3].sections: expected a list, got str")


def test_wrong_type_for_table(doc: dict[str, Any]) -> None:
    doc["phases"][2]["checklist"][0] = "appreciation"
    _fails(doc, "phases[2].checklist[0]: expected a table, got str")


def test_document_not_a_table() -> None:
    _fails(["not", "a", "table"], "content: expected a table")


def test_bad_section_kind(doc: dict[str, Any]) -> None:
    doc["phases"][0]["sections"][1]["kind"] = "rant"
    _fails(doc, "phases[0].sections[1].kind: 'rant' is not one of")


def test_section_without_body_or_items(doc: dict[str, Any]) -> None:
    section = doc["phases"][1]["sections"][0]
    section.pop("body", None)
    del section["items"]
    _fails(doc, "phases[1].sections[0]: has neither a body nor items")


def test_phase_without_sections(doc: dict[str, Any]) -> None:
    doc["phases"][0]["sections"] = []
    _fails(doc, "phases[0].sections: is empty")


def test_duplicate_checklist_id(doc: dict[str, Any]) -> None:
    doc["phases"][3]["checklist"][0]["id"] = "no_defending"
    _fails(doc, "checklist ids must be unique", "no_defending")


def test_duplicate_section_id(doc: dict[str, Any]) -> None:
    doc["phases"][3]["sections"][1]["id"] = "conflict_upgrade"
    _fails(doc, "phase 4: section ids must be unique")


def test_gap_in_phase_numbers(doc: dict[str, Any]) -> None:
    doc["phases"][3]["number"] = 5
    _fails(doc, "without gaps", "[1, 2, 3, 5]")


def test_no_phases_at_all(doc: dict[str, Any]) -> None:
    doc["phases"] = []
    _fails(doc, "without gaps")


def test_phases_out_of_order(doc: dict[str, Any]) -> None:
    doc["phases"][0], doc["phases"][1] = doc["phases"][1], doc["phases"][0]
    _fails(doc, "must be listed in order", "[2, 1, 3, 4]")


def test_start_weeks_going_down(doc: dict[str, Any]) -> None:
    doc["phases"][2]["starts_week"] = 1
    _fails(doc, "starts_week must not go down", "[1, 2, 1, 4]")


def test_start_week_below_one(doc: dict[str, Any]) -> None:
    doc["phases"][0]["starts_week"] = 0
    _fails(doc, "phases[0].starts_week: must be 1 or more")


# --- reading files -----------------------------------------------------------------------------


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "program.toml"
    path.write_text('[welcome\ntitle = "Hi"\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_program(path)
    assert str(path) in str(caught.value)
    assert "is not valid TOML" in str(caught.value)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ContentError) as caught:
        load_program(path)
    assert str(path) in str(caught.value)
    assert "cannot be read" in str(caught.value)


def test_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="cannot be read"):
        load_program(tmp_path)


def test_non_utf8_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "program.toml"
    path.write_bytes(b'[welcome]\ntitle = "\xff\xfe"\n')
    with pytest.raises(ContentError) as caught:
        load_program(path)
    assert str(path) in str(caught.value)
    assert "is not valid UTF-8" in str(caught.value)


def test_schema_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    text = PROGRAM_FILE.read_text(encoding="utf-8").replace('kind = "dos"', 'kind = "maybe"', 1)
    path = tmp_path / "program.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_program(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "phases[0].sections[1].kind: 'maybe' is not one of" in message


def test_a_valid_copy_elsewhere_loads(tmp_path: Path) -> None:
    path = tmp_path / "program.toml"
    path.write_text(PROGRAM_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_program(path) == load_program()
