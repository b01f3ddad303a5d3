"""On opening, the recovery left by an editor that ended badly is offered:
restore (as unsaved edits), keep for later, or discard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_report.report import recovery
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.tui.app import TuiReportApp
    from tui_report.tui.guard.checkpoints import Checkpoints


def offer_recovery(app: TuiReportApp, checkpoints: Checkpoints) -> None:
    """Offer the newest recovery. Not when read-only: restored text could
    not be saved."""
    if app.session.read_only:
        return
    try:
        rec = recovery.pending(app.path, app.session.store)
    except OSError:
        return
    if rec is None:
        return
    from tui_report.tui.screens.recovery import RecoveryDialog

    app.push_screen(RecoveryDialog(rec), lambda choice: _answer(app, checkpoints, rec, choice))


def _answer(app: TuiReportApp, checkpoints: Checkpoints, rec: recovery.Recovery, choice: str | None) -> None:
    if choice == "restore":
        result = app.session.replace_store_text(lambda store: recovery.restore(store, rec))
        checkpoints.written()
        app.notify(S.RECOVERY_RESTORED.format(n=len(result.applied)), timeout=10)
        if result.skipped:
            items = "\n".join(f"{key}：{why}" for key, why in result.skipped.items())
            app.notify(S.RECOVERY_SKIPPED.format(n=len(result.skipped), items=items), severity="warning",
                       timeout=20)
    elif choice == "discard":
        recovery.discard(app.path, rec)
        app.notify(S.RECOVERY_DISCARDED)
    else:
        recovery.keep(rec)
        app.notify(S.RECOVERY_KEPT)
