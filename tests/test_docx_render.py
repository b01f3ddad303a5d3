"""The sample's DOCX as a real renderer lays it out: LibreOffice converts it to
PDF headlessly (tests/lo_support.py: a private profile, a timeout, the
standard faces mapped to this machine's open ones), and the PDF is measured
with test_pdf_sample's readers: margins within 1 mm, 22 lines on every full
page, the page numbers at the right side for their parity.

Skipped when soffice is not installed (Debian ``libreoffice-writer-nogui``,
which ``make setup`` installs when it can).

LibreOffice 7.4 gives a character wider than its grid cell two cells (28
characters of 16 pt need a 15.79 pt pitch): the DOCX sets characters at 98 %
width so that it sets 28 to a line as Word and WPS do (export/docx_parts.py).
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from . import test_pdf_sample as sample_pdf
from .conftest import SAMPLE, run_cli
from .lo_support import soffice, to_pdf
from .test_pdf_sample import A4, BOTTOM, LEFT, MM, PITCH_X, PITCH_Y, RIGHT, TOP, text_of

pytestmark = [pytest.mark.xdist_group("docx-render"), pytest.mark.slow,
              pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) 未安装：Debian 软件包 "
                                 "libreoffice-writer-nogui，make setup 会尝试安装")]

# test_pdf_sample's readers of a PDF, run on our ``exported``
pdf = sample_pdf.pdf
lines = sample_pdf.lines
body_lines = sample_pdf.body_lines


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("docx-render")
    docx = base / "sample.docx"
    res = run_cli("export", str(SAMPLE), "--format", "docx", "-o", str(docx))
    assert res.returncode == 0, res.stderr
    return to_pdf(docx, base / "lo"), res.stderr


def grid_index(base: float, size: float) -> float:
    """Which grid line (0-based) a baseline's em box is centred on."""
    return (base - 0.38 * size - TOP) / PITCH_Y - 0.5


@pytest.fixture(scope="session")
def pages(body_lines):
    by_page = defaultdict(list)
    for page, base, chars in body_lines:
        by_page[page].append((base, chars))
    return dict(sorted(by_page.items()))


def test_pages_are_a4(pdf):
    assert len(pdf.pages) >= 5
    for page in pdf.pages:
        assert page.width == pytest.approx(A4[0], abs=0.5) and page.height == pytest.approx(A4[1], abs=0.5)


def test_margins_within_a_millimetre(pages):
    tol = 1 * MM
    from tui_report.export.grid import CLOSING

    starts = [chars[0]["x0"] for rows in pages.values() for _, chars in rows]
    # a closing mark (，。) may hang past the right edge, as Word's default
    # (w:overflowPunct) lets it: the edge is measured on the last other
    # character, and a hanging mark may take no more than its one cell
    ends = []
    for rows in pages.values():
        for _, chars in rows:
            body = [c for c in chars if c["text"] not in CLOSING] or chars
            ends.append(body[-1]["x1"])
            assert chars[-1]["x1"] <= RIGHT + PITCH_X + tol, text_of(chars)
    assert min(starts) == pytest.approx(LEFT, abs=tol)  # 订口 28 mm
    assert max(ends) == pytest.approx(RIGHT, abs=tol)  # 210 − 26 mm
    for rows in pages.values():
        for base, chars in rows:  # every body-size line inside the text block, on a grid line
            k = grid_index(base, chars[0]["size"])
            assert -0.5 < k < 21.5
            if abs(chars[0]["size"] - 16) < 0.1:  # (the 22 pt title sits where LibreOffice puts it in its line)
                assert abs(k - round(k)) * PITCH_Y <= tol, text_of(chars)
    full = [rows for rows in pages.values() if len(rows) == 22]
    assert full
    for rows in full:  # 天头 37 mm: the first line on the first grid line, the 22nd on the last
        assert grid_index(rows[0][0], 16) == pytest.approx(0, abs=tol / PITCH_Y)
        assert grid_index(rows[-1][0], 16) == pytest.approx(21, abs=tol / PITCH_Y)


def test_22_lines_on_every_full_page(pages, body_lines):
    from tui_report.render.blocks import blocks
    from tui_report.report.store import load

    heads = [f"{b.number}{b.text}" for b in blocks(load(SAMPLE)) if b.kind == "heading"]
    numbers = list(pages)
    headings = {page: text_of(rows[0][1]) for page, rows in pages.items()}
    short = []
    for page in numbers[:-1]:
        used = round(grid_index(pages[page][-1][0], pages[page][-1][1][0]["size"])) + 1
        if used == 22:
            continue
        # a heading (of one or two lines) moved to keep with its first line:
        # the next page starts with it
        nxt = headings.get(page + 1, "")
        if used >= 20 and any(h.startswith(nxt) or nxt.startswith(h) for h in heads):
            continue
        short.append((page, used, nxt[:10]))
    assert not short, short
    assert sum(len(rows) == 22 for rows in pages.values()) >= len(pages) // 2


def test_page_numbers_odd_right_even_left(lines):
    numbers = [(page, base, chars) for page, base, chars in lines if base > BOTTOM]
    assert len(numbers) == len({page for page, _, _ in lines})
    one_char = 14  # pt: one 4号 character in from the edge
    for page, base, chars in numbers:
        assert text_of(chars) == f"— {page} —"
        assert {round(c["size"], 2) for c in chars} == {14.0}
        assert base - 0.88 * 14 == pytest.approx(BOTTOM + 7 * MM, abs=1 * MM)  # 7 mm below the text block
        if page % 2:
            assert chars[-1]["x1"] == pytest.approx(RIGHT - one_char, abs=1 * MM)
        else:
            assert chars[0]["x0"] == pytest.approx(LEFT + one_char, abs=1 * MM)


def test_pure_chinese_lines_hold_28_characters(pages):
    """A continuation line of Chinese only that reaches the right edge holds
    28 characters (29 with a closing mark hanging past the edge)."""
    lines = [chars for rows in pages.values() for (_, chars) in rows
             if all(ord(c["text"]) > 0x2000 for c in chars) and abs(chars[0]["x0"] - LEFT) < 1 * MM
             and abs(chars[0]["size"] - 16) < 0.1 and chars[-1]["x1"] > RIGHT - 1 * MM]
    assert len(lines) > 30
    counts = [len(chars) - (chars[-1]["x1"] > RIGHT + 1 * MM) for chars in lines]
    assert sum(n == 28 for n in counts) / len(counts) >= 0.9, counts


def test_the_standard_faces_are_set_in_their_substitutes(pdf):
    from tui_report.export import fonts

    chosen = fonts.resolve()
    used = {c["fontname"].split("+")[-1] for page in pdf.pages[:2] for c in page.chars}
    body = chosen["fangsong"].family.replace(" ", "")
    assert any(name.replace("-", "").startswith(body) for name in used), used
