"""Small building blocks shared by the screens: type scale, cards and the page column."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import flet as ft

from repair_app.ui.icons import Icons
from repair_app.ui.theme import MIN_TAP, READING_COLUMNS

#: Room kept below a screen's content for the Pause button floating over it (16 px margin,
#: a 56 px button and some air).
PAUSE_CLEARANCE = 96
#: A text field taking focus is scrolled this clear of the edges: at the bottom, above the
#: Pause button (Flutter's 20 px left a field's end, say a passcode's eye, under it).
FIELD_SCROLL_PADDING = ft.Padding.only(left=20, top=20, right=20, bottom=PAUSE_CLEARANCE)


def page_body(controls: Sequence[ft.Control]) -> ft.Control:
    """A scrolling column: full width on phones, a centred reading column on wide screens."""
    return ft.Column(
        controls=[
            ft.ResponsiveRow(
                controls=[
                    ft.Container(
                        content=ft.Column(controls=list(controls), spacing=16,
                                          horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                        col=READING_COLUMNS,
                        padding=ft.Padding.only(left=16, right=16, top=16,
                                                bottom=PAUSE_CLEARANCE),
                    )
                ],
                alignment=ft.MainAxisAlignment.CENTER,
            )
        ],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )


def heading(text: str, *, level: int = 1) -> ft.Text:
    style = {
        1: ft.TextThemeStyle.HEADLINE_SMALL,
        2: ft.TextThemeStyle.TITLE_LARGE,
        3: ft.TextThemeStyle.TITLE_MEDIUM,
    }[level]
    return ft.Text(text, theme_style=style, weight=ft.FontWeight.W_600)


def paragraph(text: str, *, muted: bool = False, selectable: bool = False) -> ft.Text:
    return ft.Text(
        text,
        theme_style=ft.TextThemeStyle.BODY_LARGE,
        color=ft.Colors.ON_SURFACE_VARIANT if muted else None,
        selectable=selectable,
    )


def card(controls: Sequence[ft.Control], *, tinted: bool = False,
         narrow: bool = False) -> ft.Card:
    """``narrow``: 8 px at the sides instead of 16, for a seven-column calendar whose cells
    must stay 48 px wide on a 390 px phone."""
    return ft.Card(
        semantic_container=False,
        content=ft.Container(
            content=ft.Column(controls=list(controls), spacing=10),
            padding=ft.Padding.symmetric(horizontal=8, vertical=16) if narrow else 16,
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER if tinted else None,
        margin=0,
    )


def pill(text: str, *, strong: bool = False) -> ft.Container:
    """A small status label (e.g. "Active this week")."""
    return ft.Container(
        content=ft.Text(
            text,
            theme_style=ft.TextThemeStyle.LABEL_LARGE,
            color=ft.Colors.ON_PRIMARY_CONTAINER if strong else ft.Colors.ON_SURFACE_VARIANT,
        ),
        bgcolor=ft.Colors.PRIMARY_CONTAINER if strong else ft.Colors.SURFACE_CONTAINER_HIGHEST,
        border_radius=12,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
    )


def icon_line(icon: ft.IconData, title: str, detail: str = "", *, color=None) -> ft.Row:
    """An icon beside a bold title and an optional explanation."""
    texts: list[ft.Control] = [
        ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600)
    ]
    if detail:
        texts.append(ft.Text(detail, theme_style=ft.TextThemeStyle.BODY_MEDIUM))
    return ft.Row(
        controls=[
            ft.Icon(icon, color=color, size=22),
            ft.Column(controls=texts, spacing=2, expand=True),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
        spacing=12,
    )


def date_label(value) -> str:
    """'Mon 23 Nov 2026': unambiguous in every locale we ship."""
    return f"{value:%a} {value.day} {value:%b %Y}"


def icon_action(icon: ft.IconData, label: str, on_click) -> ft.Control:
    """An icon button a screen reader can name, as one stop. The label sits on a Semantics
    node marked as a button (in Flutter's web semantics a bare tooltip only labels a
    wrapper, and tooltip plus label would be read twice); MergeSemantics folds the icon
    button's own, unnamed node into it, so the named node is the one that taps."""
    return ft.MergeSemantics(content=ft.Semantics(
        label=label,
        button=True,
        content=ft.IconButton(icon, on_click=on_click, width=MIN_TAP,
                              height=MIN_TAP),
    ))


def reveal_toggle(field: ft.TextField, what: str = "passcode") -> ft.TextField:
    """Give a password field a named, 48 px "Show passcode" / "Hide passcode" button in
    place of Flutter's own eye, which a screen reader can't name and is 40 px on the web."""
    field.can_reveal_password = False
    action = icon_action(Icons.VISIBILITY, f"Show {what}", lambda _e: toggle())
    button = icon_action_button(action)

    def toggle() -> None:
        field.password = not field.password
        action.content.label = f"{'Show' if field.password else 'Hide'} {what}"
        button.icon = Icons.VISIBILITY if field.password else Icons.VISIBILITY_OFF

    field.suffix_icon = action
    return field


def tap_target(control: ft.Control, *, height: int = MIN_TAP) -> ft.Control:
    """A labelled switch, radio or checkbox as one stop of at least 48 px: Flutter on the
    web draws them 40 (or 32) high; the merged node takes the 48 px row around them."""
    return ft.MergeSemantics(content=ft.Container(
        content=control, height=height, alignment=ft.Alignment.CENTER_LEFT))


#: A segmented button's segments, 48 px high (Flutter's web default is 32).
SEGMENT_STYLE = ft.ButtonStyle(visual_density=ft.VisualDensity.STANDARD,
                               padding=ft.Padding.symmetric(horizontal=12, vertical=14))


def spoken_segment(name: str, selected: bool) -> str:
    """What a screen reader says for one segment: its name, and "selected" on the chosen one
    (Flutter on the web marks it only aria-current, which readers pass over)."""
    return f"{name}, selected" if selected else name


def segments(options: Sequence[tuple[str, str]], selected: str, *,
             spoken: str = "{label}") -> list[ft.Segment]:
    """Segments for ``(value, label)`` pairs whose names say which one is chosen.
    ``spoken``: how a segment is named aloud ("{label} theme")."""
    result = []
    for value, label in options:
        name = spoken.format(label=label)
        result.append(ft.Segment(value=value, data=name, label=ft.Text(
            label, semantics_label=spoken_segment(name, value == selected))))
    return result


def mark_selected(button: ft.SegmentedButton) -> None:
    """After a change of choice: name the newly chosen segment "selected", the rest not."""
    chosen = set(button.selected or [])
    for segment in button.segments:
        if isinstance(segment.label, ft.Text) and isinstance(segment.data, str):
            segment.label.semantics_label = spoken_segment(segment.data, segment.value in chosen)


def named_dropdown(dropdown: ft.Dropdown, name: str) -> ft.Control:
    """A dropdown as one named stop: Flutter's web semantics gives a Dropdown's menu button
    no name (its floating label isn't attached); the merged node says ``name`` and the
    chosen value, and opens the menu."""
    # the wrappers take the dropdown's expand, or a Row gives it unbounded width
    return ft.MergeSemantics(expand=dropdown.expand, content=ft.Semantics(
        label=name, content=dropdown, expand=dropdown.expand))


def icon_action_button(action: ft.Control) -> ft.IconButton:
    """The IconButton inside an :func:`icon_action` (to enable or disable it)."""
    button = action.content.content if isinstance(action, ft.MergeSemantics) else action
    assert isinstance(button, ft.IconButton)
    return button


def update_if_mounted(*controls: ft.Control) -> None:
    """Redraw just these controls. Outside a page (control-tree tests) there is nothing
    to redraw, and Flet raises RuntimeError."""
    for control in controls:
        with contextlib.suppress(RuntimeError):
            control.update()


def link_tile(icon: ft.IconData, title: str, subtitle: str, on_click) -> ft.Card:
    """A card that opens another screen: icon, title, one line of what is there."""
    return ft.Card(
        semantic_container=False,
        margin=0,
        content=ft.ListTile(
            leading=ft.Icon(icon, color=ft.Colors.PRIMARY),
            title=ft.Text(title, weight=ft.FontWeight.W_600),
            subtitle=paragraph(subtitle, muted=True),
            trailing=ft.Icon(Icons.CHEVRON_RIGHT),
            min_height=64,
            on_click=on_click,
        ),
    )
