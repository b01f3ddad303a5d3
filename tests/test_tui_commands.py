"""Every command is reachable from the palette and listed in F1 help;
export runs in a worker and reports when done."""

from __future__ import annotations

import io

from rich.console import Console
from textual.command import CommandList
from textual.widgets import Input, Static

from tui_report.render.markdown import to_markdown
from tui_report.render.text import to_text
from tui_report.report.store import Store
from tui_report.tui import commands
from tui_report.tui.app import TuiReportApp
from tui_report.tui.screens.dialogs import InputDialog
from tui_report.tui.screens.help import HelpScreen
from tui_report.tui.textual_compat import notifications

from .tui_support import open_editor, palette_found, pilot_test, settle, wait_until

SIZE = (100, 30)


def text_of(widget: Static) -> str:
    console = Console(file=io.StringIO(), width=120, record=True)
    console.print(widget.content)
    return console.export_text()


@pilot_test
async def test_help_lists_every_command_with_its_keys(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(text_of(s) for s in app.screen.query(Static))
        for command in commands.COMMANDS:
            assert command.title in text, command.name
        assert "Ctrl+S" in text and "F4" in text and "Shift+↑" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@pilot_test
async def test_palette_offers_every_command(sample):
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await pilot.press("ctrl+p")
        expected = [c for c in commands.COMMANDS if app.command_available(c)]
        await wait_until(pilot, lambda: app.screen.query(CommandList)
                         and app.screen.query_one(CommandList).option_count >= len(expected))
        shown = app.screen.query_one(CommandList).option_count
        assert shown == len(expected)
        assert app.screen.query_one(Input).placeholder == "搜索命令…"


@pilot_test
async def test_export_markdown_from_the_palette(sample, tmp_path):
    app = TuiReportApp(sample)
    dest = tmp_path / "out.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        for ch in "导出Markdown":
            await pilot.press(ch)
        await palette_found(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        field = app.screen.query_one(Input)
        assert field.value.endswith(f"{sample.name}.md")
        field.value = str(dest)
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.message.startswith("已导出") for n in notifications(app)))
    assert dest.read_text("utf-8") == to_markdown(Store.open(sample).report)


@pilot_test
async def test_export_text_includes_unsaved_edits(sample, tmp_path):
    app = TuiReportApp(sample)
    dest = tmp_path / "out.txt"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.main.editor.body_area.focus()
        await pilot.press("ctrl+end")
        for ch in "未保存":
            await pilot.press(ch)
        worker = app.export("txt", dest)
        await worker.wait()
        await pilot.pause()
    assert "未保存" in dest.read_text("utf-8")
    assert dest.read_text("utf-8") == to_text(app.store.report)


@pilot_test
async def test_export_pdf_runs_in_a_worker(sample, tmp_path):
    app = TuiReportApp(sample)
    dest = tmp_path / "out.pdf"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        worker = app.export("pdf", dest)
        assert app.is_running  # the UI is not blocked while it runs
        await worker.wait()
        await pilot.pause()
        assert any("页" in n.message for n in notifications(app))
        assert app.main.status.activity == ""
    assert dest.read_bytes().startswith(b"%PDF")
