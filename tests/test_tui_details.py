"""The small things a user notices at 80 columns and after an edit: a buffer
back at its saved text is clean, nothing is written that was not changed,
exports ask before a draft goes out, no text is eaten by markup, old toasts
are not replayed, the picker lists the report's fields and Esc undoes its
"{{", cut titles end in "…", the unit column stays in view, the read-only
status line is whole, and key names are pretty."""

from __future__ import annotations

import pytest

from tui_report.report.store import Store
from tui_report.tui import strings as S
from tui_report.tui.app import pretty_key
from tui_report.tui.screens.dialogs import ChoiceDialog, FigurePicker
from tui_report.tui.screens.help import HelpScreen
from tui_report.tui.textual_compat import notifications

from .tui_support import open_editor, pilot_test, select, settle, wait_until

SIZES = [(80, 24), (120, 40)]
ids = {"ids": lambda s: f"{s[0]}x{s[1]}"}


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_typing_and_undoing_back_is_clean_and_saves_nothing(sample, size):
    before = {p: p.read_bytes() for p in sample.rglob("*.toml")}
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        for ch in "abc":
            await pilot.press(ch)
        await settle(app, pilot)
        assert main.status.dirty
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        main.flush()
        main.refresh_status()
        await pilot.pause()
        assert not main.status.dirty
        assert S.STATUS_SAVED in str(main.status.render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert S.NOTHING_TO_SAVE in [n.message for n in notifications(app)]
    assert {p: p.read_bytes() for p in sample.rglob("*.toml")} == before


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_an_empty_body_typed_and_undone_adds_nothing(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        await select(app, pilot, "一、")
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        rel = app.main.current_section.file
        saved = (sample / rel).read_text("utf-8")
        await pilot.press("ctrl+g", "x", "y", "ctrl+z")
        await settle(app, pilot)
        app.main.flush()
        assert app.main.editor.body_text == ""
        assert app.store.dirty_files() == []
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert (sample / rel).read_text("utf-8") == saved
    assert "''''''" not in saved and "body" not in saved


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_pdf_export_of_a_report_with_errors_asks_first(sample, size, tmp_path):
    """The sample carries the published report's broken balance (an error)."""
    dest = tmp_path / "out.pdf"
    async with open_editor(sample, size=size) as (app, pilot):
        app.export_checked("pdf", dest)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        message = str(app.screen.message)
        assert "balance" in message or "结余" in message
        await pilot.press("c")  # cancel
        await pilot.pause()
        assert not dest.exists()
        app.export_checked("pdf", dest)
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("d")  # as a draft
        await wait_until(pilot, lambda: dest.exists() and not app.workers, seconds=120)
    from pypdf import PdfReader

    pages = PdfReader(dest).pages
    assert pages and all("草稿" in page.extract_text() for page in pages)


@pilot_test
async def test_markup_never_eats_text(sample):
    """A toast quoting [settings], a figure label with brackets, a section
    title with [b] — all shown as typed."""
    text = (sample / "report.toml").read_text("utf-8")
    text = text.replace('label = "基本支出"', 'label = "基本支出[b]注[/b]"')
    (sample / "report.toml").write_text(text, "utf-8")
    async with open_editor(sample, size=(120, 40)) as (app, pilot):
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: len(list(notifications(app))) > 0)
        notes = list(notifications(app))
        assert any("[settings]" in n.message for n in notes)
        assert all(n.markup is False for n in notes)  # drawn as typed
        await pilot.press("f3")
        await settle(app, pilot)
        cell = app.main.figure_table.get_cell("spend_basic", "label")
        assert getattr(cell, "plain", str(cell)) == "基本支出[b]注[/b]"


@pilot_test
async def test_old_toasts_are_not_replayed_after_the_external_editor(sample, monkeypatch, tmp_path):
    import contextlib

    from tui_report.tui import external_editor

    monkeypatch.setattr(external_editor.subprocess, "call", lambda args: 0)
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        app.notify("旧的导出消息", timeout=30)
        await pilot.pause()
        assert [n.message for n in notifications(app)] == ["旧的导出消息"]
        # the headless driver cannot hand the terminal over; the launcher's
        # own steps around it are what is tested
        monkeypatch.setattr(external_editor, "can_suspend", lambda app: True)
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        assert external_editor.run_external_editor(app, tmp_path / "x.md")
        await pilot.pause()
        assert not [n for n in notifications(app) if n.message == "旧的导出消息"]


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_picker_lists_report_fields_and_esc_removes_its_braces(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        main = app.main
        await pilot.press("ctrl+end", "{", "{")
        await wait_until(pilot, lambda: isinstance(app.screen, FigurePicker))
        from textual.widgets import OptionList

        listed = app.screen.query_one(OptionList)
        names = [listed.get_option_at_index(n).id for n in range(listed.option_count)]
        assert {"year", "prev_year", "department"} <= set(names)
        assert names.index("year") < names.index("spend_total")
        await pilot.press("escape")
        await settle(app, pilot)
        assert "{{" not in main.editor.body_text
        assert not [p for p in app.problems if p.id == "unknown-placeholder" or "占位符不完整" in p.message]
        await pilot.press("{", "{")
        await wait_until(pilot, lambda: isinstance(app.screen, FigurePicker))
        for ch in "prev_year":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        assert main.editor.body_text.endswith("{{prev_year}}")


@pilot_test
async def test_at_80_columns_cut_titles_end_with_an_ellipsis(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        lines = [line.text for line in app.main.outline.render_lines(app.main.outline.region.reset_offset)]
        long = [t for t in lines if "部门整体支出绩效" in t or "一般公共预算支出" in t]
        assert long and all("…" in t for t in long)


@pilot_test
async def test_at_80_columns_the_figure_table_shows_the_unit(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        await pilot.press("f3")
        await settle(app, pilot)
        table = app.main.figure_table
        screen = "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        assert "单位" in screen and "万元" in screen


@pilot_test
async def test_at_80_columns_the_read_only_status_line_is_whole(sample):
    async with open_editor(sample, read_only=True, size=(80, 24)) as (app, pilot):
        status = app.main.status
        status.read_only_why = "zhang.san@finance-server-01 正在编辑"
        await pilot.pause()
        line = "".join(strip.text for strip in status.render_lines(status.region.reset_offset))
        assert S.STATUS_ERRORS.format(n=status.errors) in line
        assert S.STATUS_WARNINGS.format(n=status.warnings) in line
        assert S.STATUS_READ_ONLY in line and "…" in line


@pilot_test
async def test_help_shows_pretty_key_names(sample):
    assert pretty_key("ctrl+home") == "Ctrl+Home"
    assert pretty_key("ctrl+end") == "Ctrl+End"
    assert pretty_key("shift+up") == "Shift+↑"
    async with open_editor(sample, size=(120, 40)) as (app, pilot):
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        from tui_report.tui.screens.help import key_display

        assert key_display("ctrl+home", app) == "Ctrl+Home"
        assert key_display("d,delete", app) == "d / Delete"


@pilot_test
async def test_unfilled_figure_message_points_at_the_editor(sample):
    text = (sample / "report.toml").read_text("utf-8").replace("value = 153.99", 'value = ""')
    (sample / "report.toml").write_text(text, "utf-8")
    assert Store.open(sample).report.figures["spend_total"].value is None
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        panel = app.main.problems_panel
        index = next(n for n, p in enumerate(panel.problems) if p.id == "figure-unfilled")
        prompt = str(panel.get_option_at_index(index).prompt)
        assert "F3" in prompt


@pytest.mark.parametrize("size", SIZES, **ids)
@pilot_test
async def test_the_conflict_dialog_shows_every_choice_including_the_difference(sample, size):
    from textual.widgets import Button

    from tui_report.tui.screens.conflict import ConflictDialog

    async with open_editor(sample, size=size) as (app, pilot):
        for from_save in (False, True):
            app.push_screen(ConflictDialog("sections/overview.toml", "modified", from_save))
            await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog))
            await pilot.pause()
            buttons = {b.id: b.region for b in app.screen.query(Button)}
            assert "choice-diff" in buttons
            width, height = size
            for region in buttons.values():  # all on screen, none pushed off the dialog
                assert region.width > 0 and region.right <= width and region.bottom <= height
            app.screen.dismiss(None)
            await pilot.pause()
