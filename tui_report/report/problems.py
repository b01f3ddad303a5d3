"""A problem found in a report, pointing at file, line and column.

Text scanners produce :class:`Finding` (an offset inside one title or body,
independent of where that text sits in a file) so their results can be
memoised per text; the checker turns them into :class:`Problem` with file
positions. Problems carry ids that never change, because an author's
``[[acknowledged]]`` entries refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_report.report.places import TextPlace
from tui_report.report.terminal import safe

SEVERITIES = ("error", "warning", "info")


@dataclass
class Fix:
    """A safe automatic fix: replace ``old`` with ``new`` inside the value
    ``target`` (e.g. a section body) at character ``offset``.

    ``safe`` fixes are the ones `check --fix` applies unattended: the printed
    report means the same afterwards. The editor may offer the others."""

    description: str
    target: TextPlace  # the title or body the fix edits
    offset: int
    old: str
    new: str
    safe: bool = True


@dataclass(frozen=True)
class Finding:
    """A problem inside one piece of prose: ``length`` characters at
    ``offset``; ``fix`` is ``(offset, old, new, description)`` or None."""

    id: str
    severity: str
    message: str
    offset: int
    length: int
    fix: tuple | None = None
    #: the offending text as typed ("2021年", "0元"), matched by
    #: ``[[acknowledged]] where``
    text: str = ""
    data: tuple = ()


@dataclass
class Problem:
    id: str
    severity: str
    message: str
    file: str
    line: int = 1
    col: int = 1
    end: int | None = None  # end column on the same line
    fix: Fix | None = None
    acknowledged: bool = False
    reason: str = ""
    #: What the problem is about (section path "overview/0/1" or figure id),
    #: used to match acknowledgements and by the TUI to jump there.
    where: str = ""
    #: For problems inside prose: the title or body they are in and the
    #: character offset in that text, so the editor can put the cursor on
    #: the offending text.
    target: TextPlace | None = None
    offset: int | None = None
    extra: dict = field(default_factory=dict)

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def format(self) -> str:
        """The line `check` prints; report text in it is terminal-safe."""
        tail = f"（已确认：{self.reason}）" if self.acknowledged else ""
        sev = "acknowledged" if self.acknowledged else self.severity
        return safe(f"{self.location()}: {sev}: {self.message}{tail} [{self.id}]", keep_newlines=False)

    def to_json(self) -> dict:
        """The object `check --format json` prints for editors and CI."""
        fix = None
        if self.fix is not None:
            fix = {"description": self.fix.description, "old": self.fix.old, "new": self.fix.new,
                   "safe": self.fix.safe}
        return {"file": self.file, "line": self.line, "col": self.col, "end": self.end,
                "severity": self.severity, "id": self.id, "message": self.message, "fix": fix,
                "acknowledged": self.acknowledged, "reason": self.reason, "where": self.where}

    def sort_key(self):
        return (self.file != "report.toml", self.file, self.line, self.col, self.id)


@dataclass(frozen=True)
class Tally:
    """How many problems still stand: what `check`'s last line, the status
    line and the problems panel's title all state, counted one way
    (acknowledged ones do not count)."""

    errors: int = 0
    warnings: int = 0
    fixable: int = 0  # standing problems a safe automatic fix can clear

    @classmethod
    def of(cls, problems: list[Problem]) -> Tally:
        standing = [p for p in problems if not p.acknowledged]
        return cls(errors=sum(p.severity == "error" for p in standing),
                   warnings=sum(p.severity == "warning" for p in standing),
                   fixable=sum(p.fix is not None and p.fix.safe for p in standing))
