"""The one way a report file (or an import source) is read: regular files
only, with a hard size cap, and never a wait.

A report folder comes from e-mail, USB sticks and shared drives, so a name
like ``sections/budget.toml`` may be anything: a named pipe (reading it
would wait forever for a writer), a device (``/dev/zero`` never ends), a
socket, a folder, a symlink loop. Each is refused with a message that names
the file and says what it is, before a byte is read:

- the path is ``stat``-ed first, so a device or a pipe is refused without
  being opened (opening some devices has effects of its own);
- it is then opened with ``O_NONBLOCK`` (a pipe swapped in meanwhile does
  not block the open) and ``O_NOCTTY``, and the open file is checked again
  with ``fstat``: what is read is what was checked;
- it is read in chunks up to ``limit`` bytes and no further, whatever
  ``st_size`` says (a file may grow while it is read, or lie).

Symlinks to regular files are followed here; whether a link is acceptable
at all is the caller's rule (the store refuses links inside a report).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from tui_report.report.errors import os_reason

#: bytes asked of the kernel at a time
CHUNK = 1024 * 1024

NOT_FOUND = "文件不存在"
IS_DIR = "应为文件，却是文件夹"


def file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("命名管道（FIFO）",
    "设备文件", …); None for a regular file. The one place the kinds are
    named, for reading here and for writing in ``output``."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def kind_message(mode: int) -> str | None:
    """Why a file that is not a regular file cannot be read, as told to a
    user; None for a regular file."""
    kind = file_kind(mode)
    if kind is None:
        return None
    if kind == "文件夹":
        return IS_DIR
    if kind == "特殊文件":
        return "不是普通文件；请换成真正的文件"
    return f"是{kind}，不是普通文件；请换成真正的文件"


def kind_name(mode: int) -> str | None:
    """A special file's kind for messages about links; None for a regular
    file or a folder."""
    kind = file_kind(mode)
    return None if kind == "文件夹" else kind


def os_error_message(exc: OSError) -> str:
    """An error from stat or open, in words a user can act on (the one
    errno table, :func:`tui_report.report.errors.os_reason`)."""
    return os_reason(exc, reading=True)


def _size(n: int) -> str:
    """``40 MB``; below a megabyte in KB, below a KB in bytes."""
    if n >= 1024 * 1024:
        return f"{n // (1024 * 1024)} MB"
    return f"{n // 1024} KB" if n >= 1024 else f"{n} 字节"


def too_big_message(limit: int, size: int | None = None) -> str:
    """``size`` known (from fstat) or not (the cap was reached reading)."""
    if size is not None:
        return f"文件过大（{_size(size)}，上限 {_size(limit)}）：请确认没有放错文件"
    return f"文件过大（超过 {_size(limit)}）：请确认没有放错文件"


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _read(path: Path, limit: int) -> bytes:
    """The bytes of ``path``; :class:`_Refused` with the message otherwise."""
    try:
        kind = kind_message(os.stat(path).st_mode)
    except OSError as exc:
        raise _Refused(os_error_message(exc)) from None
    except ValueError:  # a NUL byte in the name
        raise _Refused("文件名含有不允许的字符") from None
    if kind:
        raise _Refused(kind)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket swapped in after the stat
            raise _Refused(kind_message(stat.S_IFSOCK) or "") from None
        raise _Refused(os_error_message(exc)) from None
    try:
        st = os.fstat(fd)
        kind = kind_message(st.st_mode)
        if kind:  # swapped after the stat
            raise _Refused(kind)
        if st.st_size > limit:
            raise _Refused(too_big_message(limit, st.st_size))
        os.set_blocking(fd, True)  # a regular file: O_NONBLOCK only guarded the open
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _Refused(too_big_message(limit))
        return b"".join(chunks)
    except OSError as exc:
        raise _Refused(os_error_message(exc)) from None
    finally:
        os.close(fd)


def read_bytes(path: str | Path, rel: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most
    ``limit`` of them; :class:`ReportError` at ``rel``:1:1 otherwise."""
    try:
        return _read(Path(path), limit)
    except _Refused as exc:
        from tui_report.report.toml_read import ReportError

        raise ReportError(rel, 1, 1, exc.message) from None
