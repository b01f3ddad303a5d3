"""How many cells the terminal gives “ ” ‘ ’ … — · and the other characters
Unicode calls East Asian *ambiguous* width.

Rich and Textual count them one cell. Many Chinese-locale terminals (Xshell,
SecureCRT, PuTTY with "treat CJK ambiguous characters as wide", a
gnome-terminal or iTerm2 set to wide ambiguous characters) draw them two
cells wide, so every line holding a quote runs past its box and the cursor
lands to the left of where the text is. Rich issue #4197.

Everything in Rich and Textual that measures text ends in a few functions
of ``rich.cells``: ``get_character_cell_size`` (one character, looked up in
a table that ``rich._unicode_data.load`` gives), ``cached_cell_len`` /
``cell_len`` (a string, through the first) and the fast path
``_is_single_cell_widths`` (a set of characters known to be one cell, used
by ``rich.cells`` and ``rich.segment``). Textual imports those functions by
name (``textual._cells.cell_len`` is ``rich.cells.cached_cell_len``;
``textual._wrap`` and the TextArea's ``WrappedDocument`` and cursor code
use them), so the functions are left in place and their *data* changed: the
table gets the ambiguous characters as two cells, the fast-path set loses
them, and both caches are emptied. Call :func:`apply_ambiguous_width` once
at start-up, before the App is created, and everything Textual lays out,
wraps and moves the cursor over agrees with the terminal.

The report text is never touched: only how wide it is counted.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections.abc import Mapping
from functools import cache
from typing import Any

from tui_report.report.errors import TuiReportError
from tui_report.tui.rich_compat import set_single_cell_test, single_cell_chars, single_cell_test

ENV_VAR = "TUI_REPORT_AMBIGUOUS"
SETTINGS = ("narrow", "wide", "auto")
#: with nothing set: ask the terminal when it can be asked, else narrow
DEFAULT = "narrow"

BAD_SETTING = "{name} 应为 narrow（引号占一格）、wide（引号占两格）或 auto（自动检测），现在是 {value!r}"

#: Textual draws its frames, scroll bars and tab underlines with box drawing
#: and block characters counted one cell each whatever their measured width,
#: so counting them two would tear every frame: they stay one cell
_FRAME = range(0x2500, 0x25A0)
#: private use (icon fonts): their width is the font's, not the terminal's
_PRIVATE = range(0xE000, 0xF900)

_saved: dict[str, Any] = {}


class AmbiguousWidthError(TuiReportError, ValueError):
    """A setting that is none of narrow, wide, auto: a TuiReportError, so the
    command line prints it and exits 2 like any other mistake in a call."""


def parse_setting(value: str, name: str = ENV_VAR) -> str:
    setting = value.strip().lower()
    if setting not in SETTINGS:
        raise AmbiguousWidthError(BAD_SETTING.format(name=name, value=value))
    return setting


def choose_setting(option: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The setting in force: the command-line option, else the environment
    variable, else :data:`DEFAULT`."""
    if option:
        return parse_setting(option, "--ambiguous")
    value = (os.environ if env is None else env).get(ENV_VAR, "")
    return parse_setting(value) if value.strip() else DEFAULT


def apply_ambiguous_width(option: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Count ambiguous characters as the setting says (``auto``: as the
    terminal answers, narrow when it does not), for Rich and Textual alike;
    returns what was applied, ``"narrow"`` or ``"wide"``. Call it before the
    App exists: a widget measured before keeps its old width."""
    setting = choose_setting(option, env)
    if setting == "auto":
        setting = "wide" if probe_ambiguous_width() == 2 else "narrow"
    set_ambiguous_wide(setting == "wide")
    return setting


def ambiguous_is_wide() -> bool:
    return bool(_saved)


def set_ambiguous_wide(wide: bool) -> None:
    """Switch the count of Rich (and so Textual) to two cells for ambiguous
    characters, or back to Rich's own; safe to call any number of times."""
    import rich.cells as cells

    if wide and not _saved:
        cells_single, segment_single = single_cell_test()
        _saved.update(load=cells.load_cell_table, cells_single=cells_single, segment_single=segment_single)
        original_load = cells.load_cell_table
        widened = _widened_table_loader(original_load)
        cells.load_cell_table = widened
        set_single_cell_test(frozenset(single_cell_chars() - _ambiguous_chars(original_load)).issuperset)
    elif not wide and _saved:
        cells.load_cell_table = _saved["load"]
        set_single_cell_test(_saved["cells_single"], _saved["segment_single"])
        _saved.clear()
    else:
        return
    cells.get_character_cell_size.cache_clear()
    cells.cached_cell_len.cache_clear()


def _narrow_ambiguous(table) -> list[int]:
    """Ambiguous code points the table counts one cell (a table lists only
    what is not one cell: combining marks stay zero, wide stay two)."""
    import bisect

    starts = [start for start, _, _ in table.widths]
    eaw = unicodedata.east_asian_width
    out = []
    for cp in range(0xA1, 0x20000):
        if cp in _FRAME or cp in _PRIVATE or eaw(chr(cp)) != "A":
            continue
        n = bisect.bisect_right(starts, cp) - 1
        if n >= 0 and table.widths[n][0] <= cp <= table.widths[n][1]:
            continue
        out.append(cp)
    return out


def _ranges(codepoints: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for cp in codepoints:
        if out and out[-1][1] == cp - 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def _ambiguous_chars(load) -> frozenset[str]:
    return frozenset(chr(cp) for cp in _narrow_ambiguous(load("auto")))


def _widened_table_loader(load):
    """``load`` (rich._unicode_data.load) with the ambiguous characters
    added to each table as two cells, the table kept sorted for Rich's
    binary search."""
    from rich.cells import CellTable

    @cache
    def widened(unicode_version: str = "auto"):
        table = load(unicode_version)
        wide = [(start, end, 2) for start, end in _ranges(_narrow_ambiguous(table))]
        return CellTable(table.unicode_version, sorted([*table.widths, *wide]), table.narrow_to_wide)

    return widened


# -- asking the terminal -------------------------------------------------------

_REPLY = re.compile(rb"\x1b\[(\d+);(\d+)R")
PROBE_CHAR = "“"


def probe_ambiguous_width(timeout: float = 0.3, fd_in: int | None = None, fd_out: int | None = None) -> int | None:
    """How many cells the terminal moved the cursor for “: it is written at
    the start of the line, the cursor's position asked (ESC [6n) and read
    back within ``timeout``, the line erased and the terminal's mode put
    back. Asked by default on the descriptors Textual will draw on (input
    from stdin, output to stderr), and only when both are the terminal.
    None when there is no terminal to ask (not a tty, Windows, TERM dumb)
    or no answer in time; an answer later than that is thrown away with
    the pending input, and would be harmless anyway (Textual reads it as a
    cursor-position event, not as keys)."""
    if os.name != "posix":
        return None
    try:
        import select
        import termios
        import tty
    except ImportError:
        return None
    try:
        if fd_in is None or fd_out is None:
            if os.environ.get("TERM", "dumb") in ("", "dumb") or sys.__stdin__ is None or sys.__stderr__ is None:
                return None
            fd_in, fd_out = sys.__stdin__.fileno(), sys.__stderr__.fileno()
            sys.__stderr__.flush()
        if not (os.isatty(fd_in) and os.isatty(fd_out)):
            return None
        saved = termios.tcgetattr(fd_in)
    except (OSError, ValueError, termios.error):
        return None
    reply = b""
    try:
        tty.setcbreak(fd_in, termios.TCSANOW)
        os.write(fd_out, ("\r" + PROBE_CHAR + "\x1b[6n").encode())
        deadline = time.monotonic() + timeout
        while not _REPLY.search(reply):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd_in], [], [], left)[0]:
                break
            chunk = os.read(fd_in, 64)
            if not chunk:
                break
            reply += chunk
    except (OSError, termios.error):
        pass
    finally:
        answered = _REPLY.search(reply) is not None
        try:
            os.write(fd_out, b"\r\x1b[K")
        except OSError:
            pass
        try:
            termios.tcsetattr(fd_in, termios.TCSADRAIN if answered else termios.TCSAFLUSH, saved)
        except termios.error:
            pass
    m = _REPLY.search(reply)
    if m is None:
        return None
    width = int(m.group(2)) - 1
    return width if width in (1, 2) else None
