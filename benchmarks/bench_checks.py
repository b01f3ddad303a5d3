"""How long `checks.run` takes: the sample report, and a generated report of
500 sections and 2,000 figures.

The editor re-checks after every keystroke, so the figures that matter are
a full (cold) run and the re-check after editing one paragraph. Each is
printed beside a same-run baseline — one regex walked over all section text,
the least any checker must do — so the ratio means the same on any machine.
Targets: sample < 2 ms, 500-section report < 30 ms (full, cold runs), and
the re-check after a keystroke on the 500-section report < 5 ms.

Then the pathological paragraphs: one paragraph of repeated
``比上年增加1万元，增长1%，``, one 其中 list of many parts, and one of mixed
claims (brackets, totals after parts, remainders, rates, shares), each at
100 KB and 1 MB, checked whole (``checks.run`` on a copy of the sample whose
overview is that paragraph). Targets: 1 MB in under 2 s, growth from 100 KB
to 1 MB at most 12× (linear: 10×). The prose
arithmetic (其中 breakdowns, shares, year-on-year rates, table totals) is on
in every row; the last rows time the same runs with it switched off, so its
own cost reads as a ratio too.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from gen_report import make_report  # noqa: E402

from tui_report import checks
from tui_report.checks import arithmetic, engine  # noqa: E402
from tui_report.checks import prose as prose_scan  # noqa: E402
from tui_report.figures import formula
from tui_report.report.store import load  # noqa: E402

SAMPLE = HERE.parent / "data" / "furong-kexie-2022"
TARGETS_MS = {"sample": 2.0, "500 sections": 30.0}
RECHECK_TARGET_MS = {"500 sections": 5.0}
_WORD = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}|[，。]")


def timed(fn, repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls (after one warm-up call)."""
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def cold(report):
    def run():
        engine.clear()
        prose_scan.clear()
        arithmetic.clear()
        formula.clear()
        checks.run(report)
    return run


def baseline(report):
    def walk():
        n = 0
        for section, _ in report.walk():
            n += sum(1 for _ in _WORD.finditer(section.title))
            n += sum(1 for _ in _WORD.finditer(section.body))
        return n
    return walk


def incremental(report):
    """Edit one paragraph (as a keystroke does), then re-check."""
    sections = [s for s, _ in report.walk() if s.body]
    target = sections[len(sections) // 2]
    original = target.body
    state = {"n": 0}

    def run():
        state["n"] += 1
        target.body = original + "改" * (state["n"] % 50)
        checks.run(report)
    return run


def row(name: str, ms: float, base: float, target: float | None = None) -> None:
    verdict = ""
    if target is not None:
        verdict = f"  target < {target:g} ms: {'met' if ms < target else 'MISSED'}"
    print(f"  {name:<34} {ms:8.3f} ms   {ms / base:7.1f} × baseline{verdict}")


def main() -> int:
    missed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder, repeat in (
            ("sample", SAMPLE, 200),
            ("500 sections", make_report(Path(tmp) / "big", sections=500, figures=2000), 30),
        ):
            report = load(folder)
            n_sections = sum(1 for _ in report.walk())
            chars = sum(len(s.title) + len(s.body) for s, _ in report.walk())
            problems = checks.run(report)
            print(f"{name}: {n_sections} sections, {len(report.figures)} figures, {chars} characters, "
                  f"{len(problems)} problems")
            base = timed(baseline(report), repeat)
            print(f"  {'baseline: one regex over all text':<34} {base:8.3f} ms")
            full = timed(cold(report), repeat)
            row("full check (cold)", full, base, TARGETS_MS[name])
            missed |= full >= TARGETS_MS[name]
            row("re-check, nothing changed", timed(lambda report=report: checks.run(report), repeat), base)
            again = timed(incremental(report), repeat)
            row("re-check after editing a paragraph", again, base, RECHECK_TARGET_MS.get(name))
            missed |= again >= RECHECK_TARGET_MS.get(name, float("inf"))
            on = arithmetic.check
            arithmetic.check = lambda text, values: []  # the same runs without the prose arithmetic
            engine.clear()
            try:
                row("without arithmetic: full (cold)", timed(cold(report), repeat), base)
                row("without arithmetic: re-check", timed(incremental(report), repeat), base)
            finally:
                arithmetic.check = on
                engine.clear()
    missed |= pathological()
    if missed:
        print("some targets were missed", file=sys.stderr)
    return 0


PATHOLOGICAL = {
    "比上年增加1万元，增长1%， repeated": lambda n: _repeat("比上年增加1万元，增长1%，", n),
    "one 其中 list of many parts": lambda n: "支出100万元，其中：" + _repeat("甲项1万元，", n),
    "mixed claims repeated": lambda n: _repeat("收入15万元（基本支出10万元、项目支出5万元），支出5万元，合计20万元。"
                                               "预算8万元，已使用7.35万元，剩余0.65万元，执行率91.88%。", n),
}


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode("utf-8")))


def pathological() -> bool:
    """The whole check of one huge paragraph at 100 KB and 1 MB."""
    import shutil

    missed = False
    print("pathological paragraphs (checks.run, cold; baseline: one regex over the paragraph):")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in PATHOLOGICAL.items():
            times = []
            for size in (100_000, 1_000_000):
                folder = Path(tmp) / f"p{len(times)}"
                shutil.rmtree(folder, ignore_errors=True)
                shutil.copytree(SAMPLE, folder)
                text = make(size)
                path = folder / "sections" / "overview.toml"
                path.write_text('title = "概况"\nbody = """\n' + text + '\n"""\n', encoding="utf-8")
                report = load(folder)
                t = time.perf_counter()
                sum(1 for _ in _WORD.finditer(text))
                base = time.perf_counter() - t
                engine.clear()
                prose_scan.clear()
                arithmetic.clear()
                formula.clear()
                t = time.perf_counter()
                checks.run(report)
                times.append(time.perf_counter() - t)
                print(f"  {name:<36} {size // 1000:>5} KB {times[-1]:7.2f} s   {times[-1] / max(base, 1e-9):7.0f} × baseline")
            growth = times[1] / times[0]
            ok = times[1] < 2.0 and growth <= 12
            missed |= not ok
            print(f"  {'':<36} growth 100 KB → 1 MB: {growth:.1f}×  target 1 MB < 2 s, growth ≤ 12×: "
                  f"{'met' if ok else 'MISSED'}")
    return missed


if __name__ == "__main__":
    sys.exit(main())
