"""The report's own `.tui-report/` folder: lock, recovery files, originals.

It lives inside the report so that whoever opens the report next finds
them, and it ignores itself in git (a `.gitignore` holding `*`), so the
report's repository needs no setup.

A report folder arrives by e-mail, on USB sticks, from a colleague's
pull request: anything in it may have been replaced. Every name under
`.tui-report/` is therefore opened through :class:`StateFolder`, one
folder at a time relative to the one before (``dir_fd``), with
``O_NOFOLLOW`` (a symlink anywhere on the way — ``.tui-report`` itself,
``originals/sections``, the lock — is refused, so nothing is written or
read outside the report), ``O_NONBLOCK`` (a FIFO put in the lock's place
does not block the open) and an ``fstat`` of what was opened (a folder, a
pipe or a device is refused, never read or written). Run as root, what is
created here gets the report folder's owner, so a colleague's report does
not end up with a folder they cannot change.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path

from tui_report.report.errors import SystemFailure, os_reason
from tui_report.report.safe_read import file_kind

NAME = ".tui-report"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)

GITIGNORE = b"# tui-report: recovery files and lock, never committed\n*\n"


class StateDirError(OSError, SystemFailure):
    """The state folder cannot be used; the message says why, in Chinese."""

    def __init__(self, code: int | None, message: str):
        OSError.__init__(self, code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _owner_of(fd: int) -> tuple[int, int] | None:
    """As root, who should own what we create in folder ``fd``: the report's
    owner (None: not root, nothing to change)."""
    if os.geteuid() != 0 or not hasattr(os, "fchown"):
        return None
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _chown(fd: int, owner: tuple[int, int] | None) -> None:
    if owner is not None:
        try:
            os.fchown(fd, *owner)
        except OSError:
            pass  # a file system without owners


class StateFolder:
    """An open folder under `.tui-report/` (``parts`` below it): every
    file operation in it goes through its descriptor, never through a path
    that could be swapped for a symlink meanwhile. Use with ``with``."""

    def __init__(self, root: str | Path, parts: Sequence[str] = (), create: bool = True):
        self.root = Path(root)
        self.parts = (NAME, *parts)
        self.path = self.root.joinpath(*self.parts)
        try:
            fd = os.open(self.root, os.O_RDONLY | _DIRECTORY | _CLOEXEC | _NONBLOCK)
        except OSError as exc:
            raise StateDirError(exc.errno, f"无法打开报告文件夹：{os_reason(exc, reading=True)}") from None
        self.owner = _owner_of(fd)
        try:
            for n, name in enumerate(self.parts):
                shown = "/".join(self.parts[: n + 1])
                parent, fd = fd, -1
                fd = self._step(parent, name, shown, create)  # closes parent
                if n == 0 and create:
                    self._ignore_self(fd)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            raise
        self.fd = fd

    def _step(self, parent: int, name: str, shown: str, create: bool) -> int:
        """Open folder ``name`` in ``parent`` (closed here), making it first
        when ``create``."""
        try:
            if create:
                try:
                    os.mkdir(name, 0o755, dir_fd=parent)
                except FileExistsError:
                    pass
                else:
                    made = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
                    _chown(made, self.owner)
                    os.close(made)
            try:
                fd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC | _NONBLOCK, dir_fd=parent)
            except OSError as exc:
                raise StateDirError(exc.errno, self._why_not(parent, name, shown, exc)) from None
        except StateDirError:
            os.close(parent)
            raise
        except OSError as exc:
            os.close(parent)
            raise StateDirError(exc.errno, f"无法创建 {shown}：{os_reason(exc)}") from None
        os.close(parent)
        if not stat.S_ISDIR(os.fstat(fd).st_mode):  # pragma: no cover - O_DIRECTORY saw to it
            os.close(fd)
            raise StateDirError(errno.ENOTDIR, f"{shown} 应为文件夹，却是文件；请移走它")
        return fd

    @staticmethod
    def _why_not(parent: int, name: str, shown: str, exc: OSError) -> str:
        try:
            mode = os.lstat(name, dir_fd=parent).st_mode
        except OSError:
            return f"无法打开 {shown}：{os_reason(exc, reading=True)}"
        if stat.S_ISLNK(mode):
            return f"{shown} 是符号链接，出于安全不使用；请删除它"
        if stat.S_ISREG(mode):
            return f"{shown} 应为文件夹，却是文件；请移走它"
        kind = file_kind(mode)
        if kind and kind != "文件夹":
            return f"{shown} 应为文件夹，却是{kind}；请移走它"
        return f"无法打开 {shown}：{os_reason(exc, reading=True)}"

    def _ignore_self(self, fd: int) -> None:
        """`.gitignore` (``*``) unless present, written whole or not at all
        (a full disk must not leave an empty one, which ignores nothing); an
        empty one, left by an older version, is written again."""
        try:
            st = os.stat(".gitignore", dir_fd=fd, follow_symlinks=False)
            if not (stat.S_ISREG(st.st_mode) and st.st_size == 0):
                return
        except FileNotFoundError:
            pass
        except OSError:
            return
        try:
            _write_in(fd, ".gitignore", GITIGNORE, self.owner, 0o644)
        except OSError:
            pass  # best effort: the report works without it

    # --- files ------------------------------------------------------------------

    def shown(self, name: str) -> str:
        return "/".join((*self.parts, name))

    def open(self, name: str, flags: int, mode: int = 0o644) -> int:
        """A regular file ``name`` opened with ``flags``: a symlink, folder,
        pipe, device or socket there is refused (:class:`StateDirError`)
        without blocking. A file created here (``O_CREAT``) is given the
        report's owner when run as root."""
        try:
            fd = os.open(name, flags | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _NOCTTY, mode, dir_fd=self.fd)
        except FileNotFoundError:
            raise
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.ENOTDIR, errno.EMLINK):
                raise StateDirError(exc.errno, self._refusal(name, exc)) from None
            raise
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise StateDirError(errno.EINVAL, self._refusal(name, None, st.st_mode))
            os.set_blocking(fd, True)
            if flags & os.O_CREAT:
                _chown(fd, self.owner)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _refusal(self, name: str, exc: OSError | None, mode: int | None = None) -> str:
        shown = self.shown(name)
        if mode is None:
            try:
                mode = os.lstat(name, dir_fd=self.fd).st_mode
            except OSError:
                return f"无法打开 {shown}：{os_reason(exc or OSError(errno.EINVAL, ''), reading=True)}"
        if stat.S_ISLNK(mode):
            return f"{shown} 是符号链接，出于安全不使用；请删除它"
        return f"{shown} 是{file_kind(mode) or '特殊文件'}，不是普通文件；请删除或移走它"

    def read(self, name: str, limit: int) -> tuple[bytes, float] | None:
        """At most ``limit`` bytes of ``name`` and its mtime; None when
        there is no such file."""
        try:
            fd = self.open(name, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            mtime = os.fstat(fd).st_mtime
            chunks, total = [], 0
            while total < limit:
                chunk = os.read(fd, limit - total)
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            return b"".join(chunks), mtime
        finally:
            os.close(fd)

    def exists(self, name: str) -> bool:
        try:
            os.lstat(name, dir_fd=self.fd)
        except FileNotFoundError:
            return False
        return True

    def write(self, name: str, data: bytes) -> None:
        """Replace (or create) ``name`` atomically: a temp file in this
        folder, fsync, rename; on failure nothing is left."""
        try:
            mode = os.stat(name, dir_fd=self.fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            raise StateDirError(errno.EINVAL, self._refusal(name, None, mode))
        _write_in(self.fd, name, data, self.owner, 0o644)

    def unlink(self, name: str) -> None:
        os.unlink(name, dir_fd=self.fd)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> StateFolder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _write_in(folder: int, name: str, data: bytes, owner: tuple[int, int] | None, mode: int) -> None:
    tmp = f".{name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode, dir_fd=folder)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            _chown(fd, owner)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=folder)
        except OSError:
            pass
        raise
    try:
        os.fsync(folder)
    except OSError:
        pass


def state_dir(root: str | Path, create: bool = True) -> Path:
    """`.tui-report/` of ``root``, checked (and made, with its `.gitignore`,
    when ``create``); :class:`StateDirError` when it is not a real folder.
    With ``create=False`` a missing folder is returned unchecked."""
    return state_subdir_path(root, (), create)


def state_subdir(root: str | Path, name: str, create: bool = True) -> Path:
    return state_subdir_path(root, (name,), create)


def state_subdir_path(root: str | Path, parts: Sequence[str], create: bool) -> Path:
    try:
        with StateFolder(root, parts, create) as folder:
            return folder.path
    except StateDirError as exc:
        if not create and exc.errno == errno.ENOENT:
            return Path(root).joinpath(NAME, *parts)
        raise
