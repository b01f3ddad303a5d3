"""`check` and `export md/txt` must run without importing the TUI, the PDF
stack or python-docx: they are what a pre-commit hook or a server script calls.
Nor the spreadsheet readers, on a report that names no 部门决算 workbook."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLE

PROBE = """
import sys
from tui_report.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'weasyprint', 'docx', 'xlrd', 'openpyxl') or m.startswith('tui_report.tui'))
print('HEAVY', heavy, file=sys.stderr)
"""


@pytest.mark.parametrize("args", [
    ["check", str(SAMPLE)],
    ["check", str(SAMPLE), "--format", "json"],
    ["export", str(SAMPLE), "--format", "md"],
    ["export", str(SAMPLE), "--format", "txt"],
])
def test_command_imports_no_textual_or_weasyprint(args):
    res = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, cwd=ROOT)
    assert "HEAVY []" in res.stderr, res.stderr[-2000:]


def test_probe_can_see_heavy_imports():
    """The probe itself works: importing textual shows up."""
    code = "import sys, textual; print('HEAVY', [m for m in sys.modules if m == 'textual'], file=sys.stderr)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY ['textual']" in res.stderr


REVIEW_PROBE = """
import sys
from tui_report.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'weasyprint', 'docx') or m.startswith('tui_report.tui'))
print('HEAVY', heavy, 'XLSX', 'openpyxl' in sys.modules, file=sys.stderr)
"""


def test_review_imports_no_textual_weasyprint_or_python_docx(tmp_path):
    """`review` runs on a bureau's server: the TUI, the PDF stack and
    python-docx stay out (a .docx input is read by our own reader); openpyxl
    is loaded, for review.xlsx."""
    args = ["review", str(SAMPLE), "-o", str(tmp_path / "out"), "--jobs", "1"]
    res = subprocess.run([sys.executable, "-c", REVIEW_PROBE.format(args=args)], capture_output=True, text=True,
                         cwd=ROOT)
    assert "HEAVY [] XLSX True" in res.stderr, res.stderr[-2000:]
    assert (tmp_path / "out" / "review.xlsx").is_file()
