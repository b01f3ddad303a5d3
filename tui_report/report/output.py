"""The one safe way to write an exported file (``tui-report export -o``, the
editor's export).

An output path comes from the user, and may name anything: the report's own
``report.toml``, a folder, a FIFO or a device such as ``/dev/null``, a folder
that does not exist. :func:`check_output` looks at the target without opening
it (``stat``, never ``open``: opening a FIFO for writing would block) and
refuses all of these with a message; :func:`write_output` then writes through
:func:`~tui_report.report.atomic.write_atomic`, so a failure (disk full,
permission denied, read-only file system) leaves the old file or no file —
never half a file, never a temp file — and becomes an :class:`OutputError`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui_report.report.atomic import write_atomic
from tui_report.report.errors import TuiReportError, os_reason
from tui_report.report.places import REPORT_FILE, SECTIONS_DIR
from tui_report.report.safe_read import file_kind
from tui_report.report.statedir import NAME as STATE_DIR
from tui_report.report.terminal import safe


class OutputError(TuiReportError):
    """The export cannot be written where asked; the message says why."""


def _show(path: str | os.PathLike) -> str:
    return safe(str(path), keep_newlines=False)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None: a regular file)."""
    kind = file_kind(mode)
    return None if kind is None else f"一个{kind}"


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _inside_report(real: Path, shown: str, report_root: str | os.PathLike) -> None:
    """Refuse ``real`` (the resolved target) when it is one of the report's
    own files: ``report.toml``, or anything under ``sections/`` or
    ``.tui-report/``. Compared by resolved path and, where the files exist,
    by inode (a case-insensitive or bind-mounted path is caught too)."""
    root = Path(os.path.realpath(report_root))
    refuse = OutputError(f"不能导出到 {shown}：它是报告自身的文件（report.toml、sections/ 或 .tui-report/），"
                         "导出会覆盖报告；请换一个文件名或文件夹")
    own_file = root / REPORT_FILE
    own_dirs = [root / SECTIONS_DIR, root / STATE_DIR]
    if real == own_file or any(real.is_relative_to(d) for d in own_dirs):
        raise refuse
    try:
        if _same(os.stat(real), os.stat(own_file)):
            raise refuse
    except OSError:
        pass
    dir_stats = []
    for d in own_dirs:
        try:
            dir_stats.append(os.stat(d))
        except OSError:
            pass
    for parent in real.parents:
        try:
            st = os.stat(parent)
        except OSError:
            continue
        if any(_same(st, d) for d in dir_stats):
            raise refuse


def check_output(path: str | os.PathLike, report_root: str | os.PathLike | None = None) -> Path:
    """Check that an export may be written to ``path``; return the file to
    replace. Raises :class:`OutputError` (nothing is opened or created):

    - when ``path`` exists and is not a regular file — a folder, a device
      node (``/dev/null``), a FIFO, a socket. A **symlink** is followed: when
      it points to a regular file, that file is the one replaced (and the
      returned path), the link itself stays; a link to anything else, or to
      nothing, is refused;
    - when the file is one of the report's own (``report_root``): its
      ``report.toml`` or anything under its ``sections/`` or ``.tui-report/``;
    - when the folder to hold it does not exist (it is not created);
    - when an existing file is not writable for us.
    """
    shown = _show(path)
    target = Path(path)
    if str(path) == "":
        raise OutputError("没有给出导出文件名")
    try:
        link = os.lstat(target)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise OutputError(f"无法导出到 {shown}：{os_reason(exc)}") from None
    if link is not None and stat.S_ISLNK(link.st_mode):
        real = Path(os.path.realpath(target))
        try:
            st = os.stat(real)
        except FileNotFoundError:
            raise OutputError(f"不能导出到 {shown}：它是指向不存在的文件的符号链接") from None
        except OSError as exc:
            raise OutputError(f"无法导出到 {shown}：{os_reason(exc)}") from None
        kind = _kind(st.st_mode)
        if kind:
            raise OutputError(f"不能导出到 {shown}：它是指向{kind}的符号链接，只能替换普通文件")
    else:
        real = Path(os.path.realpath(target))
        kind = _kind(link.st_mode) if link is not None else None
        if kind:
            raise OutputError(f"不能导出到 {shown}：它是{kind}，只能写入或替换普通文件")
    if report_root is not None:
        _inside_report(real, shown, report_root)
    folder = real.parent
    if not folder.is_dir():
        raise OutputError(f"不能导出到 {shown}：文件夹 {_show(target.parent)} 不存在（未创建任何文件）；请先建好文件夹")
    if link is not None and not os.access(real, os.W_OK):
        raise OutputError(f"不能导出到 {shown}：文件是只读的（没有写入权限）")
    return real


def write_output(path: str | os.PathLike, content: str | bytes,
                 report_root: str | os.PathLike | None = None) -> Path:
    """Write an export to ``path`` after :func:`check_output` (see there for
    what is refused; a symlink to a regular file has its target replaced).
    The write is atomic: a temp file in the target's folder, fsync,
    ``os.replace``; on any failure the temp file is removed and the old file
    (if any) stays as it was. Returns the file written; raises
    :class:`OutputError` with the reason (disk full, permission denied,
    read-only file system, …)."""
    real = check_output(path, report_root)
    try:
        write_atomic(real, content)
    except OSError as exc:
        raise OutputError(f"无法写入 {_show(path)}：{os_reason(exc)}；未留下不完整的文件") from None
    return real


def write_stdout(data: bytes, binary: bool = False) -> None:
    """Write an export to standard output, the one way every export reaches
    it. On a terminal, text passes through :func:`~tui_report.report.terminal.safe`
    (an escape sequence in the report — OSC 52 writing the clipboard, OSC 0
    retitling the window — is shown as ``<U+001B>`` marks, not obeyed); a
    binary file (PDF, DOCX) is refused there. Into a pipe or a file the
    bytes go unchanged. A failed write (``> /dev/full``) is an
    :class:`OutputError`; a reader gone away stays a ``BrokenPipeError``
    (the command line ends quietly on it)."""
    import sys

    stream = sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty and binary:
        raise OutputError("不能把二进制文件（PDF、Word）输出到终端；请用 -o 文件名 写入文件，或重定向到文件")
    if tty:
        data = safe(data.decode("utf-8", "replace")).encode("utf-8")
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # a text-only stream (tests capture stdout so)
            stream.write(data.decode("utf-8", "replace"))
            stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(f"无法写入标准输出：{os_reason(exc)}") from None


class StdoutError(OutputError):
    """Standard output cannot be written (a full disk behind ``>``): what
    is left in its buffer must be dropped, or the interpreter's last flush
    would fail again with a traceback."""
