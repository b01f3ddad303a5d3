"""DOCX export of the sample report against the PDF export, in one run.

Both are whole processes started the same way (interpreter start-up, imports,
loading the TOML, rendering and writing count on both):

- ``python -m tui_report export SAMPLE --format docx -o …``
- ``python -m tui_report export SAMPLE --format pdf --draft -o …`` (the
  baseline measured in the same run; ``--draft``: the sample keeps the
  published report's wrong balance, and the DOCX is not guarded at all)

Prints the median of several interleaved runs of each, the ratio and the
file size, and whether the targets hold: DOCX ≤ 0.6 s and ≤ 0.5 × the PDF.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_report.resources import sample_report  # noqa: E402

RUNS = 7
TARGET_SECONDS = 0.6
TARGET_RATIO = 0.5


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, timeout=300)
    return time.perf_counter() - started


def main() -> int:
    sample = sample_report()
    with tempfile.TemporaryDirectory() as tmp:
        out_docx, out_pdf = Path(tmp) / "s.docx", Path(tmp) / "s.pdf"
        base = [sys.executable, "-m", "tui_report", "export", str(sample)]
        docx_cmd = [*base, "--format", "docx", "-o", str(out_docx)]
        pdf_cmd = [*base, "--format", "pdf", "--draft", "-o", str(out_pdf)]
        timed(docx_cmd)  # warm the file and font caches
        timed(pdf_cmd)
        docx, pdf = [], []
        for _ in range(RUNS):  # interleaved, so drift in machine load hits both
            docx.append(timed(docx_cmd))
            pdf.append(timed(pdf_cmd))
        size = out_docx.stat().st_size
    t_docx, t_pdf = statistics.median(docx), statistics.median(pdf)
    ratio = t_docx / t_pdf
    print(f"sample DOCX export, median of {RUNS} runs (whole processes)")
    print(f"  tui-report export --format docx : {t_docx:6.3f} s  (target <= {TARGET_SECONDS} s)  "
          f"{'ok' if t_docx <= TARGET_SECONDS else 'MISSED'}")
    print(f"  tui-report export --format pdf  : {t_pdf:6.3f} s  (baseline, same run)")
    print(f"  ratio docx / pdf                : {ratio:6.3f}x  (target <= {TARGET_RATIO}x)  "
          f"{'ok' if ratio <= TARGET_RATIO else 'MISSED'}")
    print(f"  DOCX size                       : {size / 1024:6.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
