"""`tui-report review` over 200 reports: the corpus (tests/corpus/, its
text files and 自评表 texts) copied again and again into one folder until
there are 200, reviewed by the command as a user runs it (a fresh process:
start-up, the worker pool, every page, the workbook and the JSON included),
once with ``--jobs 1`` and once with every core.

Each time is printed beside a same-run baseline — reading and decoding the
same 200 files and splitting them into lines, the least any reviewer must
do — so the ratio means the same on any machine. Target: ≤ 60 s for 200
reports on 2 cores (issue 29).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tui_report.report.encoding import decode  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
REPORTS = 200
TARGET_S = 60.0


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*.txt") if not p.name.startswith("."))


def make_inputs(folder: Path) -> list[Path]:
    files = corpus_files()
    out = []
    for n in range(REPORTS):
        source = files[n % len(files)]
        dest = folder / f"{n:03d}-{source.name}"
        shutil.copyfile(source, dest)
        out.append(dest)
    return out


def baseline(paths: list[Path]) -> float:
    t = time.perf_counter()
    for path in paths:
        decode(path.read_bytes()).text.splitlines()
    return time.perf_counter() - t


def review(folder: Path, out: Path, jobs: int) -> tuple[float, int]:
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "tui_report", "review", str(folder), "-o", str(out),
                          "--jobs", str(jobs)], capture_output=True, text=True, cwd=ROOT)
    took = time.perf_counter() - t
    if res.returncode not in (0, 1):
        raise SystemExit(f"review failed ({res.returncode}): {res.stderr[-2000:]}")
    return took, len(list((out / "reports").iterdir()))


def main() -> int:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        paths = make_inputs(folder)
        base = min(baseline(paths) for _ in range(3))
        one, pages = review(folder, Path(tmp) / "one", 1)
        assert pages == REPORTS, pages
        every, pages = review(folder, Path(tmp) / "all", cores)
        assert pages == REPORTS, pages
    print(f"reports: {REPORTS} (the corpus's {len(corpus_files())} texts repeated); "
          f"baseline (read, decode, split into lines): {base * 1000:.0f} ms")
    print(f"review, 1 job: {one:.2f} s ({one / REPORTS * 1000:.0f} ms a report), "
          f"{one / max(base, 1e-6):.0f}× the baseline")
    print(f"review, {cores} jobs: {every:.2f} s ({every / REPORTS * 1000:.0f} ms a report), "
          f"{every / max(base, 1e-6):.0f}× the baseline; {one / every:.2f}× faster than 1 job")
    print(f"target: ≤ {TARGET_S:.0f} s for {REPORTS} reports on 2 cores: "
          f"{'met' if max(one, every) <= TARGET_S else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
