"""The 自评表 as a grid: budget execution, then the indicators, with the
score each rule gives beside the score typed, and the total and grade
recomputed as cells change.

One row per line of scorecard.toml's tables, so what the grid shows is the
file's order. Enter edits the cell under the cursor (a number, a text, or
empty to let the rule compute it); the checks run as after any edit, and
their problems about the scorecard are listed under the grid as in the main
screen's panel (which lists them too).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, OptionList
from textual.widgets.option_list import Option

from tui_report.report.problems import Problem
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce

if TYPE_CHECKING:
    from textual import getters

    from tui_report.tui.app import TuiReportApp

#: (scorecard key — also the column's key, title, kind) of the indicator
#: rows; kind "" is a column the template computes, not typed
COLUMNS = (
    ("level1", S.SC_LEVEL1, "text"),
    ("level2", S.SC_LEVEL2, "text"),
    ("name", S.SC_NAME, "text"),
    ("target", S.SC_TARGET, "text"),
    ("actual", S.SC_ACTUAL, "text"),
    ("weight", S.SC_WEIGHT, "number"),
    ("score", S.SC_SCORE, "number"),
    ("rule", S.SC_RULE, ""),
    ("rating", S.SC_RATING, "text"),
    ("reason", S.SC_REASON, "text"),
)
BUDGET_COLUMNS = (
    ("name", S.SC_BUDGET_NAME, "text"),
    ("initial", S.SC_INITIAL, "amount"),
    ("adjusted", S.SC_ADJUSTED, "amount"),
    ("executed", S.SC_EXECUTED, "amount"),
    ("weight", S.SC_WEIGHT, ""),
    ("rate", S.SC_RATE, "rate"),
    ("score", S.SC_SCORE, "number"),
    ("reason", S.SC_REASON, "text"),
)

def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _cell(text: str, style: str = "") -> Text:
    return Text(text or "", style=style)  # Text: a cell is never read as markup


class ScorecardScreen(AnswerOnce, Screen[None]):

    if TYPE_CHECKING:  # the app this screen runs in, typed (Textual's own idiom)
        app = getters.app(TuiReportApp)
    BINDINGS = [
        Binding("escape,f6", "back", S.SC_BACK),
        Binding("enter", "edit_cell", S.SC_EDIT, show=True),
        Binding("tab", "switch_table", S.SC_SWITCH, show=True),
        Binding("ctrl+s", "app.save", S.CMD["save"][0], show=True, priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Label("", id="sc-title", markup=False)
        yield DataTable(id="sc-budget", cursor_type="cell", zebra_stripes=True)
        yield DataTable(id="sc-indicators", cursor_type="cell", zebra_stripes=True)
        yield Label("", id="sc-summary", markup=False)
        yield OptionList(id="sc-problems")
        yield Footer()

    def on_mount(self) -> None:
        budget = self.query_one("#sc-budget", DataTable)
        for key, title, _ in BUDGET_COLUMNS:
            budget.add_column(title, key=key)
        indicators = self.query_one("#sc-indicators", DataTable)
        for key, title, _ in COLUMNS:
            indicators.add_column(title, key=key)
        budget.border_title = S.SC_BUDGET_TITLE
        indicators.border_title = S.SC_INDICATORS_TITLE
        self.query_one("#sc-problems", OptionList).border_title = S.PROBLEMS_TITLE
        self.refresh_card()
        indicators.focus()

    # showing -------------------------------------------------------------------------

    def _scored(self):
        from tui_report.figures.scoring import score
        from tui_report.report.templates import TemplateError, load

        app = self.app
        card = app.store.report.scorecard
        if card is None:
            return None, None, None
        try:
            template = load(card.template)
        except TemplateError:
            return card, None, None
        values = app.resolved.values if app.resolved else {}
        return card, template, score(card, template, values)

    def refresh_card(self) -> None:
        """Refill the grid from the store's scorecard, keeping the cursor."""
        card, template, scored = self._scored()
        budget = self.query_one("#sc-budget", DataTable)
        indicators = self.query_one("#sc-indicators", DataTable)
        keep = (budget.cursor_coordinate, indicators.cursor_coordinate)
        budget.clear()
        indicators.clear()
        if card is None:
            self.query_one("#sc-title", Label).update(S.SC_NONE)
            return
        self.query_one("#sc-title", Label).update(
            S.SC_TITLE.format(title=card.title or S.SC_DEFAULT_TITLE, template=card.template))
        weight = card.budget_weight if card.budget_weight is not None else (template.budget_weight if template else None)
        budget_scores = {b.row.index: b for b in scored.budget} if scored else {}
        for row in card.budget:
            got = budget_scores.get(row.index)
            rate = row.rate if row.rate is not None else (got.rate if got else None)
            score = row.score if row.score is not None else (got.rule if got else None)
            values = self.app.resolved.values if self.app.resolved else {}
            budget.add_row(
                _cell(row.name), *(_cell(_amount(v, values)) for v in (row.initial, row.adjusted, row.executed)),
                _cell(_num(weight) if got is not None and got.scored else ""),
                _cell((_num(rate) + "%") if rate is not None else "", "" if row.rate is not None else "italic"),
                _cell(_num(score), "" if row.score is not None else "italic"),
                _cell(row.reason), key=f"b{row.index}")
        ind_scores = {i.indicator.index: i for i in scored.indicators} if scored else {}
        for ind in card.indicators:
            got = ind_scores.get(ind.index)
            rule = got.rule if got else None
            differs = rule is not None and ind.score is not None and rule != ind.score
            indicators.add_row(
                _cell(ind.level1), _cell(ind.level2), _cell(ind.name), _cell(ind.target), _cell(ind.actual),
                _cell(_num(ind.weight)), _cell(_num(ind.score if ind.score is not None else rule),
                                                "" if ind.score is not None else "italic"),
                _cell(_num(rule), "bold red" if differs else "dim"), _cell(ind.rating), _cell(ind.reason),
                key=f"i{ind.index}")
        for table, coordinate in zip((budget, indicators), keep, strict=True):
            if table.row_count:
                table.move_cursor(row=min(coordinate.row, table.row_count - 1), column=coordinate.column,
                                  animate=False)
        self._summary(card, scored)
        self.refresh_problems()

    def _summary(self, card, scored) -> None:
        if scored is None:
            self.query_one("#sc-summary", Label).update(S.SC_NO_TEMPLATE.format(template=card.template))
            return
        typed = "" if card.total is None else S.SC_TYPED_TOTAL.format(total=_num(card.total))
        grade = "" if not card.grade else S.SC_TYPED_GRADE.format(grade=card.grade)
        self.query_one("#sc-summary", Label).update(S.SC_SUMMARY.format(
            total=_num(scored.total), grade=scored.grade, weights=_num(scored.weights), typed=typed + grade))

    @property
    def total_text(self) -> str:
        return str(self.query_one("#sc-summary", Label).render())

    def scorecard_problems(self) -> list[Problem]:
        return [p for p in self.app.problems if p.where.startswith("scorecard") and not p.acknowledged]

    def refresh_problems(self) -> None:
        from tui_report.tui.widgets.problems_panel import ProblemsPanel

        panel = self.query_one("#sc-problems", OptionList)
        panel.clear_options()
        found = self.scorecard_problems()
        if not found:
            panel.add_option(Option(Text(S.PROBLEMS_NONE, style="italic"), disabled=True))
        for p in found:
            panel.add_option(Option(ProblemsPanel.line(p, self._where(p))))

    def _where(self, p: Problem) -> str:
        card = self.app.store.report.scorecard
        part = p.where.split("/")
        if card is not None and len(part) == 3 and part[1] == "indicators" and int(part[2]) < len(card.indicators):
            return card.indicators[int(part[2])].name
        if card is not None and len(part) == 3 and part[1] == "budget" and int(part[2]) < len(card.budget):
            return card.budget[int(part[2])].name
        return S.SC_WHERE

    def select(self, where: str) -> None:
        """Put the cursor on the row a problem is about."""
        part = where.split("/")
        if len(part) != 3:
            return
        table = self.query_one("#sc-indicators" if part[1] == "indicators" else "#sc-budget", DataTable)
        try:
            row = table.get_row_index(("i" if part[1] == "indicators" else "b") + part[2])
        except Exception:  # noqa: BLE001 - a row that is gone
            return
        table.focus()
        table.move_cursor(row=row, animate=False)

    # editing ---------------------------------------------------------------------------

    def action_switch_table(self) -> None:
        budget = self.query_one("#sc-budget", DataTable)
        indicators = self.query_one("#sc-indicators", DataTable)
        (indicators if self.focused is budget else budget).focus()

    def action_edit_cell(self) -> None:
        from tui_report.tui.screens.dialogs import InputDialog

        app = self.app
        card = app.store.report.scorecard
        table = self.focused
        if card is None or not isinstance(table, DataTable) or table.row_count == 0:
            return
        if app.read_only:
            app.notify(S.READ_ONLY, severity="warning")
            return
        budget = table.id == "sc-budget"
        columns = BUDGET_COLUMNS if budget else COLUMNS
        field, title, kind = columns[table.cursor_coordinate.column]
        if not kind:
            app.notify(S.SC_COMPUTED)
            return
        row = table.cursor_coordinate.row
        unit = app.store.report.unit
        item = card.budget[row] if budget else card.indicators[row]
        current = getattr(item, field)
        shown = (_num(current) + "%" if kind == "rate" and current is not None else
                 _num(current) if isinstance(current, Decimal) else (current or ""))

        def valid(text: str) -> str | None:
            try:
                _value(text, kind, unit)
            except ValueError as exc:
                return str(exc)
            return None

        def done(text: str | None) -> None:
            if text is None:
                return
            value = _value(text, kind, unit)
            app.scorecard_edit("budget" if budget else "indicators", row, field, value)
            self.refresh_card()

        app.push_screen(InputDialog(S.SC_EDIT_TITLE.format(column=title, row=item.name), S.SC_EDIT_PROMPT,
                                    shown, valid), done)

    def action_back(self) -> None:
        self.dismiss(None)

    @on(DataTable.CellSelected)
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        # Enter in a grid is the grid's own "select": editing is what it means here
        event.stop()
        self.action_edit_cell()

    @on(OptionList.OptionSelected, "#sc-problems")
    def _problem_selected(self, event: OptionList.OptionSelected) -> None:
        found = self.scorecard_problems()
        if 0 <= event.option_index < len(found):
            self.select(found[event.option_index].where)


def _amount(value, values) -> str:
    """A budget amount as shown: the typed number, or the figure's value
    beside its placeholder."""
    from tui_report.figures.scoring import amount

    if isinstance(value, str):
        number = amount(value, values)
        return f"{_num(number)}（{value}）" if number is not None else value
    return _num(value)


def _value(text: str, kind: str, money: str):
    """A cell's text as what scorecard.toml stores (None: remove the key,
    the rule computes it); ValueError says why not. Numbers are read as the
    figure dialog reads them: full-width digits, separators, a unit
    (amounts in ``money``, the report's unit)."""
    from tui_report.figures.amount_input import AmountError, parse_amount

    text = text.strip()
    if not text or kind == "text" or (kind == "amount" and text.startswith("{{")):
        return text or None
    try:
        got = parse_amount(text, {"number": "分", "rate": "%"}.get(kind, money))
    except AmountError as exc:
        raise ValueError(str(exc)) from None
    if got.value is None:
        return None
    return f"{format(got.value, 'f')}%" if kind == "rate" else got.value
