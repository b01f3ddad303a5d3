"""The one error base, and the exit codes, of every tui-report command.

Each failure a user can act on (a file that cannot be read, a lock held by
someone else, a folder that already exists, an edit that is not possible
here, …) is a :class:`TuiReportError`: a message in Chinese that says what
to do, and the file, line and column when they are known. It formats itself,
so the command line and the editor show it the same way
(``file:line:col: message``), and nobody rebuilds that line by hand.
"""

from __future__ import annotations

from tui_report.report.terminal import safe

#: exit codes of every command: success; problems found (``check``); the
#: report, a file or the machine would not let the command do its job
EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


class TuiReportError(Exception):
    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 col: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col

    def location(self) -> str:
        """``file:line:col``, as much of it as is known ("" for none)."""
        if not self.file:
            return ""
        parts = [self.file] + [str(n) for n in (self.line, self.col) if n is not None]
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def format(self, severity: str = "error", folder: str = "") -> str:
        """The line `check` prints: ``file:line:col: error: message``;
        ``folder`` goes before the file when several reports are checked."""
        where = self.location()
        if where and folder:
            where = f"{folder}/{where}"
        line = f"{where}: {severity}: {self.message}" if where else f"{severity}: {self.message}"
        return safe(line, keep_newlines=False)
