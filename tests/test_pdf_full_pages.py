"""Every page of the PDF is full, as the standard's pages are, and tables stay
on the line grid.

On the sample and on a 30-odd-page generated report with tables: every page
but the last of the body carries 22 grid lines, unless a heading moved to
the next page to keep with what follows it (then the next page starts with
that heading); every 16 pt line sits on the grid, the text after a table
too; a table's rules lie on grid lines (so it is a whole number of lines
high) with a blank grid line above and below it. And the body is set in the
open 仿宋, FandolFang, where it is installed: every character of the sample
has a glyph in it, and ``pdffonts`` names it.

The PDFs are read with test_pdf_sample's readers and measures.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pytest

from tui_report.export import fonts
from tui_report.render.blocks import blocks
from tui_report.render.text import to_text
from tui_report.report.store import load

from . import test_pdf_sample as sample_pdf
from .conftest import ROOT, SAMPLE
from .test_pdf_sample import BOTTOM, MM, PITCH_Y, TOP, text_of

pytestmark = [pytest.mark.xdist_group("pdf-full-pages"), pytest.mark.slow]

# test_pdf_sample's export and readers, run again in this module
exported = sample_pdf.exported
pdf = sample_pdf.pdf
lines = sample_pdf.lines
body_lines = sample_pdf.body_lines

GENERATED_SECTIONS = 70  # seven files of ten sections: some 31 pages
TOL = 1 * MM


def slot(base: float, size: float) -> float:
    """The grid line (0-based) a baseline's em box is centred on."""
    return (base - 0.38 * size - TOP) / PITCH_Y - 0.5


def by_page(found) -> dict[int, list[tuple[float, list]]]:
    pages = defaultdict(list)
    for page, base, chars in found:
        if TOP < base < BOTTOM:
            pages[page].append((base, chars))
    return dict(sorted(pages.items()))


def short_pages(pages, heads: list[str]) -> list[tuple[int, int, str]]:
    """Pages but the last that stop short of the 22nd grid line, other than
    those whose next page starts with a heading (it moved to keep with what
    follows it)."""
    out = []
    numbers = list(pages)
    for page in numbers[:-1]:
        base, chars = pages[page][-1]
        used = round(slot(base, chars[0]["size"])) + 1
        if used >= 22:
            continue
        nxt = text_of(pages[page + 1][0][1]) if page + 1 in pages else ""
        if any(h.startswith(nxt) or nxt.startswith(h) for h in heads if nxt):
            continue
        out.append((page, used, nxt[:12]))
    return out


def off_grid(pages) -> list[str]:
    """16 pt lines (body and headings) not centred on a grid line."""
    bad = []
    for rows in pages.values():
        for base, chars in rows:
            if abs(chars[0]["size"] - 16) < 0.1:
                k = slot(base, 16)
                if abs(k - round(k)) * PITCH_Y > TOL:
                    bad.append(text_of(chars)[:20])
    return bad


# --- the sample ---------------------------------------------------------------


def heads_of(report) -> list[str]:
    return [f"{b.number}{b.text}" for b in blocks(report) if b.kind == "heading"]


def test_every_page_of_the_sample_but_the_last_is_full(body_lines):
    pages = by_page(body_lines)
    assert len(pages) >= 6
    assert short_pages(pages, heads_of(load(SAMPLE))) == []
    # and no heading had to move: every page but the last is 22 lines
    for page in list(pages)[:-1]:
        base, chars = pages[page][-1]
        assert round(slot(base, chars[0]["size"])) == 21, page
    assert off_grid(pages) == []


# --- a long generated report with tables --------------------------------------


def _with_tables(root: Path) -> None:
    """A table at the start of every other file's first section: rows of one
    and of two lines, and text after it."""
    for k, path in enumerate(sorted((root / "sections").glob("*.toml"))):
        if k % 2:
            continue
        rows = "\n".join(f"| 项目{k}-{r} | {r * 1.5:.2f} | 按计划完成第{r}项{'工作内容较多需要换行说明' * (r % 3)} |"
                         for r in range(1, 6))
        table = f"| 项目 | 金额（万元） | 说明 |\n|---|---|---|\n{rows}\n"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("body = '''\n", "body = '''\n" + table, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_report import make_report
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from tui_report.export.pdf import export_pdf

    base = tmp_path_factory.mktemp("pdf-long")
    root = make_report(base / "report", sections=GENERATED_SECTIONS, figures=200)
    _with_tables(root)
    report = load(root)
    out = base / "long.pdf"
    result = export_pdf(report, out)
    assert result.warnings == [], result.warnings
    with pdfplumber.open(out) as doc:
        found, rects = [], defaultdict(list)
        for page in doc.pages:
            rows = defaultdict(list)
            for c in page.chars:
                rows[round(page.height - c["matrix"][5], 1)].append(c)
            for b in sorted(rows):
                found.append((page.page_number, b, sorted(rows[b], key=lambda c: c["x0"])))
            rects[page.page_number] = [(r["top"], r["bottom"]) for r in page.rects]
    return report, result, found, dict(rects)


def test_the_generated_report_runs_to_30_pages_and_has_tables(generated):
    report, result, _, rects = generated
    assert result.pages >= 30
    assert sum(bool(r) for r in rects.values()) >= 3


def test_every_page_but_the_last_is_full_or_a_heading_moved(generated):
    report, _, found, _ = generated
    pages = by_page(found)
    short = short_pages(pages, heads_of(report))
    assert short == []
    moved = sum(round(slot(rows[-1][0], rows[-1][1][0]["size"])) < 21 for rows in list(pages.values())[:-1])
    assert moved <= len(pages) // 8  # a few headings keep with a table that does not fit below them


def test_text_after_tables_stays_on_the_grid(generated):
    _, _, found, _ = generated
    assert off_grid(by_page(found)) == []


def test_table_rules_lie_on_grid_lines(generated):
    _, _, _, rects = generated
    edges = [y for page in rects.values() for top, bottom in page for y in (top, bottom)]
    assert edges
    for y in edges:  # the 0.75 pt rules are centred on grid lines
        k = (y - TOP) / PITCH_Y
        assert abs(k - round(k)) * PITCH_Y <= 0.5, y


def test_a_blank_grid_line_above_and_below_each_table(generated):
    _, _, found, rects = generated
    pages = by_page(found)
    checked = 0
    for page, page_rects in rects.items():
        if not page_rects:
            continue
        top = round((min(t for t, _ in page_rects) - TOP) / PITCH_Y)
        bottom = round((max(b for _, b in page_rects) - TOP) / PITCH_Y)
        slots = [round(slot(base, chars[0]["size"])) for base, chars in pages[page]]
        inside = [s for s in slots if top <= s < bottom]
        above = [s for s in slots if s < top]
        below = [s for s in slots if s >= bottom]
        assert inside
        if above:  # the table does not start the page
            assert max(above) <= top - 2, (page, top, above[-3:])
        if below and bottom < 22:
            assert min(below) >= bottom + 1, (page, bottom, below[:3])
            checked += 1
    assert checked >= 2


# --- the open 仿宋 ---------------------------------------------------------------

fandol = pytest.mark.skipif("fandolfang" not in fonts.installed_families(),
                            reason="FandolFang 未安装（Debian 软件包 texlive-lang-chinese，由 make setup 注册到 fontconfig）")


@fandol
def test_fandolfang_is_the_body_face_and_covers_the_sample():
    chosen = fonts.resolve()
    assert chosen["fangsong"].family == "FandolFang"
    assert "Noto Serif CJK SC" in chosen["fangsong"].fallbacks  # per character, where FandolFang has no glyph
    assert fonts.missing_glyphs(to_text(load(SAMPLE)), "FandolFang") == set()
    assert '--font-fangsong: "FandolFang", "Noto Serif CJK SC";' in fonts.css(chosen)


@fandol
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts（poppler-utils）未安装")
def test_pdffonts_names_fandolfang_on_the_sample(exported, body_lines):
    out = subprocess.run(["pdffonts", str(exported[0])], capture_output=True, text=True, timeout=60).stdout
    assert "FandolFang" in out
    body = [c for _, _, chars in body_lines for c in chars if abs(c["size"] - 16) < 0.1]
    share = sum("FandolFang" in c["fontname"] for c in body) / len(body)
    assert share > 0.75  # the body; headings in 黑体, 楷体 and bold run-in headings take the rest
