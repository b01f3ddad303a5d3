"""Keys typed ahead in one burst (a slow SSH link delivers them together)
land where the user meant: after Enter or Ctrl+G, in the section body."""

from __future__ import annotations

from textual import events

from tui_report.tui.app import TuiReportApp
from tui_report.tui.textual_compat import send_key

from .tui_support import open_editor, pilot_test, select, settle

SIZE = (100, 30)


def burst(app: TuiReportApp, keys: list[tuple[str, str | None]]) -> None:
    """Queue every key before the app handles the first, as a terminal
    read delivers a burst."""
    for key, char in keys:
        event = events.Key(key, char)
        send_key(app, event)  # as Pilot.press does, minus its wait per key


async def _typed_ahead(sample, first: tuple[str, str | None]) -> tuple[str, list[str]]:
    async with open_editor(sample, size=SIZE) as (app, pilot):
        await select(app, pilot, "（一）基本支出")
        app.main.set_focus(app.main.outline)
        await pilot.pause()
        sections_before = [s.id for s in app.store.report.sections]
        # "a" and "d" are structure commands in the outline: had they gone
        # there, a section would be added or a delete asked for
        burst(app, [first, ("a", "a"), ("d", "d"), ("x", "x")])
        await settle(app, pilot)
        body = app.main.editor.section.body
        assert app.focused is app.main.editor.body_area
        assert [s.id for s in app.store.report.sections] == sections_before
        return body, sections_before


@pilot_test
async def test_keys_after_enter_in_the_outline_reach_the_body(sample):
    body, _ = await _typed_ahead(sample, ("enter", "\r"))
    assert body.startswith("adx{{year}}年基本支出")


@pilot_test
async def test_keys_after_ctrl_g_reach_the_body(sample):
    body, _ = await _typed_ahead(sample, ("ctrl+g", None))
    assert body.startswith("adx{{year}}年基本支出")
