"""The figures of the report as a table: id, label, this year, unit, last
year, the change, and where each is used. Derived figures show their
computed value and formula; Enter changes a formula there, not the value."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from tui_report.tui import commands
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.figures.usage import Usage
    from tui_report.figures.values import Resolved
    from tui_report.report.model import Report


class FigureTable(DataTable):
    BINDINGS = commands.bindings("figures")

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns_added = False

    def show(self, report: Report, resolved: Resolved, usages: dict[str, Usage]) -> None:
        """Refill the rows, keeping the cursor on the same figure."""
        from tui_report.figures.number_format import plain
        from tui_report.figures.values import format_value

        current = self.current
        if not self._columns_added:
            # the unit beside the value: at 80 columns the right-hand columns
            # scroll out of view, and a value without its unit misleads
            for key, label in (("id", S.COL_ID), ("label", S.COL_LABEL), ("value", S.COL_VALUE),
                               ("unit", S.COL_UNIT), ("prev", S.COL_PREV), ("change", S.COL_CHANGE),
                               ("used", S.COL_USED), ("formula", S.COL_FORMULA)):
                self.add_column(label, key=key)
            self._columns_added = True
        self.clear()
        for fid, fig in report.figures.items():
            value = resolved.values.get(fid)
            if fig.derived:
                shown = Text(format_value(fig, value, report), style="italic")
            elif fig.value is None:
                shown = Text(S.VALUE_EMPTY, style="bold yellow")
            else:  # as stored: the table is where the typed value is seen and changed
                shown = Text(plain(fig.value), justify="right")
            prev = Text(plain(fig.prev), justify="right") if fig.prev is not None else Text("")
            # Text, not str: DataTable reads a str as markup, and a label may hold "["
            self.add_row(
                Text(fid, style="bold"), Text(fig.label), shown, Text(fig.unit or report.unit), prev,
                _change_text(fig, report), _usage_text(usages.get(fid)),
                Text("= " + fig.formula, style="italic") if fig.formula else "",
                key=fid,
            )
        if current in report.figures:
            self.select(current)

    @property
    def current(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - empty or shrinking table
            return None
        return key.value

    def select(self, fid: str) -> None:
        try:
            row = self.get_row_index(fid)
        except Exception:  # noqa: BLE001 - unknown key
            return
        self.move_cursor(row=row, animate=False)


def _change_text(fig, report) -> Text:
    """The change from last year from the exact values, rounded once as
    the exports round it (27.5 against 28.67: -1.17, not -1.2)."""
    from tui_report.figures.number_format import RATE_PLACES, change_places, signed
    from tui_report.figures.usage import change

    if fig.derived:
        return Text("")
    got = change(fig)
    if got is None:
        return Text("")
    delta, percent = got
    text = signed(delta, change_places(fig, report))
    if percent is not None:
        text += f"（{signed(percent, RATE_PLACES)}%）"
    style = "green" if delta > 0 else "red" if delta < 0 else ""
    return Text(text, style=style, justify="right")


def _usage_text(usage: Usage | None) -> Text:
    if usage is None:
        return Text("")
    parts = list(usage.sections)
    parts += [S.USED_CHECK.format(id=c) for c in usage.checks]
    parts += [S.USED_FIGURE.format(id=f) for f in usage.figures]
    if not parts:
        return Text(S.USED_NOWHERE, style="dim")
    return Text("、".join(parts))
