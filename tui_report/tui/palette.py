"""The command palette: every command of :mod:`commands`, searchable in
Chinese, with its key shown beside it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.textual_compat import LocalisedCommandPalette

if TYPE_CHECKING:
    from tui_report.tui.app import TuiReportApp


class ReportCommands(Provider):

    @property
    def report_app(self) -> TuiReportApp:
        return cast("TuiReportApp", self.app)
    def _commands(self):
        app = self.report_app
        for command in commands.COMMANDS:
            if not app.command_available(command):
                continue
            keys = command.keys.split(",")[0] if command.keys else ""
            shown = f"{command.title}（{app.get_key_display_for(keys)}）" if keys else command.title
            yield command, shown

    async def discover(self) -> Hits:
        for command, shown in self._commands():
            yield DiscoveryHit(shown, partial(self.report_app.run_command, command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, shown in self._commands():
            score = max(matcher.match(shown), matcher.match(command.help) * 0.5,
                        matcher.match(command.name) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(shown), partial(self.report_app.run_command, command),
                          help=command.help)


class ReportPalette(LocalisedCommandPalette):
    """Textual's palette with its own words in Chinese."""

    no_matches = Align.center(Text(S.PALETTE_NO_MATCHES, style="not bold"))

    def __init__(self) -> None:
        super().__init__(placeholder=S.PALETTE_PLACEHOLDER, id="--command-palette")
