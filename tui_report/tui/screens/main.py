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

    def _report_order(self, report: Report):
        """A sort key putting problems in the order a reader meets them: the
        sections in outline order (then the offset in the text), then the
        figures in their order, then the declared checks, then the rest."""
        from tui_report.checks import locate as navigate

        sections = {id(e.section): n for n, e in enumerate(structure.outline(report))}
        figures = {fid: n for n, fid in enumerate(report.figures)}
        checks = {c.id: n for n, c in enumerate(report.checks) if c.id}

        def key(p: Problem) -> tuple:
            target = navigate.locate(report, p)
            if target is not None and target.section is not None and id(target.section) in sections:
                field = 0 if target.field == "title" else 1
                return (0, sections[id(target.section)], field, target.offset, p.file, p.line, p.col)
            if p.where in figures:
                return (1, figures[p.where], 0, 0, p.file, p.line, p.col)
            if p.where in checks:
                return (2, checks[p.where], 0, 0, p.file, p.line, p.col)
            return (3, 0, 0, 0, p.file, p.line, p.col)

        return key

    def problems_updated(self) -> None:
        """The app finished a check run: refresh what shows its results."""
        app = self.app
        report = app.store.report
        problems = app.problems
        labels = self._labels()
        order = self._report_order(report)
        panel = self.problems_panel
        panel.here = self.editor.section if panel.only_here else None
        panel.show(problems, lambda p: self.where(p, labels), order)
        marked: set[int] = set()
        unreviewed: set[int] = set()
        for p in problems:
            if p.acknowledged or not p.target or not (p.severity == "error" or p.id == "carried-over"):
                continue
            section = structure.find(report, p.target[1], tuple(p.target[2]))
            if section is not None:
                (marked if p.severity == "error" else unreviewed).add(id(section))
        if marked != self.outline.error_sections or unreviewed != self.outline.unreviewed_sections:
            self.outline.refresh_labels(report, marked, unreviewed)
        self.refresh_status()
        if self.preview_visible and app.resolved is not None:
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
        status.unreviewed = sum(1 for p in app.problems if p.id == "carried-over" and not p.acknowledged)

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
        self.app.apply_fix(problem.fix)

    def _step_problem(self, step: int, only: str | None = None) -> None:
        """Ctrl+N / Ctrl+O: the next (previous) open problem after the
        cursor, in report order, with the cursor put on it (``only``: of
        that id)."""
        panel = self.problems_panel
        source = self.app.problems if only else panel.problems
        problems = [p for p in source if not p.acknowledged and (only is None or p.id == only)]
        if not problems:
            self.app.notify(S.NO_UNREVIEWED if only else S.PROBLEMS_NONE)
            return
        report = self.app.store.report
        key = self._report_order(report)
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
                self.app.acknowledge(problem, reason.strip())

        self.app.push_screen(InputDialog(S.ACK_TITLE, S.ACK_PROMPT.format(message=problem.message), "", valid),
                             done)

    def action_make_figure(self) -> None:
        """A typed amount becomes a figure: the add-figure dialog filled in
        from the text, then the amount replaced by its placeholder."""
        problem = self.problems_panel.highlighted_problem
        if problem is None or problem.id != "typed-amount" or problem.target is None:
            self.app.notify(S.MAKE_FIGURE_ONLY)
            return
        from tui_report.checks import locate as navigate

        report = self.app.store.report
        target = navigate.locate(report, problem)
        if target is None or target.section is None:
            self.app.notify(S.NO_TARGET.format(where=problem.location()))
            return
        typed = problem.extra.get("text", "")
        text = getattr(target.section, target.field)
        if text[target.offset:target.offset + len(typed)] != typed:
            self.app.notify(S.MAKE_FIGURE_MOVED)
            return
        self._open_figure_dialog(None, typed=typed, label=_label_before(text, target.offset),
                                 place=(target.section, target.field, target.offset))

    def action_problems_here(self) -> None:
        panel = self.problems_panel
        panel.only_here = not panel.only_here
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
        app = self.app
        if app.read_only:
            app.notify(S.READ_ONLY, severity="warning")
            return
        from tui_report.tui.screens.figure_dialog import FigureChanges, FigureDialog

        report = app.store.report
        fig = report.figures.get(fid) if fid is not None else None
        back = self.focused

        def done(result: FigureChanges | None) -> None:
            if result is not None:
                self._apply_figure(fid, result, typed, place)
            if back is not None and back.is_mounted:
                self.set_focus(back)

        app.push_screen(FigureDialog(report, fig, typed=typed, label=label), done)

    def _apply_figure(self, fid: str | None, ch, typed: str, place: tuple | None) -> None:
        from tui_report.figures.editing import set_formula

        store = self.app.store

        def edit() -> None:
            if fid is None:
                store.add_figure(ch.fid, ch.label, unit=ch.unit, value=ch.value)
                if ch.prev is not None:
                    store.set_figure_value(ch.fid, ch.prev, key="prev")
                if place is not None:
                    section, field, offset = place
                    section = structure.find(store.report, section.file, tuple(section.path))
                    if section is not None:
                        text = getattr(section, field)
                        new = text[:offset] + "{{" + ch.fid + "}}" + text[offset + len(typed):]
                        (store.set_body if field == "body" else store.set_title)(section, new)
                return
            fig = store.report.figures[fid]
            if ch.label != fig.label:
                store.set_figure_label(fid, ch.label)
            if (ch.unit or None) != (fig.unit or None):
                store.set_figure_unit(fid, ch.unit)
            fig = store.report.figures[fid]
            if fig.derived:
                if ch.formula != fig.formula:
                    set_formula(store, fid, ch.formula)
                return
            if ch.value != fig.value:
                store.set_figure_value(fid, ch.value)
            if ch.prev != fig.prev:
                store.set_figure_value(fid, ch.prev, key="prev")

        label = S.UNDO_ADD_FIGURE.format(id=ch.fid) if fid is None else S.UNDO_FIGURE.format(id=fid)
        if self.app.figure_edit(label, edit):
            if place is not None:
                self.reload_editor()  # the placeholder is in the text now
            elif self.figures_visible:
                self.refresh_figures()
                self.figure_table.select(ch.fid)

    def action_delete_figure(self) -> None:
        from tui_report.figures.usage import usages

        app = self.app
        fid = self.figure_table.current
        if fid is None:
            return
        if app.read_only:
            app.notify(S.READ_ONLY, severity="warning")
            return
        report = app.store.report
        usage = usages(report).get(fid)
        places = [] if usage is None else [*usage.sections, *usage.checks, *usage.figures]
        if places:
            app.notify(S.FIGURE_IN_USE.format(id=fid, places="、".join(places)), severity="warning")
            return
        from tui_report.tui.screens.dialogs import ChoiceDialog

        def done(answer: str | None) -> None:
            if answer == "delete" and app.figure_edit(S.UNDO_DELETE_FIGURE.format(id=fid),
                                                      lambda: app.store.delete_figure(fid)):
                self.refresh_figures()
            self.set_focus(self.figure_table)

        fig = report.figures[fid]
        app.push_screen(ChoiceDialog(S.FIGURE_DELETE_TITLE, S.FIGURE_DELETE_MESSAGE.format(label=fig.label, id=fid), [
            ("delete", S.DELETE_CONFIRM, "y"), ("cancel", S.CANCEL, "n")]), done)

    def action_undo_edit(self) -> None:
        self.app.undo()

    def action_redo_edit(self) -> None:
        self.app.undo(redo=True)

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


def _resolve(app):
    from tui_report.figures.values import resolve

    return resolve(app.store.report)


_CLAUSE_END = "，。；、：:（()\n 　！？"
_LINKING = "为是共计达约合总额金额了"


def _label_before(text: str, offset: int) -> str:
    """A name for an amount from the words before it ("基本支出125.32万元"
    → 基本支出): the clause it starts, minus linking words (为、共计…)."""
    before = text[:offset]
    cut = max(before.rfind(ch) for ch in _CLAUSE_END)
    clause = before[cut + 1:].rstrip(_LINKING)
    return clause[-12:]

