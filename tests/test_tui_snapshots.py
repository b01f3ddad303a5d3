"""Screenshots of the main screen, the preview and the help screen at the
smallest supported terminal (80×24) and a roomy one (120×40)."""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import TextArea

from tui_report.tui.app import TuiReportApp

from .conftest import IGNORE_STATE, SAMPLE
from .tui_support import outline_labels

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _colour(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def shipped(tmp_path):
    """A copy of the sample under its own folder name: the editor never
    opens the repository's data/ (it would leave its state folder there)."""
    dst = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, dst, ignore=IGNORE_STATE)
    return dst


async def _open_budget(pilot) -> None:
    """Settle the checks and put the cursor on 二（一）基本支出."""
    app = pilot.app
    await pilot.pause()  # the auto-pilot starts before the screen is mounted
    for area in app.query(TextArea):
        # a blinking cursor is drawn or not by the clock: a slower machine
        # caught it in the other half of its blink
        area.cursor_blink = False
    await app.checks_settled()
    labels = outline_labels(app)
    app.main.outline.move_cursor_to_line(labels.index("（一）基本支出"))
    await pilot.pause()
    await app.checks_settled()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, shipped, size):
    assert snap_compare(TuiReportApp(shipped), terminal_size=size, run_before=_open_budget)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_preview(snap_compare, shipped, size):
    async def run_before(pilot):
        await _open_budget(pilot)
        await pilot.press("f2")
        await pilot.app.checks_settled()
        await pilot.pause()

    assert snap_compare(TuiReportApp(shipped), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, shipped, size):
    async def run_before(pilot):
        await _open_budget(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(TuiReportApp(shipped), terminal_size=size, run_before=run_before)
