"""Panels hide and zoom so 80 columns stay comfortable; slow checks run in
the background after a pause in typing."""

from __future__ import annotations

from tui_report.checks import schedule

from .tui_support import open_editor, pilot_test, select, settle


@pilot_test
async def test_everything_fits_80x24(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        main = app.main
        for widget in (main.status, main.outline, main.editor.title_input, main.editor.body_area,
                       main.problems_panel):
            region = widget.region
            assert region.width > 0 and region.height > 0, widget
            assert region.right <= 80 and region.bottom <= 24, widget
        assert main.editor.body_area.region.height >= 10
        assert main.editor.body_area.region.width >= 45


@pilot_test
async def test_hide_outline_problems_and_zoom(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        main = app.main
        width = main.editor.body_area.region.width
        await pilot.press("f5")
        await pilot.pause()
        assert not main.outline.display
        assert main.editor.body_area.region.width > width
        await pilot.press("f5", "f8")
        await pilot.pause()
        assert main.outline.display and not main.problems_panel.display
        await pilot.press("f8", "f9")
        await pilot.pause()
        assert not main.outline.display and not main.problems_panel.display
        assert app.focused is main.editor.body_area
        assert main.editor.body_area.region.width >= 76
        await pilot.press("ctrl+r")  # going to the problems brings them back
        await pilot.pause()
        assert main.problems_panel.display and app.focused is main.problems_panel
        assert main.outline.display


@pilot_test
async def test_slow_checks_run_in_a_thread_after_typing_pauses(sample, monkeypatch):
    monkeypatch.setattr(schedule, "FAST_CHECK", -1.0)  # treat every run as slow
    monkeypatch.setattr(schedule, "DEBOUNCE", 0.01)
    async with open_editor(sample, size=(100, 30)) as (app, pilot):
        runs = app.check_count
        await select(app, pilot, "（一）基本支出")
        await pilot.press("enter", "ctrl+end")
        monkeypatch.setattr(schedule, "DEBOUNCE", 60.0)  # the pause never comes by itself
        for ch in "{{":
            await pilot.press(ch)
        await pilot.press("escape")  # the picker and its "{{" go
        for ch in "另有":
            await pilot.press(ch)
        app.main.editor.insert("{{nope}}")  # pasted: no picker
        await pilot.pause()
        # typing: nothing checked yet, one run waiting for the pause
        assert app.check_count == runs and app.checks_pending
        assert not any(p.id == "unknown-placeholder" for p in app.problems)
        # the pause in typing: the debounce timer fires
        app.run_checks_now()
        assert app.checks_running  # in a worker thread, not on the UI thread
        assert [w for w in app.workers if w.name == "checks"]
        await settle(app, pilot)
        assert app.check_count == runs + 1  # eight keys, one run
        assert any(p.id == "unknown-placeholder" for p in app.problems)


@pilot_test
async def test_focus_keys_switch_views(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        main = app.main
        await pilot.press("f3")
        await pilot.pause()
        assert main.figures_visible and app.focused is main.figure_table
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not main.figures_visible and app.focused is main.editor.body_area
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.focused is main.outline
