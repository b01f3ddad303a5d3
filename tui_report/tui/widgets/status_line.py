"""One line saying what is open and whether it is safe to close: report,
year, saved or not, and how many errors and warnings the checks found.
Text marks (●, ✗, !) carry the meaning, so it reads without colour."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui_report.tui import strings as S


class StatusLine(Static):
    report_name = reactive("")
    year = reactive(0)
    dirty = reactive(False)
    read_only = reactive(False)
    read_only_why = reactive("")  # who holds the report's lock
    errors = reactive(0)
    warnings = reactive(0)
    checking = reactive(False)
    activity = reactive("")  # a running export's progress
    unreviewed = reactive(0)  # last year's paragraphs not yet reviewed
    checked = reactive(False)  # a check run has finished: the counts mean something

    def render(self) -> Text:
        """Safety first when the line is short: the saved state and the
        counts always show in full; the report's name and the lock holder
        are cut (with "…") to make room."""
        width = self.size.width or 80
        state = Text()
        if self.read_only:
            state.append(S.STATUS_READ_ONLY, style="bold reverse")
            if self.read_only_why:
                state.append(S.STATUS_READ_ONLY_WHY.format(why=self.read_only_why), style="bold")
            state.append("  ")
        if self.dirty:
            state.append(S.STATUS_UNSAVED, style="bold yellow")
        else:
            state.append(S.STATUS_SAVED, style="green")
        counts = Text()
        if not self.checked:  # "0 错误" before the first run would be a promise nobody made
            counts.append(S.STATUS_NOT_CHECKED, style="italic")
        else:
            counts.append(S.STATUS_ERRORS.format(n=self.errors), style="bold red" if self.errors else "")
            counts.append("  ")
            counts.append(S.STATUS_WARNINGS.format(n=self.warnings), style="bold yellow" if self.warnings else "")
        if self.unreviewed:
            counts.append("  " + S.STATUS_UNREVIEWED.format(n=self.unreviewed), style="bold")
        if self.checking and self.checked:
            counts.append("  " + S.STATUS_CHECKING, style="italic")
        if self.activity:
            counts.append("  │  " + self.activity, style="bold")
        name = Text(" ")
        name.append(self.report_name, style="bold")
        if self.year:
            name.append(" " + S.STATUS_YEAR.format(year=self.year))
        sep = "  │  "
        fixed = len(sep) * 2 + state.cell_len + counts.cell_len
        if fixed + name.cell_len > width:
            sep = "│"
            fixed = 2 + state.cell_len + counts.cell_len
            if fixed > width:  # even the state is too long: the lock holder goes first
                state.truncate(max(4, width - counts.cell_len - 2 - 2), overflow="ellipsis")
                fixed = 2 + state.cell_len + counts.cell_len
            name.truncate(max(0, width - fixed), overflow="ellipsis")
        return Text.assemble(name, sep, state, sep, counts)
