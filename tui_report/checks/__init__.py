"""Report → problems: the engine and every check, fixes and acknowledgements.

Takes a Report and its resolved figures; gives a sorted list of Problems, each
with a position and, where safe, a fix. Pure functions of the model, so the
editor can run them on every keystroke. Uses ``figures`` and ``report``.

``checks.run`` and ``checks.failing`` are the stage's entry points. They load
the engine (and every check) on first use, so the editor's start-up, which
imports the light ``checks.schedule``, does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui_report.checks.engine import failing, run

__all__ = ["failing", "run"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tui_report.checks import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
