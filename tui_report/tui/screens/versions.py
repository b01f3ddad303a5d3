"""The report's versions: the list on the left, what the highlighted
version changed on the right (section by section, the changed words
marked), and ``r`` to put a section or figure back as that version had it.
Also the "who changed each paragraph" view.

The screen reads through ``tui_report.versions`` and restores through the
app (``restore_version``), which records the restore as one undoable edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce
from tui_report.versions.changes import Change
from tui_report.versions.git import GitError, Repo
from tui_report.yearly.word_diff import Piece, trimmed

if TYPE_CHECKING:
    from textual import getters

    from tui_report.tui.app import TuiReportApp
    from tui_report.versions.blame import Line
    from tui_report.versions.snapshots import Version


def pieces_text(pieces: list[Piece]) -> Text:
    """Removed words struck through in red, added ones underlined in green;
    the ``[- -]`` ``{+ +}`` marks stay, so the meaning survives a terminal
    without colour."""
    out = Text()
    for p in trimmed(pieces):
        if p.kind == "same":
            out.append(p.text)
        elif p.kind == "removed":
            out.append("[-" + p.text + "-]", style="red strike")
        else:
            out.append("{+" + p.text + "+}", style="green underline")
    return out


def change_text(change: Change) -> Text:
    text = Text()
    text.append(f"{change.title}（{change.status}）", style="bold")
    for pieces in change.paragraphs:
        text.append("\n  ")
        text.append_text(pieces_text(pieces))
    return text


class VersionsScreen(AnswerOnce, Screen[None]):

    if TYPE_CHECKING:  # the app this screen runs in, typed (Textual's own idiom)
        app = getters.app(TuiReportApp)

    DEFAULT_CSS = """
    VersionsScreen { layout: vertical; }
    VersionsScreen #versions-title { height: auto; max-height: 2; width: 100%; background: $panel; text-style: bold; }
    VersionsScreen #versions-main { height: 1fr; }
    VersionsScreen #versions-list { width: 2fr; min-width: 28; height: 100%; border: round $primary-muted; }
    VersionsScreen #versions-changes { width: 3fr; height: 100%; border: round $primary-muted; }
    VersionsScreen #versions-list:focus, VersionsScreen #versions-changes:focus { border: round $accent; }
    VersionsScreen.-narrow #versions-main { layout: vertical; }
    VersionsScreen.-narrow #versions-list { width: 100%; height: 2fr; }
    VersionsScreen.-narrow #versions-changes { width: 100%; height: 3fr; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding("escape", "back", S.VERSIONS_BACK),
        Binding("enter", "show_changes", S.VERSIONS_SHOW, show=True),
        Binding("r", "restore", S.VERSIONS_RESTORE, show=True),
    ]

    def __init__(self, repo: Repo) -> None:
        super().__init__()
        self.repo = repo
        self.versions: list[Version] = []
        self.changes: list[Change] = []
        self._reports: dict[str, object] = {}
        self._shown: int | None = None

    def compose(self) -> ComposeResult:
        yield Label(S.VERSIONS_TITLE, id="versions-title", markup=False)
        with Horizontal(id="versions-main"):
            yield OptionList(id="versions-list")
            yield OptionList(id="versions-changes")
        yield Footer()

    def on_mount(self) -> None:
        from tui_report.versions.snapshots import versions

        lst = self.query_one("#versions-list", OptionList)
        lst.border_title = S.VERSIONS_LIST
        self.query_one("#versions-changes", OptionList).border_title = S.VERSIONS_CHANGES
        try:
            self.versions = versions(self.repo)
        except GitError as exc:
            self.app.notify(S.GIT_FAILED.format(error=exc.message), severity="error", timeout=10)
        if not self.versions:
            lst.add_option(Option(Text(S.VERSIONS_NONE, style="italic"), disabled=True))
        for n, v in enumerate(self.versions):
            label = Text(f"{v.short} ", style="bold")
            label.append(f"{v.date} {v.author}\n  {v.subject}" + (S.VERSIONS_MERGE if v.merge else ""))
            lst.add_option(Option(label, id=str(n)))
        if self.versions:
            lst.highlighted = 0
            self.show(0)
        lst.focus()

    @property
    def version(self) -> Version | None:
        if self._shown is None or not 0 <= self._shown < len(self.versions):
            return None
        return self.versions[self._shown]

    def _report(self, commit: str | None):
        from tui_report.versions.snapshots import report_at

        if commit is None:
            return None
        if commit not in self._reports:
            self._reports[commit] = report_at(self.repo, commit)
        return self._reports[commit]

    def show(self, index: int) -> None:
        """The changes of version ``index`` against the one before it."""
        from tui_report.versions.changes import changes

        if index == self._shown:
            return
        self._shown = index
        v = self.versions[index]
        try:
            found = changes(self._report(v.parents[0] if v.parents else None), self._report(v.commit))
        except GitError as exc:
            self.app.notify(S.GIT_FAILED.format(error=exc.message), severity="error", timeout=10)
            found = []
        self.changes = found
        target = self.query_one("#versions-changes", OptionList)
        target.clear_options()
        if not found:
            target.add_option(Option(Text(S.VERSIONS_NO_CHANGE, style="italic"), disabled=True))
        for n, change in enumerate(found):
            target.add_option(Option(change_text(change), id=str(n)))
        if found:
            target.highlighted = 0

    @on(OptionList.OptionHighlighted, "#versions-list")
    def _version_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.show(int(event.option.id))

    @on(OptionList.OptionSelected, "#versions-list")
    def _version_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_show_changes()

    def action_show_changes(self) -> None:
        lst = self.query_one("#versions-list", OptionList)
        if self.focused is lst and lst.highlighted is not None:
            self.show(lst.highlighted)
            if self.changes:
                self.set_focus(self.query_one("#versions-changes", OptionList))

    @property
    def change(self) -> Change | None:
        target = self.query_one("#versions-changes", OptionList)
        n = target.highlighted
        if n is None or not 0 <= n < len(self.changes):
            return None
        return self.changes[n]

    def action_restore(self) -> None:
        change, version = self.change, self.version
        if change is None or version is None:
            self.app.notify(S.VERSIONS_NOTHING_TO_RESTORE, severity="warning")
            return
        if change.status == "删除":
            self.app.notify(S.VERSIONS_CANNOT_RESTORE.format(what=change.title), severity="warning")
            return
        self.app.restore_version(version.commit, change)

    def action_back(self) -> None:
        lst = self.query_one("#versions-list", OptionList)
        if self.focused is not lst:
            self.set_focus(lst)
            return
        self.dismiss(None)


class BlameScreen(AnswerOnce, ModalScreen[None]):
    """Each paragraph of a section with who last changed it, when, and in
    which version; any of Esc, Enter or q returns."""

    DEFAULT_CSS = """
    BlameScreen { align: center middle; }
    BlameScreen > Vertical { width: 95%; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    BlameScreen #blame-body { height: 1fr; }
    """
    BINDINGS = [Binding("escape,enter,q", "close", S.CANCEL, show=False)]

    def __init__(self, section_title: str, lines: list[Line]) -> None:
        super().__init__()
        self.section_title, self.lines = section_title, lines

    def compose(self) -> ComposeResult:
        text = Text()
        for n, line in enumerate(self.lines):
            if n:
                text.append("\n")
            who = f"{line.author} {line.date} {line.commit[:8]}".strip() if line.commit.strip("0") else line.author
            text.append(who, style="bold")
            text.append("\n  " + line.paragraph)
        with Vertical():
            yield Label(S.BLAME_TITLE.format(section=self.section_title), classes="dialog-title", markup=False)
            with VerticalScroll(id="blame-body"):
                yield Static(text if self.lines else Text(S.BLAME_NONE, style="italic"), id="blame-text")

    def on_mount(self) -> None:
        self.query_one("#blame-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
