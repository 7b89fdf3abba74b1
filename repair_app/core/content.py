"""The program's words as typed objects, validated when loaded.

The words themselves live in ``repair_app/content/program.toml``; this module turns the
parsed document into frozen dataclasses and rejects a malformed file with a message that
names the exact place of the problem (``phases[2].sections[0].items[1].title: missing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SECTION_KINDS = ("text", "donts", "dos", "steps", "question", "practices")


class ContentError(ValueError):
    """The content file is malformed; the message names the place and the problem."""


@dataclass(frozen=True)
class Item:
    title: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    kind: str
    body: str = ""
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a user can tick on Today while the item's phase is active."""

    id: str
    label: str
    note_label: str = ""  # set: the item takes a short note (an appreciation's words)
    linked_to: str = ""  # e.g. "promise": the tick mirrors the promise card


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    nickname: str
    purpose: str
    starts_week: int
    common_mistake: str
    sections: tuple[Section, ...]
    checklist: tuple[ChecklistItem, ...] = ()
    #: What the morning reminder asks while this is the newest active phase and no
    #: promise is asked yet ("" : the phase's purpose).
    intention: str = ""


@dataclass(frozen=True)
class Welcome:
    title: str
    body: str


@dataclass(frozen=True)
class Questions:
    morning: str
    need: str
    partnership: str


@dataclass(frozen=True)
class Program:
    welcome: Welcome
    questions: Questions
    phases: tuple[Phase, ...]
    not_trying: Section

    def phase(self, number: int) -> Phase:
        for phase in self.phases:
            if phase.number == number:
                return phase
        raise KeyError(number)

    @property
    def phase_start_weeks(self) -> tuple[tuple[int, int], ...]:
        return tuple((p.number, p.starts_week) for p in self.phases)


def _text(doc: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = doc.get(key)
    if value is None:
        if required:
            raise ContentError(f"{where}.{key}: missing")
        return ""
    if not isinstance(value, str):
        raise ContentError(f"{where}.{key}: expected text, got {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise ContentError(f"{where}.{key}: is empty")
    return value


def _int(doc: dict[str, Any], key: str, where: str) -> int:
    value = doc.get(key)
    if value is None:
        raise ContentError(f"{where}.{key}: missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContentError(f"{where}.{key}: expected a whole number, got {value!r}")
    return value


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected a table, got {type(value).__name__}")
    return value


def _array(doc: dict[str, Any], key: str, where: str, *, required: bool = True) -> list[Any]:
    value = doc.get(key)
    if value is None:
        if required:
            raise ContentError(f"{where}.{key}: missing")
        return []
    if not isinstance(value, list):
        raise ContentError(f"{where}.{key}: expected a list, got {type(value).__name__}")
    return value


def _item(raw: Any, where: str) -> Item:
    doc = _table(raw, where)
    return Item(title=_text(doc, "title", where),
                detail=_text(doc, "detail", where, required=False))


def _section(raw: Any, where: str) -> Section:
    doc = _table(raw, where)
    kind = _text(doc, "kind", where)
    if kind not in SECTION_KINDS:
        raise ContentError(f"{where}.kind: {kind!r} is not one of {', '.join(SECTION_KINDS)}")
    items = tuple(
        _item(item, f"{where}.items[{i}]")
        for i, item in enumerate(_array(doc, "items", where, required=False))
    )
    body = _text(doc, "body", where, required=False)
    if not body and not items:
        raise ContentError(f"{where}: has neither a body nor items")
    return Section(id=_text(doc, "id", where), heading=_text(doc, "heading", where),
                   kind=kind, body=body, items=items)


def _checklist_item(raw: Any, where: str) -> ChecklistItem:
    doc = _table(raw, where)
    return ChecklistItem(
        id=_text(doc, "id", where),
        label=_text(doc, "label", where),
        note_label=_text(doc, "note_label", where, required=False),
        linked_to=_text(doc, "linked_to", where, required=False),
    )


def _phase(raw: Any, where: str) -> Phase:
    doc = _table(raw, where)
    sections = tuple(
        _section(s, f"{where}.sections[{i}]") for i, s in enumerate(_array(doc, "sections", where))
    )
    if not sections:
        raise ContentError(f"{where}.sections: is empty")
    checklist = tuple(
        _checklist_item(c, f"{where}.checklist[{i}]")
        for i, c in enumerate(_array(doc, "checklist", where, required=False))
    )
    starts_week = _int(doc, "starts_week", where)
    if starts_week < 1:
        raise ContentError(f"{where}.starts_week: must be 1 or more, got {starts_week}")
    return Phase(
        number=_int(doc, "number", where),
        name=_text(doc, "name", where),
        nickname=_text(doc, "nickname", where),
        purpose=_text(doc, "purpose", where),
        starts_week=starts_week,
        common_mistake=_text(doc, "common_mistake", where),
        sections=sections,
        checklist=checklist,
        intention=_text(doc, "intention", where, required=False),
    )


def parse_program(doc: Any) -> Program:
    """Build a :class:`Program` from a parsed content document, or raise ContentError."""
    doc = _table(doc, "content")
    welcome_doc = _table(doc.get("welcome"), "welcome")
    questions_doc = _table(doc.get("questions"), "questions")
    raw_phases = _array(doc, "phases", "content")
    phases = tuple(_phase(p, f"phases[{i}]") for i, p in enumerate(raw_phases))
    numbers = [p.number for p in phases]
    if sorted(numbers) != list(range(1, len(phases) + 1)) or not phases:
        raise ContentError(f"phases: numbers must run 1, 2, 3 … without gaps, got {numbers}")
    if list(numbers) != sorted(numbers):
        raise ContentError(f"phases: must be listed in order, got {numbers}")
    weeks = [p.starts_week for p in phases]
    if weeks != sorted(weeks):
        raise ContentError(f"phases: starts_week must not go down from phase to phase: {weeks}")
    ids = [c.id for p in phases for c in p.checklist]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        repeated = ", ".join(duplicates)
        raise ContentError(f"phases: checklist ids must be unique, repeated: {repeated}")
    for p in phases:
        section_ids = [s.id for s in p.sections]
        if len(set(section_ids)) != len(section_ids):
            raise ContentError(f"phase {p.number}: section ids must be unique: {section_ids}")
    return Program(
        welcome=Welcome(title=_text(welcome_doc, "title", "welcome"),
                        body=_text(welcome_doc, "body", "welcome")),
        questions=Questions(
            morning=_text(questions_doc, "morning", "questions"),
            need=_text(questions_doc, "need", "questions"),
            partnership=_text(questions_doc, "partnership", "questions"),
        ),
        phases=phases,
        not_trying=_section(doc.get("not_trying"), "not_trying"),
    )
