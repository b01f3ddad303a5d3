"""The command palette: every command of :mod:`commands`, searchable in
Chinese, with its key shown beside it."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from tui_report.tui import commands
from tui_report.tui import strings as S


class ReportCommands(Provider):
    def _commands(self):
        app = self.app
        for command in commands.COMMANDS:
            if not app.command_available(command):
                continue
            keys = command.keys.split(",")[0] if command.keys else ""
            shown = f"{command.title}（{app.get_key_display_for(keys)}）" if keys else command.title
            yield command, shown

    async def discover(self) -> Hits:
        for command, shown in self._commands():
            yield DiscoveryHit(shown, partial(self.app.run_command, command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, shown in self._commands():
            score = max(matcher.match(shown), matcher.match(command.help) * 0.5,
                        matcher.match(command.name) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(shown), partial(self.app.run_command, command),
                          help=command.help)


class ReportPalette(CommandPalette):
    """Textual's palette with its own words in Chinese."""

    def __init__(self) -> None:
        super().__init__(placeholder=S.PALETTE_PLACEHOLDER, id="--command-palette")

    def _action_command_list(self, action: str) -> None:
        """PgUp/PgDn before the hits are laid out would read line positions
        Textual has not built yet and close the editor: ignored until then."""
        from textual.command import CommandList

        if action in ("page_up", "page_down"):
            found = self.query(CommandList)
            if not found or (found.first().highlighted or 0) not in found.first()._index_to_line:
                return
        super()._action_command_list(action)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual shows an English "No matches found"; same behaviour, our words
        self._stop_no_matches_countdown()

        def show() -> None:
            from textual.command import CommandList

            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(S.PALETTE_NO_MATCHES, style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
