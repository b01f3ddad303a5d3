"""Unsaved edits left by an editor that did not exit normally (a dropped
SSH connection, a killed terminal): restore them, keep them for later, or
discard them — with the difference from the files on disk shown first,
so the choice is made knowing what it is about.

Throwing the edits away cannot be undone, so it has no letter key: a key
typed before the dialog was noticed must never discard anything.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui_report.report.recovery import Recovery
from tui_report.tui import strings as S
from tui_report.tui.screens.conflict import diff_text
from tui_report.tui.screens.once import AnswerOnce


class RecoveryDialog(AnswerOnce, ModalScreen[str | None]):
    """Returns ``"restore"``, ``"keep"`` or ``"discard"``; Esc keeps."""

    BINDINGS = [Binding("escape", "keep", S.RECOVERY_KEEP, show=False)]


    KEYS = {"r": "restore", "k": "keep"}

    def __init__(self, rec: Recovery) -> None:
        super().__init__()
        self.rec = rec

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(S.RECOVERY_TITLE, classes="dialog-title")
            yield Static(S.RECOVERY_MESSAGE.format(summary=self.rec.summary()), id="recovery-summary", markup=False)
            yield Label(S.RECOVERY_DIFF)
            with VerticalScroll(id="recovery-diff"):
                yield Static(diff_text(self.rec.diff()), id="recovery-diff-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(S.RECOVERY_RESTORE + "（R）", id="recovery-restore", variant="primary")
                yield Button(S.RECOVERY_KEEP + "（K）", id="recovery-keep")
                yield Button(S.RECOVERY_DISCARD, id="recovery-discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#recovery-restore", Button).focus()

    def on_key(self, event: events.Key) -> None:
        choice = self.KEYS.get(event.key)
        if choice:
            event.stop()
            self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("recovery-"))

    def action_keep(self) -> None:
        self.dismiss("keep")
