"""Nothing typed is lost and nothing on disk is overwritten unasked, while
the editor runs.

- The report's lock: a second editor opens read-only and names the holder.
- SIGHUP (a dropped SSH connection: Textual installs no handler for it, so
  the process would die with no cleanup) and SIGTERM write every unsaved
  buffer to a recovery file, never over the report's files, then exit.
- A checkpoint every few seconds, for the kills no handler sees.
- On opening, a recovery left by an editor that ended badly is offered.
- Files changed on disk (a colleague, `git pull`) are noticed on a timer,
  when the terminal regains focus and before saving. Files I have not
  edited are simply read again; for one I have edited the user chooses:
  reload, keep mine, or look at the diff first.
- A section file that cannot be read opens in $EDITOR, and is read again.

The lock and the signal handlers are process-wide, so they are taken only
when the editor runs in a real terminal (or when asked): headless runs are
tests and screenshots, several of which may open the shipped sample report
at the same moment in parallel workers, where a lock would make one of them
read-only at random.

The signal handler writes the checkpoint at once (everything it needs is
imported up front, see :mod:`tui_report.report.recovery`), then lets the event
loop flush the widgets, write again from a consistent state and exit. If
the loop cannot (the terminal is gone and drawing blocks), the process
leaves after :data:`EXIT_GRACE` seconds anyway: the edits are on disk.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_report.report import lock as report_lock
from tui_report.report import recovery
from tui_report.report.atomic import digest
from tui_report.report.store import ReportError
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.report.model import Section
    from tui_report.tui.app import TuiReportApp

#: seconds between checkpoints of unsaved edits (written only when changed)
CHECKPOINT_EVERY = 3.0
#: seconds between looks at the report's files on disk (a stat of each;
#: only a file whose stat changed is read and hashed)
POLL_EVERY = 2.0
#: seconds a signalled editor waits for an orderly exit before leaving
EXIT_GRACE = 5.0
SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))


class Guard:
    """The app's lock, recovery checkpoints and watch on the files."""

    def __init__(self, app: TuiReportApp, process: bool | None = None) -> None:
        self.app = app
        #: take the lock and the signal handlers (None: when not headless)
        self.process = process
        self.lock: report_lock.Lock | None = None
        #: why the report is read-only because of the lock ("" otherwise)
        self.lock_why = ""
        self.lock_message = ""
        #: the user chose to quit without saving: leave no recovery behind
        self.discarded = False
        self.signalled = False
        self._started = self._stopped = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._old_handlers: dict[int, object] = {}
        self._last_buffers: dict[str, str] = {}
        self._checkpoint_failed = False
        self._seen: dict[str, tuple | None] = {}
        #: (file, disk hash) already asked about and put off
        self._asked: set[tuple[str, str | None]] = set()
        self._resolving = False
        self._generation = 0

    # start and stop ------------------------------------------------------------------

    def start(self) -> None:
        app = self.app
        process = self.process if self.process is not None else not app.is_headless
        if process:
            if not app.read_only:  # asked to only look: leave the report to an editor
                self._take_lock()
            self._install_signals()
        app.set_interval(CHECKPOINT_EVERY, self.checkpoint, name="checkpoint")
        app.set_interval(POLL_EVERY, self.poll, name="external-changes")
        app.call_after_refresh(self._after_first_paint)
        self._started = True

    def _after_first_paint(self) -> None:
        main = self.app.main
        if main is None or not main.is_mounted:
            self.app.call_after_refresh(self._after_first_paint)
            return
        if self.lock_message:
            main.status.read_only_why = self.lock_why
            self.app.notify(S.LOCKED_NOTICE.format(message=self.lock_message), title=S.LOCKED_NOTICE_TITLE,
                            severity="warning", timeout=15)
        self.offer_recovery()

    def stop(self) -> None:
        """The app is closing: keep what is unsaved (or, after "quit
        without saving", nothing), give the lock back."""
        if self._stopped or not self._started:
            return
        self._stopped = True
        try:
            if self.discarded:
                recovery.write_recovery(self.app.store.root, {})
            else:
                self.checkpoint()
        except OSError:
            pass
        self._release_lock()
        self._restore_signals()

    # the lock --------------------------------------------------------------------------

    def _take_lock(self) -> None:
        try:
            self.lock = report_lock.acquire(self.app.path)
            return
        except report_lock.Locked as exc:
            info = exc.info
            self.lock_why = S.LOCKED_BY.format(user=info.user, host=info.host) if info else S.LOCK_UNAVAILABLE
            self.lock_message = exc.message
        except report_lock.LockError as exc:
            self.lock_why = S.LOCK_UNAVAILABLE
            self.lock_message = exc.message
        self.app.read_only = True

    def _release_lock(self) -> None:
        held, self.lock = self.lock, None
        if held is not None:
            try:
                held.release()
            except OSError:
                pass

    # signals ---------------------------------------------------------------------------

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        self._loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            try:
                self._old_handlers[sig] = signal.signal(sig, self._on_signal)
            except (ValueError, OSError):
                pass

    def _restore_signals(self) -> None:
        for sig, old in self._old_handlers.items():
            try:
                signal.signal(sig, old)
            except (ValueError, OSError, TypeError):
                pass
        self._old_handlers.clear()

    def _on_signal(self, signum: int, frame) -> None:
        """SIGHUP/SIGTERM: the text is written before anything else."""
        if self.signalled:
            return
        self.signalled = True
        code = 128 + signum
        try:
            self._write(self.widget_buffers())
        except Exception:  # noqa: BLE001 - the loop writes again below; nothing may stop the exit
            pass
        self._release_lock()
        watchdog = threading.Timer(EXIT_GRACE, os._exit, (code,))
        watchdog.daemon = True
        watchdog.start()
        try:
            self._loop.call_soon_threadsafe(self._exit_after_signal, code)
        except (AttributeError, RuntimeError):
            os._exit(code)

    def _exit_after_signal(self, code: int) -> None:
        main = self.app.main
        try:
            if main is not None and main.is_mounted:
                main.flush()
            self._write(self.widget_buffers())
        except Exception:  # noqa: BLE001 - the handler's checkpoint stands
            pass
        self.app.exit(code)

    # checkpoints -----------------------------------------------------------------------

    def widget_buffers(self) -> dict[str, str]:
        """Text typed into widgets that the store does not hold yet, keyed
        as recovery files key it. Reads widgets only, so it is safe from a
        signal handler."""
        app = self.app
        out: dict[str, str] = {}
        main = app.main
        if main is None or not main.is_mounted or app.read_only:
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
        if fig is not None and fig.id in app.store.report.figures:
            for key, wid, now in (("value", "#figure-value", fig.value), ("prev", "#figure-prev", fig.prev)):
                try:
                    typed = screen.query_one(wid).value.strip()
                except Exception:  # noqa: BLE001 - the dialog is closing
                    continue
                if typed != ("" if now is None else format(now, "f")):
                    out[recovery.figure_key(fig.id, key)] = typed
        return out

    def _write(self, extra: dict[str, str]) -> None:
        store = self.app.store
        buffers = recovery.collect_buffers(store, extra)
        if buffers == self._last_buffers:
            return
        recovery.checkpoint(store, extra)
        self._last_buffers = buffers

    def checkpoint(self) -> None:
        """Write this run's recovery file when the unsaved text changed
        (remove it once nothing is unsaved)."""
        if self.signalled:
            return
        try:
            self._write(self.widget_buffers())
        except OSError as exc:
            if not self._checkpoint_failed:
                self._checkpoint_failed = True
                self.app.notify(S.CHECKPOINT_FAILED.format(error=exc.strerror or exc), severity="error",
                                timeout=15)
            return
        self._checkpoint_failed = False

    # the recovery offer ------------------------------------------------------------------

    def offer_recovery(self) -> None:
        """Offer the newest recovery of an editor that ended badly. Not when
        read-only: restored text could not be saved."""
        app = self.app
        if app.read_only:
            return
        try:
            rec = recovery.pending(app.path, app.store)
        except OSError:
            return
        if rec is None:
            return
        from tui_report.tui.screens.recovery import RecoveryDialog

        app.push_screen(RecoveryDialog(rec), lambda choice: self._recovery_answer(rec, choice))

    def _recovery_answer(self, rec: recovery.Recovery, choice: str | None) -> None:
        app = self.app
        if choice == "restore":
            app.main.flush()
            result = recovery.restore(app.store, rec)
            self._last_buffers = recovery.collect_buffers(app.store)
            self.refresh_views()
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

    # files changed on disk ---------------------------------------------------------------

    def _stats(self) -> dict[str, tuple | None]:
        store = self.app.store
        out: dict[str, tuple | None] = {}
        for rel in list(store.files):
            try:
                st = os.lstat(store.root / rel)
            except OSError:
                out[rel] = None
            else:
                out[rel] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        return out

    def _disk_digest(self, rel: str) -> str | None:
        try:
            return digest((self.app.store.root / rel).read_bytes())
        except OSError:
            return None

    def poll(self, full: bool = False) -> None:
        """Look for files changed on disk since they were read. ``full``
        hashes every file; the timer hashes only those whose stat moved."""
        app = self.app
        main = app.main
        if self._resolving or self.signalled or self._stopped or main is None or not main.is_mounted:
            return
        if app.screen is not main:
            return  # a dialog is open; the next look comes soon
        store = app.store
        stats = self._stats()
        candidates = list(stats) if full else [rel for rel, st in stats.items() if self._seen.get(rel, ()) != st]
        self._seen = stats
        if not candidates:
            return
        main.flush()  # typed text counts as an edit of its file
        changed = store.changed_on_disk([rel for rel in candidates if rel in store.files])
        if not changed:
            return

        def edited(rel: str) -> bool:
            f = store.files[rel]
            return f.dirty or f.new or f.deleted

        mine = [rel for rel in changed if edited(rel)]
        if len(mine) < len(changed):
            self._take_unedited()
        ask = [rel for rel in mine if rel in store.files and (rel, self._disk_digest(rel)) not in self._asked]
        if ask:
            self.resolve(ask, from_save=False)

    def _take_unedited(self) -> None:
        app = self.app
        try:
            taken = app.store.reload_unedited()
        except ReportError as exc:
            key = ("unreadable", str(exc))
            if key not in self._asked:
                self._asked.add(key)
                app.notify(S.EXTERNAL_RELOAD_FAILED.format(error=exc), severity="warning", timeout=15)
            return
        if taken:
            self.refresh_views()
            app.notify(S.EXTERNAL_RELOADED.format(files="、".join(taken)), timeout=8)

    def before_save(self) -> None:
        """Ctrl+S while the timer's question is open: the save asks again,
        this time with letter keys, and the open question is dropped."""
        from tui_report.tui.screens.conflict import ConflictDialog

        screen = self.app.screen
        if self._resolving and isinstance(screen, ConflictDialog) and not screen.from_save:
            self._generation += 1
            self._resolving = False
            screen.dismiss(None)

    def resolve(self, files: list[str], *, from_save: bool, then: Callable[[], None] | None = None) -> None:
        """Ask about each file changed on disk that I have edited; ``then``
        runs once every file has an answer other than "later"."""
        from tui_report.tui.screens.conflict import ConflictDialog, DiffScreen

        app = self.app
        store = app.store
        if self._resolving:
            if from_save:
                app.notify(S.EXTERNAL_BUSY, severity="warning")
            return
        self._resolving = True
        self._generation += 1
        generation = self._generation
        queue = list(files)
        reloaded = False

        def finish(go_on: bool) -> None:
            self._resolving = False
            if reloaded:
                self.refresh_views()
            if go_on and then is not None:
                then()

        def next_file() -> None:
            while queue:
                rel = queue[0]
                kind = store.external_change(rel) if rel in store.files else None
                if kind is not None:
                    ask(rel, kind)
                    return
                queue.pop(0)  # settled meanwhile
            finish(True)

        def ask(rel: str, kind: str) -> None:
            def answer(choice: str | None) -> None:
                nonlocal reloaded
                if generation != self._generation:
                    return  # dropped for the question Ctrl+S asks
                if choice == "diff":
                    app.push_screen(DiffScreen(S.DIFF_TITLE.format(file=rel), store.disk_diff(rel)),
                                    lambda _: ask(rel, kind) if generation == self._generation else None)
                    return
                if choice == "reload":
                    app.main.flush()  # then mine of this file is dropped with the rest of it
                    reloaded = True
                    try:
                        store.reload_file(rel)
                    except ReportError as exc:
                        app.notify(S.EXTERNAL_RELOAD_FAILED.format(error=exc), severity="error", timeout=15)
                        finish(False)
                        return
                    app.notify(S.EXTERNAL_TOOK_DISK.format(file=rel))
                elif choice == "mine":
                    store.keep_mine(rel)
                    app.notify(S.EXTERNAL_KEPT_MINE.format(file=rel))
                else:
                    self._asked.add((rel, self._disk_digest(rel)))
                    finish(False)
                    return
                queue.pop(0)
                next_file()

            app.push_screen(ConflictDialog(rel, kind, from_save), answer)

        next_file()

    def refresh_views(self) -> None:
        """The store rebuilt its model (reload, restore): show the new one,
        on the same section and at the same place where it still exists."""
        app = self.app
        main = app.main
        if main is None or not main.is_mounted:
            return
        report = app.store.report
        editor = main.editor
        old = editor.section
        where = (old.file, old.path) if old is not None else None
        cursor = editor.body_area.cursor_location
        editor.section = None  # belongs to the old model: nothing to flush from it
        target = report.section_at(*where) if where else None
        if target is None and where:
            target = next((s for s in report.sections if s.file == where[0]), None)
        main.outline.rebuild(report, select=target)
        target = target or main.outline.current
        main.show_section(target, force=True)
        if target is not None and not target.error:
            area = editor.body_area
            row = min(cursor[0], area.document.line_count - 1)
            area.cursor_location = (row, min(cursor[1], len(area.document[row])))
        status = main.status
        status.report_name = report.department or report.title
        status.year = report.year
        main.refresh_status()
        if main.figures_visible:
            main.refresh_figures()
        app.schedule_check()

    # a section file that cannot be read ------------------------------------------------

    def edit_broken(self, section: Section) -> None:
        """Open the file behind a section that cannot be read in $EDITOR
        (it cannot be edited here), then read it again."""
        app = self.app
        if app.read_only:
            app.notify(S.READ_ONLY, severity="warning")
            return
        store = app.store
        rel = section.file
        path = store.root / rel
        # only a plain file in the report's own sections/ folder: an id with
        # ../ or a symlink must not make the editor write outside the report
        folder = store.root.resolve() / "sections"
        inside = path.parent.resolve() == folder and (store.root / "sections").resolve() == folder
        if path.is_symlink() or (path.exists() and not path.is_file()) or not inside:
            app.notify(S.BROKEN_REFUSED.format(file=rel), severity="warning")
            return
        if not getattr(app._driver, "can_suspend", False):
            app.notify(S.EDITOR_UNSUPPORTED, severity="warning")
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with app.suspend():
                subprocess.call([*shlex.split(editor), str(path)])
        except OSError as exc:
            app.notify(S.EDITOR_FAILED.format(editor=editor, error=exc.strerror or exc), severity="error")
            return
        app.main.flush()
        try:
            store.reload_file(rel)
        except ReportError as exc:
            app.notify(S.EXTERNAL_RELOAD_FAILED.format(error=exc), severity="error", timeout=15)
        self.refresh_views()
        again = store.report.section_at(rel, ())
        if again is not None and again.error:
            app.notify(S.BROKEN_STILL.format(file=rel, error=again.error), severity="warning", timeout=15)
        else:
            app.notify(S.BROKEN_REREAD.format(file=rel))
        app.refresh()
