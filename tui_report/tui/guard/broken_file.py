"""A section file that cannot be read opens in $EDITOR, and is read again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui_report.report.store import ReportError
from tui_report.tui import strings as S
from tui_report.tui.external_editor import run_external_editor

if TYPE_CHECKING:
    from tui_report.report.model import Section
    from tui_report.tui.app import TuiReportApp


def edit_broken(app: TuiReportApp, section: Section) -> None:
    """Open the file behind a section that cannot be read (it cannot be
    edited here), then read it again."""
    session = app.session
    if session.refuse_read_only():
        return
    store = session.store
    rel = section.file
    path = store.root / rel
    # only a plain file in the report's own sections/ folder: an id with
    # ../ or a symlink must not make the editor write outside the report
    folder = store.root.resolve() / "sections"
    inside = path.parent.resolve() == folder and (store.root / "sections").resolve() == folder
    if path.is_symlink() or (path.exists() and not path.is_file()) or not inside:
        app.notify(S.BROKEN_REFUSED.format(file=rel), severity="warning")
        return
    if not run_external_editor(app, path):
        return
    try:
        session.replace_store_text(lambda st: st.reload_file(rel))
    except ReportError as exc:
        app.notify(S.EXTERNAL_RELOAD_FAILED.format(error=exc), severity="error", timeout=15)
    again = store.report.section_at(rel, ())
    if again is not None and again.error:
        app.notify(S.BROKEN_STILL.format(file=rel, error=again.error), severity="warning", timeout=15)
    else:
        app.notify(S.BROKEN_REREAD.format(file=rel))
