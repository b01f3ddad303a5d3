"""Nothing typed is lost and nothing on disk is overwritten unasked, while
the editor runs. One module a job:

- ``lock_holder``: the report's lock; a second editor opens read-only;
- ``signals``: SIGHUP/SIGTERM write every unsaved buffer, then exit;
- ``checkpoints``: unsaved edits to a recovery file every few seconds;
- ``recovery_offer``: on opening, a recovery left behind is offered;
- ``disk_watch``: files changed on disk are read again or asked about;
- ``broken_file``: a section file that cannot be read opens in $EDITOR.

:class:`Guard` starts and stops them together. None of them reaches into the
screen's widgets to redraw: when the store's model is replaced they call
``app.report_replaced()``, and the screen shows the new report itself.

The lock and the signal handlers are process-wide, so they are taken only
when the editor runs in a real terminal (or when asked): headless runs are
tests and screenshots, several of which may open the same report at the
same moment in parallel workers, where a lock would make one of them
read-only at random.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_report.tui import strings as S
from tui_report.tui.guard.broken_file import edit_broken
from tui_report.tui.guard.checkpoints import CHECKPOINT_EVERY, Checkpoints
from tui_report.tui.guard.disk_watch import POLL_EVERY, DiskWatch
from tui_report.tui.guard.lock_holder import LockHolder
from tui_report.tui.guard.recovery_offer import offer_recovery
from tui_report.tui.guard.signals import SignalExit

if TYPE_CHECKING:
    from tui_report.report.model import Section
    from tui_report.tui.app import TuiReportApp

__all__ = ["CHECKPOINT_EVERY", "POLL_EVERY", "Guard"]


class Guard:
    """The app's lock, signal handlers, checkpoints and watch on the files."""

    def __init__(self, app: TuiReportApp, process: bool | None = None) -> None:
        self.app = app
        #: take the lock and the signal handlers (None: when not headless)
        self.process = process
        self.lock = LockHolder(app)
        self.checkpoints = Checkpoints(app)
        self.disk = DiskWatch(app)
        self.signals = SignalExit(self._save_in_handler, self._exit_after_signal)
        #: the user chose to quit without saving: leave no recovery behind
        self.discarded = False
        self._started = self._stopped = False

    @property
    def signalled(self) -> bool:
        return self.signals.signalled

    def start(self) -> None:
        app = self.app
        process = self.process if self.process is not None else not app.is_headless
        if process:
            if not app.session.read_only:  # asked to only look: leave the report to an editor
                self.lock.take()
            self.signals.install()
        app.set_interval(CHECKPOINT_EVERY, self.checkpoint, name="checkpoint")
        app.set_interval(POLL_EVERY, self.poll, name="external-changes")
        app.call_after_refresh(self._after_first_paint)
        self._started = True

    def _after_first_paint(self) -> None:
        main = self.app.main
        if main is None or not main.is_mounted:
            self.app.call_after_refresh(self._after_first_paint)
            return
        if self.lock.message:
            main.status.read_only_why = self.lock.why
            self.app.notify(S.LOCKED_NOTICE.format(message=self.lock.message), title=S.LOCKED_NOTICE_TITLE,
                            severity="warning", timeout=15)
        offer_recovery(self.app, self.checkpoints)

    def stop(self) -> None:
        """The app is closing: keep what is unsaved (or, after "quit
        without saving", nothing), give the lock back."""
        if self._stopped or not self._started:
            return
        self._stopped = True
        self.disk.stopped = True
        try:
            if self.discarded:
                self.checkpoints.discard_all()
            else:
                self.checkpoints.checkpoint()
        except OSError:
            pass
        self.lock.release()
        self.signals.restore()

    # signals: the text first, then the lock, then an orderly exit

    def _save_in_handler(self) -> None:
        self.checkpoints.frozen = True
        self.disk.stopped = True
        try:
            self.checkpoints.write()
        finally:
            self.lock.release()

    def _exit_after_signal(self, code: int) -> None:
        main = self.app.main
        try:
            if main is not None and main.is_mounted:
                main.flush()
            self.checkpoints.write()
        except Exception:  # noqa: BLE001 - the handler's checkpoint stands
            pass
        self.app.exit(code)

    # what the app calls

    def checkpoint(self) -> None:
        self.checkpoints.checkpoint()

    def poll(self, full: bool = False) -> None:
        self.disk.poll(full)

    def before_save(self) -> None:
        self.disk.before_save()

    def resolve(self, files: list[str], *, from_save: bool, then: Callable[[], None] | None = None) -> None:
        self.disk.resolve(files, from_save=from_save, then=then)

    def edit_broken(self, section: Section) -> None:
        edit_broken(self.app, section)
