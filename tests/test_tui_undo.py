"""Structure and figure edits are undoable from the outline and the figure
table (Ctrl+Z / Ctrl+Y), as one history: undoing everything and saving
leaves every file byte-identical, and typing in between is never lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tui_report.tui.screens.dialogs import ChoiceDialog
from tui_report.tui.screens.figure_dialog import FigureDialog

from .tui_support import open_editor, outline_labels, pilot_test, select, settle

SIZES = [(80, 24), (120, 40)]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_add_move_delete_and_unit_then_undo_all_is_byte_identical(sample, size):
    before = snapshot(sample)
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        labels = outline_labels(app)
        await select(app, pilot, "二、")
        await pilot.press("a")  # add
        await settle(app, pilot)
        await select(app, pilot, "（二）项目支出")
        await pilot.press("K")  # move
        await settle(app, pilot)
        await select(app, pilot, "四、")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("y")  # delete
        await settle(app, pilot)
        # a figure's unit, in the figure table
        await pilot.press("f3")
        await settle(app, pilot)
        main.figure_table.select("balance_end")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureDialog)
        unit = app.screen.query_one("#figure-unit", Input)
        unit.value = "万元"
        await pilot.pause()
        unit.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.store.report.figures["balance_end"].unit in (None, "万元")
        assert outline_labels(app) != labels
        # undo all four from the figure table, then the outline
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert app.store.report.figures["balance_end"].unit == "元"
        await pilot.press("ctrl+t")
        for _ in range(3):
            await pilot.press("ctrl+z")
            await settle(app, pilot)
        assert outline_labels(app) == labels
        assert app.store.dirty_files() == []
        assert "未保存" not in str(main.status.render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert snapshot(sample) == before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_redo_and_typing_between_edits_is_kept(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        await select(app, pilot, "一、")
        await pilot.press("a")
        await settle(app, pilot)
        added = main.current_section
        assert added.title == "新章节"
        await pilot.press("ctrl+g")
        for ch in "新的文字":
            await pilot.press(ch)
        await pilot.press("ctrl+t", "ctrl+z")  # first undo: the typing
        await settle(app, pilot)
        assert "新的文字" not in app.store.text_of(added.file)
        await pilot.press("ctrl+z")  # then the new section
        await settle(app, pilot)
        assert all(s.title != "新章节" for s in app.store.report.sections)
        await pilot.press("ctrl+y", "ctrl+y")
        await settle(app, pilot)
        section = app.store.report.sections[1]
        assert section.title == "新章节" and section.body == "新的文字"
        await pilot.press("ctrl+y")  # nothing more: said, nothing changes
        await settle(app, pilot)
        assert app.store.report.sections[1].body == "新的文字"


@pilot_test
async def test_body_ctrl_z_stays_the_text_areas(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        main = app.main
        sections = len(app.store.report.sections)
        await select(app, pilot, "一、")
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("ctrl+g", "x", "ctrl+z")
        await settle(app, pilot)
        assert main.editor.body_text == ""
        assert len(app.store.report.sections) == sections + 1  # the section stays
