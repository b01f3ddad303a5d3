"""Chinese line breaking (render/line_break.py): no line begins with closing
punctuation or ends with opening punctuation, an amount stays whole with its
unit, and the lines give back the text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_report.render.line_break import (
    NO_LINE_END,
    NO_LINE_START,
    break_points,
    char_cells,
    wrap,
    wrap_offsets,
)

PROSE = ("　　2022年基本支出财政拨款125.32万元，较上年增加76.33万元，增长12.5%。主要用于“科普惠农”"
         "“三走进”等活动——共开展42场次……（详见附表）。参考《标点符号用法》（GB/T 15834）的规定。")


def cells(line: str) -> int:
    return sum(char_cells(ch) for ch in line)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation_at_any_width():
    for width in range(12, 80):
        lines = wrap(PROSE, width)
        assert "".join(lines) == PROSE
        assert all(cells(line.rstrip()) <= width for line in lines)  # a space may hang
        assert all(line[0] not in NO_LINE_START for line in lines[1:]), (width, lines)
        assert all(line[-1] not in NO_LINE_END for line in lines[:-1]), (width, lines)


def test_an_amount_and_its_unit_stay_on_one_line():
    for width in range(12, 80):
        lines = wrap(PROSE, width)
        for amount in ("125.32万元", "76.33万元", "12.5%", "42场次", "2022年"):
            assert any(amount in line for line in lines), (width, amount, lines)


def test_a_break_that_would_start_with_a_comma_moves_one_character_earlier():
    # 8 cells: "今年支出" fits, "，" would begin the next line, so "出" goes with it
    assert wrap("今年支出，明年", 8) == ["今年支", "出，明年"]
    assert wrap("见（附表）", 4) == ["见", "（附", "表）"]  # "（" never ends a line


def test_a_number_is_kept_with_the_first_character_after_it():
    assert wrap("合计153.99万元", 12) == ["合计", "153.99万元"]
    assert wrap("开展活动12次以上", 10) == ["开展活动", "12次以上"]
    assert wrap("开展活动120余人", 14) == ["开展活动", "120余人"]
    assert wrap("排名第3位", 8) == ["排名", "第3位"]


def test_doubled_dash_and_ellipsis_are_not_cut():
    assert wrap("甲乙——丙丁", 5) == ["甲乙", "——丙", "丁"]
    assert wrap("甲乙……丙丁", 5) == ["甲乙", "……丙", "丁"]


def test_the_first_line_keeps_its_indent():
    lines = wrap("　　本部门" * 3, 10)
    assert lines[0].startswith("　　本部")
    assert all(not line.startswith("　") for line in lines[1:]) or lines[1:] == []
    assert wrap("　　短", 40) == ["　　短"]


def test_latin_words_break_at_spaces_which_hang_at_the_end_of_a_line():
    assert wrap("GB/T 15834 rules", 10) == ["GB/T 15834 ", "rules"]
    assert wrap("GB/T 15834 rules", 10, hang_spaces=False) == ["GB/T ", "15834 ", "rules"]
    assert wrap("hello world", 5) == ["hello ", "world"]
    assert wrap("hello world", 5, hang_spaces=False) == ["hello", " ", "world"]  # as Textual


def test_a_run_wider_than_the_line_is_cut_where_it_must():
    assert wrap("1234567890123", 5) == ["12345", "67890", "123"]
    assert wrap("，，，，，，", 4) == ["，，", "，，", "，，"]  # nothing else is possible


def test_the_width_of_a_character_is_the_callers():
    # a terminal that draws “ ” two cells wide: the quoted word moves whole
    def wide_quotes(ch: str) -> int:
        return 2 if ch in "“”" else char_cells(ch)

    assert wrap("他说“好”", 9) == ["他说“好”"]
    assert wrap("他说“好”", 9, cell_width=wide_quotes) == ["他说", "“好”"]


def test_newlines_are_breaks_of_their_own():
    assert wrap("甲\n\n乙丙", 2) == ["甲", "", "乙", "丙"]
    assert wrap("", 10) == [""]


def test_break_points_and_offsets():
    assert break_points("甲，乙") == [2]
    assert break_points("共76.33万元") == [1]
    assert wrap_offsets("甲乙丙丁", 4) == [2]


# -- properties ---------------------------------------------------------------

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
WORD = st.text(HAN, min_size=1, max_size=4)
NUMBER = st.builds(lambda a, b, unit: f"{a}.{b}{unit}", st.integers(0, 99999), st.integers(0, 99),
                   st.sampled_from(["万元", "元", "%", "人", "个", "场次", "项", "年"]))
QUOTED = st.builds(lambda o, w, c: o + w + c, st.sampled_from(["“", "（", "《", "「", "‘"]),
                   st.one_of(WORD, NUMBER), st.sampled_from(["”", "）", "》", "」", "’"]))
#: a word of Chinese between any two numbers: digits next to digits make one
#: long run that no rule can break, which real prose does not have
ITEM = st.builds(lambda w, x: w + x, WORD, st.sampled_from(["", "——", "……"]) | NUMBER | QUOTED)
CLAUSE = st.lists(ITEM, min_size=1, max_size=6).map("".join)
SENTENCE = st.lists(st.tuples(CLAUSE, st.sampled_from(list("，。、；：？！"))), min_size=1, max_size=8).map(
    lambda parts: "".join(c + p for c, p in parts))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200).filter(lambda s: "\n" not in s), st.integers(2, 100))
def test_any_text_comes_back_whole_and_fits(text, width):
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(line for line in lines) or lines == [""]
    for line in lines:
        visible = line.rstrip()
        assert cells(visible) <= width or len(visible) == 1


@settings(max_examples=300, deadline=None)
@given(st.builds(lambda indent, s: indent + s, st.sampled_from(["", "　　"]), SENTENCE), st.integers(24, 90))
def test_prose_never_breaks_against_the_rules(text, width):
    """Every unbreakable run here (“（12345.67万元）”，) is under 24 cells,
    so the rules can always be kept."""
    lines = wrap(text, width)
    assert "".join(lines) == text
    assert all(cells(line) <= width for line in lines)
    assert all(line[0] not in NO_LINE_START for line in lines[1:]), lines
    assert all(line[-1] not in NO_LINE_END for line in lines[:-1]), lines
    ends = set()
    position = 0
    for line in lines[:-1]:
        position += len(line)
        ends.add(position)
    for m in re.finditer(r"\d+\.\d+(万元|元|%|人|个|场次|项|年)?", text):
        assert not any(m.start() < end < m.end() for end in ends), (m.group(0), lines)
    for doubled in re.finditer("——|……", text):
        assert doubled.start() + 1 not in ends
