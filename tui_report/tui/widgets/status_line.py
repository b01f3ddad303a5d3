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

    def render(self) -> Text:
        text = Text(" ")
        text.append(self.report_name, style="bold")
        if self.year:
            text.append(" " + S.STATUS_YEAR.format(year=self.year))
        text.append("  │  ")
        if self.read_only:
            text.append(S.STATUS_READ_ONLY, style="bold reverse")
            if self.read_only_why:
                text.append(S.STATUS_READ_ONLY_WHY.format(why=self.read_only_why), style="bold")
            text.append("  ")
        if self.dirty:
            text.append(S.STATUS_UNSAVED, style="bold yellow")
        else:
            text.append(S.STATUS_SAVED, style="green")
        text.append("  │  ")
        text.append(S.STATUS_ERRORS.format(n=self.errors), style="bold red" if self.errors else "")
        text.append("  ")
        text.append(S.STATUS_WARNINGS.format(n=self.warnings), style="bold yellow" if self.warnings else "")
        if self.checking:
            text.append("  " + S.STATUS_CHECKING, style="italic")
        if self.activity:
            text.append("  │  " + self.activity, style="bold")
        return text
