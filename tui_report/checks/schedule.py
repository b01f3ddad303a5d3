"""When the checks run while someone types, decided without a UI.

Every edit is a new generation. A run checks the newest generation it saw;
a result older than one already shown is dropped, so problems never go
back in time. The cost of the last run decides how the next one runs: a
cheap report is checked at once after the keystroke, an expensive one after
a pause in typing and off the UI thread, so typing never waits for checks.
The editor drives this from a Textual worker; a benchmark or another front
end can drive it from anything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the checks themselves load on the first run, after the first paint
    from tui_report.figures.values import Resolved
    from tui_report.report.model import Report
    from tui_report.report.problems import Problem

#: seconds: a run that took at most this long runs right after the keystroke
FAST_CHECK = 0.03
#: seconds of no typing before a slow run starts
DEBOUNCE = 0.25


@dataclass(frozen=True)
class CheckRun:
    generation: int
    resolved: Resolved
    problems: list[Problem]
    cost: float  # seconds


class CheckSchedule:
    def __init__(self) -> None:
        self.wanted = 0  # the newest edit's generation
        self.applied = 0  # the generation whose problems are shown
        self.cost = 0.0  # seconds the last run took
        self.runs = 0  # results shown so far

    def edited(self) -> int:
        self.wanted += 1
        return self.wanted

    @property
    def inline(self) -> bool:
        """Run at once, on the caller's thread (the last run was cheap)."""
        return self.cost <= FAST_CHECK

    @property
    def behind(self) -> bool:
        """An edit has not been checked yet."""
        return self.applied < self.wanted

    def run(self, report: Report, generation: int) -> CheckRun:
        """Check ``report`` as of ``generation``; safe to call from a thread."""
        from tui_report.checks.engine import run as run_checks
        from tui_report.figures.values import resolve

        start = time.perf_counter()
        resolved = resolve(report)
        problems = run_checks(report, resolved)
        return CheckRun(generation, resolved, problems, time.perf_counter() - start)

    def accept(self, result: CheckRun) -> bool:
        """Take a finished run; False when a newer one is already shown."""
        self.cost = result.cost
        if result.generation < self.applied:
            return False
        self.applied = result.generation
        self.runs += 1
        return True

    def failed(self, generation: int) -> None:
        """A run failed: nothing to show for it, and nothing to wait for."""
        self.applied = max(self.applied, generation)
