"""No glyph runs into another, and every character prints, in every font role.

Read with pdfplumber from two exports: the sample, and a copy of it with
amounts, percentages, years and counts in the headings of every level
(黑体, 楷体, bold 仿宋, 仿宋; plain and run-in) and in bold text
(tests/pdf_support.py). On every line of both:

- no two glyph boxes overlap by more than 0.1 mm (a Chinese character is
  16 pt in a 15.79 pt cell, so neighbours always overlap by 0.073 mm: the
  grid allows no more);
- the text of the report body is there, every character, in order, and
  nothing else;
- a number stands against the unit or mark after it (no gap wider than the
  grid needs: none), and a ；or 。 after % prints.

The grid's measuring is also tested without a PDF: a run is boxed in the
cells its width in its font needs (wider digits, wider boxes), squeezed no
more than ``SQUEEZE`` between two characters.
"""

from __future__ import annotations

import pytest

from tui_report.export import grid
from tui_report.export.grid import PITCH, Run, break_lines
from tui_report.render.blocks import blocks
from tui_report.render.text import plain
from tui_report.report.store import load

from .conftest import SAMPLE, run_cli
from .pdf_support import MM, face, pdf_lines, squeeze, text_of, with_figures_in_headings

pytestmark = [pytest.mark.xdist_group("pdf-glyphs"), pytest.mark.slow]

TOP, BOTTOM = 37 * MM, (37 + 225) * MM
LIMIT = 0.1 * MM


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """(report folder, its PDF's lines) of the sample and of the report with
    figures in its headings."""
    base = tmp_path_factory.mktemp("pdf-glyphs")
    out = {}
    for name, folder in (("sample", SAMPLE), ("headings", with_figures_in_headings(base / "headings"))):
        pdf = base / f"{name}.pdf"
        res = run_cli("export", str(folder), "--format", "pdf", "--draft", "-o", str(pdf))
        assert res.returncode == 0, res.stderr
        out[name] = (folder, pdf_lines(pdf))
    return out


def body(lines):
    """The report body's lines: inside the text block, before the 附件."""
    first = next((page for page, _, chars in lines if text_of(chars).strip() == "附件"), 10**6)
    return [(page, base, chars) for page, base, chars in lines if TOP < base < BOTTOM and page < first]


def expected(folder) -> str:
    """The body as the report's blocks say it prints, white space aside."""
    parts = []
    for b in blocks(load(folder)):
        if b.kind == "heading":
            parts.append(b.number + b.text + (b.body if b.run_in else ""))
        elif b.kind == "item":
            parts.append(b.number + b.text)
        elif b.kind == "table":
            parts.extend(cell for row in b.rows for cell in row)
        else:
            parts.append(b.text)
    return squeeze(plain("".join(parts)))


@pytest.mark.parametrize("name", ["sample", "headings"])
def test_no_two_glyphs_on_a_line_overlap_by_more_than_a_tenth_of_a_millimetre(exports, name):
    _, lines = exports[name]
    worst = []
    for page, _, chars in lines:
        inked = [c for c in chars if c["text"].strip()]
        for a, b in zip(inked, inked[1:], strict=False):
            if a["x1"] - b["x0"] > LIMIT:
                worst.append((page, a["text"] + b["text"], round((a["x1"] - b["x0"]) / MM, 3), text_of(chars)))
    assert worst == []


@pytest.mark.parametrize("name", ["sample", "headings"])
def test_every_character_of_the_body_prints_in_order(exports, name):
    folder, lines = exports[name]
    printed = squeeze("".join(text_of(chars) for _, _, chars in body(lines)))
    assert printed == expected(folder)


def test_the_headings_hold_figures_in_every_font_role(exports):
    """What the test above reads really is set in each role's face."""
    _, lines = exports["headings"]
    faces_with_digits = {face(c) for _, _, chars in body(lines) for c in chars if c["text"].isdigit()}
    assert {"LXGW-WenKai", "Noto-Sans-CJK-SC", "FandolFang"} <= faces_with_digits
    assert any("Bold" in f for f in faces_with_digits)  # bold 仿宋: level 3 and bold text


@pytest.mark.parametrize("name", ["sample", "headings"])
def test_a_number_stands_against_the_unit_or_mark_after_it(exports, name):
    _, lines = exports[name]
    gaps = []
    for _, _, chars in body(lines):
        for a, b in zip(chars, chars[1:], strict=False):
            if (a["text"].isdigit() or a["text"] == "%") and ord(b["text"]) > 0x2000 \
                    and b["text"] not in grid.CLOSING_BRACKETS:
                gaps.append((round(b["x0"] - a["x1"], 2), a["text"] + b["text"], text_of(chars)))
    assert gaps and max(gaps)[0] <= 0.5, max(gaps)  # pt: the glyphs touch


def test_a_mark_after_a_percent_sign_prints(exports):
    folder, lines = exports["headings"]
    printed = squeeze("".join(text_of(chars) for _, _, chars in body(lines)))
    for pair in ("66.86%；", "66.86%。", "18.62%；", "100%。", "100%；", "98.5%。", "81.38%。"):
        assert pair in printed, pair


# --- the grid's measures, without a PDF -------------------------------------------------------------


def fixed(width_of_digit: float):
    """A measure giving ASCII ``width_of_digit`` ems at the body size."""
    return lambda text, tags: len(text) * width_of_digit * grid.FONT_SIZE


def test_a_run_takes_the_cells_its_width_in_its_font_needs():
    text = "项目支出130.50万元。"
    half = break_lines([Run(text)], indent=0, measure=fixed(0.5))[0]
    wide = break_lines([Run(text)], indent=0, measure=fixed(0.6))[0]
    # six characters: three cells at half an em, four at 0.6 em (LXGW WenKai's digits)
    assert [p.seg for p in half.parts if p.seg] == [3]
    assert [p.seg for p in wide.parts if p.seg] == [4]


def test_a_run_is_squeezed_no_more_than_squeeze_to_save_a_cell():
    # FandolFang's digits are half an em: four are 32 pt, two cells 31.59 pt
    # (the last may run past its box as a Chinese character past its cell)
    line = break_lines([Run("共2022年")], indent=0, measure=fixed(0.5))[0]
    box = next(p for p in line.parts if p.seg)
    assert box.seg == 2 and -grid.SQUEEZE <= box.spacing < 0
    # three a little wider need a second cell rather than a squeeze past it
    line = break_lines([Run("共100人")], indent=0, measure=fixed(0.56))[0]
    box = next(p for p in line.parts if p.seg)
    assert box.seg == 2 and box.spacing == 0


def test_a_number_sits_against_its_unit_and_a_bracketed_one_in_the_middle():
    line = break_lines([Run("（1）项目支出28.67万元，2022年")], indent=2, measure=fixed(0.5))[0]
    aligns = {"".join(r.text for r in p.runs): p.align for p in line.parts if p.seg}
    assert aligns == {"1": "center", "28.67": "right", "2022": "right"}


def test_a_number_starting_a_line_takes_its_own_width_and_the_line_the_rest():
    text = "项" * 28 + "28.67万元" + "项" * 30
    second = break_lines([Run(text)], indent=0, measure=fixed(0.5))[1]
    box = second.parts[0]
    assert box.seg == 3 and box.align == "left"
    assert box.width == pytest.approx(5 * 0.5 * grid.FONT_SIZE, abs=0.01)
    assert box.width < 3 * PITCH  # not its three cells
    assert second.spacing() is not None and second.spacing() > grid.BASE_SPACING  # set looser to end flush
