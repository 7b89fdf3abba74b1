"""Drawing Progress's charts from the core's figures (``repair_app.core.progress``).

Nothing is counted here. Each chart card has a heading, the core's one-sentence reading,
the chart (or the core's empty state, never an empty axis), a legend, and a "Show as text"
list of every figure. The chart itself is a Semantics image whose label is the reading,
so a screen reader (and a browser test) can read it.
"""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft
import flet_charts as fc

from repair_app.core.checklist import COMPLETE, EMPTY, PARTIAL
from repair_app.core.progress import (
    HEAT_LEVELS,
    AxisTick,
    Chart,
    ChecklistChart,
    HeatCell,
    MomentsChart,
    PausesChart,
    PromisesChart,
    value_scale,
)
from repair_app.core.tally import mark_words
from repair_app.ui.icons import Icons
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.common import card, heading, paragraph
from repair_app.ui.widgets.live import own_updates, refresh

CHART_HEIGHT = 220
LABEL_STYLE = ft.TextStyle(size=12, color=ft.Colors.ON_SURFACE_VARIANT)
TOOLTIP_TEXT = ft.TextStyle(size=13, color=ft.Colors.ON_INVERSE_SURFACE)
TOOLTIP_BG = ft.Colors.INVERSE_SURFACE

POSITIVE_COLOR = ft.Colors.PRIMARY
NEGATIVE_COLOR = ft.Colors.TERTIARY
MARK_COLOR = ft.Colors.ON_SURFACE_VARIANT
KEPT_COLOR = ft.Colors.PRIMARY
NOT_KEPT_COLOR = ft.Colors.TERTIARY
UNMARKED_COLOR = ft.Colors.OUTLINE
COMPLETED_COLOR = ft.Colors.PRIMARY
PARTIAL_RING = ft.Colors.PRIMARY
#: The negative line is dotted (the 5:1 mark is dashed, the positive line solid): the
#: lines differ in more than colour.
NEGATIVE_DASH = [2, 4]
EARLY_COLOR = ft.Colors.TERTIARY

DAY_CELL = 30
MONTH_CELL = 20
WEEKDAY_LETTERS = ("M", "T", "W", "T", "F", "S", "S")
MONTH_LETTERS = ("J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D")


#: Bars: "not kept" and "ended early" parts are outlined, the others plain, so the two
#: don't differ only in colour (sage and clay are close in lightness).
OUTLINED_PARTS = (NOT_KEPT_COLOR, EARLY_COLOR)
PART_OUTLINE = ft.BorderSide(2, ft.Colors.ON_TERTIARY)  # a contrasting inner line


def part_outline(color: str) -> ft.BorderSide | None:
    return PART_OUTLINE if color in OUTLINED_PARTS else None


def day_colors(status: str) -> tuple[str | None, str]:
    """(background, text colour) of a day square, as History draws its calendar."""
    if status == COMPLETE:
        return ft.Colors.PRIMARY, ft.Colors.ON_PRIMARY
    if status == PARTIAL:
        return ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER
    if status == EMPTY:
        return ft.Colors.SURFACE_CONTAINER_HIGHEST, ft.Colors.ON_SURFACE
    return None, ft.Colors.ON_SURFACE_VARIANT  # before the program, or still to come


def day_border(status: str) -> ft.Border | None:
    """The second cue beside colour: a partly done day's pale fill is ringed in primary
    (3:1 against the card, where the fill alone is not); an unfilled day gets a faint
    outline."""
    if status == PARTIAL:
        return ft.Border.all(2, PARTIAL_RING)
    if status in (COMPLETE, EMPTY):
        return None
    return ft.Border.all(1, ft.Colors.OUTLINE_VARIANT)


def level_color(level: int | None) -> str | None:
    """Month squares: more colour for more of the checklist done; none outside the program."""
    if level is None:
        return None
    if level == 0:
        return ft.Colors.SURFACE_CONTAINER_HIGHEST
    return ft.Colors.with_opacity(level / (HEAT_LEVELS - 1), ft.Colors.PRIMARY)


# -- pieces ---------------------------------------------------------------------------------

def swatch(color: str | None, text: str, *, dashed: bool = False,
           border: ft.Border | None = None) -> ft.Control:
    if border is None and not color:
        border = ft.Border.all(1, ft.Colors.OUTLINE_VARIANT)
    mark = ft.Container(width=18 if dashed else 14, height=3 if dashed else 14,
                        bgcolor=color, border_radius=2 if dashed else 4, border=border)
    return ft.Row([mark, ft.Text(text, theme_style=ft.TextThemeStyle.BODY_MEDIUM)],
                  spacing=6, tight=True)


def outlined_swatch(color: str, text: str) -> ft.Control:
    return swatch(color, text, border=ft.Border.all(PART_OUTLINE.width, PART_OUTLINE.color))


def legend(*items: ft.Control) -> ft.Control:
    return ft.Row(list(items), wrap=True, spacing=16, run_spacing=6)


def _axis_text(text: str) -> ft.Text:
    return ft.Text(text, style=LABEL_STYLE, no_wrap=True)


def time_axis(ticks: Sequence[AxisTick]) -> fc.ChartAxis:
    """Labels only at the core's ticks; every whole bucket is asked, so none is skipped."""
    return fc.ChartAxis(
        labels=[fc.ChartAxisLabel(value=t.value,
                                  label=ft.Container(_axis_text(t.label),
                                                     padding=ft.Padding.only(top=6)))
                for t in ticks],
        label_spacing=1, label_size=30, show_min=False, show_max=False)


def count_axis(top: int, step: int) -> fc.ChartAxis:
    return fc.ChartAxis(
        labels=[fc.ChartAxisLabel(value=v, label=_axis_text(str(v)))
                for v in range(0, top + 1, step)],
        label_spacing=step, label_size=8 + 8 * len(str(top)), show_min=True, show_max=True)


def tip(text: str) -> fc.BarChartRodTooltip:
    return fc.BarChartRodTooltip(text=text, text_style=TOOLTIP_TEXT)


def point_tip(text: str) -> fc.LineChartDataPointTooltip:
    return fc.LineChartDataPointTooltip(text=text, text_style=TOOLTIP_TEXT)


def _grid(step: int) -> fc.ChartGridLines:
    return fc.ChartGridLines(interval=step, color=ft.Colors.OUTLINE_VARIANT, width=1)


def _hidden_axis() -> fc.ChartAxis:
    return fc.ChartAxis(show_labels=False, label_size=0)


def bar_width(count: int) -> int:
    return max(4, min(28, 240 // max(count, 1)))


def described(chart_control: ft.Control, description: str) -> ft.Control:
    """The chart as one image for screen readers, named by its reading (with room above
    for the top axis label)."""
    return ft.Semantics(content=ft.Container(chart_control, padding=ft.Padding.only(top=10)),
                        label=description, image=True, container=True,
                        exclude_semantics=True)


class ChartCard:
    """A chart's card: heading, reading, the drawing, legend and a "Show as text" list."""

    def __init__(self, chart: Chart, drawing: ft.Control | None, legend_row: ft.Control | None,
                 icon: ft.IconData) -> None:
        self.chart = chart
        # Filled on "Show as text": years of figures aren't sent until asked for.
        self.text_list = ft.Column(spacing=4)
        self.toggle = ft.TextButton("Show as text", icon=Icons.LIST_ALT,
                                    on_click=self.toggle_text, height=MIN_TAP)
        self.toggle_label: ft.Semantics | None = None
        body: list[ft.Control] = [
            ft.Row([ft.Icon(icon, color=ft.Colors.PRIMARY),
                    ft.Container(heading(chart.title, level=2), expand=True)], spacing=10),
        ]
        if chart.has_data:
            body.append(paragraph(chart.reading or ""))
            if drawing is not None:
                body.append(described(drawing, f"{chart.title} chart. {chart.reading or ''}"))
            if legend_row is not None:
                body.append(legend_row)
            # Named after its chart, so a screen reader can tell the four apart.
            self.toggle_label = ft.Semantics(
                content=self.toggle, label=f"{chart.title}: show the figures as text",
                button=True, container=True, exclude_semantics=True,
                on_tap=self.toggle_text)
            body.extend([ft.Row([self.toggle_label]), self.text_list])
        else:
            body.append(ft.Row([
                ft.Icon(Icons.INFO_OUTLINE, color=ft.Colors.ON_SURFACE_VARIANT, size=20),
                ft.Container(paragraph(chart.empty_message or "", muted=True), expand=True),
            ], vertical_alignment=ft.CrossAxisAlignment.START, spacing=10))
        self.control = card(body)

    @property
    def showing_text(self) -> bool:
        return bool(self.text_list.controls)

    def toggle_text(self, _e: ft.Event | None = None) -> None:
        """Fill the list (it stays on the page, empty while hidden: a control made visible
        later can't be redrawn on its own) or empty it."""
        own_updates()
        showing = not self.showing_text
        self.text_list.controls = [
            # Not selectable: Flutter leaves selectable text out of the accessibility tree.
            ft.Text(line, theme_style=ft.TextThemeStyle.BODY_MEDIUM)
            for line in self.chart.lines] if showing else []
        self.toggle.content = "Hide the text" if showing else "Show as text"
        verb = "hide" if showing else "show"
        self.toggle_label.label = f"{self.chart.title}: {verb} the figures as text"
        refresh(self.text_list, self.toggle_label)


# -- the four charts ------------------------------------------------------------------------

def moments_card(chart: MomentsChart, ticks: Sequence[AxisTick]) -> ChartCard:
    drawing = None
    if chart.has_data:
        rows = chart.rows
        top, step = value_scale(max(max(r.positive, r.mark) for r in rows))
        show_points = len(rows) <= 26

        def series(values: list[int], words: list[str], color: str,
                   **style) -> fc.LineChartData:
            return fc.LineChartData(
                points=[fc.LineChartDataPoint(
                    r.bucket.index, v, tooltip=point_tip(f"{r.bucket.long_label()}: {w}"))
                    for r, v, w in zip(rows, values, words, strict=True)],
                color=color, stroke_width=3, point=show_points, **style)

        drawing = fc.LineChart(
            data_series=[
                # The mark's own number (five times the hard moments) is no comfort.
                series([r.mark for r in rows],
                       [mark_words(r.positive, r.negative) for r in rows], MARK_COLOR,
                       dash_pattern=[6, 4]),
                series([r.negative for r in rows], [f"{r.negative} negative" for r in rows],
                       NEGATIVE_COLOR, dash_pattern=NEGATIVE_DASH),
                series([r.positive for r in rows], [f"{r.positive} positive" for r in rows],
                       POSITIVE_COLOR),
            ],
            min_x=-0.5, max_x=len(rows) - 0.5, min_y=0, max_y=top,
            left_axis=count_axis(top, step), bottom_axis=time_axis(ticks),
            right_axis=_hidden_axis(), top_axis=_hidden_axis(),
            horizontal_grid_lines=_grid(step),
            border=ft.Border(bottom=ft.BorderSide(1, ft.Colors.OUTLINE)),
            height=CHART_HEIGHT, interactive=True,
            tooltip=fc.LineChartTooltip(bgcolor=TOOLTIP_BG, fit_inside_horizontally=True,
                                        fit_inside_vertically=True),
        )
    key = legend(swatch(POSITIVE_COLOR, "Positive (solid line)"),
                 swatch(NEGATIVE_COLOR, "Negative (dotted line)", dashed=True),
                 swatch(MARK_COLOR, "5:1 mark (5 × negative, dashed)", dashed=True))
    return ChartCard(chart, drawing, key, Icons.BALANCE)


def _stacked_bars(stacks: list[list[tuple[int, str]]], tooltips: list[str],
                  ticks: Sequence[AxisTick]) -> fc.BarChart:
    top, step = value_scale(max(sum(v for v, _ in stack) for stack in stacks))
    width = bar_width(len(stacks))
    groups = []
    for index, (stack, text) in enumerate(zip(stacks, tooltips, strict=True)):
        items, y = [], 0
        for value, color in stack:
            if value:
                items.append(fc.BarChartRodStackItem(from_y=y, to_y=y + value, color=color,
                                                     border_side=part_outline(color)))
                y += value
        # One coloured part needs no stack: the rod's own colour draws it.
        color = items[0].color if items else stack[0][1]
        groups.append(fc.BarChartGroup(x=index, rods=[fc.BarChartRod(
            from_y=0, to_y=y, width=width, stack_items=items if len(items) > 1 else [],
            tooltip=tip(text), color=color,
            border_side=part_outline(color) if len(items) <= 1 else None,
            border_radius=ft.BorderRadius.only(top_left=3, top_right=3) if width >= 8 else 0)]))
    return fc.BarChart(
        groups=groups, min_y=0, max_y=top,
        left_axis=count_axis(top, step), bottom_axis=time_axis(ticks),
        right_axis=_hidden_axis(), top_axis=_hidden_axis(),
        horizontal_grid_lines=_grid(step),
        border=ft.Border(bottom=ft.BorderSide(1, ft.Colors.OUTLINE)),
        height=CHART_HEIGHT, interactive=True,
        tooltip=fc.BarChartTooltip(bgcolor=TOOLTIP_BG, fit_inside_horizontally=True,
                                   fit_inside_vertically=True, max_width=220),
    )


def promises_card(chart: PromisesChart, ticks: Sequence[AxisTick]) -> ChartCard:
    drawing = None
    if chart.has_data:
        drawing = _stacked_bars(
            [[(r.kept, KEPT_COLOR), (r.not_kept, NOT_KEPT_COLOR), (r.unmarked, UNMARKED_COLOR)]
             for r in chart.rows],
            [r.text() for r in chart.rows], ticks)
    key = legend(swatch(KEPT_COLOR, "Kept"), outlined_swatch(NOT_KEPT_COLOR, "Not kept (outlined)"),
                 swatch(UNMARKED_COLOR, "Not marked"))
    return ChartCard(chart, drawing, key, Icons.HANDSHAKE_OUTLINED)


def pauses_card(chart: PausesChart, ticks: Sequence[AxisTick]) -> ChartCard:
    drawing = None
    if chart.has_data:
        drawing = _stacked_bars(
            [[(r.completed, COMPLETED_COLOR), (r.ended_early, EARLY_COLOR)] for r in chart.rows],
            [r.text() for r in chart.rows], ticks)
    key = legend(swatch(COMPLETED_COLOR, "Ran the full time"),
                 outlined_swatch(EARLY_COLOR, "Ended early (outlined)"))
    return ChartCard(chart, drawing, key, Icons.SELF_IMPROVEMENT)


# -- the checklist calendar -----------------------------------------------------------------

def _day_square(cell: HeatCell) -> ft.Control:
    background, color = day_colors(cell.status)
    return ft.Container(
        content=ft.Text(cell.label, size=11, color=color), width=DAY_CELL, height=DAY_CELL,
        border_radius=6, bgcolor=background, alignment=ft.Alignment.CENTER,
        border=day_border(cell.status), tooltip=cell.description)


def _month_square(cell: HeatCell) -> ft.Control:
    background = level_color(cell.level)
    return ft.Container(
        width=MONTH_CELL, height=MONTH_CELL, border_radius=4, bgcolor=background,
        border=None if background else ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        tooltip=cell.description)


def _header(letters: Sequence[str], cell: int) -> ft.Control:
    return ft.Row([
        ft.Container(ft.Text(letter, style=LABEL_STYLE), width=cell,
                     alignment=ft.Alignment.CENTER) for letter in letters], spacing=4)


def heat_map(chart: ChecklistChart) -> ft.Control:
    """Each row's label on a line of its own above its squares: the columns line up at
    any text size, and neither the label nor Sunday is ever cut off, even at 320 px."""
    if chart.grid == "day":
        cell, letters, square = DAY_CELL, WEEKDAY_LETTERS, _day_square
    else:
        cell, letters, square = MONTH_CELL, MONTH_LETTERS, _month_square
    rows: list[ft.Control] = [_header(letters, cell)]
    for row in chart.heat_rows:
        rows.append(ft.Column([
            ft.Text(row.label, style=LABEL_STYLE),
            ft.Row([square(c) for c in row.cells], spacing=4),
        ], spacing=2, tight=True))
    return ft.Column(rows, spacing=6)


def checklist_card(chart: ChecklistChart) -> ChartCard:
    drawing = heat_map(chart) if chart.has_data else None
    if chart.grid == "day":
        key = legend(swatch(day_colors(COMPLETE)[0], "Complete"),
                     swatch(day_colors(PARTIAL)[0], "Partly done",
                            border=day_border(PARTIAL)),
                     swatch(day_colors(EMPTY)[0], "Empty"),
                     swatch(None, "Not counted"))
    else:
        key = ft.Column([
            ft.Text("Each square is a month, shaded by how much of the checklist was done.",
                    theme_style=ft.TextThemeStyle.BODY_MEDIUM),
            ft.Row([ft.Text("Less", theme_style=ft.TextThemeStyle.BODY_MEDIUM)]
                   + [ft.Container(width=14, height=14, border_radius=4,
                                   bgcolor=level_color(level))
                      for level in range(HEAT_LEVELS)]
                   + [ft.Text("More", theme_style=ft.TextThemeStyle.BODY_MEDIUM)],
                   spacing=6),
            swatch(None, "Before your program, or still to come"),
        ], spacing=6)
    return ChartCard(chart, drawing, key, Icons.CALENDAR_VIEW_MONTH)
