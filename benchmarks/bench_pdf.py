"""PDF export of the sample report against raw WeasyPrint, in one run.

Both sides are whole processes started the same way, so interpreter start-up
and imports count on both:

- ours:  ``python -m tui_report export SAMPLE --format pdf --draft -o …`` — loads
  the TOML, renders, resolves fonts, builds the HTML, lays it out, writes it
  (``--draft``: the sample keeps the published report's wrong balance, an
  error, so only a draft is exported; the checks a final export runs first
  take about 0.07 s on it);
- floor: ``python -m weasyprint page.html out.pdf -s report.css`` on the very
  HTML and CSS our export produces (written out once beforehand), i.e. what
  this engine costs for this document with nothing of ours around it.

Prints the median of several runs of each, the ratio, and the PDF size, and
whether the targets hold: ratio ≤ 1.15, PDF ≤ 600 KB, whole export ≤ 2 s.
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

from tui_report.export import fonts, grid, html  # noqa: E402
from tui_report.report.store import load  # noqa: E402
from tui_report.resources import sample_report  # noqa: E402

RUNS = 7
TARGET_RATIO = 1.15
TARGET_SIZE = 600 * 1024
TARGET_SECONDS = 2.0


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, timeout=300)
    return time.perf_counter() - started


def main() -> int:
    sample = sample_report()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = load(sample)
        page = tmp / "page.html"
        page.write_text(html.build(report).html, encoding="utf-8")
        css = tmp / "report.css"
        # the same stylesheets the export lays out with: ours, the page
        # grid's custom properties, the fonts, the draft mark
        css.write_text(html.stylesheet() + "\n" + grid.css() + "\n" + fonts.css(fonts.resolve()) + "\n"
                       + html.draft_stylesheet(), encoding="utf-8")
        ours_pdf, raw_pdf = tmp / "ours.pdf", tmp / "raw.pdf"
        ours_cmd = [sys.executable, "-m", "tui_report", "export", str(sample), "--format", "pdf", "--draft",
                    "-o", str(ours_pdf)]
        raw_cmd = [sys.executable, "-m", "weasyprint", str(page), str(raw_pdf), "-s", str(css)]

        timed(ours_cmd)  # warm the file and font caches for both
        timed(raw_cmd)
        ours, raw = [], []
        for _ in range(RUNS):  # interleaved, so drift in machine load hits both
            ours.append(timed(ours_cmd))
            raw.append(timed(raw_cmd))
        t_ours, t_raw = statistics.median(ours), statistics.median(raw)
        size, raw_size = ours_pdf.stat().st_size, raw_pdf.stat().st_size

    ratio = t_ours / t_raw
    print(f"sample PDF export, median of {RUNS} runs (whole processes)")
    print(f"  tui-report export --format pdf : {t_ours:6.3f} s")
    print(f"  raw WeasyPrint, same HTML+CSS  : {t_raw:6.3f} s")
    print(f"  ratio                          : {ratio:6.3f}x   (target <= {TARGET_RATIO}x)  {'ok' if ratio <= TARGET_RATIO else 'MISSED'}")
    print(f"  PDF size                       : {size / 1024:6.0f} KB (raw WeasyPrint {raw_size / 1024:.0f} KB; target <= {TARGET_SIZE // 1024} KB)  {'ok' if size <= TARGET_SIZE else 'MISSED'}")
    print(f"  whole export                   : {t_ours:6.3f} s  (target <= {TARGET_SECONDS} s)  {'ok' if t_ours <= TARGET_SECONDS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
