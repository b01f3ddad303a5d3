"""Live problems: they follow edits, Enter jumps to the offending text,
F applies a fix."""

from __future__ import annotations

from tui_report.tui.screens.dialogs import FigurePicker

from .tui_support import open_editor, outline_labels, pilot_test, select, settle

SIZE = (100, 30)


def highlight(app, predicate) -> None:
    panel = app.main.problems_panel
    index = next(n for n, p in enumerate(panel.problems) if predicate(p))
    panel.focus()
    panel.highlighted = index


@pilot_test
async def test_typo_in_placeholder_shows_up_and_jump_puts_cursor_on_it(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        errors_before = app.main.status.errors
        assert not [p for p in app.problems if p.id == "unknown-placeholder"]
        await select(app, pilot, "（二）项目支出")
        await pilot.press("enter", "ctrl+end")
        for ch in "合计{{":
            await pilot.press(ch)
        await pilot.pause()
        assert isinstance(app.screen, FigurePicker)
        await pilot.press("escape")  # the picker's "{{" goes with it
        await pilot.pause()
        assert app.main.editor.body_text.endswith("合计")
        app.main.editor.insert("{{spend_totl}}")  # pasted, with a typo
        await settle(app, pilot)
        typos = [p for p in app.problems if p.id == "unknown-placeholder"]
        assert len(typos) == 1
        assert app.main.status.errors == errors_before + 1
        assert any(p.id == "unknown-placeholder" for p in app.main.problems_panel.problems)
        assert "（二）项目支出 ✗" in [n.label.plain for n in app.main.outline.root.children[1].children]

        # go elsewhere, then jump back from the problems panel
        await select(app, pilot, "一、部门概况")
        assert app.main.current_section.title == "部门概况"
        await pilot.press("ctrl+r")
        highlight(app, lambda p: p.id == "unknown-placeholder")
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.main.editor
        assert app.main.current_section.title == "项目支出"
        assert app.focused is editor.body_area
        assert editor.body_text[editor.cursor_offset:].startswith("{{spend_totl}}")


@pilot_test
async def test_jump_from_a_figure_problem_selects_the_figure(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        highlight(app, lambda p: p.id == "unit-mix" and p.where == "balance_end")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.figures_visible
        assert app.focused is app.main.figure_table
        assert app.main.figure_table.current == "balance_end"
        # a declared identity jumps to the figure its rule is about
        await pilot.press("ctrl+r")
        highlight(app, lambda p: p.id == "check:balance")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.figure_table.current == "balance_end"


@pilot_test
async def test_jump_into_a_title(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        highlight(app, lambda p: p.target == ("title", "sections/overview.toml", (1,)))
        await pilot.press("enter")
        await settle(app, pilot)
        editor = app.main.editor
        assert app.focused is editor.title_input
        assert editor.title_input.cursor_position == 2
        assert editor.title_text[2:].startswith("(单位)")


@pilot_test
async def test_fix_from_the_panel_changes_the_text_and_clears_the_problem(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "四、资产管理情况")
        before = app.main.editor.body_text
        assert before.count(";") == 2
        highlight(app, lambda p: p.where == "assets" and p.fix is not None)
        await pilot.press("f")
        await settle(app, pilot)
        # the open editor shows the fixed text, and one problem fewer
        assert app.main.editor.body_text.count(";") == 1
        assert app.main.editor.body_text.count("；") == before.count("；") + 1
        assert len([p for p in app.problems if p.where == "assets"]) == 1
        # a fix in a title renames the outline entry
        highlight(app, lambda p: p.target == ("title", "sections/overview.toml", (0,)))
        await pilot.press("f")
        await settle(app, pilot)
        assert "（一）部门（单位）基本情况。" in outline_labels(app)
        assert sorted(app.store.dirty_files()) == ["sections/assets.toml", "sections/overview.toml"]
