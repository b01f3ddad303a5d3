"""Readable without colour, in 16 colours, and with keys terminals pass on."""

from __future__ import annotations

import re

from tui_report.tui import commands
from tui_report.tui.app import TuiReportApp, theme_for

from .tui_support import pilot_test, settle

#: Keys that terminals, tmux or desktop environments commonly take for
#: themselves, or that arrive as other keys (Ctrl+H is Backspace, Ctrl+I Tab,
#: Ctrl+M Enter, Ctrl+[ Escape, Ctrl+B tmux's prefix, F10/F11 menus and full
#: screen, Alt combinations are eaten by some terminals).
SWALLOWED = {"ctrl+h", "ctrl+i", "ctrl+j", "ctrl+m", "ctrl+left_square_bracket", "ctrl+b",
             "f10", "f11", "f12", "ctrl+shift+s"}


#: Colours of the screenshot's window frame (its three buttons, and the
#: exporter's default text colour), not of the app.
SVG_FRAME = {"ff5f57", "febc2e", "28c840", "c5c8c6"}


def test_no_key_that_terminals_swallow():
    for command in commands.COMMANDS:
        for key in filter(None, command.keys.split(",")):
            assert key not in SWALLOWED, (command.name, key)
            assert not key.startswith(("alt+", "meta+", "super+")), (command.name, key)


def test_every_key_is_bound_once_per_scope():
    seen: dict[tuple[str, str], str] = {}
    for command in commands.COMMANDS:
        for key in filter(None, command.keys.split(",")):
            assert (command.scope, key) not in seen, (command.name, seen.get((command.scope, key)))
            seen[(command.scope, key)] = command.name


def test_sixteen_colour_terminals_get_the_ansi_theme():
    assert theme_for("standard", headless=False) == "ansi-dark"
    assert theme_for(None, headless=False) == "ansi-dark"
    assert theme_for("truecolor", headless=False) is None
    assert theme_for("256", headless=False) is None
    assert theme_for("standard", headless=True) is None  # screenshots never depend on $TERM


@pilot_test
async def test_no_color_draws_in_greys_and_keeps_the_text_marks(sample, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = TuiReportApp(sample)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        svg = app.export_screenshot()
    colours = set(re.findall(r"(?:fill|color)[:=]\s*\"?#([0-9a-fA-F]{6})", svg)) - SVG_FRAME
    assert len(colours) > 5
    for colour in colours:
        r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
        assert r == g == b, colour  # grey only
    # meaning is in the text, not the colour
    assert "✗" in svg and "1&#160;错误" in svg
