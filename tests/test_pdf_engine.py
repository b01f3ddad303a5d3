"""The editor offers PDF export only where WeasyPrint can be loaded."""

from __future__ import annotations

import subprocess
import sys

from tui_report.export.pdf_engine import pdf_available

from .conftest import ROOT

BLOCKED = """
import sys
sys.modules['weasyprint'] = None  # what an uninstalled package looks like to import
from tui_report.export.pdf_engine import pdf_available
from tui_report.tui import commands
from tui_report.tui.app import TuiReportApp
app = TuiReportApp({sample!r}, guard=False)
pdf = next(c for c in commands.COMMANDS if c.name == 'export_pdf')
print('AVAILABLE', pdf_available(), app.command_available(pdf))
"""


def test_pdf_is_available_on_a_machine_set_up_by_make():
    assert pdf_available()


def test_pdf_is_unavailable_when_weasyprint_cannot_be_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    assert not pdf_available()


def test_the_editor_hides_pdf_export_without_weasyprint(sample):
    res = subprocess.run([sys.executable, "-c", BLOCKED.format(sample=str(sample))], capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert "AVAILABLE False False" in res.stdout, res.stderr[-2000:]
