"""The page grid has one source: tui_report/export/grid.py.

styles/report.css reads the grid's numbers as custom properties
(``var(--grid-…)``) that :func:`grid.css` writes and the exporter adds, so
the stylesheet holds none of them; the exported sample still sets its body
lines on the 225 mm / 22 pitch.

The PDF is read with test_pdf_sample's fixtures and helpers; only the
``exported`` fixture is ours, so that the export runs on a copy of the sample.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from itertools import pairwise

import pytest

from tui_report.export import grid

from . import test_pdf_sample as sample_pdf
from .conftest import IGNORE_STATE, ROOT, SAMPLE, run_cli

pytestmark = pytest.mark.xdist_group("pdf-grid-source")

CSS = ROOT / "styles" / "report.css"
#: what report.css used to spell out by hand
OLD_NUMBERS = ("28.9906", "31.586", "0.207", "0.1035", "hwid")

# test_pdf_sample's readers of the PDF, run here on our ``exported``
pdf = sample_pdf.pdf
lines = sample_pdf.lines
body_lines = sample_pdf.body_lines
text_of = sample_pdf.text_of


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    """The sample exported from a private copy of its folder (like the
    ``sample`` fixture, but once for the session, as test_pdf_sample's
    readers want)."""
    base = tmp_path_factory.mktemp("pdf-grid-source")
    report = base / "report"
    shutil.copytree(SAMPLE, report, ignore=IGNORE_STATE)
    out = base / "report.pdf"
    res = run_cli("export", str(report), "--format", "pdf", "--draft", "-o", str(out), cwd=base)
    assert res.returncode == 0, res.stderr
    return out, res.stderr


# --- the stylesheet -----------------------------------------------------------


def test_report_css_holds_no_hand_worked_grid_number():
    css = CSS.read_text(encoding="utf-8")
    for number in OLD_NUMBERS:
        assert number not in css, number
    assert re.search(r"\.g \{[^}]*letter-spacing:\s*var\(--grid-spacing\)", css)


def test_every_grid_property_the_css_reads_is_written():
    css = CSS.read_text(encoding="utf-8")
    used = set(re.findall(r"var\((--grid-[\w-]+)\)", css))
    # an undefined var() would silently fall back (a page margin of 0)
    assert used and used <= set(grid.properties())
    block = grid.css()
    for name, value in grid.properties().items():
        assert f"  {name}: {value};\n" in block


def test_grid_properties_describe_the_page():
    props = grid.properties()

    def pt(name: str) -> float:
        value = props[name]
        assert value.endswith("pt"), value
        return float(value[:-2])  # read back exactly: no digits lost

    # the cell less the font size, to the hundredth of a point: the engine
    # draws spacing in steps of its own (grid.drawable)
    assert pt("--grid-spacing") == grid.BASE_SPACING == pytest.approx(grid.PITCH - grid.FONT_SIZE, abs=0.01)
    assert grid.BASE_SPACING == grid.drawable(grid.BASE_SPACING)
    assert pt("--grid-cell") == pytest.approx(grid.PITCH, abs=0.01)
    assert pt("--grid-indent") == pytest.approx(grid.INDENT * grid.PITCH, abs=0.001)
    assert pt("--grid-font-size") == grid.FONT_SIZE == 16
    line = pt("--grid-line")
    assert line == grid.LINE_PITCH
    assert 22 * line <= 225 * grid.MM and 22 * line == pytest.approx(225 * grid.MM, abs=0.01)
    margins = [props[f"--grid-margin-{side}"] for side in ("top", "right", "bottom", "left")]
    assert margins == ["37mm", "26mm", "35mm", "28mm"]


# --- the PDF ------------------------------------------------------------------


def test_body_lines_sit_on_the_line_pitch(pdf, body_lines):
    """Every line of the text block stands in one of the 22 grid lines: its
    baseline, less the offset its font gives it within a line (its own, or
    the body's in a run-in heading's paragraph), is a whole number of
    pitches below the top of the text block, on every page."""
    pitch = grid.LINE_PITCH
    assert pitch == 28.9906
    tol = 0.001  # pt: 21 lines of the unrounded 225 mm / 22 would be 0.002 off

    def baseline(page: int, chars) -> float:
        # body_lines groups characters by a baseline rounded to 0.1 pt; measure
        # the exact one
        return pdf.pages[page - 1].height - chars[0]["matrix"][5]

    offsets = defaultdict(list)  # (font, size) → where its baseline sits in a grid line
    slots = defaultdict(set)  # page → grid lines in use
    for page, _, chars in body_lines:
        face = {(c["fontname"].split("+")[-1], round(c["size"], 2)) for c in chars}
        if len(face) != 1:  # a run-in heading mixes faces; its baseline is its body's
            continue
        y = baseline(page, chars) - sample_pdf.TOP
        slot = int(y // pitch)
        assert 0 <= slot < 22, text_of(chars)
        offsets[face.pop()].append(y - slot * pitch)
        slots[page].add(slot)
    assert sum(map(len, offsets.values())) > 100
    # a face sits at one offset on its own lines; a heading face may also sit
    # on the body's baseline, in a run-in heading's paragraph (whose lines
    # are the body's even where the heading fills one)
    body = max(offsets, key=lambda f: len(offsets[f]))
    assert max(offsets[body]) - min(offsets[body]) <= tol, (body, min(offsets[body]), max(offsets[body]))
    on_body = offsets[body][0]
    for face, found in offsets.items():
        own = [y for y in found if abs(y - on_body) > tol]
        if own:
            assert max(own) - min(own) <= tol, (face, min(own), max(own))
    assert any(21 in used for used in slots.values())  # some page is full
    # lines of one face in a row are exactly one pitch apart
    steps = [
        baseline(p2, c2) - baseline(p1, c1)
        for (p1, _, c1), (p2, _, c2) in pairwise(body_lines)
        if p1 == p2 and c1[0]["fontname"] == c2[0]["fontname"]
    ]
    steps = [s for s in steps if s < 1.5 * pitch]
    assert len(steps) > 80  # (the body's 7 full pages; bold run-in heading lines start another face)
    assert all(abs(s - pitch) <= tol for s in steps), (min(steps), max(steps))
