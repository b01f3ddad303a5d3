"""F1: every key, grouped by where it works, generated from the command
list so it cannot fall out of date."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce


def key_display(keys: str, app) -> str:
    return " / ".join(app.get_key_display_for(key) for key in keys.split(","))


class HelpScreen(AnswerOnce, ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss_help", S.CANCEL, show=False)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Label(S.HELP_TITLE, id="help-title")
            for heading, table in self.tables():
                yield Static(Text(heading, style="bold underline"), classes="help-heading")
                yield Static(table, classes="help-table")
            yield Static(S.HELP_FOOTNOTE, classes="help-footnote", markup=False)

    def tables(self) -> list[tuple[str, Table]]:
        """Each group's heading and its table of keys, actions and notes."""
        out = []
        for scope, heading in S.HELP_GROUPS.items():
            table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
            table.add_column(S.HELP_COL_KEY, style="bold", no_wrap=True, min_width=14)
            table.add_column(S.HELP_COL_ACTION, no_wrap=True, min_width=10)
            # Chinese has no spaces to wrap at: fold anywhere rather than
            # cut the description with "…"
            table.add_column(S.HELP_COL_NOTE, ratio=1, overflow="fold")
            for command in commands.by_scope(scope):
                keys = key_display(command.keys, self.app) if command.keys else "Ctrl+P"
                # Text, not str: a description quoting [[acknowledged]] is
                # words, not Rich markup
                table.add_row(Text(keys), Text(command.title), Text(command.help))
            out.append((heading, table))
        return out

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
