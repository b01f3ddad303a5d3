"""Tables whose columns come from their cells (tui_report/export/table_layout.py).

The 自评表 in the PDF and in the DOCX as LibreOffice renders it
(tests/lo_support.py): no header word broken across lines (分值, 得分,
年初预算数 whole; 年初预算数（万元） breaks before its bracket if at all),
no number broken, 总分 and 评价等级 rows spanning the table, numbers set
right (they end at one x in their column) and text left; the DOCX's
``w:tblGrid`` complete, its widths adding up to the table's. And a table
too wide for the page: a smaller font, then a landscape page, then a
warning naming it, never cut off.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict

import pytest
from lxml import etree

from tui_report.export import table_layout
from tui_report.render.scorecard import tables
from tui_report.report.store import load

from .conftest import SAMPLE, run_cli
from .lo_support import soffice, to_pdf
from .pdf_support import MM, pdf_lines, text_of

pytestmark = [pytest.mark.xdist_group("pdf-tables"), pytest.mark.slow]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def attachment(lines):
    """The lines of the 附件 pages, as text, and the lines themselves."""
    first = next(page for page, _, chars in lines if text_of(chars).strip() == "附件")
    return [(page, base, chars) for page, base, chars in lines if page >= first]


def words_of_the_scorecard():
    """(header words, numbers) the 自评表 prints: each must be on one line."""
    words, numbers = set(), set()
    for table in tables(load(SAMPLE)):
        for k, row in enumerate(table.rows):
            for cell in row:
                if k == 0:
                    words.update(p for p in table_layout.header_pieces(cell) if len(p) > 1)
                elif table_layout.QUANTITY.match(cell.strip()) and cell.strip():
                    numbers.add(cell.strip())
    return words, numbers


def segments(chars, gap: float = 3.0) -> list[tuple[str, float, float]]:
    """A line cut where a gap wider than ``gap`` pt (a cell's padding and
    rule) falls: (text, x0, x1) of each piece, a cell's line each."""
    out: list[list[dict]] = []
    for c in chars:
        if out and c["x0"] - out[-1][-1]["x1"] <= gap:
            out[-1].append(c)
        else:
            out.append([c])
    return [(text_of(cs).strip(), cs[0]["x0"], cs[-1]["x1"]) for cs in out if text_of(cs).strip()]


def check_whole(lines) -> None:
    found = [s for _, _, chars in attachment(lines) for s, _, _ in segments(chars)]
    words, numbers = words_of_the_scorecard()
    assert {"分值", "得分", "年初预算数", "（万元）", "一级指标", "年度指标值", "实际完成值"} <= words
    for word in words:  # a header word in one cell line, never cut
        assert any(word in s for s in found), word
    for number in numbers:
        assert number in found or any(number in s for s in found), number
    assert any(s.startswith("评价等级：") for s in found)  # in a row of its own, whole


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    base = tmp_path_factory.mktemp("pdf-tables")
    out = base / "sample.pdf"
    res = run_cli("export", str(SAMPLE), "--format", "pdf", "--draft", "-o", str(out))
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture(scope="module")
def pdf(pdf_path):
    return pdf_lines(pdf_path)


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory):
    base = tmp_path_factory.mktemp("docx-tables")
    out = base / "sample.docx"
    res = run_cli("export", str(SAMPLE), "--format", "docx", "-o", str(out))
    assert res.returncode == 0, res.stderr
    return out


def test_pdf_scorecard_headers_and_numbers_are_never_broken(pdf):
    check_whole(pdf)


def test_pdf_scorecard_numbers_are_set_right_and_text_left(pdf_path):
    """Each line of a cell against the cell's rules: a number's right end a
    padding in from the cell's right rule, a text's left end a padding in
    from its left rule (the rules are drawn as outlines: pdfplumber's rects)."""
    import pdfplumber

    pad = 0.25 * 12  # the cells' padding (0.25 em at 小四), and the rule's half width
    right, left = [], []
    headers: set[str] = set()
    numbers = set()  # the cells of columns of numbers; 95% among 20场次 and 全覆盖 is text
    for table in tables(load(SAMPLE)):
        numeric = table_layout.numeric_columns(table.rows, table.spans)
        numbers |= {row[k].strip() for row in table.rows[1:] for k in range(len(row)) if numeric[k] and row[k]}
        headers |= set(table.rows[0])  # centred
    with pdfplumber.open(pdf_path) as doc:
        for page in doc.pages[-3:]:
            cells = {(round(r["x0"], 1), round(r["top"], 1), round(r["x1"], 1), round(r["bottom"], 1))
                     for r in page.rects}
            rows = defaultdict(list)
            for c in page.chars:
                rows[round(c["bottom"], 1)].append(c)
            for chars in rows.values():
                for text, x0, x1 in segments(sorted(chars, key=lambda c: c["x0"])):
                    mid, y = (x0 + x1) / 2, chars[0]["top"] + 1
                    box = min((b for b in cells if b[0] <= mid <= b[2] and b[1] <= y <= b[3]),
                              key=lambda b: b[2] - b[0], default=None)
                    if box is None:
                        continue
                    if text in numbers:
                        right.append((round(box[2] - x1 - pad, 1), round(x0 - box[0] - pad, 1), text))
                    elif (text.endswith(("指标", "资金总额", "科普资料")) or text == "95%") and text not in headers:
                        left.append((round(x0 - box[0] - pad, 1), text))
    assert len(right) >= 20 and len(left) >= 10
    assert [x for x in right if not (abs(x[0]) <= 1 and x[0] <= x[1] + 1)] == []  # against the right rule
    assert all(abs(l) <= 1 for l, _ in left), left  # against the left rule


def test_pdf_total_and_grade_rows_span_the_table(pdf):
    lines = attachment(pdf)
    total = next(segments(chars) for _, _, chars in lines if text_of(chars).startswith("总分"))
    grade = next(segments(chars) for _, _, chars in lines if text_of(chars).startswith("评价等级"))
    header = next(segments(chars) for _, _, chars in lines if text_of(chars).startswith("一级指标"))
    assert grade[0][1] == pytest.approx(header[0][1], abs=1)  # from the table's first column
    assert [t for t, _, _ in total] == ["总分", "100", "96.69"]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) 未安装")
def test_docx_scorecard_as_libreoffice_renders_it_breaks_no_header_and_no_number(docx_file, tmp_path):
    check_whole(pdf_lines(to_pdf(docx_file, tmp_path / "lo")))


def test_docx_tables_have_a_complete_grid_that_adds_up_to_the_table(docx_file):
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_file.read_bytes())).read("word/document.xml"))
    tbls = xml.findall(".//w:tbl", NS)
    assert len(tbls) == 3
    for tbl in tbls:
        cols = [int(g.get(W + "w")) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
        width = int(tbl.find("w:tblPr/w:tblW", NS).get(W + "w"))
        assert cols and all(c > 0 for c in cols) and sum(cols) == width
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(W + "type") == "fixed"
        for tr in tbl.findall("w:tr", NS):
            k = 0
            for tc in tr.findall("w:tc", NS):
                span = tc.find("w:tcPr/w:gridSpan", NS)
                n = int(span.get(W + "val")) if span is not None else 1
                assert int(tc.find("w:tcPr/w:tcW", NS).get(W + "w")) == sum(cols[k:k + n])
                k += n
            assert k == len(cols)  # every row covers the grid exactly
    grade = [tc for tc in tbls[-1].iter(W + "tc") if "".join(tc.itertext()).startswith("评价等级")]
    assert grade and grade[0].find("w:tcPr/w:gridSpan", NS).get(W + "val") == "8"


# --- too wide ------------------------------------------------------------------------------------


def wide_report(sample, columns: int) -> None:
    section = sample / "sections" / "assets.toml"
    header = "| " + " | ".join(f"第{k}列" for k in range(1, columns + 1)) + " |"
    rows = ["| " + " | ".join(f"{k * r}.5" for k in range(1, columns + 1)) + " |" for r in (1, 2)]
    table = "\n".join([header, "|" + "---|" * columns, *rows])
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("body = '''\n", "body = '''\n" + table + "\n", 1), encoding="utf-8")


def test_a_table_too_wide_for_a_portrait_page_goes_on_a_landscape_one(sample, tmp_path):
    wide_report(sample, 16)
    out = tmp_path / "w.pdf"
    res = run_cli("export", str(sample), "--format", "pdf", "--draft", "-o", str(out))
    assert res.returncode == 0, res.stderr
    import pdfplumber

    with pdfplumber.open(out) as doc:
        landscape = [p for p in doc.pages if p.width > p.height]
        assert landscape  # the table's page
        page = landscape[0]
        text = page.extract_text()
        assert "第1列" in text and "第16列" in text and "16.5" in text
        assert all(0 <= c["x0"] and c["x1"] <= page.width for c in page.chars)
        assert all(p.width < p.height for p in doc.pages if p is not page and "第1列" not in (p.extract_text() or ""))


def test_a_forty_column_table_is_never_cut_off_and_is_named_in_a_warning(sample, tmp_path):
    wide_report(sample, 40)
    out = tmp_path / "w.pdf"
    res = run_cli("export", str(sample), "--format", "pdf", "--draft", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "表格过宽" in res.stderr and "第1列 | 第2列" in res.stderr and "assets" in res.stderr
    import pdfplumber

    with pdfplumber.open(out) as doc:
        chars = [(p, c) for p in doc.pages for c in p.chars]
        assert all(0 <= c["x0"] and c["x1"] <= p.width + 0.5 for p, c in chars)  # nothing off the page
        printed = "".join(c["text"] for _, c in chars)
    for k in range(1, 41):  # every cell's text is there
        assert f"第{k}列".replace("第", "") in printed
    docx_out = tmp_path / "w.docx"
    res = run_cli("export", str(sample), "--format", "docx", "-o", str(docx_out))
    assert res.returncode == 0 and "表格过宽" in res.stderr


def test_a_table_that_fits_keeps_its_size_and_fills_the_text_block():
    rows = [["项目", "金额（万元）"], ["基本支出", "125.32"]]
    layout = table_layout.fit(rows, {}, table_layout.estimate, 14, 156 * MM, 9)
    assert layout.size == 14 and not layout.landscape and not layout.problem
    assert sum(layout.widths) == pytest.approx(156 * MM)
    assert layout.numeric == [False, True]
    # room to spare: the header on one line, not broken before its bracket
    assert layout.widths[1] - 2 * layout.pad >= table_layout.estimate("金额（万元）", True) * 14
    many = [[f"第{k}列" for k in range(12)], [f"{k}.50" for k in range(12)]]
    smaller = table_layout.fit(many, {}, table_layout.estimate, 14, 156 * MM, 9, 225 * MM)
    assert 9 <= smaller.size < 14 and not smaller.landscape  # shrunk, still portrait
