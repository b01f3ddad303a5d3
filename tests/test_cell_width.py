"""Ambiguous-width characters (tui/cell_width.py): with the setting wide,
Rich and Textual count “ ” … two cells, so the editor's cursor and wrapping
agree with a terminal that draws them so; narrow is Rich's own count."""

from __future__ import annotations

import os
import pty
import termios
import threading
import time

import pytest
import rich.cells
from textual.app import App, ComposeResult
from textual.widgets import TextArea

from tui_report.tui import cell_width
from tui_report.tui.cell_width import (
    AmbiguousWidthError,
    ambiguous_is_wide,
    apply_ambiguous_width,
    choose_setting,
    probe_ambiguous_width,
    set_ambiguous_wide,
)

from .tui_support import open_editor, pilot_test, select, settle


@pytest.fixture
def ambiguous_wide():
    """Quotes two cells wide for one test; Rich's own count again after it,
    whatever the test did, so no other test sees the patch."""
    set_ambiguous_wide(True)
    try:
        yield
    finally:
        set_ambiguous_wide(False)


@pytest.fixture(autouse=True)
def narrow_after():
    yield
    set_ambiguous_wide(False)
    assert rich.cells.cell_len("“你好”") == 6


def test_wide_counts_quotes_ellipsis_and_dash_two_cells(ambiguous_wide):
    assert ambiguous_is_wide()
    assert rich.cells.cell_len("“你好”") == 8
    assert rich.cells.cell_len("……——") == 8
    assert rich.cells.cell_len("·") == 2  # a one-cell fast path in Rich for U+00A0–U+02FF
    assert rich.cells.cell_len("abc 你好") == 8  # the rest as before
    assert rich.cells.cell_len("e\u0301") == 1  # combining marks stay zero
    assert rich.cells.cell_len("─│╭") == 3  # Textual's frames stay one cell
    from textual._cells import cell_len

    assert cell_len("“") == 2  # Textual's own name for Rich's function


def test_narrow_is_richs_own_count_and_switching_is_undone():
    assert rich.cells.cell_len("“你好”") == 6
    set_ambiguous_wide(True)
    set_ambiguous_wide(True)  # twice is once
    assert rich.cells.cell_len("“你好”") == 8
    set_ambiguous_wide(False)
    assert not ambiguous_is_wide()
    assert rich.cells.cell_len("“你好”") == 6
    assert rich.cells.cell_len("·") == 1


def test_the_option_wins_over_the_environment_variable():
    assert choose_setting(None, {}) == cell_width.DEFAULT
    assert choose_setting(None, {"TUI_REPORT_AMBIGUOUS": "Wide"}) == "wide"
    assert choose_setting("narrow", {"TUI_REPORT_AMBIGUOUS": "wide"}) == "narrow"
    with pytest.raises(AmbiguousWidthError, match="TUI_REPORT_AMBIGUOUS 应为 narrow"):
        choose_setting(None, {"TUI_REPORT_AMBIGUOUS": "double"})
    with pytest.raises(AmbiguousWidthError, match="--ambiguous"):
        choose_setting("2", {})


def test_apply_sets_what_is_asked_and_auto_without_a_terminal_is_narrow(monkeypatch):
    assert apply_ambiguous_width(None, {"TUI_REPORT_AMBIGUOUS": "wide"}) == "wide"
    assert rich.cells.cell_len("“") == 2
    assert apply_ambiguous_width("narrow") == "narrow"
    assert rich.cells.cell_len("“") == 1
    monkeypatch.setattr(cell_width, "probe_ambiguous_width", lambda: None)
    assert apply_ambiguous_width("auto") == "narrow"
    monkeypatch.setattr(cell_width, "probe_ambiguous_width", lambda: 2)
    assert apply_ambiguous_width("auto") == "wide"


# -- asking the terminal ----------------------------------------------------------


class FakeTerminal:
    """The other end of a pty: answers ESC[6n as a terminal that draws “
    ``width`` cells would (or never, with None), and keeps what it got."""

    def __init__(self, width: int | None) -> None:
        self.master, self.slave = pty.openpty()
        self.width = width
        self.got = b""
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while b"\x1b[K" not in self.got:
            try:
                chunk = os.read(self.master, 256)
            except OSError:
                return
            self.got += chunk
            if b"\x1b[6n" in chunk and self.width is not None:
                os.write(self.master, f"\x1b[7;{1 + self.width}R".encode())

    def close(self) -> None:
        self.thread.join(timeout=5)
        os.close(self.slave)
        os.close(self.master)


@pytest.mark.parametrize("width", [1, 2])
def test_the_terminal_is_asked_how_wide_it_draws_a_quote(width):
    term = FakeTerminal(width)
    try:
        before = termios.tcgetattr(term.slave)
        assert probe_ambiguous_width(fd_in=term.slave, fd_out=term.slave) == width
        assert termios.tcgetattr(term.slave) == before  # the terminal's mode put back
    finally:
        term.close()
    assert term.got.startswith("\r“\x1b[6n".encode())
    assert term.got.endswith(b"\r\x1b[K")  # and the probe erased


def test_a_terminal_that_does_not_answer_costs_the_timeout_and_no_more():
    term = FakeTerminal(None)
    try:
        before = termios.tcgetattr(term.slave)
        started = time.monotonic()
        assert probe_ambiguous_width(timeout=0.2, fd_in=term.slave, fd_out=term.slave) is None
        assert time.monotonic() - started < 2
        assert termios.tcgetattr(term.slave) == before
    finally:
        term.close()


def test_no_terminal_no_question(tmp_path):
    with open(tmp_path / "out", "w+b") as f:
        assert probe_ambiguous_width(fd_in=f.fileno(), fd_out=f.fileno()) is None


# -- what the editor does with it -------------------------------------------------


class AreaApp(App):
    CSS = "TextArea { width: 24; height: 6; border: none; padding: 0; scrollbar-size-vertical: 0; }"

    def compose(self) -> ComposeResult:
        yield TextArea("“你好”" * 5, soft_wrap=True)


async def _cursor_steps_and_lines() -> tuple[int, list[str]]:
    app = AreaApp()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        area = app.query_one(TextArea)
        area.move_cursor((0, 0))
        x0 = area.cursor_screen_offset.x
        area.move_cursor((0, 1))  # just after the “
        step = area.cursor_screen_offset.x - x0
        return step, area.wrapped_document.get_sections(0)


@pilot_test
async def test_the_cursor_steps_over_a_quote_one_cell_when_narrow():
    step, sections = await _cursor_steps_and_lines()
    assert step == 1
    assert sections[0] == "“你好”“你好”“你好”“你好"  # 6 + 6 + 6 + 5 = the 23 cells it wraps at


@pilot_test
async def test_the_cursor_steps_over_a_quote_two_cells_when_wide(ambiguous_wide):
    step, sections = await _cursor_steps_and_lines()
    assert step == 2
    assert sections[0] == "“你好”“你好”“你好"  # 8 + 8 + 6: the next ” would be cells 23–24


@pilot_test
async def test_the_editor_counts_quotes_two_cells_when_wide(sample, ambiguous_wide):
    async with open_editor(sample, size=(100, 30)) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        area = app.main.editor.body_area
        area.load_text("“你好”")
        await settle(app, pilot)
        area.move_cursor((0, 0))
        x0 = area.cursor_screen_offset.x
        area.move_cursor((0, 1))
        assert area.cursor_screen_offset.x - x0 == 2
        area.move_cursor((0, 4))
        assert area.cursor_screen_offset.x - x0 == 8
