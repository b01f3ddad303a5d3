"""Last year in the editor: the section's text from last year's report
beside this year's (found through `[settings] previous_report`, which
`tui-report new` writes), and the figure table's 上年 and 增减 columns."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from tui_report.tui import strings as S
from tui_report.tui.app import TuiReportApp
from tui_report.tui.screens.figure_dialog import FigureDialog
from tui_report.tui.screens.last_year import LastYearScreen
from tui_report.tui.textual_compat import notifications

from .conftest import run_cli
from .tui_support import open_editor, palette_found, pilot_test, select, settle

SIZE = (120, 36)
OLD_BASIC = "2022年基本支出财政拨款125.32万元"
NEW_BASIC = "{{year}}年基本支出财政拨款已按新口径重新核定。"


def new_year(tmp_path: Path, sample: Path) -> Path:
    """`tui-report new`, then this year's 二（一） rewritten."""
    dest = tmp_path / "new"
    res = run_cli("new", str(dest), "--from", str(sample))
    assert res.returncode == 0, res.stderr
    path = dest / "sections/general-budget.toml"
    text = path.read_text("utf-8")
    old_line = next(line for line in text.splitlines() if line.startswith("{{year}}年基本支出财政拨款"))
    path.write_text(text.replace(old_line, NEW_BASIC), "utf-8")
    return dest


@pilot_test
async def test_last_year_beside_this_year_follows_the_selection(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    async with open_editor(dest, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("ctrl+l")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, LastYearScreen)
        old, new = view.side_text("old"), view.side_text("new")
        assert old.startswith("（一）基本支出") and OLD_BASIC in old
        assert new.startswith("（一）基本支出") and "2023年基本支出财政拨款已按新口径重新核定。" in new
        assert OLD_BASIC not in new
        assert "上年（2022）" == view.query_one("#ly-old").border_title
        assert "本年（2023）" == view.query_one("#ly-new").border_title
        # the list marks what changed; moving in it follows the section
        lst = view.query_one(OptionList)
        labels = [str(lst.get_option_at_index(n).prompt) for n in range(lst.option_count)]
        assert any(label.startswith("*") and label.endswith("（一）基本支出") for label in labels)
        assert any(label.startswith(" ") and label.endswith("（二）项目支出") for label in labels)
        await pilot.press("down")
        await pilot.pause()
        old, new = view.side_text("old"), view.side_text("new")
        assert old.startswith("（二）项目支出") and "2022年项目支出总额28.67万元" in old
        assert new.startswith("（二）项目支出") and "2023年项目支出总额【待填】" in new
        # back in the editor, on the section last shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
        assert app.main.current_section.title == "项目支出"
        assert app.main.outline.current is app.main.current_section


@pilot_test
async def test_unsaved_text_shows_and_enter_goes_to_the_section(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    async with open_editor(dest, size=SIZE) as (app, pilot):
        await select(app, pilot, "三、")
        await pilot.press("enter", "ctrl+end")
        for ch in "今年新增":
            await pilot.press(ch)
        await settle(app, pilot)
        await pilot.press("ctrl+l")  # from the body: the key works everywhere
        await pilot.pause()
        view = app.screen
        assert isinstance(view, LastYearScreen)
        assert view.side_text("new").endswith("今年新增") and "今年新增" not in view.side_text("old")
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.screen is app.main
        assert app.main.current_section.title == "项目支出"
        assert app.focused is app.main.editor.body_area
    assert "今年新增" not in (dest / "sections/project-implementation.toml").read_text("utf-8")  # not saved


@pilot_test
async def test_no_previous_report_or_an_unreadable_one_is_said(tmp_path, sample):
    app = TuiReportApp(sample)  # last year's own report records none
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen is app.main
        assert S.LAST_YEAR_NONE in [n.message for n in notifications(app)]
    dest = new_year(tmp_path, sample)
    toml = dest / "report.toml"
    toml.write_text(toml.read_text("utf-8").replace('"../report"', '"../gone"'), "utf-8")
    async with open_editor(dest, size=SIZE) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"上年对照")
        await palette_found(app, pilot)
        await pilot.press("enter")  # from the palette too
        await pilot.pause()
        assert app.screen is app.main
        said = [n.message for n in notifications(app)]
        assert any(m.startswith("无法读取上年报告 ../gone：") and "报告文件夹不存在" in m for m in said), said


def cell(table, row: str, column: str) -> str:
    value = table.get_cell(row, column)
    return getattr(value, "plain", str(value))


@pilot_test
async def test_figure_table_shows_last_year_and_the_change(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    async with open_editor(dest, size=SIZE) as (app, pilot):
        await pilot.press("f3")
        await settle(app, pilot)
        table = app.main.figure_table
        labels = [str(c.label) for c in table.columns.values()]
        assert "上年" in labels and "增减" in labels
        assert cell(table, "spend_total", "prev") == "153.99"
        assert cell(table, "spend_total", "value") == S.VALUE_EMPTY
        assert cell(table, "spend_total", "change") == ""  # nothing to compare yet
        table.select("spend_total")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureDialog)
        app.screen.query_one("#figure-value", Input).value = "160"
        await pilot.press("enter")
        await settle(app, pilot)
        assert cell(table, "spend_total", "value") == "160"
        assert cell(table, "spend_total", "change") == "+6.01（+3.90%）"
