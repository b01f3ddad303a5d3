"""What a first-time user met at 80×24 (and at 120×40): each case is a
defect that was seen, driven through the real editor with Pilot."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from rich.console import Console
from textual.command import CommandList
from textual.widgets import DataTable, Input, Static

from tui_report.tui.app import TuiReportApp
from tui_report.tui.screens.dialogs import ChoiceDialog, InputDialog
from tui_report.tui.screens.figure_dialog import FigureDialog
from tui_report.tui.textual_compat import notifications
from tui_report.yearly.new_year import new_report

from .tui_support import open_editor, palette_found, pilot_test, select, settle, wait_until

SIZES = [(80, 24), (120, 40)]
ids = {"ids": lambda s: f"{s[0]}x{s[1]}"}


@pytest.fixture
def next_year(sample, tmp_path):
    dest = tmp_path / "2023"
    new_report(sample, dest)
    return dest


def inside(widget, size) -> bool:
    """The widget is drawn whole on a screen of ``size``."""
    region = widget.region
    return region.width > 0 and region.height > 0 and region.right <= size[0] and region.bottom <= size[1]


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_k_on_one_carried_over_paragraph_acknowledges_that_paragraph(next_year, size):
    async with open_editor(next_year, size=size) as (app, pilot):
        carried = [p for p in app.problems if p.id == "carried-over" and not p.acknowledged]
        shared = [p for p in carried if sum(1 for q in carried if q.where == p.where) > 1]
        assert shared, "a section with several carried-over paragraphs"
        panel = app.main.problems_panel
        await pilot.press("ctrl+r")
        panel.highlight(next(p for p in panel.problems if p.message == shared[0].message
                             and p.where == shared[0].where))
        await pilot.press("k")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        for ch in "每年相同":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        still = [p for p in app.problems if p.id == "carried-over" and not p.acknowledged]
        assert len(still) == len(carried) - 1
        assert any("已确认 1 个问题" in n.message for n in notifications(app))


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_ctrl_g_from_the_figure_table_types_into_the_text(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        editor = app.main.editor
        title = editor.title_text
        await pilot.press("f3")
        await settle(app, pilot)
        assert app.focused is app.main.figure_table
        await pilot.press("ctrl+g", "x", "y")
        await settle(app, pilot)
        assert app.focused is editor.body_area
        assert editor.title_text == title and "xy" in editor.body_text
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert "xy" not in editor.body_text


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_the_figure_table_shows_every_column(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f3")
        await settle(app, pilot)
        table = app.main.figure_table
        assert inside(table, size)
        room = table.scrollable_content_region.width
        starts, x = {}, 0
        for column in table.ordered_columns:
            starts[column.label.plain] = x
            x += column.get_render_width(table)
        for header in ("上年", "增减", "引用"):
            assert starts[header] + 4 <= room, (header, starts, room)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_the_figure_dialog_fits_with_its_unit_field_and_hint(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f3")
        await settle(app, pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FigureDialog))
        await pilot.pause()
        dialog = app.screen
        unit = dialog.query_one("#figure-unit", Input)
        assert inside(unit, size)
        scroller = dialog.query_one(".figure-fields")
        assert unit.region.bottom <= scroller.region.bottom  # not scrolled out of sight
        hint = dialog.query(".dialog-hint").last()
        assert inside(hint, size) and hint.region.height >= 2  # wrapped, not cut


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_scorecard_title_fits_and_its_keys_are_shown(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f6")
        await settle(app, pilot)
        title = app.screen.query_one("#sc-title")
        assert Console().measure(title.render()).maximum <= size[0]
        table = app.screen.query_one("#sc-indicators", DataTable)
        assert "Enter 修改" in str(table.border_subtitle)


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_a_long_title_shows_its_start(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await select(app, pilot, "（二）部门(单位)整体支出")
        field = app.main.editor.title_input
        if size[0] == 80:
            assert len(field.value) * 2 > field.size.width  # longer than the field
        assert field.cursor_position == 0
        assert field.value.startswith("部门(单位)整体支出")


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_help_descriptions_are_whole_and_not_markup(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        statics = [s for s in app.screen.query(Static) if s.has_class("help-table")]
        width = statics[0].content_region.width
        console = Console(width=width, record=True, file=io.StringIO())
        for _heading, table in app.screen.tables():
            console.print(table)
        text = console.export_text()
        assert "…" not in text
        assert "[[acknowledged]]" in text


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_a_figure_in_yuan_whose_unit_is_cleared_asks_and_stores_what_was_typed(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f3")
        await settle(app, pilot)
        app.main.figure_table.select("balance_end")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FigureDialog))
        dialog = app.screen
        dialog.query_one("#figure-value", Input).value = "7.8万元"
        dialog.query_one("#figure-unit", Input).value = ""
        await pilot.pause()
        dialog.query_one("#figure-unit", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # not stored yet: asked first
        assert "请确认" in str(dialog.query_one("#dialog-error").render())
        await pilot.press("enter")
        await settle(app, pilot)
        fig = app.store.report.figures["balance_end"]
        assert fig.value == Decimal("7.8") and fig.unit is None  # 7.8 万元, not 78000 万元


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_export_progress_is_gone_when_the_export_is_done(sample, size, tmp_path):
    async with open_editor(sample, size=size) as (app, pilot):
        worker = app.export("md", tmp_path / "out.md")
        await worker.wait()
        await settle(app, pilot)
        await wait_until(pilot, lambda: app.main.status.activity == "")
        assert (tmp_path / "out.md").is_file()
        assert "正在导出" not in app.main.status.render().plain
        assert not [n for n in notifications(app) if "正在导出" in n.message]


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_no_counts_before_the_first_check(sample, size):
    app = TuiReportApp(sample)
    seen = []
    async with app.run_test(size=size) as pilot:
        for _ in range(50):
            seen.append(app.main.status.render().plain)
            if app.check_count:
                break
            await pilot.pause(0.01)
        await settle(app, pilot)
        seen.append(app.main.status.render().plain)
    assert not any("✗ 0 错误" in line for line in seen)  # the sample has an error
    assert "✗ 1 错误" in seen[-1]


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_palette_finds_compare_and_the_scorecard_csv(next_year, size, tmp_path):
    async with open_editor(next_year, size=size) as (app, pilot):
        for words, title in (("对比", "与上年对比"), ("CSV", "导出自评表 CSV")):
            await pilot.press("ctrl+p")
            for ch in words:
                await pilot.press(ch)
            await palette_found(app, pilot)
            listed = app.screen.query_one(CommandList)
            first = listed.get_option_at_index(0).prompt
            assert title in str(first)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p")
        for ch in "对比":
            await pilot.press(ch)
        await palette_found(app, pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        dest = tmp_path / "compare.md"
        app.screen.query_one(Input).value = str(dest)
        await pilot.press("enter")
        await wait_until(pilot, dest.is_file)
        assert "项目支出" in dest.read_text(encoding="utf-8")


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_f4_without_an_editor_says_which_one_opens(sample, size, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    async with open_editor(sample, size=size) as (app, pilot):
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        message = str(app.screen.query_one(".dialog-message").render())
        assert "$EDITOR" in message and ("nano" in message or ":wq" in message)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
