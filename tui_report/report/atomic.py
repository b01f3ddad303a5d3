"""Atomic file writes: a reader (or a crash) sees the old file or the new one,
never half of each.

:func:`write_atomic` writes one file; :func:`write_all_atomic` writes several
all-or-nothing: every new content goes to a temp file next to its target
first, and only when all of them are on disk are they renamed into place.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _data(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def stage(path: Path, data: bytes) -> str:
    """``data`` in a temp file next to ``path`` (fsynced, with ``path``'s
    mode); returns the temp file's name. On failure nothing is left."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _sync_folder(folder: Path) -> None:
    """fsync a folder so the renames in it are durable (best effort)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` via a temp file in the
    same folder, fsync, ``os.replace``, then fsync the folder so the rename
    is durable."""
    path = Path(path)
    tmp = stage(path, _data(content))
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise
    _sync_folder(path.parent)


class CommitError(OSError):
    """:func:`write_all_atomic` failed while renaming: ``done`` were replaced,
    the rest (``path`` first) were not."""

    def __init__(self, error: OSError, path: Path, done: list[Path]):
        super().__init__(error.errno, error.strerror, str(path))
        self.error, self.done = error, done


def write_all_atomic(files: Sequence[tuple[Path, str | bytes]]) -> None:
    """Write several files all-or-nothing.

    Every content is first written to a temp file in its target's folder
    and fsynced; only when all of them are written are they moved into
    place with ``os.replace``, one after another. A failure while staging
    (disk full, permission denied, a file-size limit …) removes every temp
    file and raises that ``OSError`` (``filename``: the target that could
    not be staged) with **no file changed**. A failure
    while renaming (which needs no space and practically never fails)
    raises :class:`CommitError` naming what was already replaced; the temp
    files not yet used are removed."""
    staged: list[tuple[Path, str]] = []
    path = Path()
    try:
        for path, content in files:
            path = Path(path)
            staged.append((path, stage(path, _data(content))))
    except BaseException as exc:
        for _, tmp in staged:
            _unlink(tmp)
        if isinstance(exc, OSError):
            exc.filename = str(path)  # the file that could not be staged
        raise
    done: list[Path] = []
    for n, (path, tmp) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except BaseException as exc:
            for _, rest in staged[n:]:
                _unlink(rest)
            if isinstance(exc, OSError):
                raise CommitError(exc, path, done) from exc
            raise
        done.append(path)
    for folder in dict.fromkeys(path.parent for path, _ in staged):
        _sync_folder(folder)


#: errno → what a user is told, in Chinese
_REASONS = {
    errno.ENOSPC: "磁盘空间已满，请腾出空间后重试",
    errno.EDQUOT: "超出磁盘配额，请腾出空间后重试",
    errno.EFBIG: "文件超过了系统允许的最大文件大小",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "不允许写入",
    errno.EROFS: "文件系统是只读的",
    errno.EIO: "磁盘读写出错",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOENT: "文件夹不存在",
    errno.EISDIR: "目标是一个文件夹",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EXDEV: "不能跨文件系统移动文件",
}


def os_reason(exc: OSError) -> str:
    """Why a write failed, in words a user can act on."""
    exc = exc.error if isinstance(exc, CommitError) else exc
    reason = _REASONS.get(exc.errno or 0)
    detail = exc.strerror or str(exc)
    return f"{reason}（{detail}）" if reason else detail
