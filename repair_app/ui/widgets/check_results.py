"""How a message check looks: the verdict, the message with its problems highlighted,
and one card per kind of problem with why it backfires and what to try instead."""

from __future__ import annotations

from collections.abc import Collection

import flet as ft

from repair_app.core.content import Program
from repair_app.core.message_check import CheckResult, Finding, highlight_segments
from repair_app.ui.icons import Icons
from repair_app.ui.widgets.common import card, heading, paragraph, pill

#: The highlighted copy of a very long message shows only its start.
HIGHLIGHT_MAX_CHARS = 20_000
QUOTES_PER_KIND = 4

_VERDICT_LOOK = {
    "clear": (Icons.CHECK_CIRCLE_OUTLINE, ft.Colors.PRIMARY_CONTAINER,
              ft.Colors.ON_PRIMARY_CONTAINER),
    "reword": (Icons.EDIT_NOTE, ft.Colors.TERTIARY_CONTAINER, ft.Colors.ON_TERTIARY_CONTAINER),
    "wait": (Icons.BEDTIME_OUTLINED, ft.Colors.ERROR_CONTAINER, ft.Colors.ON_ERROR_CONTAINER),
}
_HIGHLIGHT = {
    "reword": ft.TextStyle(bgcolor=ft.Colors.TERTIARY_CONTAINER,
                           color=ft.Colors.ON_TERTIARY_CONTAINER,
                           decoration=ft.TextDecoration.UNDERLINE,
                           decoration_color=ft.Colors.TERTIARY),
    "wait": ft.TextStyle(bgcolor=ft.Colors.ERROR_CONTAINER, color=ft.Colors.ON_ERROR_CONTAINER,
                         decoration=ft.TextDecoration.UNDERLINE,
                         decoration_color=ft.Colors.ERROR),
}


def verdict_card(result: CheckResult) -> ft.Control:
    verdict = result.verdict
    icon, background, foreground = _VERDICT_LOOK[verdict.level]
    return ft.Container(
        content=ft.Column([
            ft.Row([ft.Icon(icon, color=foreground, size=28),
                    ft.Text(verdict.title, theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            weight=ft.FontWeight.W_600, color=foreground, expand=True)],
                   spacing=12),
            ft.Text(verdict.body, theme_style=ft.TextThemeStyle.BODY_LARGE, color=foreground),
        ], spacing=8),
        bgcolor=background,
        border_radius=12,
        padding=16,
    )


def highlighted_text(text: str, result: CheckResult) -> ft.Text:
    """The message as written, each problem span highlighted (spans are str offsets)."""
    severity = {f.kind: f.severity for f in result.findings}
    spans = []
    for segment in highlight_segments(text, result.findings, max_chars=HIGHLIGHT_MAX_CHARS):
        piece = text[segment.start:segment.end]
        style = None
        if segment.kinds:
            worst = "wait" if any(severity[k] == "wait" for k in segment.kinds) else "reword"
            style = _HIGHLIGHT[worst]
        spans.append(ft.TextSpan(piece, style=style))
    return ft.Text(spans=spans, selectable=True, theme_style=ft.TextThemeStyle.BODY_LARGE)


def message_card(text: str, result: CheckResult) -> ft.Control:
    controls: list[ft.Control] = [heading("Your message, marked up", level=3)]
    marked = any(f.span is not None for f in result.findings)
    if marked:
        controls.append(paragraph("Highlighted: the parts to look at again.", muted=True))
    # Selectable rich text reaches a screen reader as an unnamed text box, highlights lost:
    # name it with the message and the parts to look at again.
    spans = [f for f in result.findings if f.span is not None]
    shown = text[:HIGHLIGHT_MAX_CHARS]
    label = f"Your message: {shown}"
    if spans:
        label += f". Parts to look at again: {quoted(text, spans)}."
    controls.append(ft.Semantics(label=label, exclude_semantics=True,
                                 content=highlighted_text(text, result)))
    if len(text) > HIGHLIGHT_MAX_CHARS:
        controls.append(paragraph(f"Showing the first {HIGHLIGHT_MAX_CHARS:,} of "
                                  f"{len(text):,} characters.", muted=True))
    return card(controls)


def quoted(text: str, findings: list[Finding]) -> str:
    """'"you always" · "your fault" and 3 more' for span findings; details for the others."""
    quotes: list[str] = []
    details: list[str] = []
    for finding in findings:
        span = finding.span
        if span is None:
            details.append(f"About the whole message: {finding.detail}.")
            continue
        words = " ".join(text[span[0]:span[1]].split())
        if len(words) > 60:
            words = words[:59].rstrip() + "…"
        quote = f"“{words}”"
        if quote not in quotes:
            quotes.append(quote)
    line = " · ".join(quotes[:QUOTES_PER_KIND])
    if len(quotes) > QUOTES_PER_KIND:
        line += f" and {len(quotes) - QUOTES_PER_KIND} more"
    return "\n".join([*details, *([line] if line else [])])


def finding_card(text: str, findings: list[Finding], program: Program,
                 reached: Collection[int] | None = None) -> ft.Control:
    """One kind of finding. The phase it comes from is named only if the user has reached
    it (``reached``: the active phases; None names every phase)."""
    first = findings[0]
    phase = program.phase(first.phase)
    named = reached is None or first.phase in reached
    icon = Icons.BEDTIME_OUTLINED if first.severity == "wait" else Icons.EDIT_NOTE
    color = ft.Colors.ERROR if first.severity == "wait" else ft.Colors.TERTIARY
    return card([
        ft.Row([ft.Icon(icon, color=color),
                ft.Text(first.label, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        weight=ft.FontWeight.W_600, expand=True)],
               spacing=12, vertical_alignment=ft.CrossAxisAlignment.START),
        ft.Text(quoted(text, findings), theme_style=ft.TextThemeStyle.BODY_LARGE,
                italic=True),
        *([ft.Row([pill(f"Phase {phase.number} · {phase.name}")], wrap=True)]
          if named else []),
        paragraph(first.why),
        ft.Row([ft.Container(
            content=ft.Column([
                ft.Text("Try instead", theme_style=ft.TextThemeStyle.LABEL_LARGE,
                        color=ft.Colors.PRIMARY, weight=ft.FontWeight.W_600),
                ft.Text(first.suggestion, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ], spacing=4),
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH,
            border_radius=8,
            padding=12,
            expand=True,
        )]),
    ])


def result_controls(text: str, result: CheckResult, program: Program,
                    reached: Collection[int] | None = None) -> list[ft.Control]:
    controls: list[ft.Control] = [verdict_card(result), message_card(text, result)]
    for findings in result.by_kind().values():
        controls.append(finding_card(text, findings, program, reached))
    return controls
