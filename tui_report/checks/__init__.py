"""Report → problems: the engine and every check, fixes and acknowledgements.

Takes a Report and its resolved figures; gives a sorted list of Problems, each
with a position and, where safe, a fix. Pure functions of the model, so the
editor can run them on every keystroke. Uses ``figures`` and ``report``.
"""

from tui_report.checks.engine import failing, run

__all__ = ["failing", "run"]
