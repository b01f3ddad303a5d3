"""`import`, `new` and `compare` run where there is no terminal UI or PDF
stack, like `check` and `export`: they must not import Textual or WeasyPrint."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT, SAMPLE
from .test_headless_imports import PROBE


def test_import_new_compare_import_no_textual_or_weasyprint(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("一、概况\n2023年预算批复10万元。\n", encoding="utf-8")
    for args in (["import", str(src), "-o", str(tmp_path / "imp")],
                 ["new", str(tmp_path / "new"), "--from", str(SAMPLE)],
                 ["compare", str(SAMPLE), str(tmp_path / "new")]):
        res = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, cwd=ROOT)
        assert "HEAVY []" in res.stderr, (args, res.stderr[-2000:])
    assert (tmp_path / "imp" / "report.toml").exists() and (tmp_path / "new" / "report.toml").exists()
