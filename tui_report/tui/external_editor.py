"""The user's own editor ($VISUAL, $EDITOR, else vi) on one file, with the
terminal handed over and given back.

One launcher for both uses (F4 on a section's text, and on a section file
that cannot be read), so both honour the same variables and say the same
thing when the terminal cannot be suspended or the editor cannot start.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from textual.app import App

from tui_report.tui import strings as S
from tui_report.tui.textual_compat import can_suspend


def configured_editor() -> str | None:
    """The editor the user chose ($VISUAL, else $EDITOR), or None."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def fallback_editor() -> str:
    """Without a choice: nano where it is installed (it shows its keys on
    screen), else vi, which every system has."""
    return "nano" if shutil.which("nano") else "vi"


def editor_command() -> str:
    return configured_editor() or fallback_editor()


def run_external_editor(app: App, path: Path) -> bool:
    """Suspend ``app``, edit ``path``, resume. False, with a notification,
    when the editor could not be run; the file is then as it was."""
    if not can_suspend(app):
        app.notify(S.EDITOR_UNSUPPORTED, severity="warning")
        return False
    editor = editor_command()
    # toasts still on screen would be drawn again on return, as if new
    app.clear_notifications()
    try:
        with app.suspend():
            subprocess.call([*shlex.split(editor), str(path)])
    except OSError as exc:
        app.notify(S.EDITOR_FAILED.format(editor=editor, error=exc.strerror or exc), severity="error")
        return False
    return True
