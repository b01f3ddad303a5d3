"""The main screen: outline, editor (a section or the figure table),
preview, problems, status line and footer.

This screen arranges widgets and turns their events into calls on the app
(which owns the store and the checks); the report logic itself lives in
the store, structure, navigate and checks modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, OptionList, Tree

from tui_report.report import structure
from tui_report.report.problems import Tally
from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.widgets.outline import Outline
from tui_report.tui.widgets.preview import PreviewPanel
from tui_report.tui.widgets.problems_panel import ProblemsPanel
from tui_report.tui.widgets.section_editor import BodyArea, SectionEditor
from tui_report.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui_report.report.model import Report, Section
    from tui_report.report.problems import Problem
    from tui_report.tui.widgets.figure_table import FigureTable


class MainScreen(Screen):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    BINDINGS = commands.screen_bindings()

    preview_visible = reactive(False)
    figures_visible = reactive(False)
    outline_hidden = reactive(False)
    problems_hidden = reactive(False)
    zoomed = reactive(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._figure_table: FigureTable | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Horizontal(id="main"):
            yield Outline(id="outline")
            with ContentSwitcher(initial="section-editor", id="editor-area"):
                yield SectionEditor(id="section-editor")
                # the figure table is mounted when first shown: start-up
                # builds only what the first screen shows
            yield PreviewPanel(id="preview")
        yield ProblemsPanel(id="problems")
        yield Footer()

    # widgets -------------------------------------------------------------------

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def editor(self) -> SectionEditor:
        return self.query_one(SectionEditor)

    @property
    def figure_table(self) -> FigureTable:
        if self._figure_table is None:
            from tui_report.tui.widgets.figure_table import FigureTable

            self._figure_table = FigureTable(id="figure-table")
            self._figure_table.border_title = S.FIGURES_TITLE
            self.query_one(ContentSwitcher).mount(self._figure_table)
        return self._figure_table

    @property
    def problems_panel(self) -> ProblemsPanel:
        return self.query_one(ProblemsPanel)

    @property
    def preview(self) -> PreviewPanel:
        return self.query_one(PreviewPanel)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def current_section(self) -> Section | None:
        return self.editor.section

    # setup -----------------------------------------------------------------------

    def on_mount(self) -> None:
        if not self.query(Outline):
            return  # the app is already shutting down (quit during start-up)
        report = self.app.store.report
        self.outline.border_title = S.OUTLINE_TITLE
        self.problems_panel.border_title = S.PROBLEMS_TITLE
        self.preview.border_title = S.PREVIEW_TITLE
        status = self.status
        status.report_name = report.department or report.title
        status.year = report.year
        status.read_only = self.app.read_only
        self.outline.rebuild(report)
        self.show_section(report.sections[0] if report.sections else None)
        self.outline.focus()
        # the first check runs once the screen is up: problems can arrive a
        # moment later, the outline and text cannot
        self.call_after_refresh(self.app.schedule_check)

    # moving text between the editor and the store ----------------------------

    def flush(self) -> None:
        """Hand the editor's text to the app before anything reads or
        replaces the section (save, switch, structure edit)."""
        editor = self.editor
        section = editor.section
        if section is None or section.error or self.app.read_only:
            return
        if editor.title_text != section.title:
            self.app.edit_title(section, editor.title_text)
        if editor.body_text != section.body:
            self.app.edit_body(section, editor.body_text)

    def show_section(self, section: Section | None, force: bool = False) -> None:
        if section is self.editor.section and not force:
            self.preview.follow(section)
            return
        self.flush()
        self.editor.load(section, read_only=self.app.read_only)
        self.preview.follow(section)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        # after a rebuild, highlights of nodes the cursor has already left
        # arrive late; only the node under the cursor counts
        if event.node.data is not None and event.node is self.outline.cursor_node:
            self.show_section(event.node.data)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.enter_section(event.node.data)

    def enter_section(self, section: Section) -> None:
        """Show ``section`` and put the keyboard in its body at once.

        ``Widget.focus()`` moves focus on a later turn of the event loop, so
        keys that arrive in the same burst as Enter (typing ahead over a
        slow SSH link) would still reach the outline, where a letter is a
        structure command. ``set_focus`` takes effect before the next key."""
        self.show_section(section)
        self.set_figures_visible(False)
        self.set_focus(self.editor.body_area)

    @on(SectionEditor.BodyChanged)
    def _body_changed(self, event: SectionEditor.BodyChanged) -> None:
        if event.section is self.editor.section:
            self.app.edit_body(event.section, event.body)

    @on(SectionEditor.TitleChanged)
    def _title_changed(self, event: SectionEditor.TitleChanged) -> None:
        if event.section is self.editor.section:
            self.app.edit_title(event.section, event.title)
            self.outline.refresh_labels(self.app.store.report)

    @on(BodyArea.CompletionRequested)
    def _complete(self, event: BodyArea.CompletionRequested) -> None:
        self._pick_figure(closing=True)

    def _pick_figure(self, closing: bool) -> None:
        from tui_report.tui.screens.dialogs import FigurePicker

        app = self.app

        def chosen(fid: str | None) -> None:
            self.editor.body_area.focus()
            if fid:
                self.editor.insert(fid + "}}" if closing else "{{" + fid + "}}")

        app.push_screen(FigurePicker(app.store.report, app.resolved.values if app.resolved else {}), chosen)

    # problems -------------------------------------------------------------------

    def where(self, problem: Problem, labels: dict[int, str] | None = None) -> str:
        """A problem's place in the words of the report: 二（一）, 数字 x."""
        from tui_report.checks import locate as navigate

        report = self.app.store.report
        labels = self._labels() if labels is None else labels
        target = navigate.locate(report, problem)
        if target is not None and target.section is not None and id(target.section) in labels:
            return labels[id(target.section)]
        if problem.where in report.figures:
            return S.WHERE_FIGURE.format(id=problem.where)
        if any(c.id == problem.where for c in report.checks):
            return S.WHERE_CHECK.format(id=problem.where)
        return problem.location()

    def _labels(self) -> dict[int, str]:
        return {id(e.section): e.label for e in structure.outline(self.app.store.report)}

    def problems_updated(self) -> None:
        """The app finished a check run: refresh what shows its results."""
        app = self.app
        report = app.store.report
        problems = app.problems
        labels = self._labels()
        self.problems_panel.show(problems, lambda p: self.where(p, labels))
        marked = set()
        for p in problems:
            if p.severity == "error" and not p.acknowledged and p.target:
                section = structure.find(report, p.target[1], tuple(p.target[2]))
                if section is not None:
                    marked.add(id(section))
        if marked != self.outline.error_sections:
            self.outline.refresh_labels(report, marked)
        self.refresh_status()
        if self.preview_visible:
            self.preview.show(report, app.resolved, problems)
            if self.focused is self.editor.body_area:
                # typing: keep the edited text in view in the preview
                body = self.editor.body_text
                fraction = self.editor.cursor_offset / len(body) if body else 0.0
                self.preview.follow(self.editor.section, fraction)
        if self.figures_visible:
            self.refresh_figures()

    def refresh_status(self) -> None:
        app = self.app
        status = self.status
        status.dirty = bool(app.store.dirty_files())
        tally = Tally.of(app.problems)
        status.errors, status.warnings = tally.errors, tally.warnings

    @on(OptionList.OptionSelected, "#problems")
    def _problem_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        problem = self.problems_panel.highlighted_problem
        if problem is None:
            return
        self.jump_to(problem)

    def jump_to(self, problem: Problem) -> None:
        from tui_report.checks import locate as navigate

        report = self.app.store.report
        target = navigate.locate(report, problem)
        if target is None:
            self.app.notify(S.NO_TARGET.format(where=problem.location()))
            return
        if target.figure:
            self.set_figures_visible(True)
            self.figure_table.select(target.figure)
            self.figure_table.focus()
            return
        self.set_figures_visible(False)
        self.outline.select_section(target.section)
        self.show_section(target.section)
        self.editor.goto(target.field, target.offset)

    def action_apply_fix(self) -> None:
        problem = self.problems_panel.highlighted_problem
        if problem is None or problem.fix is None:
            self.app.notify(S.NO_FIX)
            return
        self.app.apply_fix(problem.fix)

    def reload_editor(self) -> None:
        """The store changed the open section (a fix, an external editor):
        show its new text, keeping the cursor where it was."""
        section = self.editor.section
        if section is None:
            return
        area = self.editor.body_area
        cursor = area.cursor_location
        self.editor.load(section, read_only=self.app.read_only)
        last_row = area.document.line_count - 1
        row = min(cursor[0], last_row)
        area.cursor_location = (row, min(cursor[1], len(area.document[row])))
        self.outline.refresh_labels(self.app.store.report)

    def show_report(self, report: Report) -> None:
        """The store rebuilt its model (reload, restore): show the new one,
        on the same section and at the same place where it still exists."""
        editor = self.editor
        old = editor.section
        where = (old.file, old.path) if old is not None else None
        cursor = editor.body_area.cursor_location
        editor.section = None  # belongs to the old model: nothing to flush from it
        target = report.section_at(*where) if where else None
        if target is None and where:
            target = next((s for s in report.sections if s.file == where[0]), None)
        self.outline.rebuild(report, select=target)
        target = target or self.outline.current
        self.show_section(target, force=True)
        if target is not None and not target.error:
            area = editor.body_area
            row = min(cursor[0], area.document.line_count - 1)
            area.cursor_location = (row, min(cursor[1], len(area.document[row])))
        status = self.status
        status.report_name = report.department or report.title
        status.year = report.year
        self.refresh_status()
        if self.figures_visible:
            self.refresh_figures()

    # figures ---------------------------------------------------------------------

    def refresh_figures(self) -> None:
        from tui_report.figures.usage import usages
        from tui_report.figures.values import resolve

        app = self.app
        report = app.store.report
        self.figure_table.show(report, app.resolved or resolve(report), usages(report))

    def set_figures_visible(self, visible: bool) -> None:
        self.figures_visible = visible

    def watch_figures_visible(self, visible: bool) -> None:
        switcher = self.query_one(ContentSwitcher)
        if visible:
            self.flush()
            self.refresh_figures()
            switcher.current = "figure-table"
        else:
            switcher.current = "section-editor"

    def action_toggle_figures(self) -> None:
        self.figures_visible = not self.figures_visible
        if self.figures_visible:
            self.figure_table.focus()
        else:
            self.editor.body_area.focus()

    def action_edit_figure(self) -> None:
        app = self.app
        fid = self.figure_table.current
        if fid is None:
            return
        report = app.store.report
        fig = report.figures[fid]
        if fig.derived:
            app.notify(S.FIGURE_DERIVED.format(label=fig.label, formula=fig.formula))
            return
        if app.read_only:
            app.notify(S.READ_ONLY, severity="warning")
            return
        from tui_report.tui.screens.dialogs import FigureDialog

        def done(result) -> None:
            if result is not None:
                app.set_figure(fid, *result)
                self.refresh_figures()
            self.figure_table.focus()

        app.push_screen(FigureDialog(fig, fig.unit or report.unit), done)

    def action_insert_figure(self) -> None:
        if self.editor.section is None or self.editor.body_area.read_only:
            return
        self.set_figures_visible(False)
        self._pick_figure(closing=False)

    # structure edits ---------------------------------------------------------------

    def _edit_structure(self, op, *args) -> None:
        section = self.outline.current or self.editor.section
        new = self.app.structure_edit(op, section, *args)
        if new is not False:
            self.editor.section = None  # its object was rebuilt; nothing to flush
            self.outline.rebuild(self.app.store.report, select=new)
            self.show_section(new, force=True)
            self.refresh_status()

    def action_add_section(self) -> None:
        self._edit_structure(structure.add_section)

    def action_add_subsection(self) -> None:
        self._edit_structure(structure.add_subsection)

    def action_move_up(self) -> None:
        self._edit_structure(structure.move, -1)

    def action_move_down(self) -> None:
        self._edit_structure(structure.move, 1)

    def action_indent(self) -> None:
        self._edit_structure(structure.indent)

    def action_outdent(self) -> None:
        self._edit_structure(structure.outdent)

    def action_delete_section(self) -> None:
        section = self.outline.current
        if section is None:
            return
        if self.app.read_only:
            self.app.notify(S.READ_ONLY, severity="warning")
            return
        entries = {id(e.section): e for e in structure.outline(self.app.store.report)}
        entry = entries.get(id(section))
        number = entry.number if entry else ""
        count = sum(1 for _ in section.walk()) - 1
        children = S.DELETE_CHILDREN.format(n=count) if count else ""
        message = S.DELETE_MESSAGE.format(label=number, title=section.title, children=children)

        from tui_report.tui.screens.dialogs import ChoiceDialog

        def done(answer: str | None) -> None:
            if answer == "delete":
                self._edit_structure(structure.delete)
            self.outline.focus()

        self.app.push_screen(ChoiceDialog(S.DELETE_TITLE, message, [
            ("delete", S.DELETE_CONFIRM, "y"), ("cancel", S.CANCEL, "n")]), done)

    def action_rename_section(self) -> None:
        section = self.outline.current
        if section is None:
            return
        top = self.app.store.report.sections
        owner = next((s for s in top if s.file == section.file), section)

        from tui_report.tui.screens.dialogs import InputDialog

        def valid(value: str) -> str | None:
            return None if structure.ID_RE.match(value.strip()) else S.RENAME_BAD

        def done(value: str | None) -> None:
            if value:
                self.outline.select_section(owner)
                self._edit_structure(structure.rename, value.strip())

        self.app.push_screen(InputDialog(S.RENAME_TITLE, S.RENAME_PROMPT, owner.id, valid), done)

    # layout --------------------------------------------------------------------------

    def watch_preview_visible(self, visible: bool) -> None:
        self.set_class(visible, "-preview")
        if visible:
            app = self.app
            self.flush()
            self.preview.show(app.store.report, app.resolved or _resolve(app), app.problems)
            self.preview.follow(self.editor.section)

    def watch_outline_hidden(self, hidden: bool) -> None:
        self.set_class(hidden, "-no-outline")

    def watch_problems_hidden(self, hidden: bool) -> None:
        self.set_class(hidden, "-no-problems")

    def watch_zoomed(self, zoomed: bool) -> None:
        self.set_class(zoomed, "-zoom")

    def action_toggle_preview(self) -> None:
        self.preview_visible = not self.preview_visible
        if not self.preview_visible and self.focused is self.preview:
            self.outline.focus()
        elif self.preview_visible and self.has_class("-narrow"):
            self.preview.focus()

    def action_toggle_outline(self) -> None:
        self.outline_hidden = not self.outline_hidden

    def action_toggle_problems(self) -> None:
        self.problems_hidden = not self.problems_hidden

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed
        if self.zoomed:
            self.action_focus_editor()

    # Focus moves at once (set_focus, not focus()): see enter_section.

    def action_focus_outline(self) -> None:
        self.zoomed = False
        self.outline_hidden = False
        self.set_focus(self.outline)

    def action_focus_editor(self) -> None:
        self.set_figures_visible(False)
        if self.has_class("-narrow"):
            self.preview_visible = False
        self.set_focus(self.editor.body_area)

    def action_focus_problems(self) -> None:
        self.zoomed = False
        self.problems_hidden = False
        self.set_focus(self.problems_panel)


def _resolve(app):
    from tui_report.figures.values import resolve

    return resolve(app.store.report)
