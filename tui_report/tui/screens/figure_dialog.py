"""One dialog for a figure: add it, or change its name, values, unit or
formula.

Every field is checked as it is typed and the line under it says what will
be stored ("76.33万元 → 763300 元"), so a value in the wrong unit is seen
before it lands in report.toml. Enter in any field stores the lot; Esc
stores nothing.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui_report.report.model import Figure, Report
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce
from tui_report.tui.session import FigureChanges


def _plain(text: str) -> Label:
    return Label(text, markup=False)


def _row(label: Label, field: Input) -> Horizontal:
    """A field's name and its input on one line."""
    return Horizontal(label.add_class("field-name"), field, classes="field-row")


class FigureDialog(AnswerOnce, ModalScreen[FigureChanges | None]):
    """``fig`` None: a new figure (``typed``: the amount it comes from)."""

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, report: Report, fig: Figure | None, *, typed: str = "", label: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.report, self.fig = report, fig
        self.typed, self.start_label = typed, label
        #: the id was typed by the user: the label no longer suggests one
        self._id_edited = False
        #: the unit question already asked (Enter again stores)
        self._confirmed_unit: str | None = None

    @property
    def unit(self) -> str:
        """The unit a typed value is in: the one the figure will be stored
        with. The unit field when filled; when emptied, the report's unit
        (or "%" for a rate), not the figure's old one: "7.8万元" typed for a
        figure kept in 元 whose unit is then cleared is 7.8 (万元), never
        78000 stored as 万元."""
        text = self.query_one("#figure-unit", Input).value.strip()
        if text:
            return text
        if self.fig is not None and self.fig.format == "percent":
            from tui_report.figures.amount_input import PERCENT

            return PERCENT
        return self.report.unit

    def _old_unit(self) -> str | None:
        """The unit the figure is stored with now (None: a new figure)."""
        if self.fig is None:
            return None
        from tui_report.figures.amount_input import figure_unit

        return figure_unit(self.fig, self.report)

    def compose(self) -> ComposeResult:
        fig = self.fig
        title = S.FIGURE_NEW_TITLE if fig is None else S.FIGURE_TITLE.format(label=fig.label, id=fig.id)
        # one line per field (name, then input) and its note under it: the
        # whole dialog, hint included, fits 80×24
        with Vertical(classes="dialog figure-dialog"):
            yield _plain(title).add_class("dialog-title")
            with VerticalScroll(classes="figure-fields"):
                yield _row(_plain(S.FIGURE_LABEL), Input(fig.label if fig else self.start_label,
                                                         id="figure-label", compact=True))
                if fig is None:
                    yield _row(_plain(S.FIGURE_ID), Input("", id="figure-id", compact=True))
                    yield Label("", id="figure-id-note", classes="dialog-hint", markup=False)
                derived = fig is not None and fig.derived
                if derived and fig is not None:
                    yield _row(_plain(S.FIGURE_FORMULA), Input(fig.formula or "", id="figure-formula", compact=True))
                    yield Label("", id="figure-formula-note", classes="dialog-hint", markup=False)
                else:
                    start = self.typed if fig is None else ("" if fig.value is None else format(fig.value, "f"))
                    yield _row(Label("", id="figure-value-label", markup=False),
                               Input(start, id="figure-value", compact=True))
                    yield Label("", id="figure-value-note", classes="dialog-hint", markup=False)
                    prev = "" if fig is None or fig.prev is None else format(fig.prev, "f")
                    yield _row(Label("", id="figure-prev-label", markup=False),
                               Input(prev, id="figure-prev", compact=True))
                    yield Label("", id="figure-prev-note", classes="dialog-hint", markup=False)
                # a new figure takes the report's unit: "763300元" typed in a
                # 万元 report is stored as 76.33 (the note says so)
                yield _row(_plain(S.FIGURE_UNIT), Input((fig.unit or "") if fig else "", id="figure-unit",
                                                        compact=True))
                yield Label("", id="figure-unit-note", classes="dialog-hint", markup=False)
            yield _plain(S.FIGURE_HINT).add_class("dialog-hint")
            yield Label("", id="dialog-error", classes="dialog-error", markup=False)

    def on_mount(self) -> None:
        if self.fig is None:
            self._suggest_id()
        self._refresh_notes()
        first = "#figure-label" if self.fig is None else (
            "#figure-formula" if self.fig.derived else "#figure-value")
        self.query_one(first, Input).focus()

    # live notes -------------------------------------------------------------------

    def _suggest_id(self) -> None:
        from tui_report.figures.naming import suggest_id

        if self._id_edited:
            return
        label = self.query_one("#figure-label", Input).value.strip()
        field = self.query_one("#figure-id", Input)
        wanted = suggest_id(label, set(self.report.figures))
        if field.value != wanted:
            with field.prevent(Input.Changed):
                field.value = wanted

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "figure-id":
            self._id_edited = True
        elif event.input.id == "figure-label" and self.fig is None:
            self._suggest_id()
        self._refresh_notes()

    def _refresh_notes(self) -> None:
        unit = self.unit
        if self.query("#figure-value"):
            self.query_one("#figure-value-label", Label).update(S.FIGURE_VALUE.format(unit=unit))
            self.query_one("#figure-prev-label", Label).update(S.FIGURE_PREV.format(unit=unit))
            for name in ("value", "prev"):
                note = self.query_one(f"#figure-{name}-note", Label)
                try:
                    note.update(self._amount(name).note)
                except ValueError as exc:
                    note.update(str(exc))
        if self.query("#figure-id"):
            self.query_one("#figure-id-note", Label).update(self._id_error() or "")
        self.query_one("#figure-unit-note", Label).update(S.FIGURE_UNIT_NOTE.format(unit=self.report.unit))
        self._confirmed_unit = None  # a changed field asks again
        if self.query("#figure-formula"):
            self.query_one("#figure-formula-note", Label).update(self._formula_error() or S.FORMULA_OK)

    # reading the fields ---------------------------------------------------------------

    def _amount(self, name: str):
        from tui_report.figures.amount_input import parse_amount

        return parse_amount(self.query_one(f"#figure-{name}", Input).value, self.unit)

    def _id_error(self) -> str | None:
        from tui_report.figures.naming import valid_id

        fid = self.query_one("#figure-id", Input).value.strip()
        if fid in self.report.figures:
            return S.FIGURE_ID_TAKEN.format(id=fid)
        return valid_id(fid)

    def _formula_error(self) -> str | None:
        """The same check the store edit makes (figures/editing.py): parse,
        known names, no comparison, no cycle."""
        from tui_report.figures.editing import FormulaRefused, check_formula

        text = self.query_one("#figure-formula", Input).value.strip()
        try:
            check_formula(self.report, self.fig.id if self.fig else "", text)
        except FormulaRefused as exc:
            return S.FORMULA_BAD.format(error=exc.message)
        return None

    def changes(self) -> FigureChanges:
        """The fields as a change; ValueError with the message to show."""
        label = self.query_one("#figure-label", Input).value.strip()
        if not label:
            raise ValueError(S.FIGURE_LABEL_NEEDED)
        unit_text = self.query_one("#figure-unit", Input).value.strip()
        unit = unit_text or None
        fig = self.fig
        if fig is None:
            error = self._id_error()
            if error:
                raise ValueError(error)
            fid = self.query_one("#figure-id", Input).value.strip()
        else:
            fid = fig.id
        if fig is not None and fig.derived:
            error = self._formula_error()
            if error:
                raise ValueError(error)
            return FigureChanges(fid, label, unit, formula=self.query_one("#figure-formula", Input).value.strip())
        value, prev = self._amount("value").value, self._amount("prev").value
        return FigureChanges(fid, label, unit, value=value, prev=prev)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            result = self.changes()
        except ValueError as exc:
            self.query_one("#dialog-error", Label).update(S.FIGURE_BAD.format(error=exc))
            self.app.bell()
            return
        question = self._unit_question(result)
        if question and self._confirmed_unit != question:
            # the unit changes and a value is kept as typed: 78000 元 is not
            # 78000 万元; ask once, Enter again confirms
            self._confirmed_unit = question
            self.query_one("#dialog-error", Label).update(question)
            self.app.bell()
            return
        self.dismiss(result)

    def _unit_question(self, result: FigureChanges) -> str | None:
        """The 请确认 line when the figure's unit changes while it keeps a
        value; None when nothing needs confirming."""
        old = self._old_unit()
        if old is None or result.formula is not None or not any((result.value, result.prev)):
            return None  # nothing, or only zeros, whose meaning no unit changes
        new = self.unit
        if new == old:
            return None
        shown = "、".join(format(v, "f") for v in (result.value, result.prev) if v is not None)
        return S.FIGURE_UNIT_CONFIRM.format(old=old, new=new, values=shown)

    def action_cancel(self) -> None:
        self.dismiss(None)

