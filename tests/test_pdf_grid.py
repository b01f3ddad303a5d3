"""Line breaking on the 28-cell grid (tui_report.export.grid)."""

from __future__ import annotations

import pytest

from tui_report.export import grid
from tui_report.export.grid import CELLS, FONT_SIZE, PITCH, Run, break_lines

HAN = "科学技术协会普及知识弘扬精神"  # 14 distinct characters, no marks


def han(n: int) -> str:
    return (HAN * (n // len(HAN) + 1))[:n]


def test_plain_chinese_fills_26_then_28_cells():
    lines = break_lines([Run(han(26 + 28 + 5))])
    assert [len(l.text) for l in lines] == [26, 28, 5]
    assert [l.indent for l in lines] == [2, 0, 0]
    assert all(l.spacing() is None for l in lines)  # the stylesheet's spacing fits them
    assert lines[-1].last and not lines[0].last


def test_a_closing_point_mark_hangs_past_the_edge_instead_of_starting_a_line():
    text = han(26) + "，" + han(10)
    first = break_lines([Run(text)])[0]
    # the line keeps its 26 characters on the grid (plain spacing, no
    # squeeze) and the comma hangs in the cell past the right edge
    assert first.text == han(26) + "，"
    assert first.hang and first.cells == 27 and first.indent == 2
    assert first.spacing() is None


def test_a_closing_mark_that_may_not_hang_makes_the_line_break_earlier_and_looser():
    text = han(26) + "。”" + han(10)
    lines = break_lines([Run(text)])
    # 。” cannot start a line, two marks cannot hang: the last character goes
    # down with them
    assert lines[0].text == han(25)
    assert lines[1].text.startswith(han(26)[-1] + "。”")
    ls = lines[0].spacing()
    assert ls is not None and ls > grid.BASE_SPACING  # set looser to end flush
    # ends at the edge, to the few thousandths of a point the engine draws spacing in
    assert 25 * FONT_SIZE + 24 * ls == pytest.approx(26 * PITCH, abs=0.5)


def test_no_line_is_squeezed_to_keep_a_mark_so_glyphs_never_run_together():
    for k in range(20, 28):
        for mark in "，。”）":
            for line in break_lines([Run(han(k) + "1234" + mark + han(30))]):
                ls = line.spacing()
                assert ls is None or ls >= grid.MIN_SPACING


def test_opening_mark_never_ends_a_line():
    text = han(25) + "“" + han(10)
    lines = break_lines([Run(text)])
    assert lines[0].text == han(25)  # set looser rather than end in “
    assert lines[1].text.startswith("“")


def test_numbers_are_never_split_and_sit_in_whole_cells():
    lines = break_lines([Run(han(23) + "153.99" + han(10))])
    assert lines[0].text == han(23) + "153.99"  # 23 + 3 cells = 26
    assert lines[0].cells == 26
    assert [p.seg for p in lines[0].parts] == [0, 3]
    lines = break_lines([Run(han(24) + "153.99" + han(10))])
    assert lines[0].text == han(24) and lines[1].text.startswith("153.99")


def test_odd_ascii_run_rounds_up_to_a_whole_cell():
    line = break_lines([Run("（" + "1" + "）" + han(40))])[0]
    assert [p.seg for p in line.parts] == [0, 1, 0]
    assert line.cells == 26
    assert line.text == "（1）" + han(23)


def test_dash_and_ellipsis_pairs_stay_together():
    text = han(25) + "——" + han(10)
    lines = break_lines([Run(text)])
    assert "——" in lines[0].text or lines[1].text.startswith("——")
    assert not lines[0].text.endswith("—") or lines[0].text.endswith("——")


def test_styles_survive_line_breaks():
    runs = [Run(han(20)), Run(han(12), ("strong",)), Run(han(5))]
    lines = break_lines(runs)
    assert lines[0].parts[0].runs[-1].tags == ("strong",)
    assert lines[1].parts[0].runs[0].tags == ("strong",)
    assert "".join(l.text for l in lines) == han(20) + han(12) + han(5)


def test_white_space_collapses_and_drops_at_line_edges():
    lines = break_lines([Run(han(26) + "   " + han(3))])
    assert [l.text for l in lines] == [han(26), han(3)]


def test_long_ascii_breaks_anywhere_rather_than_overflowing():
    url = "https://example.org/" + "a" * 80
    lines = break_lines([Run(url)])
    assert len(lines) > 1
    assert all(l.cells <= CELLS - l.indent for l in lines)
    assert "".join(l.text for l in lines) == url


def test_full_width_cells():
    assert grid.cells("中") == 1 and grid.cells("，") == 1 and grid.cells("“") == 1
    assert grid.cells("a") == 0.5 and grid.cells("1") == 0.5
    assert grid.cells("\u0301") == 0


def test_marks_fonts_disagree_on_sit_in_whole_cell_boxes():
    # Noto's — is 0.78 em and LXGW WenKai's “ 0.35 em: boxes keep the columns
    line = break_lines([Run(han(5) + "“三长”" + han(3) + "——" + han(3) + "·" + han(30))])[0]
    assert [p.seg for p in line.parts] == [0, 1, 0, 1, 0, 2, 0, 1, 0]
    assert line.cells == 26 and line.spacing() is None
