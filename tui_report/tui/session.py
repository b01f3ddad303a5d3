"""The one object between the editor's screens and the report.

Screens, widgets and the guard never reach into the store or each other:
they ask the session to change the report and hear back through its
callbacks. That keeps the rules a caller used to have to remember in one
place: text typed into a widget is handed in (``flush``) before anything
reads or replaces the model, a read-only session refuses every edit once,
here, and every refusal is said in words rather than raised at a screen.

It is plain Python (no Textual), so each kind of edit, undo, the read-only
refusal and the order of problems are tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tui_report.report import structure
from tui_report.report.errors import TuiReportError
from tui_report.report.history import History
from tui_report.report.store import Store
from tui_report.tui import strings as S

if TYPE_CHECKING:
    from tui_report.checks.schedule import CheckRun
    from tui_report.figures.values import Resolved
    from tui_report.report.model import Report, Section
    from tui_report.report.problems import Fix, Problem

T = TypeVar("T")

#: a section's place: (file, index path), stable across model rebuilds
Place = tuple[str, tuple[int, ...]]

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class FigureChanges:
    """A figure as the user left it in its dialog: what
    :meth:`EditSession.change_figure` writes."""

    fid: str
    label: str
    unit: str | None  # None: the report's unit
    value: Decimal | None = None
    prev: Decimal | None = None
    formula: str | None = None  # derived figures only


class EditSession:
    """The report being edited, its undo history, its read-only state and
    the latest check results.

    Callbacks (set by the front end; each defaults to doing nothing):

    - ``flush()``: hand text typed but not yet given to the session in;
    - ``notice(message, severity)``: say something to the user;
    - ``on_edited()``: the report changed (check it again, mark unsaved);
    - ``on_replaced()``: the store rebuilt its model: views show the new one;
    - ``on_reload()``: the store changed text under the editor (a fix, an
      external editor, a placeholder put in): show the open section again;
    - ``on_problems()``: new check results are in;
    - ``on_read_only(value)``: the session became (or stopped being) read-only.
    """

    def __init__(self, store: Store, *, read_only: bool = False) -> None:
        self.store = store
        self.history = History(store)
        self._read_only = read_only
        self.problems: list[Problem] = []
        self.resolved: Resolved | None = None
        self.checked = False  # a check run has completed since opening
        self.flush: Callable[[], None] = _nothing
        self.notice: Callable[[str, str], None] = _nothing
        self.on_edited: Callable[[], None] = _nothing
        self.on_replaced: Callable[[], None] = _nothing
        self.on_reload: Callable[[], None] = _nothing
        self.on_problems: Callable[[], None] = _nothing
        self.on_read_only: Callable[[bool], None] = _nothing

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> EditSession:
        return cls(Store.open(Path(path)), read_only=read_only)

    # state -------------------------------------------------------------------------

    @property
    def report(self) -> Report:
        return self.store.report

    @property
    def root(self) -> Path:
        return self.store.root

    @property
    def read_only(self) -> bool:
        """True: every edit and save is refused (another editor holds the
        report, or the user asked only to look)."""
        return self._read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        if value and not self._read_only:
            self.flush()  # what was typed before the lock stays in the store
        changed = value != self._read_only
        self._read_only = value
        if changed:
            self.on_read_only(value)

    @property
    def dirty(self) -> bool:
        return bool(self.store.dirty_files())

    def dirty_files(self) -> list[str]:
        self.flush()
        return self.store.dirty_files()

    def unsaved_buffers(self) -> dict[str, str]:
        """Current text of every edited file (report-relative path → text),
        including what is typed but not yet handed in."""
        self.flush()
        store = self.store
        return {rel: store.text_of(rel) for rel in store.dirty_files() if not store.files[rel].deleted}

    def refuse_read_only(self) -> bool:
        """True (after saying so) when the session may not be edited."""
        if self._read_only:
            self.notice(S.READ_ONLY, "warning")
            return True
        return False

    # edits ---------------------------------------------------------------------------

    def edit_body(self, section: Section, text: str) -> None:
        """Typing: no undo step of its own (the text area keeps that), no
        flush (this is what a flush calls)."""
        if self._read_only or section.error or text == section.body:
            return
        self.store.set_body(section, text)
        self.on_edited()

    def edit_title(self, section: Section, title: str) -> None:
        if self._read_only or section.error or title == section.title:
            return
        self.store.set_title(section, title)
        self.on_edited()

    def _record(self, label: str, edit: Callable[[], T], failed: str) -> tuple[bool, T | None]:
        """Run ``edit`` as one undoable step; (False, None), with the reason
        said in ``failed``'s words, when it was refused or failed."""
        if self.refuse_read_only():
            return False, None
        self.flush()
        model = self.store.report
        try:
            result = self.history.record(label, edit)
        except TuiReportError as exc:
            self.notice(failed.format(error=exc.message), "warning")
            return False, None
        finally:
            if self.store.report is not model:
                self.on_replaced()  # the store rebuilt its model: no view may keep the old one
        self.on_edited()
        return True, result

    def figure_edit(self, label: str, edit: Callable[[], object]) -> bool:
        """A figure edit of the store (add, rename, unit, delete, formula,
        values) as one undoable step."""
        return self._record(label, edit, S.FIGURE_EDIT_FAILED)[0]

    def edit_files(self, label: str, edit: Callable[[], object], failed: str) -> bool:
        """Whole texts of files replaced (a version restored, merge conflicts
        resolved) as one undoable step; ``failed`` says why not."""
        return self._record(label, edit, failed)[0]

    def acknowledge(self, problem: Problem, reason: str) -> int | None:
        """Record in report.toml that ``problem`` is known and why, narrowed
        so it covers this problem (one paragraph, not its whole section);
        the number of open problems it covers, said to the user, or None."""
        from tui_report.checks.acknowledge import covered_by, narrowest_where
        from tui_report.report.model import Acknowledgement

        where = narrowest_where(problem, self.problems)
        count = max(1, covered_by(Acknowledgement(problem.id, where), self.problems))
        if not self.figure_edit(S.UNDO_ACK, lambda: self.store.add_acknowledgement(problem, reason, where)):
            return None
        self.notice(S.ACK_DONE.format(reason=reason, n=count), "information")
        return count

    def structure_edit(self, op: Callable[..., Any], section: Section | None, *args: Any) -> Any:
        """A structure edit; the section to select, or False when nothing
        changed (refused, with the reason said)."""
        done, new = self._record(S.UNDO_LABELS.get(op.__name__, op.__name__),
                                 lambda: op(self.store, section, *args), S.STRUCTURE_FAILED)
        return new if done else False

    def apply_fix(self, fix: Fix) -> bool:
        from tui_report.checks.fixes import apply_fix

        done, _ = self._record(S.UNDO_FIX.format(description=fix.description),
                               lambda: apply_fix(self.store, fix), S.FIX_FAILED)
        if done:
            self.on_reload()
            self.notice(S.FIX_APPLIED.format(description=fix.description), "information")
        return done

    def undo(self, redo: bool = False) -> str | None:
        """Walk the history one step (typing since the last step counts as a
        step of its own, so nothing is lost); the step's name, or None."""
        if self.refuse_read_only():
            return None
        self.flush()
        label = self.history.redo() if redo else self.history.undo()
        if label is None:
            self.notice(S.NOTHING_TO_REDO if redo else S.NOTHING_TO_UNDO, "information")
            return None
        shown = S.UNDO_TYPING if label == "typing" else label
        self.notice((S.REDONE if redo else S.UNDONE).format(what=shown), "information")
        self.on_replaced()
        self.on_edited()
        return label

    def set_body_from_outside(self, section: Section, text: str) -> None:
        """The body as another program left it ($EDITOR): one edit, and the
        editor shows the new text."""
        if self.refuse_read_only():
            return
        self.edit_body(section, text)
        self.on_reload()

    # figures -------------------------------------------------------------------------------

    def change_figure(self, fid: str | None, ch: FigureChanges, typed: str = "",
                      place: tuple[Section, str, int] | None = None) -> bool:
        """Add (``fid`` None) or change a figure from the dialog's answer
        ``ch``; ``place`` (section, field, offset): the ``typed`` amount
        there becomes the new figure's placeholder in the same step."""
        from tui_report.figures.editing import set_formula

        store = self.store

        def edit() -> None:
            if fid is None:
                store.add_figure(ch.fid, ch.label, unit=ch.unit, value=ch.value)
                if ch.prev is not None:
                    store.set_figure_value(ch.fid, ch.prev, key="prev")
                if place is not None:
                    section, field, offset = place
                    found = structure.find(store.report, section.file, tuple(section.path))
                    if found is not None:
                        text = getattr(found, field)
                        new = text[:offset] + "{{" + ch.fid + "}}" + text[offset + len(typed):]
                        (store.set_body if field == "body" else store.set_title)(found, new)
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
        done = self.figure_edit(label, edit)
        if done and place is not None:
            self.on_reload()  # the placeholder is in the text now
        return done

    def figure_places(self, fid: str) -> list[str]:
        """Where a figure is used (sections, checks, other figures)."""
        from tui_report.figures.usage import usages

        usage = usages(self.report).get(fid)
        return [] if usage is None else [*usage.sections, *usage.checks, *usage.figures]

    def delete_figure(self, fid: str) -> bool:
        places = self.figure_places(fid)
        if places:
            self.notice(S.FIGURE_IN_USE.format(id=fid, places="、".join(places)), "warning")
            return False
        return self.figure_edit(S.UNDO_DELETE_FIGURE.format(id=fid), lambda: self.store.delete_figure(fid))

    def typed_amount(self, problem: Problem) -> tuple[Section, str, int, str, str] | None:
        """A ``typed-amount`` problem's place and words: (section, field,
        offset, typed text, a name from the words before it), or None with
        the reason said."""
        from tui_report.checks import locate
        from tui_report.figures.naming import label_before

        if problem.id != "typed-amount" or problem.target is None:
            self.notice(S.MAKE_FIGURE_ONLY, "information")
            return None
        target = locate.locate(self.report, problem)
        if target is None or target.section is None:
            self.notice(S.NO_TARGET.format(where=problem.location()), "information")
            return None
        typed = problem.extra.get("text", "")
        text = getattr(target.section, target.field)
        if text[target.offset:target.offset + len(typed)] != typed:
            self.notice(S.MAKE_FIGURE_MOVED, "information")
            return None
        return target.section, target.field, target.offset, typed, label_before(text, target.offset)

    # the 自评表 --------------------------------------------------------------------------

    def scorecard_edit(self, part: str, index: int, key: str, value: object) -> bool:
        """One cell of the 自评表, as one undoable step."""
        def edit() -> None:
            self.store.set_scorecard_cell(part, index, key, value)

        override = part == "" and key in ("total", "grade")  # typing a total or grade is meant as one
        return self._record(S.UNDO_SCORECARD, edit if override else lambda: self._keep_computed(edit),
                            S.FIGURE_EDIT_FAILED)[0]

    def scorecard_rows(self, part: str, op: str, index: int, row: dict | None = None) -> int | None:
        """Add, remove or move a row of the 自评表 as one undoable step;
        the row for the cursor, None when nothing was done."""
        label = {"add": S.UNDO_SC_ADD, "remove": S.UNDO_SC_REMOVE}.get(op, S.UNDO_SC_MOVE)
        done, at = self._record(label, lambda: self._keep_computed(
            lambda: self.store.scorecard_rows(part, op, index, row)), S.FIGURE_EDIT_FAILED)
        return at if done else None

    def _keep_computed(self, edit: Callable[[], T]) -> T:
        """Run ``edit``. A 总分 or 等级 typed in the file but equal to the
        computed one (copied from a published table, never meant as an
        override) is removed with the edit, so from now on it follows the
        scores instead of becoming a stale number that blocks the PDF; one
        that differs is an override, left for the author to acknowledge."""
        from tui_report.figures.scoring import score
        from tui_report.report.templates import TemplateError, load

        card = self.store.report.scorecard
        before = None
        if card is not None and (card.total is not None or card.grade):
            try:
                before = score(card, load(card.template), self.values())
            except TemplateError:
                before = None
        result = edit()
        if card is not None and before is not None:
            if card.total is not None and abs(card.total - before.total) <= Decimal("0.01"):
                self.store.set_scorecard_cell("", 0, "total", None)
            if card.grade and card.grade == before.grade:
                self.store.set_scorecard_cell("", 0, "grade", None)
        return result

    # the 部门决算 workbook --------------------------------------------------------------------

    def import_accounts(self, path: Path, rows: list) -> bool:
        """Write the accepted rows, and ``[accounts] workbook`` when the
        report does not name this workbook yet, as one step of the history."""
        import os

        from tui_report.report.model import Accounts

        rel = os.path.relpath(path.resolve(), self.store.root.resolve())
        current = self.store.report.accounts
        record = Accounts(rel) if current is None or current.workbook != rel else None
        if not rows:
            self.notice(S.ACCOUNTS_UNCHANGED, "information")
            return False
        values = [(r.figure, r.key, r.proposed) for r in rows]
        decimals = {r.figure: r.decimals for r in rows if r.decimals is not None}
        done = self.figure_edit(S.UNDO_ACCOUNTS.format(n=len(rows)),
                                lambda: self.store.set_figure_values(values, decimals, record))
        if done:
            self.notice(S.ACCOUNTS_DONE.format(n=len(rows)), "information")
        return done

    # whole files (the guard: reloads, recovery, broken files) ---------------------------------

    def replace_store_text(self, change: Callable[[Store], T]) -> T:
        """A change of whole files from outside the editor (a reload, a
        recovery, keeping my version): typed text is handed in first, and
        the views are told the model is new."""
        self.flush()
        try:
            return change(self.store)
        finally:
            self.on_replaced()

    def save(self, force: bool = False) -> list[str] | None:
        """Write every edited file atomically; the files written, or None
        when refused. A file changed on disk since it was read raises
        ``ConflictError`` (the front end asks what to do)."""
        if self._read_only:
            self.notice(S.SAVE_READ_ONLY, "warning")
            return None
        self.flush()
        return self.store.save(force=force)

    # last year -------------------------------------------------------------------------------

    def last_year(self) -> Report | None:
        """Last year's report as ``[settings] previous_report`` names it
        (typed text handed in first, so this year's side is current), or
        None with the reason said: none named, or it cannot be read."""
        from tui_report.report.errors import ReportError
        from tui_report.yearly.compare import previous_root

        self.flush()
        report = self.report
        try:
            root = previous_root(self.root, report)
            if root is None:
                self.notice(S.LAST_YEAR_NONE, "warning")
                return None
            return Store.open(root).report
        except ReportError as exc:
            shown = str(report.settings.get("previous_report", ""))
            self.notice(S.LAST_YEAR_UNREADABLE.format(path=shown, error=exc), "warning")
            return None

    # check results ----------------------------------------------------------------------------

    def accept_checks(self, result: CheckRun) -> None:
        self.resolved, self.problems = result.resolved, result.problems
        self.checked = True
        self.on_problems()

    def values(self) -> dict:
        return self.resolved.values if self.resolved is not None else {}

    def resolve(self) -> Resolved:
        """The latest resolved figures, or resolved now when no check has
        run yet."""
        if self.resolved is not None:
            return self.resolved
        from tui_report.figures.values import resolve

        return resolve(self.report)

    def section_order(self) -> dict[Place, int]:
        return {e.section.place: n for n, e in enumerate(structure.outline(self.report))}

    def labels(self) -> dict[Place, str]:
        """Each section's name as a reader says it (二（一）)."""
        return {e.section.place: e.label for e in structure.outline(self.report)}

    def where(self, problem: Problem, labels: dict[Place, str] | None = None) -> str:
        """A problem's place in the words of the report: 二（一）, 数字 x."""
        from tui_report.checks import locate

        report = self.report
        labels = self.labels() if labels is None else labels
        target = locate.locate(report, problem)
        if target is not None and target.section is not None and target.section.place in labels:
            return labels[target.section.place]
        if problem.where in report.figures:
            return S.WHERE_FIGURE.format(id=problem.where)
        if any(c.id == problem.where for c in report.checks):
            return S.WHERE_CHECK.format(id=problem.where)
        return problem.location()

    def report_order(self) -> Callable[[Problem], tuple]:
        """A sort key putting problems in the order a reader meets them: the
        sections in outline order (then the offset in the text), then the
        figures in their order, then the declared checks, then the rest."""
        from tui_report.checks import locate

        report = self.report
        sections = self.section_order()
        figures = {fid: n for n, fid in enumerate(report.figures)}
        checks = {c.id: n for n, c in enumerate(report.checks) if c.id}

        def key(p: Problem) -> tuple:
            target = locate.locate(report, p)
            if target is not None and target.section is not None and target.section.place in sections:
                field = 0 if target.field == "title" else 1
                return (0, sections[target.section.place], field, target.offset, p.file, p.line, p.col)
            if p.where in figures:
                return (1, figures[p.where], 0, 0, p.file, p.line, p.col)
            if p.where in checks:
                return (2, checks[p.where], 0, 0, p.file, p.line, p.col)
            return (3, 0, 0, 0, p.file, p.line, p.col)

        return key

    def ordered(self, problems: list[Problem] | None = None, *, only_errors: bool = False) -> list[Problem]:
        """Problems as the panel lists them: open before acknowledged,
        errors before warnings before notes (a short panel shows what blocks
        the PDF first), each in report order."""
        problems = self.problems if problems is None else problems
        if only_errors:
            problems = [p for p in problems if p.severity == "error"]
        order = self.report_order()
        return sorted(problems, key=lambda p: (p.acknowledged, SEVERITY_RANK.get(p.severity, 3), order(p)))

    def section_marks(self) -> tuple[set[Place], set[Place]]:
        """Places of the sections with an open error, and of those with
        last year's words not yet reviewed (the outline marks both)."""
        marked: set[Place] = set()
        unreviewed: set[Place] = set()
        report = self.report
        for p in self.problems:
            if p.acknowledged or not p.target or not (p.severity == "error" or p.id == "carried-over"):
                continue
            section = structure.find(report, p.target[1], tuple(p.target[2]))
            if section is not None:
                (marked if p.severity == "error" else unreviewed).add(section.place)
        return marked, unreviewed
