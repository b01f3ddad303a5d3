"""PDF export of the sample report against raw WeasyPrint, in one run.

Both sides are whole processes started the same way, so interpreter start-up
and imports count on both:

- ours:  ``python -m tui_report export SAMPLE --format pdf --draft -o …`` — loads
  the TOML, renders, resolves fonts, measures the grid's runs, builds the
  HTML, lays it out, writes it with its fonts renumbered (``--draft``: the
  sample keeps the published report's wrong balance, an error, so only a
  draft is exported; the checks a final export runs first take about
  0.07 s on it);
- baseline: ``python -m weasyprint page.html out.pdf -s report.css`` on the
  very HTML and CSS our export produces (written out once beforehand), i.e.
  what this engine costs for this document with nothing of ours around it.

Prints the median of several interleaved runs of each, the ratios of time
and size to the baseline, and whether the targets hold: PDF ≤ 600 KB and
whole export ≤ 1.5 s. ``--profile`` adds where one in-process export spends
its time, stage by stage (the floor: what the engine itself takes).
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

from tui_report.export import fonts, grid, html, weasyprint_compat  # noqa: E402
from tui_report.export.measure import Measurer  # noqa: E402
from tui_report.report.store import load  # noqa: E402
from tui_report.resources import sample_report  # noqa: E402

RUNS = 7
TARGET_SIZE = 600 * 1024
TARGET_SECONDS = 1.5


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, timeout=300)
    return time.perf_counter() - started


def profile(sample: Path) -> list[tuple[str, float]]:
    """Seconds each stage of one export takes, in a fresh process (so the
    imports count as they do for the command)."""
    code = r"""
import sys, time
t = [time.perf_counter()]
from pathlib import Path
from tui_report.export import fonts, grid, html, weasyprint_compat as wc
from tui_report.export.measure import Measurer
from tui_report.report.store import load
t.append(time.perf_counter())
report = load(Path(sys.argv[1])); choices = fonts.resolve(); t.append(time.perf_counter())
wc.load(); t.append(time.perf_counter())
config = wc.font_configuration(); doc = html.build(report, measurer=Measurer(choices, config))
t.append(time.perf_counter())
from weasyprint import CSS, HTML
document = HTML(string=doc.html).render(stylesheets=[CSS(string=s) for s in (
    html.stylesheet(), grid.css(), fonts.css(choices), html.draft_stylesheet())], font_config=config)
t.append(time.perf_counter())
with wc.renumbered_fonts():
    document.write_pdf()
t.append(time.perf_counter())
print(" ".join(f"{b - a:.3f}" for a, b in zip(t, t[1:])))
"""
    out = subprocess.run([sys.executable, "-c", code, str(sample)], check=True, capture_output=True, text=True,
                         cwd=ROOT, timeout=300).stdout.split()
    names = ("our modules", "load the report, resolve fonts", "import WeasyPrint", "measure runs, build HTML",
             "lay out (WeasyPrint)", "draw and write (WeasyPrint), fonts renumbered")
    return list(zip(names, map(float, out), strict=True))


def main() -> int:
    sample = sample_report()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = load(sample)
        choices = fonts.resolve()
        weasyprint_compat.load()
        measurer = Measurer(choices, weasyprint_compat.font_configuration())
        page = tmp / "page.html"
        page.write_text(html.build(report, measurer=measurer).html, encoding="utf-8")
        css = tmp / "report.css"
        # the same stylesheets the export lays out with: ours, the page
        # grid's custom properties, the fonts, the draft mark
        css.write_text(html.stylesheet() + "\n" + grid.css() + "\n" + fonts.css(choices) + "\n"
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

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"sample PDF export, median of {RUNS} runs (whole processes)")
    print(f"  tui-report export --format pdf : {t_ours:6.3f} s")
    print(f"  raw WeasyPrint, same HTML+CSS  : {t_raw:6.3f} s  (baseline, same run)")
    print(f"  time ratio ours / baseline     : {t_ours / t_raw:6.3f}x")
    print(f"  whole export                   : {t_ours:6.3f} s  (target <= {TARGET_SECONDS} s)  "
          f"{verdict(t_ours <= TARGET_SECONDS)}")
    print(f"  PDF size                       : {size / 1024:6.0f} KB (target <= {TARGET_SIZE // 1024} KB)  "
          f"{verdict(size <= TARGET_SIZE)}")
    print(f"  size ratio ours / baseline     : {size / raw_size:6.3f}x  (raw WeasyPrint {raw_size / 1024:.0f} KB)")
    if "--profile" in sys.argv:
        stages = profile(sample)
        total = sum(s for _, s in stages)
        print(f"one export in stages ({total:.3f} s in process, interpreter start-up aside)")
        for name, seconds in stages:
            print(f"  {name:<48}: {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
