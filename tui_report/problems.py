"""A problem found in a report, pointing at file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")


@dataclass
class Fix:
    """A safe automatic fix: replace ``old`` with ``new`` inside the value
    ``target`` (e.g. a section body) at character ``offset``."""

    description: str
    target: tuple  # ("body", file, path) | ("title", file, path) | ...
    offset: int
    old: str
    new: str


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
    #: For problems inside prose: ("body" | "title", file, path) of the
    #: section and the character offset in that text, so the editor can put
    #: the cursor on the offending text.
    target: tuple | None = None
    offset: int | None = None
    extra: dict = field(default_factory=dict)

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def format(self) -> str:
        tail = f"（已确认：{self.reason}）" if self.acknowledged else ""
        sev = "acknowledged" if self.acknowledged else self.severity
        return f"{self.location()}: {sev}: {self.message}{tail} [{self.id}]"

    def sort_key(self):
        return (self.file != "report.toml", self.file, self.line, self.col, self.id)
