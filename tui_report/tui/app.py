"""The editor application: opens one report folder in an
:class:`~tui_report.tui.session.EditSession`, runs the checks after each
edit (when and on which thread is Textual's business, so it stays here),
saves, exports and quits.

Every edit goes through the session, which hands typed text in, refuses
edits when read-only and tells the app what changed through callbacks; the
app turns those into redraws. Locking, recovery files and external-change
handling (the guard) hook into the session too.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui_report.checks import schedule
from tui_report.checks.schedule import CheckRun, CheckSchedule
from tui_report.export.pdf_engine import pdf_available
from tui_report.report.errors import EXIT_FAILED, TuiReportError
from tui_report.report.store import ConflictError, ReportError, Store
from tui_report.resources import styles_dir
from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.external_editor import run_external_editor
from tui_report.tui.guard import Guard
from tui_report.tui.palette import ReportCommands, ReportPalette
from tui_report.tui.screens.main import MainScreen
from tui_report.tui.session import EditSession
from tui_report.tui.textual_compat import KeyFallbackApp
from tui_report.tui.typeahead import redeliver
from tui_report.tui.versions_actions import VersionsActions

if TYPE_CHECKING:
    from tui_report.figures.values import Resolved
    from tui_report.report.problems import Problem

# Modules needed only after the first screen is painted (checks, fixes,
# dialogs, help) are imported where they are used: start-up time is what a
# user waits for every time they open a report.

PRETTY_KEYS = {"up": "↑", "down": "↓", "left": "←", "right": "→", "delete": "Delete", "enter": "Enter",
               "escape": "Esc", "home": "Home", "end": "End", "pageup": "PgUp", "pagedown": "PgDn",
               "tab": "Tab", "space": "Space", "backspace": "Backspace", "insert": "Insert"}


def pretty_key(key: str) -> str:
    """``ctrl+s`` → ``Ctrl+S``, ``f1`` → ``F1``, ``shift+up`` → ``Shift+↑``."""
    parts = key.split("+")
    out = []
    for part in parts:
        if part in PRETTY_KEYS:
            out.append(PRETTY_KEYS[part])
        elif part in ("ctrl", "shift", "alt"):
            out.append(part.capitalize())
        elif len(part) == 1:
            out.append(part.upper() if len(parts) > 1 else part)
        else:
            out.append(part.upper() if part[0] == "f" and part[1:].isdigit() else part.capitalize())
    return "+".join(out)


def theme_for(color_system: str | None, headless: bool) -> str | None:
    """On a 16-colour terminal, a theme drawn in the terminal's own ANSI
    colours: truecolour themes squeezed into 16 colours lose contrast.
    Headless runs (tests) keep the default so screenshots do not depend on
    the TERM of whoever runs them."""
    if headless:
        return None
    if color_system in (None, "standard", "windows"):
        return "ansi-dark"
    return None


class TuiReportApp(VersionsActions, KeyFallbackApp[int]):
    TITLE = S.APP_TITLE
    CSS_PATH = str(styles_dir() / "app.tcss")
    COMMANDS = {ReportCommands}
    BINDINGS = commands.bindings("app", show=False, namespace="app")

    def __init__(self, path: Path | str, *, read_only: bool = False, guard: bool | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        #: when the live checks run (tui_report.checks.schedule)
        self.checking = CheckSchedule()
        self._check_queued = False
        self._check_timer: Timer | None = None
        self._check_retried = False
        self._main: MainScreen | None = None
        #: the user has been told which editor F4 opens without $EDITOR
        self._editor_explained = False
        #: the report, its history and the latest problems: every screen
        #: edits through this one object
        self.session = EditSession.open(self.path, read_only=read_only)
        self._connect(self.session)
        #: lock, recovery checkpoints, files changed on disk; ``guard``: take
        #: the lock and the signal handlers (None: when in a real terminal)
        self.guard = Guard(self, process=guard)

    def _connect(self, session: EditSession) -> None:
        session.flush = self._hand_in_typing
        session.notice = lambda message, severity: self.notify(
            message, severity=severity, timeout=None if severity == "information" else 12)
        session.on_edited = self._edited
        session.on_replaced = self.report_replaced
        session.on_reload = self._reload_editor
        session.on_read_only = self._read_only_changed

    # the session (what tests and the command line look at) ------------------------------

    @property
    def store(self) -> Store:
        return self.session.store

    @property
    def problems(self) -> list[Problem]:
        return self.session.problems

    @property
    def resolved(self) -> Resolved | None:
        return self.session.resolved

    @property
    def history(self):
        return self.session.history

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self.session.read_only = value

    def _main_mounted(self) -> MainScreen | None:
        main = self._main
        return main if main is not None and main.is_mounted else None

    def _hand_in_typing(self) -> None:
        main = self._main_mounted()
        if main is not None:
            main.flush()

    def _read_only_changed(self, value: bool) -> None:
        main = self._main_mounted()
        if main is not None:
            main.status.read_only = value
            main.show_section(main.current_section, force=True)

    def _reload_editor(self) -> None:
        main = self._main_mounted()
        if main is not None:
            main.reload_editor()

    def open_report(self, store: Store | None = None) -> None:
        """Read the report folder again (unless ``store`` has just read it):
        a new session, with the same callbacks. Raises ReportError when it
        cannot be opened at all."""
        session = EditSession(store or Store.open(self.path), read_only=self.session.read_only)
        self._connect(session)
        self.session = session

    def unsaved_buffers(self) -> dict[str, str]:
        return self.session.unsaved_buffers()

    @property
    def dirty(self) -> bool:
        return self.session.dirty

    def undo(self, redo: bool = False) -> None:
        self.session.undo(redo)

    def report_replaced(self) -> None:
        """The store rebuilt its model (a reload, a restore): the screen
        shows the new one and the checks run on it."""
        main = self._main_mounted()
        if main is None:
            return
        main.show_report(self.session.report)
        self.schedule_check()

    def _edited(self) -> None:
        if self._main is not None:
            self._main.status.dirty = True
        self.schedule_check()

    # live checks ---------------------------------------------------------------------

    def schedule_check(self) -> None:
        """Re-run the checks soon: at once when they are fast, after a pause
        in typing (and in a worker thread) when they are slow."""
        self.checking.edited()
        if self._main is not None and self._main.is_mounted:
            self._main.status.checking = True
        if self.checking.inline:
            if not self._check_queued:
                self._check_queued = True
                self.call_later(self._run_checks)
            return
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(schedule.DEBOUNCE, self._run_checks)

    def run_checks_now(self) -> None:
        """Run the checks that are waiting for a pause in typing, now."""
        if self._check_timer is not None:
            self._check_timer.stop()
        self._run_checks()

    def _run_checks(self) -> None:
        self._check_queued = False
        self._check_timer = None
        generation = self.checking.wanted
        report = self.session.report
        if self.checking.inline:
            try:
                result = self.checking.run(report, generation)
            except Exception as exc:  # noqa: BLE001 - a checker bug must not close the editor
                self._checks_failed(generation, exc)
                return
            self._apply_checks(result)
            return
        # exclusive: a run still going is for an older text and is dropped
        self.run_worker(partial(self.checking.run, report, generation), thread=True, group="checks",
                        exclusive=True, exit_on_error=False, name="checks")

    def _checks_failed(self, generation: int, exc: BaseException | None) -> None:
        """Show that checking failed and keep editing: the text is safe in
        the store; the next edit tries again."""
        self.checking.failed(generation)
        if self._main is not None and self._main.is_mounted:
            self._main.status.checking = False
        self.notify(S.CHECK_FAILED.format(error=exc), severity="error", timeout=10)

    def _apply_checks(self, result: CheckRun) -> None:
        if not self.checking.accept(result):
            return
        main = self._main_mounted()
        if main is not None:
            main.status.checking = self.checking.behind
        self.session.accept_checks(result)
        if main is not None:
            main.problems_updated()
        refresh = getattr(self.screen, "refresh_card", None)
        if refresh is not None:
            refresh()  # the 自评表 screen: new totals, new problems

    @property
    def check_count(self) -> int:
        """Completed check runs shown; tests and benchmarks wait on it."""
        return self.checking.runs

    @property
    def checks_running(self) -> bool:
        """A check run is going on in a worker thread."""
        return any(w.group == "checks" and w.is_running for w in self.workers)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if self.git_worker_changed(event):  # pull, push (versions_actions)
            return
        if worker.group == "checks" and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
            if event.state == WorkerState.SUCCESS:
                self._check_retried = False
                if worker.result is not None:
                    self._apply_checks(worker.result)
            elif not self._check_retried:
                # most likely the report changed shape under the thread (a
                # structure edit): one more run sees a consistent model
                self._check_retried = True
            else:
                self._check_retried = False
                self._checks_failed(self.checking.wanted, worker.error)
            if self.checking.behind and self._check_timer is None and not self.checks_running:
                self._run_checks()
        elif worker.group == "export" and event.state == WorkerState.ERROR:
            # the message as the command line shows it (OutputError: "不能导出到 …");
            # not markup: a path may hold "[", which would break the toast
            error = worker.error
            text = str(error) if isinstance(error, TuiReportError) else f"{type(error).__name__}: {error}"
            self.notify(S.EXPORT_FAILED.format(error=text), severity="error", timeout=10, markup=False)

    @property
    def checks_pending(self) -> bool:
        return (self.checking.behind or self.checks_running
                or self._check_queued or self._check_timer is not None)

    async def checks_settled(self, timeout: float = 10.0) -> None:
        """Wait until the latest edit has been checked (for tests and the
        benchmark; the UI itself never waits)."""
        deadline = time.monotonic() + timeout
        while self.checks_pending:
            if time.monotonic() > deadline:
                raise TimeoutError("checks did not finish")
            await asyncio.sleep(0.005)

    def action_recheck(self) -> None:
        self.session.flush()
        self.schedule_check()

    # screens -----------------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        self._main = MainScreen(id="main-screen")
        return self._main

    @property
    def main(self) -> MainScreen:
        """The main screen (made with the app's first screen)."""
        if self._main is None:
            raise RuntimeError("the main screen does not exist before the app runs")
        return self._main

    def unhandled_key(self, event) -> bool:
        """A key nobody bound or handled may have been typed ahead of a
        focus change (typeahead.py)."""
        return redeliver(event, self.screen.focused)

    def on_mount(self) -> None:
        theme = theme_for(self.console.color_system, self.is_headless)
        if theme:
            self.theme = theme
        self.guard.start()
        self.call_after_refresh(self.offer_resolver)  # a merge left conflicts: resolve them first

    def on_unmount(self) -> None:
        self.guard.stop()

    def on_app_focus(self) -> None:
        # back from another window (where a `git pull` may have run)
        self.guard.poll(full=True)

    def action_help(self) -> None:
        from tui_report.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, ReportPalette):
            self.push_screen(ReportPalette())

    def action_last_year(self) -> None:
        from tui_report.tui.screens.last_year import LastYearScreen, open_last_year

        if not isinstance(self.screen, LastYearScreen):
            open_last_year(self)

    def action_scorecard(self) -> None:
        from tui_report.tui.screens.scorecard import ScorecardScreen

        if isinstance(self.screen, ScorecardScreen):
            self.screen.dismiss(None)
            return
        if self.screen is not self.main:
            return
        self.session.flush()
        self.push_screen(ScorecardScreen())

    # figures from the 部门决算 ------------------------------------------------------------

    def action_import_accounts(self) -> None:
        """Ask for the workbook (the one report.toml names, by default),
        then show the review."""
        if self.session.refuse_read_only():
            return
        from tui_report.figures.accounts_review import workbook_path
        from tui_report.tui.screens.dialogs import InputDialog

        self.session.flush()
        named = workbook_path(self.session.report)

        def valid(value: str) -> str | None:
            return None if value.strip() else S.ACCOUNTS_PROMPT

        def chosen(value: str | None) -> None:
            if value:
                self.review_accounts(Path(value.strip()).expanduser())

        self.push_screen(InputDialog(S.ACCOUNTS_OPEN_TITLE, S.ACCOUNTS_PROMPT, str(named or ""), valid), chosen)

    def review_accounts(self, path: Path) -> None:
        """Read ``path`` and show each figure beside the workbook's value;
        what the author checks is written as one undoable step."""
        from tui_report.figures.accounts import AccountsError, read_workbook
        from tui_report.figures.accounts_review import ReviewRow, review
        from tui_report.tui.screens.accounts_import import AccountsImportDialog

        try:
            book = read_workbook(path)
        except AccountsError as exc:
            self.notify(S.ACCOUNTS_FAILED.format(error=exc.message), severity="error", timeout=10)
            return
        values = self.resolved.values if self.resolved is not None else None
        result = review(self.session.report, book, None, values)

        def answer(rows: list[ReviewRow] | None) -> None:
            if rows is not None:
                self.import_accounts(path, rows)

        self.push_screen(AccountsImportDialog(result), answer)

    def import_accounts(self, path: Path, rows) -> bool:
        return self.session.import_accounts(path, rows)

    def action_help_quit(self) -> None:
        self.notify(S.HELP_QUIT.format(key="Ctrl+Q"), title=S.HELP_QUIT_TITLE)

    def command_available(self, command: commands.Command) -> bool:
        if command.scope == "scorecard":  # keys of the F6 screen, not actions of the main one
            return False
        if command.name == "export_pdf":
            return pdf_available()
        if command.name in ("export_csv", "export_xlsx"):
            return self.session.report.scorecard is not None
        return True

    def get_key_display_for(self, key: str) -> str:
        return pretty_key(key)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """Notifications are plain text: they quote file names, titles and
        TOML (``[settings]``), which markup would eat."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    async def run_command(self, command: commands.Command) -> None:
        action = commands.action_string(command, for_scope=False)
        if action.startswith("screen."):
            await self.run_action(action.removeprefix("screen."), self.main)
        elif command.namespace == "self":
            area = self.main.editor.body_area
            area.focus()
            await self.run_action(action, area)
        else:
            await self.run_action(action)

    # saving and quitting ----------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    def save(self, force: bool = False, then=None) -> None:
        """Write every edited file atomically. A file changed on disk since
        it was read is never overwritten without asking."""
        if self.read_only:
            self.notify(S.SAVE_READ_ONLY, severity="warning")
            return
        self.session.flush()
        self.guard.before_save()
        try:
            written = self.session.save(force=force) or []
        except ConflictError as exc:
            # per file: reload theirs, keep mine, or see the diff; then save
            self.guard.resolve(exc.files, from_save=True, then=lambda: self.save(then=then))
            return
        except OSError as exc:
            self.notify(S.SAVE_FAILED.format(error=exc.strerror or exc), severity="error", timeout=10)
            return
        if written:
            self.notify(S.SAVED.format(n=len(written)))
        else:
            self.notify(S.NOTHING_TO_SAVE)
        self.guard.checkpoint()  # saved: the recovery file goes
        if self._main is not None:
            self._main.refresh_status()
        if then is not None:
            then()

    async def action_quit(self) -> None:
        dirty = self.session.dirty_files()
        if not dirty or self.read_only:
            self.exit(0)
            return

        from tui_report.tui.screens.dialogs import ChoiceDialog

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.save(then=lambda: self.exit(0))
            elif choice == "discard":
                self.guard.discarded = True  # asked not to keep them: no recovery either
                self.exit(0)

        self.push_screen(ChoiceDialog(S.QUIT_TITLE, S.QUIT_MESSAGE.format(files="\n".join(dirty)), [
            ("save", S.QUIT_SAVE, "s"), ("discard", S.QUIT_DISCARD, "d"), ("cancel", S.CANCEL, "c")]),
            answer)

    # external editor ------------------------------------------------------------------------

    def action_external_editor(self) -> None:
        """Edit the open section's body in $VISUAL/$EDITOR, then read it back.
        Without either, say first which editor opens and how to leave it:
        someone who never chose vi must not be dropped into it unwarned."""
        from tui_report.tui.external_editor import configured_editor, fallback_editor

        section = self.main.current_section
        unexplained = configured_editor() is None and not self._editor_explained
        if unexplained and section is not None and not section.error and not self.session.read_only:
            from tui_report.tui.screens.dialogs import ChoiceDialog

            editor = fallback_editor()

            def answer(choice: str | None) -> None:
                if choice == "go":
                    self._editor_explained = True
                    self.action_external_editor()

            self.push_screen(ChoiceDialog(S.EDITOR_FALLBACK_TITLE, S.EDITOR_FALLBACK.format(
                editor=editor, how=S.EDITOR_HOW.get(editor, "")), [
                ("go", S.EDITOR_GO, "o"), ("cancel", S.CANCEL, "c")]), answer)
            return
        self._edit_outside()

    def _edit_outside(self) -> None:
        main = self.main
        section = main.current_section
        if section is not None and section.error:
            self.guard.edit_broken(section)  # the file itself, then read again
            return
        if section is None:
            self.notify(S.EDITOR_NO_SECTION, severity="warning")
            return
        if self.session.refuse_read_only():
            return
        self.session.flush()
        fd, tmp = tempfile.mkstemp(prefix="tui-report-", suffix=".md")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(section.body + "\n")
            if not run_external_editor(self, Path(tmp)):
                return
            with open(tmp, encoding="utf-8") as fh:
                text = fh.read()
        finally:
            os.unlink(tmp)
        if text.endswith("\n"):
            text = text[:-1]
        self.session.set_body_from_outside(section, text)
        self.refresh()

    # export -------------------------------------------------------------------------------------

    def action_export(self, fmt: str) -> None:
        if fmt == "pdf" and not pdf_available():
            self.notify(S.EXPORT_PDF_MISSING, severity="warning")
            return
        from tui_report.export.run import default_output
        from tui_report.tui.screens.dialogs import InputDialog

        # the same place `tui-report export` writes to: the current folder
        default = default_output(self.path, fmt)

        def valid(value: str) -> str | None:
            return None if value.strip() else S.EXPORT_PROMPT

        def chosen(value: str | None) -> None:
            if value:
                self.export_checked(fmt, Path(value.strip()).expanduser())

        self.push_screen(InputDialog(S.EXPORT_TITLE.format(fmt=fmt.upper()), S.EXPORT_PROMPT, str(default),
                                     valid), chosen)

    def action_compare(self) -> None:
        """This year against last year (figures and changed words), as
        `tui-report compare` prints it, into a Markdown file."""
        from tui_report.tui.screens.dialogs import InputDialog
        from tui_report.yearly import compare

        session = self.session
        old = session.last_year()
        if old is None:
            return
        from tui_report.export.run import default_output

        default = default_output(self.path, "md").with_name(f"{self.path.resolve().name}-与上年对比.md")

        def valid(value: str) -> str | None:
            return None if value.strip() else S.COMPARE_PROMPT

        def chosen(value: str | None) -> None:
            if not value:
                return
            from tui_report.report.output import write_output

            dest = Path(value.strip()).expanduser()
            try:
                write_output(dest, compare.report(old, session.report, "md"), session.root)
            except TuiReportError as exc:
                self.notify(S.COMPARE_FAILED.format(error=exc.message), severity="error", timeout=10)
                return
            self.notify(S.COMPARE_DONE.format(path=dest))

        self.push_screen(InputDialog(S.COMPARE_TITLE, S.COMPARE_PROMPT, str(default), valid), chosen)

    def export_checked(self, fmt: str, dest: Path) -> None:
        """A PDF or HTML is what gets sent: with errors or unfilled figures
        in the report, ask first (cancel, or export marked as a draft)."""
        if fmt not in ("pdf", "html"):
            self.export(fmt, dest)
            return
        from tui_report.export.guard import blocking
        from tui_report.tui.screens.dialogs import ChoiceDialog

        self.session.flush()
        problems = blocking(self.session.report)
        if not problems:
            self.export(fmt, dest)
            return
        labels = self.session.labels()
        listed = "\n".join(f"· {self.session.where(p, labels)}：{p.message}" for p in problems[:8])
        more = S.EXPORT_MORE.format(n=len(problems) - 8) if len(problems) > 8 else ""

        def answer(choice: str | None) -> None:
            if choice == "draft":
                self.export(fmt, dest, draft=True)

        self.push_screen(ChoiceDialog(S.EXPORT_BLOCKED_TITLE, S.EXPORT_BLOCKED.format(
            n=len(problems), problems=listed + more), [
            ("cancel", S.CANCEL, "c"), ("draft", S.EXPORT_AS_DRAFT, "d")]), answer)

    def export(self, fmt: str, dest: Path, draft: bool = False) -> Worker:
        """Export in a thread with a notification when it starts and ends;
        the UI keeps running meanwhile."""
        self.session.flush()
        # on the status line, not a toast: a toast outlives the export (it
        # stayed after "已导出" had gone); the line is cleared when it ends
        self._export_progress(S.EXPORT_RUNNING.format(path=dest.name))
        return self.run_worker(partial(self._export, fmt, dest, draft), thread=True, group="export",
                               exit_on_error=False, name=f"export-{fmt}")

    def _export(self, fmt: str, dest: Path, draft: bool = False) -> Path:
        from tui_report.export.run import run

        def progress(stage: str, done: float) -> None:
            self.call_from_thread(self._export_progress, S.EXPORT_PROGRESS.format(
                stage=stage, percent=int(done * 100)))

        try:
            result = run(self.session.report, fmt, dest, progress=progress, draft=draft)
        finally:
            self.call_from_thread(self._export_progress, "")
        for warning in result.warnings:
            self.call_from_thread(self.notify, warning, severity="warning", timeout=10)
        if fmt == "pdf":
            self.call_from_thread(self.notify, S.EXPORT_PDF_DONE.format(
                path=dest, pages=result.pages, seconds=f"{result.elapsed:.1f}"))
        else:
            self.call_from_thread(self.notify, S.EXPORT_DONE.format(path=dest))
        return dest

    def _export_progress(self, text: str) -> None:
        if self._main is not None:
            self._main.status.activity = text


def run_app(path: Path) -> int:
    """`tui-report PATH`: open the editor; 2 when the report cannot be read."""
    import sys

    try:
        app = TuiReportApp(path)
    except ReportError as exc:
        print(exc.format(), file=sys.stderr)
        return EXIT_FAILED
    result = app.run()
    if isinstance(result, int):
        return result
    # no answer: the app ended by an exception (its traceback is shown, the
    # recovery file keeps what was typed); a script must not read that as success
    return EXIT_FAILED if app.return_code else 0
