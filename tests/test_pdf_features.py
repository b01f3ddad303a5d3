"""Prose Markdown in the PDF (emphasis, tables, raw HTML off), the API the
terminal app calls, and the HTML export."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from tui_report.report.store import load

from .conftest import ROOT, run_cli

pytestmark = pytest.mark.xdist_group("pdf-features")

ROWS = 40


def make_report(root: Path) -> Path:
    (root / "sections").mkdir(parents=True)
    (root / "report.toml").write_text(textwrap.dedent("""\
        title = "{{department}}{{year}}年度部门整体支出绩效自评报告"
        department = "示例局"
        year = 2023
        unit = "万元"
        sections = ["main"]

        [figures]
        spend_total = { label = "实际支出", value = 12.5 }
        """), encoding="utf-8")
    rows = "\n".join(f"| 项目{k:02d} | {k * 1.25:.2f} |" for k in range(1, ROWS + 1))
    (root / "sections" / "main.toml").write_text(textwrap.dedent("""\
        title = "支出明细"
        body = '''
        本年实际支出{{spend_total}}，这是**加粗强调**的文字，<b>不加粗</b>照原样印出。
        | 项目名称 | 金额（万元） |
        |---|---|
        """) + rows + textwrap.dedent("""
        '''

        [[sections]]
        title = "做好宣传工作"
        run_in = true
        body = '''
        全年开展宣传活动十次。
        '''
        """), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from tui_report.export.pdf import export_pdf

    root = make_report(tmp_path_factory.mktemp("features") / "report")
    steps = []
    out = root.parent / "out.pdf"
    result = export_pdf(load(root), out, progress=lambda stage, done: steps.append((stage, done)))
    return root, out, result, steps


def test_api_result_and_progress(exported):
    _, out, result, steps = exported
    assert result.path == out and out.stat().st_size == result.size
    assert result.pages == len(pypdf.PdfReader(out).pages) >= 2
    assert set(result.fonts) == {"fangsong", "xiaobiaosong", "heiti", "kaiti", "songti"}
    assert result.warnings == []  # no engine complaints, no refused URLs
    assert result.harfbuzz_subset
    assert result.elapsed > 0
    fractions = [done for _, done in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0


def test_emphasis_is_bold_and_raw_html_prints_as_typed(exported):
    _, out, _, _ = exported
    with pdfplumber.open(out) as pdf:
        chars = pdf.pages[0].chars
    text = "".join(c["text"] for c in chars)
    assert "本年实际支出12.50万元" in text  # typed 12.5: every amount in two decimals
    assert "<b>不加粗</b>照原样印出" in text
    bold = "".join(c["text"] for c in chars if "Bold" in c["fontname"] and round(c["size"]) == 16)
    assert "加粗强调" in bold and "不加粗" not in bold


def test_table_header_repeats_on_every_page(exported):
    _, out, _, _ = exported
    with pdfplumber.open(out) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
        assert len(pdf.pages[0].lines) + len(pdf.pages[0].rects) > 0  # ruled
    with_rows = [t for t in pages if re.search(r"项目\d\d", t)]
    assert len(with_rows) >= 2  # the table runs over a page break
    for text in with_rows:
        assert "项目名称" in text and "金额（万元）" in text
    assert all(f"项目{k:02d}" in "".join(pages) for k in (1, 30, ROWS))


def test_run_in_heading_has_a_bookmark(exported):
    _, out, _, _ = exported
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(pypdf.PdfReader(out).outline)
    assert titles == ["一、支出明细", "（一）做好宣传工作。"]


def test_pdf_module_imports_no_pdf_engine():
    code = "import sys, tui_report.export.pdf, tui_report.export.html; print(sorted(m for m in sys.modules if m.startswith('weasyprint')))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_html_export_escapes_raw_html(tmp_path):
    root = make_report(tmp_path / "report")
    out = tmp_path / "r.html"
    res = run_cli("export", str(root), "--format", "html", "-o", str(out))
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;" in page and "&lt;/b&gt;" in page and "<b>" not in page
    assert "<strong>加粗强调</strong>" in page
    assert '<html lang="zh-CN">' in page and "--font-fangsong" in page
    assert "<thead>" in page and page.count("<tr>") == ROWS + 1
