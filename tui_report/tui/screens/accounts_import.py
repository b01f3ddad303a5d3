"""The review of an import from the 部门决算: every figure the workbook has
a value for, beside the report's, each with a checkbox.

The rows that would change start checked; Space (or Enter) toggles the row
under the cursor, ``a`` checks every change, ``n`` none, ``i`` (or the
button) imports what is checked, Esc imports nothing. The line under the
list names the highlighted row's cell (sheet, row, column), the line above
the workbook's own identities. The answer is the rows to write; the app
writes them as one undoable step.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui_report.figures.accounts_review import MARKS, WHAT, Review, ReviewRow, amount_text
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce


def row_text(row: ReviewRow) -> Text:
    """One line of the list, short enough for an 80-column terminal."""
    what = "" if row.key == "value" else f"（{WHAT[row.key]}）"
    return Text(f"{MARKS[row.status]} {row.label}{what}  {amount_text(row.current, row.unit)} → "
                f"{amount_text(row.proposed, row.unit)}")


def identities_text(review: Review) -> str:
    broken = [i.message for i in review.identities if i.holds is False]
    unchecked = sum(1 for i in review.identities if i.holds is None)
    held = sum(1 for i in review.identities if i.holds)
    if broken:
        return S.ACCOUNTS_IDENTITIES_BROKEN.format(n=len(broken), what="；".join(broken))
    return S.ACCOUNTS_IDENTITIES_OK.format(n=held, skipped=unchecked)


class AccountsImportDialog(AnswerOnce, ModalScreen[list[ReviewRow] | None]):
    BINDINGS = [
        Binding("escape", "cancel", S.CANCEL, show=False),
        Binding("i", "accept", S.ACCOUNTS_APPLY, show=False),
        Binding("a", "select_all", S.ACCOUNTS_ALL, show=False),
        Binding("n", "select_none", S.ACCOUNTS_NONE, show=False),
    ]

    def __init__(self, review: Review) -> None:
        super().__init__(classes="dialog-screen")
        self.review = review

    def compose(self) -> ComposeResult:
        review = self.review
        with Vertical(classes="dialog accounts-dialog"):
            yield Label(S.ACCOUNTS_TITLE.format(name=review.book.name, n=len(review.changes())),
                        classes="dialog-title", markup=False)
            yield Static(identities_text(review), id="accounts-identities", markup=False)
            selections = [Selection(row_text(row), n, row.changes, disabled=not row.changes)
                          for n, row in enumerate(review.rows)]
            yield SelectionList[int](*selections, id="accounts-rows")
            yield Static("", id="accounts-source", classes="dialog-hint", markup=False)
            yield Static(S.ACCOUNTS_HINT, classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(S.ACCOUNTS_APPLY + "（I）", id="accounts-apply", variant="primary")
                yield Button(S.CANCEL, id="accounts-cancel")

    def on_mount(self) -> None:
        rows = self.query_one(SelectionList)
        rows.focus()
        if self.review.rows:
            self._show_source(0)
        else:
            self.query_one("#accounts-source", Static).update(S.ACCOUNTS_NOTHING)

    @property
    def rows(self) -> SelectionList[int]:
        return self.query_one("#accounts-rows", SelectionList)

    def _show_source(self, index: int) -> None:
        if 0 <= index < len(self.review.rows):
            row = self.review.rows[index]
            self.query_one("#accounts-source", Static).update(
                S.ACCOUNTS_SOURCE.format(id=row.id, source=row.source.describe()))

    @on(SelectionList.SelectionHighlighted)
    def _highlighted(self, event: SelectionList.SelectionHighlighted) -> None:
        self._show_source(event.selection_index)

    def chosen(self) -> list[ReviewRow]:
        picked = set(self.rows.selected)
        return [row for n, row in enumerate(self.review.rows) if n in picked and row.changes]

    def action_accept(self) -> None:
        self.dismiss(self.chosen())

    def action_select_all(self) -> None:
        self.rows.select_all()

    def action_select_none(self) -> None:
        self.rows.deselect_all()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#accounts-apply")
    def _apply(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_accept()

    @on(Button.Pressed, "#accounts-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
