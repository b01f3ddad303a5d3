"""Files changed on disk while the editor runs (a colleague, `git pull`).

They are noticed on a timer, when the terminal regains focus and before
saving. Files I have not edited are simply read again; for one I have edited
the user chooses: reload, keep mine, or look at the difference first.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_report.report.store import ReportError
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.tui.app import TuiReportApp

#: seconds between looks at the report's files on disk (a stat of each;
#: only a file whose stat changed is read and hashed)
POLL_EVERY = 2.0


class DiskWatch:
    def __init__(self, app: TuiReportApp) -> None:
        self.app = app
        #: no more looks (closing, or a signal is ending the editor)
        self.stopped = False
        self._seen: dict[str, tuple | None] = {}
        #: (file, disk hash) already asked about and put off
        self._asked: set[tuple[str, str | None]] = set()
        self._resolving = False
        self._generation = 0

    def _stats(self) -> dict[str, tuple | None]:
        store = self.app.session.store
        out: dict[str, tuple | None] = {}
        for rel in list(store.files):
            try:
                st = os.lstat(store.root / rel)
            except OSError:
                out[rel] = None
            else:
                out[rel] = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        return out

    def poll(self, full: bool = False) -> None:
        """Look for files changed on disk since they were read. ``full``
        hashes every file; the timer hashes only those whose stat moved."""
        app = self.app
        main = app.main
        if self._resolving or self.stopped or main is None or not main.is_mounted:
            return
        if app.screen is not main:
            return  # a dialog is open; the next look comes soon
        store = app.session.store
        stats = self._stats()
        candidates = list(stats) if full else [rel for rel, st in stats.items() if self._seen.get(rel, ()) != st]
        self._seen = stats
        if not candidates:
            return
        app.session.flush()  # typed text counts as an edit of its file
        changed = store.changed_on_disk([rel for rel in candidates if rel in store.files])
        if not changed:
            return

        def edited(rel: str) -> bool:
            f = store.files[rel]
            return f.dirty or f.new or f.deleted

        mine = [rel for rel in changed if edited(rel)]
        if len(mine) < len(changed):
            self._take_unedited()
        ask = [rel for rel in mine if rel in store.files and (rel, self.app.session.store.disk_digest(rel)) not in self._asked]
        if ask:
            self.resolve(ask, from_save=False)

    def _take_unedited(self) -> None:
        app = self.app
        try:
            taken = app.session.store.reload_unedited()
        except ReportError as exc:
            key = ("unreadable", str(exc))
            if key not in self._asked:
                self._asked.add(key)
                app.notify(S.EXTERNAL_RELOAD_FAILED.format(error=exc), severity="warning", timeout=15)
            return
        if taken:
            app.report_replaced()
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
        store = app.session.store
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
                app.report_replaced()
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
                    app.session.flush()  # then mine of this file is dropped with the rest of it
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
                    self._asked.add((rel, self.app.session.store.disk_digest(rel)))
                    finish(False)
                    return
                queue.pop(0)
                next_file()

            app.push_screen(ConflictDialog(rel, kind, from_save), answer)

        next_file()
