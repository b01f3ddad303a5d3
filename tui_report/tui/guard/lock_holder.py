"""The report's lock, held while the editor runs: a second editor opens
read-only and names who has the report open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_report.report import lock as report_lock
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.tui.app import TuiReportApp


class LockHolder:
    def __init__(self, app: TuiReportApp) -> None:
        self.app = app
        self.lock: report_lock.Lock | None = None
        #: why the report is read-only because of the lock ("" otherwise)
        self.why = ""
        #: the notification that says so ("" when the lock was taken)
        self.message = ""

    def take(self) -> None:
        """Take the lock, or turn the app read-only and keep the reason."""
        try:
            self.lock = report_lock.acquire(self.app.path)
            return
        except report_lock.Locked as exc:
            info = exc.info
            self.why = S.LOCKED_BY.format(user=info.user, host=info.host) if info else S.LOCK_UNAVAILABLE
            self.message = exc.message
        except report_lock.LockError as exc:
            self.why = S.LOCK_UNAVAILABLE
            self.message = exc.message
        self.app.session.read_only = True

    def release(self) -> None:
        held, self.lock = self.lock, None
        if held is not None:
            try:
                held.release()
            except OSError:
                pass
