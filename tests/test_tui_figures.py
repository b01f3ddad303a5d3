"""The figure table: editing values (valid and refused), derived figures
read-only with their formula, last year's value and the change."""

from __future__ import annotations

from textual.widgets import Label

from tui_report.report.store import Store
from tui_report.tui.screens.figure_dialog import FigureDialog
from tui_report.tui.widgets.figure_table import FigureTable

from .tui_support import changed_lines, git_diff, git_init, open_editor, pilot_test, settle

SIZE = (120, 40)


def cell(table: FigureTable, fid: str, column: str) -> str:
    value = table.get_cell(fid, column)
    return getattr(value, "plain", str(value))


async def open_figure(app, pilot, fid: str) -> None:
    await pilot.press("f3")
    await settle(app, pilot)
    table = app.main.figure_table
    assert app.focused is table
    table.select(fid)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, FigureDialog)


@pilot_test
async def test_valid_value_is_saved_and_breaks_the_identity(sample):
    git_init(sample)
    async with open_editor(sample, size=SIZE) as (app, pilot):
        assert not [p for p in app.problems if p.id == "check:spend-sum"]
        await open_figure(app, pilot, "spend_basic")
        for ch in "125.33":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FigureDialog)
        assert str(app.store.report.figures["spend_basic"].value) == "125.33"
        assert cell(app.main.figure_table, "spend_basic", "value") == "125.33"
        # the problems panel now shows the broken identity
        broken = [p for p in app.problems if p.id == "check:spend-sum"]
        assert broken and broken[0].severity == "error"
        assert any(p.id == "check:spend-sum" for p in app.main.problems_panel.problems)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    lines = changed_lines(git_diff(sample))
    assert lines == [
        '-spend_basic     = { label = "基本支出", value = 125.32 }',
        '+spend_basic     = { label = "基本支出", value = 125.33 }',
    ]


@pilot_test
async def test_bad_number_is_refused_with_a_message_and_never_saved(sample):
    before = (sample / "report.toml").read_text("utf-8")
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await open_figure(app, pilot, "spend_total")
        for ch in "15o.3":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureDialog)  # still open
        error = str(app.screen.query_one("#dialog-error", Label).render())
        assert "不能保存" in error and "15o.3" in error
        await pilot.press("escape")
        await settle(app, pilot)
        assert str(app.store.report.figures["spend_total"].value) == "153.99"
        assert not app.store.dirty_files()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert (sample / "report.toml").read_text("utf-8") == before


@pilot_test
async def test_derived_figure_is_read_only_and_prev_shows_the_change(sample):
    text = (sample / "report.toml").read_text("utf-8")
    text = text.replace('spend_total     = { label = "实际支出", value = 153.99 }',
                        'spend_total     = { label = "实际支出", value = 153.99, prev = 140 }')
    text = text.replace("[[checks]]", 'exec_rate = { label = "预算执行率", formula = "spend_total / budget_approved", '
                                      'format = "percent" }\n\n[[checks]]', 1)
    (sample / "report.toml").write_text(text, "utf-8")
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await pilot.press("f3")
        await settle(app, pilot)
        table = app.main.figure_table
        assert cell(table, "spend_total", "prev") == "140"
        assert cell(table, "spend_total", "change") == "+13.99（+9.99%）"
        assert cell(table, "exec_rate", "formula") == "= spend_total / budget_approved"
        assert cell(table, "exec_rate", "value") == "102.44%"
        assert "校验:spend-sum" in cell(table, "spend_total", "used")
        assert "二、" not in cell(table, "spend_basic", "used")
        assert "二（一）" in cell(table, "spend_basic", "used")
        table.select("exec_rate")
        await pilot.press("enter")
        await pilot.pause()
        # a derived figure's dialog offers its formula, never a value to type over it
        assert isinstance(app.screen, FigureDialog)
        assert not app.screen.query("#figure-value")
        assert app.screen.query_one("#figure-formula").value == "spend_total / budget_approved"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.store.dirty_files()


@pilot_test
async def test_prev_value_is_edited_in_the_same_dialog(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await open_figure(app, pilot, "funds_received")
        await pilot.press("tab")  # to last year's value
        for ch in "200":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    fig = Store.open(sample).report.figures["funds_received"]
    assert str(fig.prev) == "200" and str(fig.value) == "230.32"
