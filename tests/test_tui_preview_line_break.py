"""The preview breaks its lines by the Chinese rules: as drawn, at 80×24 and
120×40, no line starts with "，" "。" "、" or another closing mark, no line
ends with an opening one, and each amount stays whole with its unit."""

from __future__ import annotations

import re

import pytest
import rich.cells
from textual.geometry import Offset, Region
from textual.selection import Selection

from tui_report.render.line_break import NO_LINE_END, NO_LINE_START
from tui_report.tui.cell_width import set_ambiguous_wide
from tui_report.tui.widgets.preview import SectionView

from .tui_support import open_editor, pilot_test, settle

AMOUNT = re.compile(r"\d+(?:\.\d+)?(?:万元|元|%|人次|场次|人|个|次|项|名|份)")


def drawn(view: SectionView) -> list[str]:
    """Each line of the section as it is on the screen, without the padding."""
    width, height = view.size
    return [strip.text.rstrip(" ") for strip in view.render_lines(Region(0, 0, width, height))]


async def preview_lines(app, pilot) -> list[tuple[SectionView, list[str]]]:
    await pilot.press("f2")
    await settle(app, pilot)
    assert app.main.preview.display
    return [(view, drawn(view)) for view in app.main.preview.query(SectionView)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pilot_test
async def test_no_preview_line_starts_with_closing_punctuation(sample, size):
    async with open_editor(sample, size=size) as (app, pilot):
        checked = 0
        for view, lines in await preview_lines(app, pilot):
            width = view.size.width
            text = str(view.visual)
            # every character drawn, in order, and each line fits
            assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)
            assert all(rich.cells.cell_len(line) <= width for line in lines)
            for previous, line in zip(lines, lines[1:], strict=False):
                if not line.strip() or not previous.strip():
                    continue  # the margin between blocks
                assert line.lstrip(" ")[0] not in NO_LINE_START, (size, line)
                assert previous[-1] not in NO_LINE_END, (size, previous)
                checked += 1
            for amount in AMOUNT.findall(text):
                assert any(amount in line for line in lines), (size, amount, lines)
        assert checked > 100  # the whole report was looked at, not a blank panel


@pilot_test
async def test_a_selection_in_the_preview_copies_the_text_without_its_breaks(sample):
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        views = [view for view, lines in await preview_lines(app, pilot) if len(lines) > 3]
        view = views[0]
        visual = view.visual
        plain = str(visual)
        lines = visual.lines_at(view.size.width).plain.split("\n")
        soft = [y for y in range(1, len(lines)) if visual.starts[y] == visual.starts[y - 1] + len(lines[y - 1])]
        assert soft  # a break the preview made, inside a paragraph
        y = soft[0]
        # from the start of the drawn line before that break to the 3rd character after it
        got, _ = view.get_selection(Selection(Offset(0, y - 1), Offset(3, y)))
        assert got == lines[y - 1] + lines[y][:3]
        assert got in plain


@pilot_test
async def test_with_wide_quotes_the_preview_breaks_by_the_wide_count(sample):
    set_ambiguous_wide(True)
    try:
        async with open_editor(sample, size=(80, 24)) as (app, pilot):
            for view, lines in await preview_lines(app, pilot):
                assert all(rich.cells.cell_len(line) <= view.size.width for line in lines)
                assert any("“" in line for line in lines) or "“" not in str(view.visual)
    finally:
        set_ambiguous_wide(False)
