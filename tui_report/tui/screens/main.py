"""The main screen: outline, editor (a section or the figure table),
preview, problems, status line and footer.

This screen arranges widgets and turns their events into calls on the
session (:class:`~tui_report.tui.session.EditSession`, which owns the store,
the history and the check results); the report logic itself lives in the
store, structure, locate and checks modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
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
    from textual import getters

    from tui_report.report.model import Report, Section
    from tui_report.report.problems import Problem
    from tui_report.tui.app import TuiReportApp
    from tui_report.tui.session import EditSession
    from tui_report.tui.widgets.figure_table import FigureTable


class MainScreen(Screen):

    if TYPE_CHECKING:  # the app this screen runs in, typed (Textual's own idiom)
        app = getters.app(TuiReportApp)
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
        #: the widget to give the keyboard back to when a pane that took it
        #: (the figure table, the narrow preview) closes
        self._focus_back: Widget | None = None

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

    @property
    def session(self) -> EditSession:
        return self.app.session

    # setup -----------------------------------------------------------------------

    def on_mount(self) -> None:
        if not self.query(Outline):
            return  # the app is already shutting down (quit during start-up)
        report = self.session.report
        self.outline.border_title = S.OUTLINE_TITLE
        self.problems_panel.border_title = S.PROBLEMS_TITLE
        self.preview.border_title = S.PREVIEW_TITLE
        status = self.status
        status.report_name = report.department or report.title
        status.year = report.year
        status.read_only = self.session.read_only
        self.outline.rebuild(report)
        self.show_section(report.sections[0] if report.sections else None)
        # the keyboard starts in the text, where letters are letters; in the
        # outline they are commands (its border says so while it has focus)
        self.set_focus(self.editor.body_area if report.sections else self.outline)
        # the first check runs once the screen is up: problems can arrive a
        # moment later, the outline and text cannot
        self.call_after_refresh(self.app.schedule_check)

    # moving text between the editor and the store ----------------------------

    def flush(self) -> None:
        """Hand the editor's text to the app before anything reads or
        replaces the section (save, switch, structure edit)."""
        editor = self.editor
        section = editor.section
        session = self.session
        if section is None or section.error or session.read_only:
            return
        if editor.title_text != section.title:
            session.edit_title(section, editor.title_text)
        if editor.body_text != section.body:
            session.edit_body(section, editor.body_text)

    def show_section(self, section: Section | None, force: bool = False) -> None:
        if section is self.editor.section and not force:
            self.preview.follow(section)
            return
        self.flush()
        self.editor.load(section, read_only=self.session.read_only)
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
            self.session.edit_body(event.section, event.body)

    @on(SectionEditor.TitleChanged)
    def _title_changed(self, event: SectionEditor.TitleChanged) -> None:
        if event.section is self.editor.section:
            self.session.edit_title(event.section, event.title)
            self.outline.refresh_labels(self.session.report)

    @on(BodyArea.CompletionRequested)
    def _complete(self, event: BodyArea.CompletionRequested) -> None:
        self._pick_figure(closing=True)

    def _pick_figure(self, closing: bool) -> None:
        from tui_report.tui.screens.dialogs import FigurePicker

        session = self.session

        def chosen(fid: str | None) -> None:
            area = self.editor.body_area
            self.set_focus(area)
            if fid:
                self.editor.insert(fid + "}}" if closing else "{{" + fid + "}}")
            elif closing:
                # Esc: the "{{" that opened the picker goes too, rather than
                # stay as an unfinished placeholder
                row, col = area.cursor_location
                if area.document[row][max(0, col - 2):col] == "{{":
                    area.delete((row, col - 2), (row, col))

        self.app.push_screen(FigurePicker(session.report, session.values()), chosen)

    # problems -------------------------------------------------------------------

    def where(self, problem: Problem) -> str:
        """A problem's place in the words of the report: 二（一）, 数字 x."""
        return self.session.where(problem)

    def problems_updated(self) -> None:
        """A check run finished: refresh what shows its results."""
        session = self.session
        report = session.report
        problems = session.problems
        labels = session.labels()
        panel = self.problems_panel
        panel.here = self.editor.section if panel.only_here else None
        panel.show(session.ordered(problems, only_errors=panel.only_errors), lambda p: session.where(p, labels),
                   total=problems)
        marked, unreviewed = session.section_marks()
        if marked != self.outline.error_sections or unreviewed != self.outline.unreviewed_sections:
            self.outline.refresh_labels(report, marked, unreviewed)
        self.refresh_status()
        if self.preview_visible and session.resolved is not None:
            self.preview.show(report, session.resolved, problems)
            if self.focused is self.editor.body_area:
                # typing: keep the edited text in view in the preview
                body = self.editor.body_text
                fraction = self.editor.cursor_offset / len(body) if body else 0.0
                self.preview.follow(self.editor.section, fraction)
        if self.figures_visible:
            self.refresh_figures()

    def refresh_status(self) -> None:
        session = self.session
        status = self.status
        status.dirty = session.dirty
        tally = Tally.of(session.problems)
        status.checked = session.checked
        status.errors, status.warnings = tally.errors, tally.warnings
        status.unreviewed = sum(1 for p in session.problems if p.id == "carried-over" and not p.acknowledged)

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

        report = self.session.report
        if problem.where.startswith("scorecard") and report.scorecard is not None:
            from tui_report.tui.screens.scorecard import ScorecardScreen

            screen = ScorecardScreen()
            self.app.push_screen(screen)
            screen.call_after_refresh(screen.select, problem.where)
            return
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
        if target.section is None:
            return
        self.outline.select_section(target.section)
        self.show_section(target.section)
        self.editor.goto(target.field, target.offset)

    def action_apply_fix(self) -> None:
        problem = self.problems_panel.highlighted_problem
        if problem is None or problem.fix is None:
            self.app.notify(S.NO_FIX)
            return
        self.session.apply_fix(problem.fix)

    def _step_problem(self, step: int, only: str | None = None) -> None:
        """Ctrl+N / Ctrl+O: the next (previous) open problem after the
        cursor, in report order, with the cursor put on it (``only``: of
        that id)."""
        panel = self.problems_panel
        source = self.session.problems if only else panel.problems
        problems = [p for p in source if not p.acknowledged and (only is None or p.id == only)]
        if not problems:
            self.app.notify(S.NO_UNREVIEWED if only else S.PROBLEMS_NONE)
            return
        report = self.session.report
        key = self.session.report_order()
        entries = structure.outline(report)
        section = self.editor.section
        at = next((n for n, e in enumerate(entries) if e.section is section), -1)
        # the cursor as a place in the same order the problems are sorted by
        if self.focused is self.editor.body_area:
            here: tuple = (0, at, 1, self.editor.cursor_offset)
        elif self.focused is self.editor.title_input:
            here = (0, at, 0, self.editor.title_input.cursor_position)
        else:  # from the outline or a panel: the section's first problem comes next
            here = (0, at, 0, -1)
        ranked = sorted(((key(p)[:4], n, p) for n, p in enumerate(problems)), key=lambda t: (t[0], t[1]))
        if step > 0:
            chosen = next((p for place, _, p in ranked if place > here), ranked[0][2])
        else:
            chosen = next((p for place, _, p in reversed(ranked) if place < here), ranked[-1][2])
        panel.highlight(chosen)
        self.jump_to(chosen)

    def action_next_problem(self) -> None:
        self._step_problem(1)

    def action_next_unreviewed(self) -> None:
        self._step_problem(1, only="carried-over")

    def action_previous_problem(self) -> None:
        self._step_problem(-1)

    def action_acknowledge(self) -> None:
        problem = self.problems_panel.highlighted_problem
        if problem is None:
            return
        if problem.acknowledged:
            self.app.notify(S.ACK_ALREADY.format(reason=problem.reason))
            return
        from tui_report.tui.screens.dialogs import InputDialog

        def valid(value: str) -> str | None:
            return None if value.strip() else S.ACK_REASON_NEEDED

        def done(reason: str | None) -> None:
            if reason and reason.strip():
                self.session.acknowledge(problem, reason.strip())

        self.app.push_screen(InputDialog(S.ACK_TITLE, S.ACK_PROMPT.format(message=problem.message), "", valid),
                             done)

    def action_make_figure(self) -> None:
        """A typed amount becomes a figure: the add-figure dialog filled in
        from the text, then the amount replaced by its placeholder."""
        problem = self.problems_panel.highlighted_problem
        if problem is None:
            self.app.notify(S.MAKE_FIGURE_ONLY)
            return
        found = self.session.typed_amount(problem)
        if found is not None:
            section, field, offset, typed, label = found
            self._open_figure_dialog(None, typed=typed, label=label, place=(section, field, offset))

    def action_problems_here(self) -> None:
        panel = self.problems_panel
        panel.only_here = not panel.only_here
        self.problems_updated()

    def action_problems_errors(self) -> None:
        panel = self.problems_panel
        panel.only_errors = not panel.only_errors
        self.problems_updated()

    def action_grow_problems(self) -> None:
        self.set_class(not self.has_class("-problems-big"), "-problems-big")

    def reload_editor(self) -> None:
        """The store changed the open section (a fix, an external editor):
        show its new text, keeping the cursor where it was."""
        section = self.editor.section
        if section is None:
            return
        area = self.editor.body_area
        cursor = area.cursor_location
        self.editor.load(section, read_only=self.session.read_only)
        last_row = area.document.line_count - 1
        row = min(cursor[0], last_row)
        area.cursor_location = (row, min(cursor[1], len(area.document[row])))
        self.outline.refresh_labels(self.session.report)

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

        session = self.session
        report = session.report
        self.figure_table.show(report, session.resolve(), usages(report))

    def set_figures_visible(self, visible: bool) -> None:
        self.figures_visible = visible

    def watch_figures_visible(self, visible: bool) -> None:
        switcher = self.query_one(ContentSwitcher)
        self.set_class(visible, "-figures")
        if visible:
            self.flush()
            self.refresh_figures()
            switcher.current = "figure-table"
            return
        table_had_focus = self._figure_table is not None and self.focused is self._figure_table
        target: Widget = self.editor.body_area
        if table_had_focus:
            # before the table is hidden: a hidden focused widget hands the
            # keyboard to the next focusable one, the title field, where
            # typing would rename the section and Ctrl+Z does nothing
            back = self._focus_back
            if back is not None and back.is_mounted and back is not self._figure_table:
                target = back
            self.set_focus(target)
        switcher.current = "section-editor"
        if table_had_focus:
            self.call_after_refresh(self._keep_focus, target)

    def _keep_focus(self, target: Widget) -> None:
        if self.focused is not target and (self.focused is None or self.focused is self.editor.title_input):
            self.set_focus(target)

    def action_toggle_figures(self) -> None:
        self.figures_visible = not self.figures_visible
        if self.figures_visible:
            self._take_focus(self.figure_table)
        else:
            self._give_focus_back()

    def action_edit_figure(self) -> None:
        fid = self.figure_table.current
        if fid is None:
            return
        self._open_figure_dialog(fid)

    def action_add_figure(self) -> None:
        self._open_figure_dialog(None)

    def _open_figure_dialog(self, fid: str | None, *, typed: str = "", label: str = "",
                            place: tuple | None = None) -> None:
        """Add (``fid`` None) or change a figure; ``place`` (section, field,
        offset): the typed amount there becomes the new figure's
        placeholder in the same undoable step."""
        if self.session.refuse_read_only():
            return
        from tui_report.tui.screens.figure_dialog import FigureDialog
        from tui_report.tui.session import FigureChanges

        report = self.session.report
        fig = report.figures.get(fid) if fid is not None else None
        back = self.focused

        def done(result: FigureChanges | None) -> None:
            if result is not None:
                self._apply_figure(fid, result, typed, place)
            if back is not None and back.is_mounted:
                self.set_focus(back)

        self.app.push_screen(FigureDialog(report, fig, typed=typed, label=label), done)

    def _apply_figure(self, fid: str | None, ch, typed: str, place: tuple | None) -> None:
        if self.session.change_figure(fid, ch, typed, place) and place is None and self.figures_visible:
            self.refresh_figures()
            self.figure_table.select(ch.fid)

    def action_delete_figure(self) -> None:
        session = self.session
        fid = self.figure_table.current
        if fid is None or session.refuse_read_only():
            return
        places = session.figure_places(fid)
        if places:
            self.app.notify(S.FIGURE_IN_USE.format(id=fid, places="、".join(places)), severity="warning")
            return
        from tui_report.tui.screens.dialogs import ChoiceDialog

        def done(answer: str | None) -> None:
            if answer == "delete" and session.delete_figure(fid):
                self.refresh_figures()
            self.set_focus(self.figure_table)

        fig = session.report.figures[fid]
        self.app.push_screen(ChoiceDialog(S.FIGURE_DELETE_TITLE, S.FIGURE_DELETE_MESSAGE.format(
            label=fig.label, id=fid), [("delete", S.DELETE_CONFIRM, "y"), ("cancel", S.CANCEL, "n")]), done)

    def action_undo_edit(self) -> None:
        self.session.undo()

    def action_redo_edit(self) -> None:
        self.session.undo(redo=True)

    def action_insert_figure(self) -> None:
        if self.editor.section is None or self.editor.body_area.read_only:
            return
        self.set_figures_visible(False)
        self._pick_figure(closing=False)

    # structure edits ---------------------------------------------------------------

    def _edit_structure(self, op, *args) -> None:
        section = self.outline.current or self.editor.section
        new = self.session.structure_edit(op, section, *args)
        if new is not False:
            self.editor.section = None  # its object was rebuilt; nothing to flush
            self.outline.rebuild(self.session.report, select=new)
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
        if self.session.refuse_read_only():
            return
        entry = next((e for e in structure.outline(self.session.report) if e.section is section), None)
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
        top = self.session.report.sections
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
            session = self.session
            self.flush()
            self.preview.show(session.report, session.resolve(), session.problems)
            self.preview.follow(self.editor.section)

    def watch_outline_hidden(self, hidden: bool) -> None:
        self.set_class(hidden, "-no-outline")

    def watch_problems_hidden(self, hidden: bool) -> None:
        self.set_class(hidden, "-no-problems")

    def watch_zoomed(self, zoomed: bool) -> None:
        self.set_class(zoomed, "-zoom")

    def action_toggle_preview(self) -> None:
        self.preview_visible = not self.preview_visible
        if self.preview_visible and self.has_class("-narrow"):
            self._take_focus(self.preview)  # it takes the editor's place
        elif not self.preview_visible:
            self._give_focus_back()

    def action_toggle_outline(self) -> None:
        self.outline_hidden = not self.outline_hidden
        if self.outline_hidden and self.focused is self.outline:
            self.set_focus(self.editor.body_area)

    def action_toggle_problems(self) -> None:
        self.problems_hidden = not self.problems_hidden
        if self.problems_hidden and self.focused is self.problems_panel:
            self.set_focus(self.editor.body_area)

    # Panes that take the keyboard when they open give it back when they
    # close, to whichever widget had it, at any terminal size.

    def _take_focus(self, widget: Widget) -> None:
        if self.focused is not widget and self.focused is not None:
            self._focus_back = self.focused
        self.set_focus(widget)

    def _give_focus_back(self) -> None:
        back, self._focus_back = self._focus_back, None
        if back is None or not back.is_mounted:
            back = self.editor.body_area
        # only when the closing pane has it: a Ctrl+T meanwhile is respected
        if self.focused is None or self.focused in (self.preview, self._figure_table):
            self.set_focus(back)

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed
        if self.zoomed:
            self.action_focus_editor()

    # Focus moves at once (set_focus, not focus()): see enter_section.

    def action_focus_outline(self) -> None:
        self.zoomed = False
        self.outline_hidden = False
        if self.has_class("-narrow"):
            self.set_figures_visible(False)  # the table took the outline's room
        self.set_focus(self.outline)

    def action_focus_editor(self) -> None:
        self._focus_back = None
        self.set_figures_visible(False)
        if self.has_class("-narrow"):
            self.preview_visible = False
        self.set_focus(self.editor.body_area)

    def action_focus_problems(self) -> None:
        self.zoomed = False
        self.problems_hidden = False
        self.set_focus(self.problems_panel)
