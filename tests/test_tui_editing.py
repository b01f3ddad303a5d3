"""Editing a section in the real app: body, title, undo, save, quit."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Button, OptionList

from tui_report.render.text import to_text
from tui_report.report.store import Store
from tui_report.tui.screens.dialogs import ChoiceDialog, FigurePicker

from .tui_support import changed_lines, git_diff, git_init, open_editor, outline_labels, pilot_test, select, settle

SIZE = (100, 30)


@pilot_test
async def test_type_in_body_and_save_changes_only_that_line(sample):
    git_init(sample)
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出", keyboard=True)
        await pilot.press("enter")  # into the body
        assert app.focused is app.main.editor.body_area
        await pilot.press("ctrl+end")
        for ch in "新增文字":
            await pilot.press(ch)
        await settle(app, pilot)
        section = app.main.current_section
        assert section.title == "基本支出"
        assert section.body.endswith("三公经费。新增文字")
        assert app.main.status.dirty
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not app.main.status.dirty
    diff = git_diff(sample)
    assert "sections/general-budget.toml" in diff
    lines = changed_lines(diff)
    assert len(lines) == 2, lines
    assert lines[0].startswith("-{{year}}年基本支出") and not lines[0].endswith("新增文字")
    assert lines[1].startswith("+{{year}}年基本支出") and lines[1].endswith("三公经费。新增文字")
    # the saved folder reads back with the text
    assert Store.open(sample).report.sections[1].children[0].body.endswith("新增文字")


@pilot_test
async def test_title_edit_renames_outline_entry_and_undo_restores_body(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（二）项目支出")
        editor = app.main.editor
        editor.title_input.focus()
        await pilot.press("end", "backspace", "backspace", "backspace", "backspace")
        for ch in "项目经费":
            await pilot.press(ch)
        await settle(app, pilot)
        assert "（二）项目经费" in outline_labels(app)
        assert app.store.report.sections[1].children[1].title == "项目经费"

        before = editor.body_text
        editor.body_area.focus()
        await pilot.press("home", "x", "y")
        await settle(app, pilot)
        assert app.main.current_section.body.startswith("xy")
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert editor.body_text == before
        assert app.main.current_section.body == before


@pilot_test
async def test_double_brace_offers_figures_and_inserts_the_chosen_id(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "{", "{")
        await pilot.pause()
        assert isinstance(app.screen, FigurePicker)
        for ch in "spend_pro":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.current_section.body.endswith("{{spend_project}}")
        # the new placeholder renders: no unknown-placeholder problem
        assert not [p for p in app.problems if p.id == "unknown-placeholder"]


@pilot_test
async def test_the_picker_offers_year_on_year_placeholders_of_figures_with_last_years_value(sample):
    store = Store.open(sample)
    store.set_figure_value("budget_approved", Decimal("140.00"), key="prev")
    store.save()
    async with open_editor(sample, size=(120, 40)) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "{", "{")
        await pilot.pause()
        assert isinstance(app.screen, FigurePicker)
        for ch in "budget_approved.r":
            await pilot.press(ch)
        await pilot.pause()
        shown = app.screen.query_one(OptionList).get_option_at_index(0).prompt
        assert "budget_approved.rate" in str(shown) and "7.37%" in str(shown)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.current_section.body.endswith("{{budget_approved.rate}}")
        assert not [p for p in app.problems if p.id == "unknown-placeholder"]
        assert "7.37%" in to_text(app.store.report)


@pilot_test
async def test_quit_with_unsaved_changes_asks_and_cancel_keeps_editing(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "甲")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert any("保存并退出" in text for text in labels)
        await pilot.press("c")  # cancel
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ChoiceDialog)
        assert app.unsaved_buffers().keys() == {"sections/general-budget.toml"}
        assert "三公经费。甲" in app.unsaved_buffers()["sections/general-budget.toml"]
    # nothing was written
    assert "三公经费。甲" not in (sample / "sections/general-budget.toml").read_text("utf-8")


@pilot_test
async def test_quit_save_writes_then_exits(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "乙")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert app.return_value == 0
    assert "三公经费。乙" in (sample / "sections/general-budget.toml").read_text("utf-8")


@pilot_test
async def test_quit_without_changes_exits_at_once(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == 0


@pilot_test
async def test_save_refuses_to_overwrite_a_file_changed_on_disk(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "丙")
        await settle(app, pilot)
        path = sample / "sections/general-budget.toml"
        theirs = path.read_text("utf-8").replace("基本支出", "基本开支", 1)
        path.write_text(theirs, "utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("n")  # keep theirs for now
        await pilot.pause()
        assert path.read_text("utf-8") == theirs
        assert app.main.status.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")  # overwrite, chosen explicitly
        await pilot.pause()
        assert "三公经费。丙" in path.read_text("utf-8")
        assert not app.main.status.dirty


@pilot_test
async def test_read_only_refuses_edits_and_save(sample):
    async with open_editor(sample, read_only=True, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end", "丁")
        await settle(app, pilot)
        assert "丁" not in app.main.current_section.body
        assert app.main.editor.body_area.read_only
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.store.dirty_files()


@pilot_test
async def test_read_only_can_be_switched_on_while_running(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        assert not app.main.editor.body_area.read_only
        app.read_only = True
        await pilot.pause()
        assert app.main.editor.body_area.read_only and app.main.status.read_only
        await pilot.press("enter", "ctrl+end", "戊")
        await settle(app, pilot)
        assert not app.store.dirty_files()
        app.read_only = False
        await pilot.pause()
        assert not app.main.editor.body_area.read_only


def test_unreadable_report_exits_with_a_message(tmp_path):
    from .conftest import run_cli

    res = run_cli(str(tmp_path / "missing"))
    assert res.returncode == 2
    assert "报告文件夹不存在" in res.stderr


@pilot_test
async def test_unreadable_section_file_opens_read_only_with_the_reason(sample):
    (sample / "sections/assets.toml").write_text('title = "资产管理情况\nbody = 1\n', "utf-8")
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "四、assets")
        editor = app.main.editor
        assert editor.body_area.read_only and editor.title_input.disabled
        assert "无法读取" in editor.body_text and "sections/assets.toml:1" in editor.body_text
        await pilot.press("enter", "x")
        await settle(app, pilot)
        assert not app.store.dirty_files()
        # the rest of the report is still editable
        await select(app, pilot, "五、")
        assert not editor.body_area.read_only
