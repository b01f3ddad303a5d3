"""The preview renders the report as it will export and follows the
section being edited."""

from __future__ import annotations

from .tui_support import open_editor, pilot_test, select, settle, wait_until


@pilot_test
async def test_preview_shows_edited_text_with_numbers_and_figures_filled(sample):
    async with open_editor(sample, size=(120, 40)) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        await pilot.press("f2")
        await settle(app, pilot)
        main = app.main
        assert main.preview.display and main.editor.display  # side by side when wide
        section = main.current_section
        shown = main.preview.section_text(section)
        assert shown.startswith("（一）基本支出")
        assert "2022年基本支出财政拨款125.32万元" in shown  # placeholders filled
        await pilot.press("enter", "ctrl+end")
        for ch in "另有{{":
            await pilot.press(ch)
        await pilot.press("escape")  # the picker and its "{{" go
        main.editor.insert("{{nope}}")  # pasted
        await settle(app, pilot)
        shown = main.preview.section_text(section)
        assert "三公经费。另有{{nope}}" in shown  # the edit, unknown placeholder left visible
        assert "⚠占位符 {{nope}} 没有对应的数字或字段" in shown  # and marked
        # the heading block of the whole report keeps its computed numbers
        report_title = main.preview.section_text(None)
        assert report_title == "长沙市芙蓉区科学技术协会2022年度部门整体支出绩效自评报告"


@pilot_test
async def test_preview_follows_the_outline_and_takes_the_editor_place_when_narrow(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        main = app.main
        await pilot.press("f2")
        await settle(app, pilot)
        assert main.preview.display and not main.query_one("#editor-area").display
        await select(app, pilot, "八、部门整体支出绩效情况")
        view = main.preview.section_view(main.outline.current)
        # the heading comes to the top of the preview
        await wait_until(pilot, lambda: main.preview.scroll_y > 0
                         and view.region.y - main.preview.region.y <= 2)
        await pilot.press("f2")
        await settle(app, pilot)
        assert not main.preview.display and main.query_one("#editor-area").display


@pilot_test
async def test_preview_keeps_the_typed_part_of_a_long_section_in_view(sample):
    async with open_editor(sample, size=(120, 30)) as (app, pilot):
        await select(app, pilot, "1.职能职责")  # twelve long items
        await pilot.press("f2")
        await settle(app, pilot)
        preview = app.main.preview
        view = preview.section_view(app.main.current_section)
        assert view.virtual_region.height > preview.size.height  # longer than the panel
        top = preview.scroll_y
        await pilot.press("enter", "ctrl+end", "x")  # type at the end of the last duty
        await settle(app, pilot)
        await wait_until(pilot, lambda: preview.scroll_y > top)
        end = view.virtual_region.y + view.virtual_region.height
        assert preview.scroll_y <= end - 1 < preview.scroll_y + preview.size.height
