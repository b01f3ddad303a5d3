"""The editor's versions: save a version, the history, restore, who wrote
a paragraph, pull and push, and the merge resolver.

Mixed into the app (``TuiReportApp``), since each is an action of the app
that goes through its store and undo history like every other edit; the git
work itself is ``tui_report.versions``, the screens are
``screens/versions.py`` and ``screens/merge_resolver.py``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.worker import Worker, WorkerState

from tui_report.report import conflict_markers as cm
from tui_report.tui import strings as S
from tui_report.versions.git import GitError

if TYPE_CHECKING:
    from tui_report.tui.app import TuiReportApp
    from tui_report.versions.changes import Change


class VersionsActions:
    """Actions of the app about versions (see the module's docstring)."""

    @property
    def as_app(self) -> TuiReportApp:
        """This object as the app it is mixed into."""
        return cast("TuiReportApp", self)

    # --- a repository, when the folder has none ---------------------------------------------

    def _with_repo(self, then) -> None:
        """Run ``then()`` once the report is in a repository; a folder not
        yet in one is offered one (the same as ``tui-report git-setup``)."""
        app = self.as_app
        from tui_report.tui.screens.dialogs import ChoiceDialog
        from tui_report.versions.git import find_repo
        from tui_report.versions.setup import setup

        try:
            repo = find_repo(app.store.root)
        except GitError as exc:
            app.notify(S.GIT_FAILED.format(error=exc.message), severity="error", timeout=10)
            return
        if repo is not None:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice != "setup":
                return
            try:
                result = setup(app.store.root)
            except (GitError, OSError) as exc:
                app.notify(S.GIT_FAILED.format(error=getattr(exc, "message", exc)), severity="error", timeout=10)
                return
            app.notify(S.VERSION_REPO_MADE.format(notes="；".join(result.notes)), timeout=8)
            then()

        app.push_screen(ChoiceDialog(S.VERSION_NO_REPO_TITLE, S.VERSION_NO_REPO, [
            ("setup", S.VERSION_MAKE_REPO, "y"), ("cancel", S.CANCEL, "n")]), answer)

    # --- save a version ---------------------------------------------------------------------

    def action_save_version(self) -> None:
        app = self.as_app
        if app.session.refuse_read_only():
            return
        app.session.flush()
        conflicts = [p for p in app.store.report.load_problems if p.id == "merge-conflict"]
        conflicts += [p for p in app.problems if p.id == "merge-conflict"]
        if conflicts or app.conflict_blocks():
            app.notify(S.VERSION_CONFLICTS.format(n=max(len(conflicts), 1)), severity="warning", timeout=10)
            return
        self._with_repo(lambda: app.save(then=self._ask_version_message))

    def _ask_version_message(self) -> None:
        app = self.as_app
        from tui_report.tui.screens.dialogs import InputDialog
        from tui_report.versions.changes import as_text
        from tui_report.versions.save import changes_since_last

        try:
            found = changes_since_last(app.store.root, app.store.report)
        except GitError as exc:
            app.notify(S.GIT_FAILED.format(error=exc.message), severity="error", timeout=10)
            return
        lines = as_text(found, "").rstrip("\n").split("\n") if found else [S.SAVE_VERSION_NONE]
        if len(lines) > 8:
            lines = lines[:8] + [S.SAVE_VERSION_MORE.format(n=len(lines) - 8)]

        def valid(value: str) -> str | None:
            return None if value.strip() else S.SAVE_VERSION_NEEDED

        def chosen(message: str | None) -> None:
            if message:
                app.save_version(message)

        app.push_screen(InputDialog(S.SAVE_VERSION_TITLE, S.SAVE_VERSION_PROMPT.format(changes="\n".join(lines)),
                                     "", valid), chosen)

    def save_version(self, message: str) -> str | None:
        """Commit the saved report; returns the version's id (None when it
        failed, with the reason shown)."""
        app = self.as_app
        from tui_report.versions.save import save_version

        try:
            saved = save_version(app.store.root, message)
        except GitError as exc:
            app.notify(S.GIT_FAILED.format(error=exc.message), severity="warning", timeout=10)
            return None
        errors = sum(1 for p in app.problems if p.severity == "error" and not p.acknowledged)
        text = S.VERSION_SAVED_DRAFT if errors else S.VERSION_SAVED
        app.notify(text.format(version=saved.commit[:8], message=message.strip(), n=errors))
        return saved.commit

    # --- history and restore ----------------------------------------------------------------

    def action_versions(self) -> None:
        app = self.as_app
        from tui_report.tui.screens.versions import VersionsScreen

        if isinstance(app.screen, VersionsScreen):
            return
        app.session.flush()

        def show() -> None:
            from tui_report.versions.git import repo_of

            try:
                repo = repo_of(app.store.root)
            except GitError as exc:
                app.notify(S.GIT_FAILED.format(error=exc.message), severity="error", timeout=10)
                return
            app.push_screen(VersionsScreen(repo))

        self._with_repo(show)

    def restore_version(self, commit: str, change: Change) -> bool:
        """Put a section, a figure or a file back as version ``commit`` had
        it, as one undoable edit (not saved: the author looks first)."""
        app = self.as_app
        from tui_report.report.places import REPORT_FILE
        from tui_report.versions.git import repo_of
        from tui_report.versions.restore import figure_text
        from tui_report.versions.snapshots import file_at

        session = app.session
        if session.refuse_read_only():
            return False
        session.flush()
        store = session.store
        try:
            repo = repo_of(store.root)
            if change.kind == "figure":
                rel = REPORT_FILE
                text: str | None = figure_text(repo, commit, store.text_of(REPORT_FILE), change.key)
            else:
                rel = change.key
                text = file_at(repo, commit, rel)
        except GitError as exc:
            app.notify(S.GIT_FAILED.format(error=exc.message), severity="warning", timeout=10)
            return False
        if text is None or rel not in store.files:
            app.notify(S.VERSIONS_CANNOT_RESTORE.format(what=change.title), severity="warning")
            return False
        what = change.title
        # a version the store cannot read is said and nothing changes
        if not session.edit_files(S.UNDO_RESTORE.format(what=what, version=commit[:8]),
                                  lambda: store.set_text(rel, text), S.GIT_FAILED):
            return False
        app.notify(S.VERSION_RESTORED.format(what=what, version=commit[:8]))
        return True

    def action_blame(self) -> None:
        app = self.as_app
        from tui_report.tui.screens.versions import BlameScreen
        from tui_report.versions.blame import blame_section
        from tui_report.versions.git import repo_of

        main = app.main
        app.session.flush()
        section = main.current_section
        if section is None or section.error:
            app.notify(S.EDITOR_NO_SECTION, severity="warning")
            return
        try:
            lines = blame_section(repo_of(app.store.root), section.file, app.store.text_of(section.file), section)
        except GitError as exc:
            app.notify(S.GIT_FAILED.format(error=exc.message), severity="warning", timeout=10)
            return
        app.push_screen(BlameScreen(section.title, lines))

    # --- the merge resolver -----------------------------------------------------------------

    def conflict_blocks(self) -> list[tuple[str, int, cm.Block]]:
        """Every conflict block in the report's files as they are now
        (edits included): (file, index in its file, block)."""
        app = self.as_app
        store = app.store
        out = []
        for rel, f in store.files.items():
            if f.deleted:
                continue
            text = store.text_of(rel)
            if "<<<<<<<" not in text:
                continue
            blocks, _ = cm.scan(text)
            out += [(rel, n, b) for n, b in enumerate(blocks)]
        return out

    def offer_resolver(self) -> None:
        """On opening a report a merge left conflicts in: straight to the resolver."""
        app = self.as_app
        if app.conflict_blocks() and not app.read_only:
            app.notify(S.RESOLVER_FOUND.format(n=len(app.conflict_blocks())), timeout=8)
            app.action_resolve_conflicts()

    def action_resolve_conflicts(self) -> None:
        app = self.as_app
        from tui_report.tui.screens.merge_resolver import MergeResolverScreen

        if isinstance(app.screen, MergeResolverScreen):
            return
        if app.session.refuse_read_only():
            return
        app.session.flush()
        blocks = app.conflict_blocks()
        if not blocks:
            strays = [(rel, line) for rel in app.store.files if not app.store.files[rel].deleted
                      for line in [s.line for s in cm.scan(app.store.text_of(rel))[1]]]
            if strays:
                rel, line = strays[0]
                app.notify(S.RESOLVER_STRAY.format(file=rel, line=line), severity="warning", timeout=10)
            else:
                app.notify(S.RESOLVER_NONE)
            return
        app.push_screen(MergeResolverScreen([(rel, n, b, self._block_where(rel, b)) for rel, n, b in blocks]),
                        app.apply_resolutions)

    def _block_where(self, rel: str, block: cm.Block) -> str:
        """"一（一）1.职能职责", or the file and line when the block is not
        inside a section's text."""
        app = self.as_app
        from tui_report.report import structure

        for entry in structure.outline(app.store.report):
            s = entry.section
            if s.file != rel or s.body_span is None or not s.body:
                continue
            first = s.body_span.line
            if first <= block.start < first + s.body.count("\n") + 1:
                return f"{entry.label}（{S.RESOLVER_WHERE_LINE.format(file=rel, line=block.start)}）"
        return S.RESOLVER_WHERE_LINE.format(file=rel, line=block.start)

    def apply_resolutions(self, choices: dict[tuple[str, int], list[str]] | None) -> None:
        """The resolver's answers written into the files' texts, as one
        undoable edit (saved with Ctrl+S like any other)."""
        app = self.as_app
        if not choices:
            return
        session = app.session
        store = session.store
        by_file: dict[str, dict[int, list[str]]] = {}
        for (rel, n), lines in choices.items():
            by_file.setdefault(rel, {})[n] = lines

        def edit() -> None:
            for rel, chosen in by_file.items():
                store.set_text(rel, cm.resolve(store.text_of(rel), chosen))

        # an edit that makes a file unreadable is said and nothing changes
        if session.edit_files(S.UNDO_RESOLVE, edit, S.GIT_FAILED):
            app.notify(S.RESOLVER_DONE.format(n=len(choices)), timeout=10)

    # --- pull and push ----------------------------------------------------------------------

    def action_pull(self) -> None:
        app = self.as_app
        if app.session.refuse_read_only():
            return
        app.session.flush()
        self._remote("pull")

    def action_push(self) -> None:
        app = self.as_app
        app.session.flush()
        self._remote("push")

    def _remote(self, what: str) -> Worker:
        app = self.as_app
        app.notify(S.PULL_RUNNING if what == "pull" else S.PUSH_RUNNING, timeout=5)
        return app.run_worker(partial(self._remote_thread, what), thread=True, group="git",
                               exit_on_error=False, name=f"git-{what}")

    def _remote_thread(self, what: str):
        app = self.as_app
        from tui_report.versions.remote import pull, push

        form = S.PULL_PROGRESS if what == "pull" else S.PUSH_PROGRESS

        def progress(line: str) -> None:
            app.call_from_thread(self._activity, form.format(line=line[:60]))

        try:
            if what == "pull":
                result = pull(app.store.root, progress)
                app.call_from_thread(self._pulled, result)
                return result
            where = push(app.store.root, progress)
            app.call_from_thread(app.notify, S.PUSH_DONE.format(where=where))
            return where
        finally:
            app.call_from_thread(self._activity, "")

    def _activity(self, text: str) -> None:
        """Progress of a pull or push in the status line ("" clears it)."""
        main = self.as_app.main
        if main.is_mounted:
            main.status.activity = text

    def _pulled(self, result) -> None:
        """What the pull changed on disk is read again (nothing of mine is
        unsaved: pull refuses otherwise), and conflicts go to the resolver."""
        app = self.as_app
        from tui_report.report.store import ReportError

        try:
            if app.store.reload_unedited():
                app.report_replaced()
        except ReportError as exc:
            app.notify(S.EXTERNAL_RELOAD_FAILED.format(error=exc), severity="error", timeout=15)
            return
        if result.outcome == "conflicts":
            app.notify(S.PULL_CONFLICTS.format(n=len(app.conflict_blocks())), severity="warning", timeout=15)
            app.action_resolve_conflicts()
        else:
            app.notify(S.PULL_DONE[result.outcome])

    def git_worker_changed(self, event: Worker.StateChanged) -> bool:
        """A pull or push that failed: its reason, in the words of
        ``versions.git`` (no network, no permission, diverged …)."""
        app = self.as_app
        worker = event.worker
        if worker.group != "git" or event.state != WorkerState.ERROR:
            return False
        error = worker.error
        text = error.message if isinstance(error, GitError) else f"{type(error).__name__}: {error}"
        app.notify(S.GIT_FAILED.format(error=text), severity="error", timeout=15)
        return True
