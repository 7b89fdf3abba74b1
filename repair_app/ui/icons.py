"""The Material icons Repair draws, made from their codes (issue 14: memory).

``ft.Icons.NAME`` loads Flet's table of every Material icon name on first use: 8,825
names, 1.8 MB of the server's memory, for the ~90 icons Repair shows. Here each icon is
made from its code, the number Flet sends to Flutter anyway, so the table is never loaded.
``tests/ui/test_icons.py`` checks every code against Flet's own table, so an upgrade that
renumbers the icons fails the tests instead of drawing the wrong icon;
``tests/app/test_startup.py`` checks that drawing every screen never loads the table.
"""

from __future__ import annotations

import flet as ft

try:  # the class ft.Icons makes its members of; Flet builds one from a code the same way
    from flet.controls.material.icons import _MaterialIconData as _material
except ImportError:  # pragma: no cover - a Flet that renamed it: the full table instead
    _material = None


def _icon(code: int) -> ft.IconData:
    if _material is None:  # pragma: no cover
        return next(icon for icon in ft.Icons if icon == code)
    return _material(code)


class Icons:
    """The same names as ``ft.Icons``."""

    ADD_CIRCLE_OUTLINE = _icon(65635)
    AIR = _icon(65741)
    ARROW_BACK = _icon(65957)
    ARROW_FORWARD = _icon(66001)
    BALANCE = _icon(66211)
    BEDTIME_OUTLINED = _icon(66317)
    BOOKMARK_BORDER = _icon(66422)
    CALENDAR_MONTH = _icon(66633)
    CALENDAR_MONTH_OUTLINED = _icon(66634)
    CALENDAR_VIEW_MONTH = _icon(66645)
    CELEBRATION_OUTLINED = _icon(66806)
    CHECK = _icon(66861)
    CHECK_CIRCLE = _icon(66870)
    CHECK_CIRCLE_OUTLINE = _icon(66871)
    CHEVRON_LEFT = _icon(66893)
    CHEVRON_RIGHT = _icon(66897)
    CLEAR = _icon(66937)
    CONTENT_COPY = _icon(67134)
    COPY = _icon(67179)
    DELETE_FOREVER = _icon(67412)
    DELETE_FOREVER_OUTLINED = _icon(67413)
    DELETE_OUTLINE = _icon(67416)
    DOWNLOAD = _icon(67776)
    DO_NOT_DISTURB_ON_OUTLINED = _icon(67690)
    EDIT_NOTE = _icon(67899)
    EDIT_OUTLINED = _icon(67911)
    ENHANCED_ENCRYPTION = _icon(68063)
    ENHANCED_ENCRYPTION_OUTLINED = _icon(68064)
    ERROR_OUTLINE = _icon(68072)
    EVENT_AVAILABLE_OUTLINED = _icon(68101)
    EXPAND_MORE = _icon(68136)
    FACE_OUTLINED = _icon(68216)
    FACT_CHECK_OUTLINED = _icon(68235)
    FAVORITE_BORDER = _icon(68259)
    FINGERPRINT = _icon(68456)
    FOLDER_OUTLINED = _icon(68627)
    HANDSHAKE_OUTLINED = _icon(69034)
    HELP_OUTLINE = _icon(69142)
    HISTORY = _icon(69189)
    INBOX_OUTLINED = _icon(69363)
    INFO_OUTLINE = _icon(69375)
    INSIGHTS = _icon(69420)
    INSIGHTS_OUTLINED = _icon(69421)
    LIGHTBULB_OUTLINE = _icon(69727)
    LIST_ALT = _icon(69766)
    LOCK = _icon(69946)
    LOCK_OPEN = _icon(69951)
    LOCK_OUTLINE = _icon(69955)
    MAP = _icon(70093)
    MAP_OUTLINED = _icon(70094)
    MENU_BOOK_OUTLINED = _icon(70187)
    MORE_TIME = _icon(70369)
    NOTIFICATIONS_ACTIVE_OUTLINED = _icon(70757)
    NOTIFICATIONS_NONE_OUTLINED = _icon(70761)
    NOTIFICATIONS_OFF_OUTLINED = _icon(70765)
    NOTIFICATIONS_OUTLINED = _icon(70772)
    NO_ENCRYPTION_OUTLINED = _icon(70651)
    PASSWORD = _icon(70977)
    PAUSE_CIRCLE_OUTLINE = _icon(70995)
    RADIO_BUTTON_CHECKED = _icon(71633)
    RADIO_BUTTON_OFF = _icon(71637)
    RADIO_BUTTON_UNCHECKED = _icon(71645)
    RATE_REVIEW = _icon(71668)
    RATE_REVIEW_OUTLINED = _icon(71669)
    REMOVE_CIRCLE_OUTLINE = _icon(71743)
    REPORT_GMAILERRORRED = _icon(71830)
    RESTART_ALT = _icon(71857)
    SAVE = _icon(72025)
    SAVE_ALT = _icon(72026)
    SAVE_OUTLINED = _icon(72034)
    SCHEDULE = _icon(72057)
    SELF_IMPROVEMENT = _icon(72173)
    SETTINGS = _icon(72245)
    SETTINGS_OUTLINED = _icon(72298)
    SPA_OUTLINED = _icon(72708)
    STAR_OUTLINE = _icon(72888)
    TABLE_VIEW = _icon(73221)
    TIMELAPSE = _icon(73445)
    TOUCH_APP = _icon(73525)
    UNDO = _icon(73726)
    UPLOAD_FILE = _icon(73771)
    VISIBILITY = _icon(73986)
    VISIBILITY_OFF = _icon(73987)
    WARNING_AMBER_ROUNDED = _icon(74074)
    WB_SUNNY = _icon(74139)
    WB_SUNNY_OUTLINED = _icon(74140)
    WB_TWILIGHT = _icon(74144)
