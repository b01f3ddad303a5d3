"""A file I have edited was changed (or deleted) on disk by someone else:
reload theirs, keep mine, or look at the difference first.

Asked one file at a time, so each answer is about one file the user can
see the diff of. When the question comes from a timer rather than from
Ctrl+S, it may appear while the user is typing: then no letter key answers
it (a typed letter would otherwise throw away someone's work) and the
focused button is the harmless "decide later".
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui_report.tui import strings as S
from tui_report.tui.screens.dialogs import ChoiceDialog
from tui_report.tui.screens.once import AnswerOnce


class ConflictDialog(ChoiceDialog):
    """Returns ``"later"``, ``"mine"``, ``"reload"``, ``"diff"`` or None (Esc)."""

    def __init__(self, rel: str, kind: str, from_save: bool) -> None:
        self.rel, self.kind, self.from_save = rel, kind, from_save
        what = S.EXTERNAL_DELETED if kind == "deleted" else S.EXTERNAL_MODIFIED
        message = what.format(file=rel) + "\n" + S.EXTERNAL_HINT
        # Ctrl+S was pressed on purpose: letters answer. From a timer: none do.
        keys = ("n", "o", "r", "d") if from_save else ("", "", "", "")
        deleted = kind == "deleted"
        super().__init__(S.CONFLICT_TITLE if from_save else S.EXTERNAL_TITLE, message, [
            ("later", S.CONFLICT_KEEP if from_save else S.EXTERNAL_LATER, keys[0]),
            ("mine", S.EXTERNAL_WRITE_AGAIN if deleted else
             (S.CONFLICT_OVERWRITE if from_save else S.EXTERNAL_MINE), keys[1]),
            ("reload", S.EXTERNAL_ACCEPT_DELETE if deleted else S.EXTERNAL_RELOAD, keys[2]),
            ("diff", S.EXTERNAL_DIFF, keys[3]),
        ])


def diff_text(diff: str) -> Text:
    """A unified diff with its removed and added lines marked by colour as
    well as by their leading - and + (which carry the meaning without it)."""
    out = Text()
    for line in diff.splitlines(keepends=True):
        if line.startswith(("+++", "---")):
            out.append(line, style="bold")
        elif line.startswith("+"):
            out.append(line, style="green")
        elif line.startswith("-"):
            out.append(line, style="red")
        elif line.startswith("@@"):
            out.append(line, style="cyan")
        else:
            out.append(line)
    return out


class DiffScreen(AnswerOnce, ModalScreen[None]):
    """A diff to read; any of Esc, Enter or q returns."""

    BINDINGS = [Binding("escape,enter,q", "close", S.CANCEL, show=False)]


    def __init__(self, title: str, diff: str) -> None:
        super().__init__()
        self.title_text, self.diff = title, diff

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="diff-body"):
                yield Static(diff_text(self.diff) if self.diff else Text(S.DIFF_NONE, style="italic"),
                             id="diff-text")

    def on_mount(self) -> None:
        self.query_one("#diff-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
