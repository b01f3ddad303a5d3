"""The editor's soft wrap by the Chinese rules (tui/kinsoku_area.py): the
TextArea draws, moves the cursor and re-wraps after edits on the breaks of
render/line_break.py, where Textual's own wrap starts a line with "，"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.widgets import TextArea
from textual.widgets.text_area import Document

from tui_report.render.line_break import NO_LINE_START
from tui_report.tui.kinsoku_area import KinsokuTextArea, kinsoku_breaks
from tui_report.tui.textual_compat import is_rule_wrapped, rule_wrapped_document, wrap_tables

from .tui_support import pilot_test

#: eleven characters fill 22 of the 23 cells a 24-wide area wraps at (one is
#: the cursor's), so Textual starts its second line with the "，"
TEXT = "一二三四五六七八九十甲，乙丙丁。合计76.33万元，增长12.5%。"


class AreaApp(App):
    CSS = "TextArea { width: 24; height: 12; border: none; padding: 0; scrollbar-size-vertical: 0; }"

    def __init__(self, area: TextArea) -> None:
        super().__init__()
        self.area = area

    def compose(self) -> ComposeResult:
        yield self.area


def visual_lines(area: TextArea) -> list[str]:
    return [section for line in range(area.document.line_count)
            for section in area.wrapped_document.get_sections(line)]


def drawn_lines(area: TextArea) -> list[str]:
    return [area.render_line(y).text.rstrip() for y in range(area.wrapped_document.height)]


@pilot_test
async def test_textuals_own_soft_wrap_starts_a_line_with_a_comma():
    app = AreaApp(TextArea(TEXT, soft_wrap=True))
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        assert app.area.wrap_width == 23
        assert visual_lines(app.area)[1].startswith("，")


@pilot_test
async def test_the_editor_wraps_draws_and_moves_by_the_chinese_rules():
    app = AreaApp(KinsokuTextArea(TEXT, soft_wrap=True))
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        area = app.area
        lines = visual_lines(area)
        assert "".join(lines) == TEXT
        assert lines[0] == "一二三四五六七八九十"  # "甲" went down with the "，"
        assert all(line[0] not in NO_LINE_START for line in lines)
        assert any("76.33万元" in line for line in lines)
        assert [line.strip() for line in drawn_lines(area)] == lines

        # the cursor goes down to where the second drawn line starts
        area.focus()
        area.move_cursor((0, 0))
        await pilot.press("down")
        assert area.cursor_location == (0, len(lines[0]))
        assert area.cursor_screen_offset.y == area.content_region.y + 1

        # an edit re-wraps (wrap_range) by the same rules
        area.move_cursor((0, 0))
        await pilot.press("x")
        lines = visual_lines(area)
        assert "".join(lines) == "x" + TEXT
        assert all(line[0] not in NO_LINE_START for line in lines)

        # loading another text (Textual makes a new wrapped document) keeps it
        area.load_text("甲" * 11 + "，乙")
        await pilot.pause()
        assert is_rule_wrapped(area.wrapped_document)
        assert visual_lines(area) == ["甲" * 10, "甲，乙"]


EDIT_TEXT = st.text(st.sampled_from(list("甲乙丙丁，。、“”（）76.3万元 \n\t")), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.text(st.sampled_from(list("甲乙丙丁，。、“”（）76.3万元 \n\t")), max_size=80),
       st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), EDIT_TEXT), max_size=6),
       st.integers(4, 30))
def test_rewrapping_an_edit_gives_what_wrapping_everything_gives(text, edits, width):
    document = Document(text)
    wrapped = rule_wrapped_document(document, width, kinsoku_breaks)
    for a, b, insert in edits:
        start = document.get_location_from_index(a % (len(document.text) + 1))
        end = document.get_location_from_index(b % (len(document.text) + 1))
        top, bottom = sorted((start, end))
        result = document.replace_range(top, bottom, insert)
        wrapped.wrap_range(top, bottom, result.end_location)
    fresh = rule_wrapped_document(document, width, kinsoku_breaks)
    assert wrap_tables(wrapped) == wrap_tables(fresh)
    assert wrapped.height == len(wrap_tables(fresh)[1])


@pilot_test
async def test_the_real_editor_with_the_mix_in(sample, monkeypatch):
    """Wired as it is meant to be (``class BodyArea(KinsokuTextArea)``):
    each section loaded, Markdown highlighted, wraps by the rules."""
    from tui_report.tui.widgets import section_editor

    from .tui_support import open_editor, select, settle

    assert issubclass(section_editor.BodyArea, KinsokuTextArea)  # wired in the editor itself
    async with open_editor(sample, size=(80, 24)) as (app, pilot):
        await select(app, pilot, "1.职能职责")  # twelve long duties
        area = app.main.editor.body_area
        assert isinstance(area, KinsokuTextArea)
        assert is_rule_wrapped(area.wrapped_document)
        lines = visual_lines(area)
        assert len(lines) > area.document.line_count  # it did wrap
        assert all(line[0] not in NO_LINE_START for line in lines if line)
        assert "".join(lines) == area.text.replace("\n", "")
        await pilot.press("enter", "ctrl+end", "x")
        await settle(app, pilot)
        assert area.text.endswith("x")
        assert all(line[0] not in NO_LINE_START for line in visual_lines(area) if line)
