"""The 自评表 as a grid: budget execution, 年度总体目标 (and the form's
conclusions), then the indicators, with the score each rule gives beside
the score typed, and the total and grade recomputed as cells change.

One row per line of scorecard.toml's tables, so what the grid shows is the
file's order. Enter edits the cell under the cursor (a number, a text, or
empty to let the rule compute it); rows are added, removed and moved with
the keys of commands.py's "scorecard" scope, each edit one undoable step of
the app's history. The template decides which indicator columns exist
(指标性质, 度量单位, 年初指标值, 得分系数, 是否核心指标 …). The checks run as
after any edit; their problems about the scorecard are listed under the
grid as in the main screen's panel (which lists them too).
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
from tui_report.tui import commands
from tui_report.tui import strings as S
from tui_report.tui.screens.once import AnswerOnce

if TYPE_CHECKING:
    from textual import getters

    from tui_report.tui.app import TuiReportApp

#: every indicator column a template may ask for: (scorecard key — also the
#: column's key, title, kind); kind "" is a column the template computes
ALL_COLUMNS = {
    "level1": (S.SC_LEVEL1, "text"),
    "level2": (S.SC_LEVEL2, "text"),
    "name": (S.SC_NAME, "text"),
    "nature": (S.SC_NATURE, "text"),
    "unit": (S.SC_UNIT, "text"),
    "target_initial": (S.SC_TARGET_INITIAL, "text"),
    "target": (S.SC_TARGET, "text"),
    "actual": (S.SC_ACTUAL, "text"),
    "weight": (S.SC_WEIGHT, "number"),
    "coefficient": (S.SC_COEFFICIENT, "percent"),
    "score": (S.SC_SCORE, "number"),
    "rule": (S.SC_RULE, ""),
    "rating": (S.SC_RATING, "text"),
    "core": (S.SC_CORE, "bool"),
    "reason": (S.SC_REASON, "text"),
}
BASIC = ("level1", "level2", "name", "target", "actual", "weight", "score", "rule", "rating", "reason")
#: the indicator columns of a template without columns of its own (central, Hunan)
COLUMNS = tuple((key, *ALL_COLUMNS[key]) for key in BASIC)
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
ADJUST_COLUMN = ("adjust_reason", S.SC_ADJUST_REASON, "text")
TARGET_COLUMNS = (("planned", S.SC_PLANNED, "text"), ("actual", S.SC_DONE, "text"))
#: the form's texts shown under 年度总体目标, in its order
TEXTS = (("title", S.SC_TEXT_TITLE), ("conclusion", S.SC_CONCLUSION), ("issues", S.SC_ISSUES),
         ("measures", S.SC_MEASURES))
#: grid id → scorecard part
PARTS = {"sc-budget": "budget", "sc-targets": "targets", "sc-indicators": "indicators"}


def indicator_columns(template) -> tuple[tuple[str, str, str], ...]:
    """The template's columns, with the rule's score beside the typed one."""
    if template is None:
        return COLUMNS
    keys: list[str] = []
    for key in template.columns:
        if key in ALL_COLUMNS and key not in keys:
            keys.append(key)
            if key == "score":
                keys.append("rule")
    if "rating" not in keys:
        keys.insert(keys.index("rule") + 1 if "rule" in keys else len(keys), "rating")
    return tuple((key, *ALL_COLUMNS[key]) for key in keys)


def _num(value: Decimal | None) -> str:
    """A score, weight or total as every output prints it (at most two
    decimals, no trailing zeros): figures/number_format's one rule."""
    from tui_report.figures.number_format import score_text

    return score_text(value)


def _rate(value: Decimal | None, typed: bool) -> str:
    """A typed rate as typed; a computed one with two decimals."""
    from tui_report.figures.number_format import plain, rate_text

    if value is None:
        return ""
    return plain(value) + "%" if typed else rate_text(value)


def _cell(text: str, style: str = "") -> Text:
    return Text(text or "", style=style)  # Text: a cell is never read as markup


class ScorecardScreen(AnswerOnce, Screen[None]):

    if TYPE_CHECKING:  # the app this screen runs in, typed (Textual's own idiom)
        app = getters.app(TuiReportApp)
    BINDINGS = [
        Binding("escape,f6", "back", S.SC_BACK),
        Binding("ctrl+s", "app.save", S.CMD["save"][0], show=True, priority=True),
        *commands.bindings("scorecard"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.columns: tuple[tuple[str, str, str], ...] = COLUMNS
        self.budget_columns: tuple[tuple[str, str, str], ...] = BUDGET_COLUMNS
        self.text_rows: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label("", id="sc-title", markup=False)
        yield DataTable(id="sc-budget", cursor_type="cell", zebra_stripes=True)
        yield DataTable(id="sc-targets", cursor_type="cell", zebra_stripes=True)
        yield DataTable(id="sc-indicators", cursor_type="cell", zebra_stripes=True)
        yield Label("", id="sc-summary", markup=False)
        yield OptionList(id="sc-problems")
        yield Footer()

    def on_mount(self) -> None:
        _, template, _ = self._scored()
        self.columns = indicator_columns(template)
        if template is not None and template.adjust_reason:
            self.budget_columns = (*BUDGET_COLUMNS, ADJUST_COLUMN)
        budget = self.query_one("#sc-budget", DataTable)
        for key, title, _ in self.budget_columns:
            budget.add_column(title, key=key)
        targets = self.query_one("#sc-targets", DataTable)
        for key, title, _ in TARGET_COLUMNS:
            targets.add_column(title, key=key)
        indicators = self.query_one("#sc-indicators", DataTable)
        for key, title, _ in self.columns:
            indicators.add_column(title, key=key)
        budget.border_title = S.SC_BUDGET_TITLE
        targets.border_title = S.SC_TARGETS_TITLE
        indicators.border_title = S.SC_INDICATORS_TITLE
        for table in (budget, targets, indicators):
            table.border_subtitle = S.SC_KEYS
        self.query_one("#sc-problems", OptionList).border_title = S.PROBLEMS_TITLE
        self.refresh_card()
        indicators.focus()

    # showing -------------------------------------------------------------------------

    def _scored(self):
        from tui_report.figures.scoring import score
        from tui_report.report.templates import TemplateError, load

        app = self.app
        card = app.session.report.scorecard
        if card is None:
            return None, None, None
        try:
            template = load(card.template)
        except TemplateError:
            return card, None, None
        return card, template, score(card, template, app.session.values())

    def refresh_card(self) -> None:
        """Refill the grid from the store's scorecard, keeping the cursor."""
        card, template, scored = self._scored()
        tables = [self.query_one(f"#{name}", DataTable) for name in PARTS]
        keep = [t.cursor_coordinate for t in tables]
        for table in tables:
            table.clear()
        budget, targets, indicators = tables
        if card is None:
            self.query_one("#sc-title", Label).update(S.SC_NONE)
            return
        self.query_one("#sc-title", Label).update(
            S.SC_TITLE.format(title=card.title or S.SC_DEFAULT_TITLE, template=card.template))
        weight = card.budget_weight if card.budget_weight is not None else (template.budget_weight if template else None)
        budget_scores = {b.row.index: b for b in scored.budget} if scored else {}
        values = self.app.session.values()
        report = self.app.session.report
        for row in card.budget:
            got = budget_scores.get(row.index)
            rate = row.rate if row.rate is not None else (got.rate if got else None)
            score = row.score if row.score is not None else (got.rule if got else None)
            cells = [_cell(row.name), *(_cell(_amount(v, values, report)) for v in (row.initial, row.adjusted,
                                                                                   row.executed)),
                     _cell(_num(weight) if got is not None and got.scored else ""),
                     _cell(_rate(rate, row.rate is not None), "" if row.rate is not None else "italic"),
                     _cell(_num(score), "" if row.score is not None else "italic"), _cell(row.reason)]
            if len(self.budget_columns) > len(BUDGET_COLUMNS):
                cells.append(_cell(row.adjust_reason))
            budget.add_row(*cells, key=f"b{row.index}")
        for target in card.targets:
            targets.add_row(_cell(target.planned), _cell(target.actual), key=f"t{target.index}")
        self.text_rows = [key for key, _ in TEXTS
                          if key == "title" or getattr(card, key) or (template is not None and key in template.limits)]
        for key in self.text_rows:
            label = dict(TEXTS)[key]
            targets.add_row(_cell(label, "bold"), _cell(getattr(card, key)), key=f"x{key}")
        ind_scores = {i.indicator.index: i for i in scored.indicators} if scored else {}
        for ind in card.indicators:
            got = ind_scores.get(ind.index)
            rule = got.rule if got else None
            differs = rule is not None and ind.score is not None and rule != ind.score
            shown = []
            for key, _, kind in self.columns:
                if key == "score":
                    shown.append(_cell(_num(ind.score if ind.score is not None else rule),
                                       "" if ind.score is not None else "italic"))
                elif key == "rule":
                    shown.append(_cell(_num(rule), "bold red" if differs else "dim"))
                elif kind == "bool":
                    value = getattr(ind, key)
                    shown.append(_cell("" if value is None else (S.SC_YES if value else S.SC_NO)))
                elif kind == "percent":
                    value = getattr(ind, key)
                    shown.append(_cell(_rate(value, typed=True)))
                elif kind == "number":
                    shown.append(_cell(_num(getattr(ind, key))))
                else:
                    shown.append(_cell(getattr(ind, key)))
            indicators.add_row(*shown, key=f"i{ind.index}")
        for table, coordinate in zip(tables, keep, strict=True):
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
        return [p for p in self.app.session.problems if p.where.startswith("scorecard") and not p.acknowledged]

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
        card = self.app.session.report.scorecard
        part = p.where.split("/")
        if card is None or len(part) < 3 or not part[2].isdigit():
            return S.SC_WHERE
        n = int(part[2])
        if part[1] == "indicators" and n < len(card.indicators):
            return card.indicators[n].name
        if part[1] == "budget" and n < len(card.budget):
            return card.budget[n].name
        if part[1] == "targets" and n < len(card.targets):
            return S.SC_TARGETS_TITLE
        return S.SC_WHERE

    def select(self, where: str) -> None:
        """Put the cursor on the row (and the cell, when named) a problem is about."""
        part = where.split("/")
        if len(part) < 3 or part[1] not in ("indicators", "budget", "targets"):
            return
        name = {"indicators": "#sc-indicators", "budget": "#sc-budget", "targets": "#sc-targets"}[part[1]]
        table = self.query_one(name, DataTable)
        try:
            row = table.get_row_index(part[1][0] + part[2])
        except Exception:  # noqa: BLE001 - a row that is gone
            return
        table.focus()
        column = table.cursor_coordinate.column
        if len(part) > 3:
            keys = [key for key, _, _ in self._columns_of(table)]
            column = keys.index(part[3]) if part[3] in keys else column
        table.move_cursor(row=row, column=column, animate=False)

    def _columns_of(self, table: DataTable) -> tuple[tuple[str, str, str], ...]:
        return {"sc-budget": self.budget_columns, "sc-targets": TARGET_COLUMNS}.get(table.id or "", self.columns)

    # editing ---------------------------------------------------------------------------

    def _grid(self) -> DataTable | None:
        table = self.focused
        return table if isinstance(table, DataTable) and table.id in PARTS else None

    def action_switch_table(self) -> None:
        tables = [self.query_one(f"#{name}", DataTable) for name in PARTS]
        now = self._grid()
        at = tables.index(now) if now in tables else -1
        tables[(at + 1) % len(tables)].focus()

    def action_edit_cell(self) -> None:
        app = self.app
        card = app.session.report.scorecard
        table = self._grid()
        if card is None or table is None or table.row_count == 0:
            return
        if app.session.refuse_read_only():
            return
        part = PARTS[table.id or ""]
        row = table.cursor_coordinate.row
        field, title, kind = self._columns_of(table)[table.cursor_coordinate.column]
        if part == "targets" and row >= len(card.targets):  # the form's texts under the targets
            if field != "actual":
                app.notify(S.SC_COMPUTED)
                return
            key = self.text_rows[row - len(card.targets)]
            self._ask(S.SC_EDIT_TITLE.format(column=dict(TEXTS)[key], row=S.SC_WHERE), getattr(card, key),
                      "text", lambda value: app.session.scorecard_edit("", 0, key, value))
            return
        if not kind:
            app.notify(S.SC_COMPUTED)
            return
        items = _rows_of(card, part)
        item = items[row]
        current = getattr(item, field)
        if kind == "rate" and current is not None:
            shown = _num(current) + "%"
        elif kind == "percent" and current is not None:
            shown = _num(current) + "%"
        elif kind == "bool":
            shown = "" if current is None else (S.SC_YES if current else S.SC_NO)
        else:
            shown = _num(current) if isinstance(current, Decimal) else (current or "")
        label = getattr(item, "name", "") or S.SC_TARGETS_TITLE
        self._ask(S.SC_EDIT_TITLE.format(column=title, row=label), shown, kind,
                  lambda value: app.session.scorecard_edit(part, row, field, value))

    def _ask(self, title: str, shown: str, kind: str, write) -> None:
        from tui_report.tui.screens.dialogs import InputDialog

        unit = self.app.session.report.unit

        def valid(text: str) -> str | None:
            try:
                _value(text, kind, unit)
            except ValueError as exc:
                return str(exc)
            return None

        def done(text: str | None) -> None:
            if text is None:
                return
            write(_value(text, kind, unit))
            self.refresh_card()

        self.app.push_screen(InputDialog(title, S.SC_EDIT_PROMPT, shown, valid), done)

    def _row_of(self) -> tuple[str, int] | None:
        table = self._grid()
        if table is None:
            return None
        part = PARTS[table.id or ""]
        row = table.cursor_coordinate.row if table.row_count else -1
        card = self.app.session.report.scorecard
        if part == "targets" and card is not None and row >= len(card.targets):
            row = len(card.targets) - 1  # on the form's texts: rows go after the last target
        return part, row

    def _after_rows(self, part: str, at: int | None) -> None:
        if at is None:
            return
        self.refresh_card()
        table = self.query_one(f"#sc-{part}", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(at, table.row_count - 1)), animate=False)

    def action_add_row(self) -> None:
        """A new row after the cursor's: an indicator under the same 一级 and
        二级 (to fill), a line of 年度总体目标, a budget row."""
        found = self._row_of()
        card = self.app.session.report.scorecard
        if found is None or card is None:
            return
        part, row = found
        new: dict = {}
        if part == "indicators":
            here = card.indicators[row] if 0 <= row < len(card.indicators) else None
            new = {"level1": here.level1 if here else "", "level2": here.level2 if here else "",
                   "name": S.SC_NEW_INDICATOR, "target": "", "actual": ""}
        elif part == "targets":
            new = {"planned": "", "actual": ""}
        else:
            new = {"name": S.SC_NEW_BUDGET_ROW}
        self._after_rows(part, self.app.session.scorecard_rows(part, "add", row, new))

    def action_remove_row(self) -> None:
        found = self._row_of()
        card = self.app.session.report.scorecard
        if found is None or card is None or found[1] < 0:
            return
        part, row = found
        items = _rows_of(card, part)
        if row >= len(items):
            return
        self._after_rows(part, self.app.session.scorecard_rows(part, "remove", row))
        self.app.notify(S.SC_REMOVED)

    def _move(self, op: str) -> None:
        found = self._row_of()
        if found is None or found[1] < 0:
            return
        self._after_rows(found[0], self.app.session.scorecard_rows(found[0], op, found[1]))

    def action_row_up(self) -> None:
        self._move("up")

    def action_row_down(self) -> None:
        self._move("down")

    def action_review_cell(self) -> None:
        """Last year's value, looked at and still right: acknowledge the
        cell's carried-over problem (or the row's first one)."""
        table = self._grid()
        if table is None or table.row_count == 0:
            return
        part = PARTS[table.id or ""]
        row = table.cursor_coordinate.row
        field = self._columns_of(table)[table.cursor_coordinate.column][0]
        here = f"scorecard/{part}/{row}"
        open_ = [p for p in self.app.session.problems if p.id == "carried-over-number" and not p.acknowledged]
        problem = next((p for p in open_ if p.where == f"{here}/{field}"), None) \
            or next((p for p in open_ if p.where.startswith(here + "/")), None)
        if problem is None:
            self.app.notify(S.SC_NOTHING_TO_REVIEW)
            return
        self.app.session.acknowledge(problem, S.REVIEWED_REASON)
        self.refresh_card()

    def action_apply_fix(self) -> None:
        panel = self.query_one("#sc-problems", OptionList)
        found = self.scorecard_problems()
        index = panel.highlighted
        problem = found[index] if index is not None and 0 <= index < len(found) else None
        if problem is None or problem.fix is None:
            self.app.notify(S.NO_FIX)
            return
        self.app.session.apply_fix(problem.fix)
        self.refresh_card()

    def action_undo_scorecard(self) -> None:
        self.app.session.undo()
        self.refresh_card()

    def action_redo_scorecard(self) -> None:
        self.app.session.undo(redo=True)
        self.refresh_card()

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


def _rows_of(card, part: str) -> list:
    """The scorecard's rows of one part (budget, targets, indicators)."""
    rows: dict[str, list] = {"budget": card.budget, "targets": card.targets, "indicators": card.indicators}
    return rows[part]


def _amount(value, values, report) -> str:
    """A budget amount as shown: the number in the report's decimals (as
    every export prints it), or the figure's value beside its placeholder."""
    from tui_report.figures.number_format import money
    from tui_report.figures.scoring import amount

    if isinstance(value, str):
        number = amount(value, values)
        return f"{money(number, report)}（{value}）" if number is not None else value
    return "" if value is None else money(value, report)


def _value(text: str, kind: str, money: str):
    """A cell's text as what scorecard.toml stores (None: remove the key,
    the rule computes it); ValueError says why not. Numbers are read as the
    figure dialog reads them: full-width digits, separators, a unit
    (amounts in ``money``, the report's unit)."""
    from tui_report.figures.amount_input import AmountError, parse_amount

    text = text.strip()
    if kind == "bool":
        if not text:
            return None
        if text in (S.SC_YES, "y", "yes", "true", "1"):
            return True
        if text in (S.SC_NO, "n", "no", "false", "0"):
            return False
        raise ValueError(S.SC_BOOL_PROMPT)
    if not text or kind == "text" or (kind == "amount" and text.startswith("{{")):
        return text or None
    try:
        got = parse_amount(text, {"number": "分", "rate": "%", "percent": "%"}.get(kind, money))
    except AmountError as exc:
        raise ValueError(str(exc)) from None
    if got.value is None:
        return None
    if kind == "rate":
        return f"{format(got.value, 'f')}%"
    return got.value
