"""Focus is predictable: the report opens in the section text, every pane
or dialog that takes the keyboard gives it back to the widget that had it,
at 80×24 as at 120×40, and the focused pane is marked by more than colour."""

from __future__ import annotations

import pytest

from tui_report.report.store import Store

from .tui_support import open_editor, pilot_test, select, settle

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_opens_with_the_keyboard_in_the_text(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        assert app.focused is main.editor.body_area
        for ch in "新":
            await pilot.press(ch)
        await settle(app, pilot)
        assert main.editor.body_text.startswith("新")
        assert len(app.store.report.sections) == len(Store.open(sample).report.sections)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_preview_toggle_gives_focus_back_and_chinese_lands_in_the_body(sample, size):
    """The reported path: Ctrl+G, F2, F2, then typing."""
    sections = len(Store.open(sample).report.sections)
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        await pilot.press("ctrl+g", "f2")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert app.focused is main.editor.body_area
        for ch in "新增a和d":
            await pilot.press(ch)
        await settle(app, pilot)
        assert main.editor.body_text.startswith("新增a和d")
        assert len(app.store.report.sections) == sections  # no "a" became a new section
        assert app.screen is main  # no "d" opened the delete dialog


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_every_toggle_returns_focus_to_the_outline_when_it_had_it(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        await select(app, pilot, "二、")
        assert app.focused is main.outline
        for keys in (("f2", "f2"), ("f3", "f3"), ("f1", "escape"), ("ctrl+p", "escape")):
            await pilot.press(keys[0])
            await pilot.pause()
            assert app.focused is not main.outline or keys[0] == "f2"  # (wide: the preview opens beside)
            await pilot.press(keys[1])
            await settle(app, pilot)
            assert app.focused is main.outline, keys
            assert main.outline.current.title.startswith("一般公共预算")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_hiding_the_focused_pane_moves_focus_to_the_text(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        await pilot.press("ctrl+t", "f5")
        await pilot.pause()
        assert app.focused is main.editor.body_area
        await pilot.press("ctrl+r", "f8")
        await pilot.pause()
        assert app.focused is main.editor.body_area


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pilot_test
async def test_the_outline_says_its_letters_are_commands_while_focused(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        assert not main.outline.border_subtitle
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "字母键为命令" in main.outline.border_subtitle
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not main.outline.border_subtitle


@pilot_test
async def test_the_focused_pane_title_is_drawn_in_reverse(sample):
    """Marked by the title's style, not colour alone (16 colours, NO_COLOR)."""
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        main = app.main
        assert main.editor.body_area.styles.border_title_style.reverse
        assert not main.outline.styles.border_title_style.reverse
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert main.outline.styles.border_title_style.reverse
        assert not main.editor.body_area.styles.border_title_style.reverse
