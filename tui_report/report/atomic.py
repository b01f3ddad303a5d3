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
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tui_report.report.errors import SystemFailure


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _data(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _unlink(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


class ReadOnlyFile(PermissionError, SystemFailure):
    """The file to replace is read-only (no write permission bit for us):
    replacing it by a rename would succeed, because a rename needs only the
    folder's permission, and would undo what its owner meant — so it is
    refused, for root too."""

    def __init__(self, path: Path, mode: int):
        OSError.__init__(self, errno.EACCES, f"文件是只读的（权限 {stat.S_IMODE(mode):04o}）；如确需修改，"
                                       "请先恢复写入权限（chmod u+w）", str(path))
        self.message = f"{path}：{self.strerror}"


def _may_write(path: Path, st: os.stat_result) -> bool:
    """Whether the user may write ``path`` by its permissions. root may
    write anything, so for root a file with no write bit at all counts as
    read-only (someone made it so on purpose)."""
    if os.geteuid() == 0:
        return bool(st.st_mode & 0o222)
    return os.access(path, os.W_OK)


def _keep_owner(fd: int, st: os.stat_result | None, folder: Path) -> None:
    """As root, give the new file the owner and group of the file it
    replaces (or, for a new file, of its folder): a colleague's report
    stays theirs after root has saved in it."""
    if os.geteuid() != 0 or not hasattr(os, "fchown"):
        return
    if st is None:
        try:
            st = os.stat(folder)
        except OSError:
            return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except OSError:
        pass  # a file system without owners (FAT, some shares)


def target_stat(path: Path) -> os.stat_result | None:
    """The file ``path`` names now (None: there is none), refused with
    :class:`ReadOnlyFile` when it may not be written."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(st.st_mode) and not _may_write(path, st):
        raise ReadOnlyFile(path, st.st_mode)
    return st


def stage(path: Path, data: bytes) -> str:
    """``data`` in a temp file next to ``path`` (fsynced, with ``path``'s
    mode and, as root, its owner and group); returns the temp file's name.
    A read-only ``path`` is refused (:class:`ReadOnlyFile`). On failure
    nothing is left."""
    st = target_stat(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        exc.filename = str(path)  # the file meant, not the temp name tried
        raise
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            _keep_owner(fh.fileno(), st, path.parent)
            os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode) & 0o777 if st is not None else 0o644)
            os.fsync(fh.fileno())
    except BaseException as exc:
        _unlink(tmp)
        if isinstance(exc, OSError):
            exc.filename = str(path)
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


class CommitError(OSError, SystemFailure):
    """:func:`write_all_atomic` failed while renaming: ``done`` were replaced,
    the rest (``path`` first) were not."""

    def __init__(self, error: OSError, path: Path, done: list[Path]):
        OSError.__init__(self, error.errno, error.strerror, str(path))
        self.error, self.done = error, done
        self.message = f"{path}：{error.strerror or error}"


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


