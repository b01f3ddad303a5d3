"""Unsaved edits written to the report's recovery folder every few seconds
(only when they changed), for the kills no handler sees; never over the
report's own files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

from tui_report.report import recovery
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.tui.app import TuiReportApp

#: seconds between checkpoints of unsaved edits (written only when changed)
CHECKPOINT_EVERY = 3.0


class Checkpoints:
    def __init__(self, app: TuiReportApp) -> None:
        self.app = app
        self._last_buffers: dict[str, str] = {}
        self._failed = False
        #: no more checkpoints (a signal is ending the editor)
        self.frozen = False

    def widget_buffers(self) -> dict[str, str]:
        """Text typed into widgets that the store does not hold yet, keyed
        as recovery files key it. Reads widgets only, so it is safe from a
        signal handler."""
        app = self.app
        out: dict[str, str] = {}
        main = app.main
        if main is None or not main.is_mounted or app.session.read_only:
            return out
        try:
            editor = main.editor
        except Exception:  # noqa: BLE001 - closing down: the widgets are gone, the store has it all
            return out
        section = editor.section
        if section is not None and not section.error:
            if editor.body_text != section.body:
                out[recovery.body_key(section)] = editor.body_text
            if editor.title_text != section.title:
                out[recovery.title_key(section)] = editor.title_text
        screen = app.screen
        fig = getattr(screen, "fig", None)  # a figure's dialog, still open
        if fig is not None and fig.id in app.session.report.figures:
            for key, wid, now in (("value", "#figure-value", fig.value), ("prev", "#figure-prev", fig.prev)):
                try:
                    typed = screen.query_one(wid, Input).value.strip()
                except Exception:  # noqa: BLE001 - the dialog is closing
                    continue
                if typed != ("" if now is None else format(now, "f")):
                    out[recovery.figure_key(fig.id, key)] = typed
        return out

    def write(self) -> None:
        """Write the recovery file now if the unsaved text changed (raises OSError)."""
        store = self.app.session.store
        extra = self.widget_buffers()
        buffers = recovery.collect_buffers(store, extra)
        if buffers == self._last_buffers:
            return
        recovery.checkpoint(store, extra)
        self._last_buffers = buffers

    def written(self) -> None:
        """The store's text was just made the saved state (a restore): no
        checkpoint is owed for it."""
        self._last_buffers = recovery.collect_buffers(self.app.session.store)

    def checkpoint(self) -> None:
        """The timer's call: write when the unsaved text changed (remove the
        file once nothing is unsaved); say once when writing fails."""
        if self.frozen:
            return
        try:
            self.write()
        except OSError as exc:
            if not self._failed:
                self._failed = True
                self.app.notify(S.CHECKPOINT_FAILED.format(error=exc.strerror or exc), severity="error",
                                timeout=15)
            return
        self._failed = False

    def discard_all(self) -> None:
        """Quit without saving: leave no recovery behind."""
        recovery.write_recovery(self.app.session.store.root, {})
