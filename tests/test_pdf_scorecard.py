"""The 自评表 in the PDF: 附件 on a page of its own after the body, at the
top left of the text block, its tables inside the text block, the header
row of a table repeated on every page it runs onto; and in Markdown, a real
table with 分值, 得分, the total and the grade. The text export stays the
report alone."""

from __future__ import annotations

from collections import defaultdict

import pdfplumber
import pytest

from .conftest import SAMPLE, run_cli
from .test_pdf_sample import BOTTOM, LEFT, MM, PITCH_Y, RIGHT, TOP, text_of


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf-scorecard") / "s.pdf"
    res = run_cli("export", str(SAMPLE), "--format", "pdf", "--draft", "-o", str(out))
    assert res.returncode == 0, res.stderr
    with pdfplumber.open(out) as pdf:
        found = []
        for page in pdf.pages:
            rows = defaultdict(list)
            for c in page.chars:
                rows[round(page.height - c["matrix"][5], 1)].append(c)
            found.append([(base, sorted(rows[base], key=lambda c: c["x0"])) for base in sorted(rows)])
        return found


def inside(lines):
    return [(base, chars) for base, chars in lines if TOP < base < BOTTOM]


def test_the_attachment_starts_a_page_at_the_top_left_of_the_text_block(pages):
    first = next(n for n, lines in enumerate(pages) if any(text_of(c).strip() == "附件" for _, c in lines))
    assert first > 0
    body = inside(pages[first])
    base, chars = body[0]
    assert text_of(chars).strip() == "附件"  # the first line of its page
    assert chars[0]["x0"] == pytest.approx(LEFT, abs=1 * MM)
    assert base - TOP < PITCH_Y  # on the first grid line
    assert "部门整体支出绩效自评表" in text_of(body[1][1])
    # and nothing of the body follows it
    assert all("绩效自评结果拟应用" not in text_of(c) for _, c in body)


def test_its_tables_stay_inside_the_text_block_and_repeat_their_header(pages):
    first = next(n for n, lines in enumerate(pages) if any(text_of(c).strip() == "附件" for _, c in lines))
    attachment = pages[first:]
    assert len(attachment) >= 2  # the sample's table runs onto a second page
    for lines in attachment:
        for _, chars in inside(lines):
            assert chars[0]["x0"] >= LEFT - 1 * MM and chars[-1]["x1"] <= RIGHT + 1 * MM
    indicator_pages = [lines for lines in attachment if any("满意度" in text_of(c) or "数量指标" in text_of(c)
                                                          for _, c in lines)]
    assert len(indicator_pages) >= 2
    for lines in indicator_pages:
        text = "".join(text_of(c) for _, c in inside(lines))
        assert "三级指标" in text and "得分" in text  # the header row, on every page


def test_markdown_ends_with_the_attachment_table_and_text_stays_the_report(tmp_path):
    md = tmp_path / "s.md"
    assert run_cli("export", str(SAMPLE), "--format", "md", "-o", str(md)).returncode == 0
    text = md.read_text("utf-8")
    tail = text[text.index("**附件**"):]
    assert "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |" in tail
    assert tail.rstrip().endswith("| 总分 |  |  |  |  | 100 | 96.69 |  |\n| 评价等级：优 |  |  |  |  |  |  |  |")
    txt = tmp_path / "s.txt"
    assert run_cli("export", str(SAMPLE), "--format", "txt", "-o", str(txt)).returncode == 0
    assert "附件" not in txt.read_text("utf-8") and "96.69" not in txt.read_text("utf-8")


def test_its_rows_sit_on_the_body_line_grid(pages):
    first = next(n for n, lines in enumerate(pages) if any(text_of(c).strip() == "附件" for _, c in lines))
    measured = 0
    for lines in pages[first:]:
        for base, chars in inside(lines):
            centre = base - 0.38 * chars[0]["size"]  # the ideographic em box's centre
            k = (centre - TOP) / PITCH_Y - 0.5
            assert abs(k - round(k)) * PITCH_Y < 1 * MM, text_of(chars)
            measured += 1
    assert measured > 30
