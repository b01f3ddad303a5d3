"""Rendering is linear in the text: 1 MB bodies of the runs that make naive
Markdown patterns quadratic (``[[[…``, ``***…``, ``*a *a …``), through the
plain-text renderer the exports and the preview use.

Each time is printed beside a same-run baseline — one regex walked over the
same text — so the ratio reads the same on any machine. Target: every case
well under a second at 1 MB, and the time grows with the size, not its square
(the 1 MB / 100 KB ratio stays near 10).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_report.render.text import plain  # noqa: E402

CASES = {"[[[": "[", "***": "*", "*a *a": "*a ", "[a](": "[a](", "```": "`", "__a": "__a", "![": "![",
         "** a": "** a", "**a*": "**a*", "prose": "其中基本支出{{spend_basic}}，占比。"}
_ANY = re.compile(r"[*_\[`!]")


def timed(fn) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    missed = False
    print(f"{'case':<8} {'100 KB':>9} {'1 MB':>9} {'growth':>7} {'baseline 1 MB':>14} {'ratio':>7}")
    for name, unit in CASES.items():
        small = unit * (100_000 // len(unit))
        big = unit * (1_000_000 // len(unit))
        t_small, t_big = timed(lambda s=small: plain(s)), timed(lambda b=big: plain(b))
        base = timed(lambda b=big: sum(1 for _ in _ANY.finditer(b)))
        growth = t_big / t_small if t_small else float("inf")
        print(f"{name:<8} {t_small * 1000:7.1f}ms {t_big * 1000:7.1f}ms {growth:6.1f}× {base * 1000:12.1f}ms "
              f"{t_big / base:6.1f}×")
        missed |= t_big >= 1.0 or growth > 20
    print("target: < 1 s at 1 MB and growth ≤ 20× from 100 KB to 1 MB: " + ("MISSED" if missed else "met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
