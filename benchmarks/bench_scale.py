"""Scale: the PDF export of a 2,000-section report and the import of a 50 MB
text, each a whole process, with its time and peak memory (``ru_maxrss`` of
the child, from ``wait4``).

Every figure is printed beside a same-run baseline, so the ratios read the
same on any machine:

- PDF: raw WeasyPrint (``python -m weasyprint``) laying out the very HTML and
  CSS our export makes for that report — the engine's own floor — and our
  export of a report ten times smaller (the growth should be about 10: no
  step of ours is worse than linear);
- import: the import of a 5 MB text of the same kind (growth about 10 when
  linear; it was quadratic in the section file names).

Targets: PDF ≤ 15 s and ≤ 400 MB; import growth ≤ 12. When the PDF targets
are missed, the export is profiled (cProfile, in a child) and the top
entries are printed, with the share of the time spent inside WeasyPrint and
its libraries against the share in tui-report's own code: that is where the
floor is.

Run: ``.venv/bin/python benchmarks/bench_scale.py [SECTIONS]`` (default 2000).
"""

from __future__ import annotations

import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_report import make_report  # noqa: E402

from tui_report.export import fonts, grid, html  # noqa: E402
from tui_report.report.store import load  # noqa: E402
from tui_report.resources import sample_report  # noqa: E402

TARGET_SECONDS, TARGET_MB = 15.0, 400
TARGET_GROWTH = 12.0
IMPORT_MB = 50


def measured(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=devnull, stderr=subprocess.PIPE)
        # wait4, not wait: the child's own rusage, not the sum of all children
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # KB on Linux


def export_cmd(report: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "tui_report", "export", str(report), "--format", "pdf", "--draft", "-o", str(out)]


def raw_weasyprint(report: Path, tmp: Path) -> tuple[float, float]:
    page, css = tmp / "page.html", tmp / "report.css"
    page.write_text(html.build(load(report)).html, encoding="utf-8")
    css.write_text(html.stylesheet() + "\n" + grid.css() + "\n" + fonts.css(fonts.resolve()) + "\n"
                   + html.draft_stylesheet(), encoding="utf-8")
    return measured([sys.executable, "-m", "weasyprint", str(page), str(tmp / "raw.pdf"), "-s", str(css)])


def profile(report: Path, tmp: Path, top: int = 20) -> None:
    """The export under cProfile in a child; its top entries, and where the
    time goes: WeasyPrint and the libraries it drives, or our code."""
    stats_file = tmp / "export.prof"
    measured([sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "tui_report", "export", str(report),
              "--format", "pdf", "--draft", "-o", str(tmp / "profiled.pdf")])
    stats = pstats.Stats(str(stats_file))
    shares: dict[str, float] = {}
    total = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        total += tottime
        if "/tui_report/" in filename:
            key = "tui-report"
        elif any(lib in filename for lib in ("/weasyprint/", "/tinycss2/", "/cssselect2/", "/pydyf/", "/fontTools/",
                                             "/PIL/", "/html5lib/", "/webencodings/", "/tinyhtml5/")):
            key = "WeasyPrint and its libraries"
        elif filename.startswith("~") or "{" in filename:
            key = "built-ins (called from either)"
        else:
            key = "other (Python library, imports)"
        shares[key] = shares.get(key, 0.0) + tottime
    print(f"\n  profile of the export (cProfile, {total:.1f} s of own time in all):")
    for key, value in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"    {key:<36} {value:7.1f} s  {100 * value / total:5.1f} %")
    print(f"\n  top {top} by own time (the floor: WeasyPrint's layout, style lookups and drawing):")
    stats.sort_stats("tottime").print_stats(top)
    print("  the chain down to the layout, by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"export_pdf|html\.py.*build|grid\.py.*break_lines|"
                                                r"weasyprint/__init__.*render|layout_document|write_pdf|draw_page")


def bench_pdf(sections: int, tmp: Path) -> bool:
    big = make_report(tmp / "big", sections=sections, figures=2000)
    small = make_report(tmp / "small", sections=max(10, sections // 10), figures=2000)
    measured(export_cmd(sample_report(), tmp / "warm.pdf"))  # warm the font and file caches
    t_small, m_small = measured(export_cmd(small, tmp / "small.pdf"))
    t_ours, m_ours = measured(export_cmd(big, tmp / "big.pdf"))
    t_raw, m_raw = raw_weasyprint(big, tmp)
    ok = t_ours <= TARGET_SECONDS and m_ours <= TARGET_MB
    print(f"PDF export of a {sections}-section report (whole processes)")
    print(f"  tui-report export --format pdf   : {t_ours:7.2f} s  {m_ours:7.0f} MB"
          f"   (target <= {TARGET_SECONDS:.0f} s, <= {TARGET_MB} MB)  {'ok' if ok else 'MISSED'}")
    print(f"  raw WeasyPrint, same HTML + CSS  : {t_raw:7.2f} s  {m_raw:7.0f} MB   (the engine's floor)")
    print(f"  ratio to the floor               : {t_ours / t_raw:7.2f}x {m_ours / m_raw:7.2f}x")
    print(f"  {sections // 10 if sections >= 100 else 10}-section export (baseline)   : {t_small:7.2f} s  {m_small:7.0f} MB"
          f"   growth x{t_ours / t_small:.1f} for x{sections / max(10, sections // 10):.0f} the sections")
    if not ok:
        profile(big, tmp)
    return ok


def _import_text(mb: int, path: Path) -> Path:
    """``mb`` MB of report text: the sample exported as text, repeated."""
    res = subprocess.run([sys.executable, "-m", "tui_report", "export", str(sample_report()), "--format", "txt"],
                         cwd=ROOT, capture_output=True, check=True)
    one = res.stdout
    path.write_bytes(one * (mb * 1024 * 1024 // len(one) + 1))
    return path


def bench_import(tmp: Path) -> bool:
    big = _import_text(IMPORT_MB, tmp / "big.txt")
    small = _import_text(IMPORT_MB // 10, tmp / "small.txt")
    cmd = [sys.executable, "-m", "tui_report", "import"]
    t_small, m_small = measured([*cmd, str(small), "-o", str(tmp / "small-out")])
    t_big, m_big = measured([*cmd, str(big), "-o", str(tmp / "big-out")])
    growth = t_big / t_small
    ok = growth <= TARGET_GROWTH
    print(f"\nimport of a {IMPORT_MB} MB text ({len(os.listdir(tmp / 'big-out' / 'sections'))} sections)")
    print(f"  tui-report import {IMPORT_MB} MB            : {t_big:7.2f} s  {m_big:7.0f} MB")
    print(f"  tui-report import {IMPORT_MB // 10} MB (baseline)  : {t_small:7.2f} s  {m_small:7.0f} MB")
    print(f"  growth                           : x{growth:.1f} for x10 the text (target <= x{TARGET_GROWTH:.0f}: linear)"
          f"  {'ok' if ok else 'MISSED'}")
    return ok


def main() -> int:
    sections = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        pdf_ok = bench_pdf(sections, Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        import_ok = bench_import(Path(tmp))
    # like the other benchmarks: figures to read, not a gate (the PDF floor is the engine's)
    print(f"\nPDF targets {'met' if pdf_ok else 'missed (see the profile)'}; import {'linear' if import_ok else 'NOT linear'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
