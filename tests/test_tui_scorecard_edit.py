"""Everything in the 自评表 is edited from F6 at 80×24: indicators added
after the cursor (under its 一级 and 二级), moved and removed, each step
undone through the app's history; a line of 年度总体目标 and the form's
conclusions edited in the second grid; a region's own columns (指标性质,
度量单位) shown and edited; last year's cell reviewed with one key."""

from __future__ import annotations

import shutil

from textual.widgets import DataTable

from tui_report.report.scorecard import parse
from tui_report.tui.screens.dialogs import InputDialog
from tui_report.tui.screens.scorecard import ScorecardScreen

from .conftest import SAMPLE, run_cli
from .tui_support import open_editor, pilot_test, settle, wait_until

CARD = "scorecard.toml"


async def open_grid(app, pilot) -> ScorecardScreen:
    await pilot.press("f6")
    await wait_until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
    return app.screen


async def type_into_dialog(app, pilot, text: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
    app.screen.query_one("Input").value = text
    await pilot.press("enter")
    await settle(app, pilot)
    await wait_until(pilot, lambda: isinstance(app.screen, ScorecardScreen))


@pilot_test
async def test_add_move_remove_indicators_and_undo_each_step(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        screen = await open_grid(app, pilot)
        names = [i.name for i in app.store.report.scorecard.indicators]
        table = screen.query_one("#sc-indicators", DataTable)
        table.move_cursor(row=1, column=0, animate=False)
        await pilot.press("a")
        await settle(app, pilot)
        card = app.store.report.scorecard
        assert len(card.indicators) == 9 and card.indicators[2].name == "（请填写三级指标）"
        assert (card.indicators[2].level1, card.indicators[2].level2) == ("产出指标", "数量指标")
        assert table.cursor_coordinate.row == 2
        await pilot.press("K")  # the new row up, above 动员科技志愿者人数
        await settle(app, pilot)
        assert [i.name for i in app.store.report.scorecard.indicators][1:3] == ["（请填写三级指标）", names[1]]
        await pilot.press("d")
        await settle(app, pilot)
        assert [i.name for i in app.store.report.scorecard.indicators] == names
        await pilot.press("u", "u", "u")  # remove, move, add: each a step
        await settle(app, pilot)
        assert [i.name for i in app.store.report.scorecard.indicators] == names
        assert app.store.text_of(CARD) == (sample / CARD).read_text("utf-8")
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert len(app.store.report.scorecard.indicators) == 9


@pilot_test
async def test_targets_and_conclusions_are_edited_in_the_second_grid(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        screen = await open_grid(app, pilot)
        await pilot.press("tab", "tab")  # indicators → budget → targets
        table = screen.query_one("#sc-targets", DataTable)
        assert screen.focused is table and table.row_count >= 3  # two targets and the table's title
        table.move_cursor(row=0, column=1, animate=False)
        await pilot.press("enter")
        await type_into_dialog(app, pilot, "开展全国科普日系列活动二十二场次")
        assert app.store.report.scorecard.targets[0].actual == "开展全国科普日系列活动二十二场次"
        table.move_cursor(row=2, column=1, animate=False)  # 表名, under the targets
        await pilot.press("enter")
        await type_into_dialog(app, pilot, "2022年度部门整体支出绩效自评表（修订）")
        assert app.store.report.scorecard.title.endswith("（修订）")
        await pilot.press("a")  # a new line of 年度总体目标 after the last one
        await settle(app, pilot)
        assert len(app.store.report.scorecard.targets) == 3
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    card = parse((sample / CARD).read_text("utf-8"))
    assert card.targets[0].actual.endswith("二十二场次") and len(card.targets) == 3


@pilot_test
async def test_a_regions_own_columns_are_shown_and_edited(sample):
    text = (sample / CARD).read_text("utf-8").replace('template = "hunan-department"', 'template = "sichuan"')
    (sample / CARD).write_text(text, "utf-8")
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        screen = await open_grid(app, pilot)
        keys = [key for key, _, _ in screen.columns]
        assert keys[:7] == ["level1", "level2", "name", "nature", "target", "unit", "actual"]
        table = screen.query_one("#sc-indicators", DataTable)
        table.move_cursor(row=0, column=keys.index("nature"), animate=False)
        await pilot.press("enter")
        await type_into_dialog(app, pilot, "≥")
        table.move_cursor(row=0, column=keys.index("unit"), animate=False)
        await pilot.press("enter")
        await type_into_dialog(app, pilot, "场次")
        ind = app.store.report.scorecard.indicators[0]
        assert (ind.nature, ind.unit) == ("≥", "场次")
        budget = screen.query_one("#sc-budget", DataTable)
        assert "调整理由" in [str(c.label) for c in budget.columns.values()]  # Sichuan's own budget column


@pilot_test
async def test_last_years_cell_is_reviewed_with_one_key(tmp_path):
    old = tmp_path / "furong-kexie-2022"
    shutil.copytree(SAMPLE, old, ignore=shutil.ignore_patterns(".tui-report"))
    dest = tmp_path / "furong-kexie-2023"
    assert run_cli("new", str(dest), "--from", str(old)).returncode == 0
    async with open_editor(dest, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        screen = await open_grid(app, pilot)
        where = "scorecard/indicators/3/actual"  # 全覆盖: true again this year
        assert any(p.where == where and not p.acknowledged for p in app.problems)
        screen.select(where)
        await pilot.press("r")
        await settle(app, pilot)
        assert not any(p.where == where and not p.acknowledged for p in app.problems)
