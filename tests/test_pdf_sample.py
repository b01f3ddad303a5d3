"""The sample report exported to PDF, read back with pdfplumber and pypdf.

One export per test run (the CLI, in a fresh process, with no ``-o`` so it
also shows where the default file goes); every test reads that file. The
sample keeps the published report's wrong balance (an error), so it exports
with ``--draft``: every measurement of the grid below is made with the 草稿
mark in place, which proves the mark moves no body line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from tui_report.export import fonts, grid
from tui_report.render.blocks import blocks
from tui_report.render.text import to_text
from tui_report.report.store import load

from .conftest import SAMPLE, SEED, run_cli
from .pdf_support import lines_of

pytestmark = pytest.mark.xdist_group("pdf-sample")

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, TOP = 28 * MM, 37 * MM
RIGHT, BOTTOM = LEFT + 156 * MM, TOP + 225 * MM
PITCH_Y = 225 * MM / 22
PITCH_X = 156 * MM / 28


@pytest.fixture(scope="session")
def exported(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("pdf-sample")
    res = run_cli("export", str(SAMPLE), "--format", "pdf", "--draft", cwd=cwd)
    assert res.returncode == 0, res.stderr
    return cwd / f"{SAMPLE.name}.pdf", res.stderr


@pytest.fixture(scope="session")
def pdf(exported):
    with pdfplumber.open(exported[0]) as doc:
        yield doc


@pytest.fixture(scope="session")
def lines(pdf):
    """Text lines of every page: (page number, baseline from the top, chars)."""
    return lines_of(pdf)


def attachment_start(lines) -> int:
    """The page the 附件 (the 自评表) starts on: a line that is just 附件."""
    return next((page for page, _, chars in lines if text_of(chars).strip() == "附件"), 10**6)


@pytest.fixture(scope="session")
def body_lines(lines):
    """Lines of the report body inside the text block (page numbers, the
    draft mark and the 附件 pages left out: those are measured on their own)."""
    first = attachment_start(lines)
    return [line for line in lines if TOP < line[1] < BOTTOM and line[0] < first]


@pytest.fixture(scope="session")
def roles():
    return fonts.resolve()


def text_of(chars) -> str:
    return "".join(c["text"] for c in chars)


def unhung(chars):
    """A line without its hanging mark: a closing point mark past the right
    edge of the text block (Word's 允许标点溢出边界), which keeps a line's 28
    characters on the grid when the mark may not start the next line."""
    last = chars[-1]
    if last["text"] in grid.HANGING and last["x0"] >= RIGHT - 1:
        assert last["x0"] == pytest.approx(RIGHT, abs=1)  # hangs from the edge, in the next cell
        return chars[:-1]
    return chars


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def ps_name(family: str) -> str:
    return family.replace(" ", "-")


# --- the command ------------------------------------------------------------


def test_default_output_is_folder_name_in_current_directory_and_said(exported, roles):
    path, stderr = exported
    assert path.is_file() and path.read_bytes().startswith(b"%PDF-")
    assert f"已导出 {path}" in stderr
    for choice in roles.values():  # names the font it used for each role
        assert f"{choice.name}：{choice.family}" in stderr


# --- page and text block ------------------------------------------------------


def test_pages_are_a4(pdf):
    assert len(pdf.pages) >= 5
    for page in pdf.pages:
        assert page.width == pytest.approx(A4[0], abs=0.5)
        assert page.height == pytest.approx(A4[1], abs=0.5)


def test_text_block_is_where_the_standard_puts_it(body_lines):
    tol = 1 * MM
    continuation = [unhung(chars) for _, _, chars in body_lines if chars[0]["x0"] < LEFT + PITCH_X]
    assert continuation
    assert min(c[0]["x0"] for c in continuation) == pytest.approx(LEFT, abs=tol)
    assert max(c[-1]["x1"] for c in continuation) == pytest.approx(RIGHT, abs=tol)
    by_page = defaultdict(list)
    for page, base, chars in body_lines:
        by_page[page].append((base, chars))
    full = [rows for rows in by_page.values() if len(rows) == 22]
    assert full, "no page holds 22 lines"
    assert max(len(rows) for rows in by_page.values()) == 22
    for rows in full:
        # the ideographic em box of each line sits centred in its grid line
        for k, (base, chars) in enumerate(rows):
            size = chars[0]["size"]
            centre = base - 0.38 * size
            assert centre == pytest.approx(TOP + (k + 0.5) * PITCH_Y, abs=tol), text_of(chars)


def test_body_is_16pt_and_title_22pt(body_lines):
    sizes = defaultdict(int)
    for _, _, chars in body_lines:
        for c in chars:
            sizes[round(c["size"], 2)] += 1
    assert max(sizes, key=sizes.get) == 16.0
    title = body_lines[0][2]
    assert {round(c["size"], 2) for c in title} == {22.0}
    assert set(sizes) == {16.0, 22.0}


def test_every_heading_and_paragraph_of_the_seed_in_order(body_lines):
    if not SEED.exists():
        pytest.skip("seed report not available")
    from .test_export_text import normalized_seed

    text = squeeze("".join(text_of(chars) for _, _, chars in body_lines))
    expected = [to_text(load(SAMPLE)).splitlines()[0]] + normalized_seed()[1:]
    pos = 0
    for para in expected:
        found = text.find(squeeze(para), pos)
        assert found >= 0, f"missing or out of order: {para[:40]}"
        pos = found + len(squeeze(para))
    assert pos == len(text)  # and nothing else


def test_the_draft_mark_is_on_every_page_above_the_text_block(lines, roles):
    marks = [(page, base, chars) for page, base, chars in lines if base < TOP]
    assert [page for page, _, _ in marks] == sorted({page for page, _, _ in lines})
    for _, base, chars in marks:
        assert text_of(chars) == "草稿"
        assert {c["fontname"].split("+")[-1] for c in chars} == {ps_name(roles["heiti"].family)}
        assert base < TOP - 5 * MM  # well clear of the first line


def test_page_numbers_odd_right_even_left(lines):
    numbers = [(page, base, chars) for page, base, chars in lines if base > BOTTOM]
    assert [text_of(chars) for _, _, chars in numbers][:2] == ["— 1 —", "— 2 —"]
    assert len(numbers) == len({page for page, _, _ in lines})
    one_char = 14  # pt: one 4号 character in from the edge
    for page, base, chars in numbers:
        assert text_of(chars) == f"— {page} —"
        assert {round(c["size"], 2) for c in chars} == {14.0}
        # em box top 7 mm below the text block
        assert base - 0.88 * 14 == pytest.approx(BOTTOM + 7 * MM, abs=1 * MM)
        if page % 2:
            assert chars[-1]["x1"] == pytest.approx(RIGHT - one_char, abs=1 * MM)
        else:
            assert chars[0]["x0"] == pytest.approx(LEFT + one_char, abs=1 * MM)


def grid_cells(chars) -> int:
    """Cells a line fills: a full-width character one; a run of half-width
    characters half a cell each, rounded up to whole cells (GB/T 9704
    counts Chinese characters; digits and Latin sit two to a cell)."""
    total, half = 0, 0
    for c in chars:
        if c["x1"] - c["x0"] < 0.75 * c["size"]:
            half += 1
        else:
            total += (half + 1) // 2 + 1
            half = 0
    return total + (half + 1) // 2


def test_full_body_lines_hold_28_characters_and_end_flush(body_lines, roles):
    body_font = ps_name(roles["fangsong"].family)
    full = []
    for (_, _, chars), (_, _, nxt) in pairwise(body_lines):
        is_body = all(c["fontname"].split("+")[-1] == body_font for c in chars)
        continued = nxt[0]["x0"] < LEFT + 1  # the paragraph goes on below
        if is_body and continued and abs(chars[0]["size"] - 16) < 0.01:
            full.append(unhung(chars))
    assert len(full) > 50
    good = 0
    for chars in full:
        indent = round((chars[0]["x0"] - LEFT) / PITCH_X)
        if grid_cells(chars) + indent == 28 and abs(chars[-1]["x1"] - RIGHT) <= 1:
            good += 1
    assert good / len(full) >= 0.90, f"{good} of {len(full)}"
    # and no full line runs past the edge or stops short of it by more than 1 pt
    assert all(abs(chars[-1]["x1"] - RIGHT) <= 1 for chars in full)


def test_pure_chinese_lines_are_exactly_28_characters(body_lines, roles):
    body_font = ps_name(roles["fangsong"].family)
    plain = [
        unhung(chars) for (_, _, chars), (_, _, nxt) in pairwise(body_lines)
        if nxt[0]["x0"] < LEFT + 1 and chars[0]["x0"] < LEFT + 1
        and all(c["fontname"].split("+")[-1] == body_font and ord(c["text"]) > 0x2000 for c in chars)
    ]
    assert len(plain) > 30
    exact = sum(len(chars) == 28 and abs(chars[-1]["x1"] - RIGHT) <= 1 for chars in plain)
    assert exact / len(plain) >= 0.90


# --- fonts ------------------------------------------------------------------


def test_fonts_are_embedded_and_subset(exported, roles):
    reader = pypdf.PdfReader(exported[0])
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            assert re.match(r"^/?[A-Z]{6}\+", name), name  # subset tag
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
            names.add(name.split("+", 1)[1])
    for choice in roles.values():  # the font named for each role is the one embedded
        assert any(n.startswith(ps_name(choice.family)) for n in names), (choice, names)
    # the body and the 自评表 attachment (its table adds some 200 glyphs):
    # each font subset to its glyphs, renumbered (a CJK font keeping every
    # glyph id carried 80 to 160 KB of empty glyphs and metrics)
    assert exported[0].stat().st_size <= 600 * 1024


def test_embedded_fonts_hold_only_the_glyphs_drawn(exported):
    """Each font is renumbered from 0: a CJK face of 60 000 glyphs embeds a
    few hundred, not 60 000 ids of which all but those are empty."""
    import io

    from fontTools.ttLib import TTFont

    reader = pypdf.PdfReader(exported[0])
    seen = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            stream = next(descriptor[k] for k in ("/FontFile2", "/FontFile3") if k in descriptor).get_object()
            widths = descendant["/W"]
            seen[str(font["/BaseFont"])] = (TTFont(io.BytesIO(stream.get_data()))["maxp"].numGlyphs,
                                           max(int(w) for w in widths[::2]))
    assert len(seen) == 5
    for name, (glyphs, highest_id) in seen.items():
        assert glyphs <= 2000 and highest_id < glyphs, (name, glyphs, highest_id)


def test_heading_levels_use_their_roles(body_lines, roles):
    def line_starting(prefix):
        for _, _, chars in body_lines:
            if text_of(chars).startswith(prefix):
                return chars
        raise AssertionError(prefix)

    def fonts_of(chars):
        return {c["fontname"].split("+")[-1] for c in chars}

    assert fonts_of(line_starting("一、部门概况")) == {ps_name(roles["heiti"].family)}
    assert fonts_of(line_starting("（一）部门")) == {ps_name(roles["kaiti"].family)}
    # bold 仿宋, in the role's bold family (the 仿宋 itself when it has a
    # bold face; FandolFang has none)
    level3 = fonts_of(line_starting("1.职能职责"))
    assert len(level3) == 1
    bold = ps_name(roles["fangsong"].bold_family)
    assert all(n.startswith(bold) and ("Bold" in n or bold != ps_name(roles["fangsong"].family)) for n in level3)
    run_in = line_starting("1.做好市对区绩效评估")
    head = [c for c in run_in if c["fontname"].split("+")[-1].startswith(bold) and
            ("Bold" in c["fontname"] or bold != ps_name(roles["fangsong"].family))]
    assert text_of(head).startswith("1.做好市对区绩效评估") and text_of(head).endswith("相关工作。")
    assert fonts_of(line_starting("（1）密切联系")) == {ps_name(roles["fangsong"].family)}


# --- metadata and bookmarks ----------------------------------------------------


def test_metadata_title_author_language(exported):
    reader = pypdf.PdfReader(exported[0])
    report = load(SAMPLE)
    assert reader.metadata.title == "长沙市芙蓉区科学技术协会2022年度部门整体支出绩效自评报告"
    assert reader.metadata.author == report.department
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_bookmarks_for_every_heading(exported):
    reader = pypdf.PdfReader(exported[0])

    def flatten(items, depth=1):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item, depth + 1)
            else:
                yield depth, item.title

    got = list(flatten(reader.outline))
    want = [(b.level, f"{b.number}{b.text}") for b in blocks(load(SAMPLE)) if b.kind == "heading"]
    want.append((1, "附件　2022年度部门整体支出绩效自评表"))  # the 自评表, last
    assert got == want
    assert (3, "1.做好市对区绩效评估“党建带群建”相关工作。") in got  # run-in headings too


def test_css_and_grid_agree_on_the_numbers():
    """The stylesheet reads the grid's numbers from the properties grid.py
    generates (no number is worked out by hand in report.css)."""
    css = (Path(grid.__file__).resolve().parents[2] / "styles" / "report.css").read_text(encoding="utf-8")
    props = {k: float(v.removesuffix("pt").removesuffix("mm")) for k, v in grid.properties().items()}
    g = re.search(r"\.g \{(.*?)\}", css, re.S).group(1)
    assert re.search(r"letter-spacing:\s*var\(--grid-spacing\)", g)
    assert props["--grid-spacing"] == grid.BASE_SPACING
    assert re.search(r"text-indent:\s*var\(--grid-indent\)", g)
    assert props["--grid-indent"] == pytest.approx(grid.INDENT * grid.PITCH, abs=0.001)
    html_rule = re.search(r"\nhtml \{(.*?)\}", css, re.S).group(1)
    assert re.search(r"line-height:\s*var\(--grid-line\)", html_rule)
    line = props["--grid-line"]
    assert 22 * line <= 225 * MM and 22 * line == pytest.approx(225 * MM, abs=0.01)
    margins = [props[f"--grid-margin-{side}"] for side in ("top", "right", "bottom", "left")]
    assert margins == [37, 26, 35, 28]
