"""The one error base, and the exit codes, of every tui-report command.

Each failure a user can act on (a file that cannot be read, a lock held by
someone else, a folder that already exists, an edit that is not possible
here, …) is a :class:`TuiReportError`: a message in Chinese that says what
to do, and the file, line and column when they are known. It formats itself,
so the command line and the editor show it the same way
(``file:line:col: message``), and nobody rebuilds that line by hand.
"""

from __future__ import annotations

import errno
import os

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
        from tui_report.report.terminal import safe  # terminal's StreamError is one of ours: no import cycle

        return safe(line, keep_newlines=False)


class ReportError(TuiReportError):
    """The report (or one file of it) cannot be read (exit status 2 for `check`)."""

    file: str
    line: int
    col: int

    def __init__(self, file: str, line: int, col: int, message: str):
        super().__init__(message, file, line, col)


class SystemFailure(TuiReportError):
    """A base for failures that are also the system's own ``OSError`` (a
    full disk behind stdout, a rename that failed half-way, the state
    folder): caught as ``OSError`` where the system's errno matters, and as
    the one base everywhere else. ``message`` is set by each subclass."""

    message: str = ""
    file: str | None = None
    line: int | None = None
    col: int | None = None


#: errno → why an operation on a file failed, in words a user can act on.
#: The one table for reading and writing alike (``{rw}`` is 读取 or 写入).
_REASONS = {
    errno.ENOSPC: "磁盘空间已满，请腾出空间后重试",
    errno.EDQUOT: "超出磁盘配额，请腾出空间后重试",
    errno.EFBIG: "文件超过了系统允许的最大文件大小",
    errno.EACCES: "没有{rw}权限；请检查文件和文件夹的权限",
    errno.EPERM: "不允许{rw}（权限不足或文件被设为不可改）",
    errno.EROFS: "文件系统是只读的（例如只读挂载的光盘、共享盘）；请把报告复制到可写的位置",
    errno.EIO: "磁盘读写出错",
    errno.ENAMETOOLONG: "文件名（或路径）过长，系统无法处理；请改用短一些的名称",
    errno.ENOTDIR: "路径中有一段不是文件夹，而是普通文件",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "应为文件，却是文件夹",
    errno.ELOOP: "符号链接循环（链接指向自身或互相指向）；请换成普通文件",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EXDEV: "不能跨文件系统移动文件",
    errno.EEXIST: "已存在同名的文件或文件夹",
    errno.ENOTEMPTY: "文件夹不为空",
    errno.EMFILE: "打开的文件过多；请关闭一些程序后重试",
    errno.ENFILE: "打开的文件过多；请关闭一些程序后重试",
    errno.ENOMEM: "内存不足",
    errno.ENXIO: "设备或套接字，无法当作文件使用",
    errno.EPIPE: "读取输出的程序已退出",
}

#: reading-specific words where the general reason would mislead
_READ_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EISDIR: "应为文件，却是文件夹",
    errno.ELOOP: "符号链接循环（链接指向自身或互相指向），无法读取；请换成普通文件",
    errno.ENAMETOOLONG: "文件名（或路径）过长，系统无法打开；请改用短一些的名称",
    errno.EACCES: "无法读取：没有读取权限；请检查文件权限",
    errno.EPERM: "无法读取：没有读取权限；请检查文件权限",
}


def os_reason(exc: OSError, reading: bool = False) -> str:
    """Why a file operation failed, in words a user can act on. Writing:
    ``reason（system's words）``; reading: the reason alone, as the reader's
    messages have always been worded. An error that wraps another (a failed
    rename of several files) is explained by the one it wraps."""
    own = getattr(exc, "message", None)
    if isinstance(own, str):  # an error of ours that is an OSError too (the state folder's)
        return own
    inner = getattr(exc, "error", None)
    if isinstance(inner, OSError):
        exc = inner
    code = exc.errno or 0
    if reading:
        general = _REASONS.get(code, "").format(rw="读取")
        return _READ_REASONS.get(code) or f"无法读取：{general or exc.strerror or exc}"
    reason = _REASONS.get(code, "").format(rw="写入")
    detail = exc.strerror or str(exc)
    return f"{reason}（{detail}）" if reason else detail


class OsFailure(TuiReportError):
    """The operating system refused a file operation; the message says
    which file and why."""


def from_os_error(exc: OSError, doing: str = "") -> TuiReportError:
    """Any ``OSError`` that reached the command line as a message naming
    the file: the last place an unforeseen file failure is caught, so it is
    never a traceback."""
    names = [n for n in (exc.filename, getattr(exc, "filename2", None)) if n]
    from tui_report.report.terminal import safe

    where = "、".join(safe(os.fsdecode(n) if isinstance(n, str | bytes) else str(n), keep_newlines=False)
                     for n in names)
    what = f"{doing}失败" if doing else "操作失败"
    return OsFailure(f"{what}{'：' + where if where else ''}：{os_reason(exc)}")
