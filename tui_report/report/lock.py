"""One editor per report folder.

Two colleagues opening the same report would each save over the other's
work. The first `tui-report` takes `.tui-report/lock` (pid, host, user, time);
a second one learns who holds it and opens read-only. A lock whose process
is gone (same host, pid dead or reused) is taken over, so a crash or a
dropped SSH connection never locks a report for good. A lock from another host
is never taken over automatically: we cannot see its processes.

The lock file is created with ``O_CREAT | O_EXCL`` (exactly one creator
wins). Taking over a stale lock happens under ``flock`` on the state folder
and re-checks the file's bytes there, so two instances taking over the same
stale lock cannot both win, nor delete a fresh lock. A lock that cannot be
written whole (disk full, a file-size limit) is removed again at once, so a
failed attempt never leaves a 0-byte lock behind; a 0-byte or unreadable lock
older than :data:`UNREADABLE_GRACE_SECONDS` is taken over like a dead
process's. :attr:`Lock.took_over` says which stale lock was taken over, for a
note to the user.
"""

from __future__ import annotations

import atexit
import datetime as _dt
import errno
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

from tui_report.report.errors import TuiReportError, os_reason
from tui_report.report.statedir import NAME, StateDirError, StateFolder

fcntl: ModuleType | None
pwd: ModuleType | None
try:  # imported up front: lock info is also written from signal handlers
    import fcntl
    import pwd
except ImportError:  # not on POSIX
    fcntl = pwd = None

LOCK_NAME = "lock"
#: A lock file that cannot be parsed was left by a crash between creating and
#: writing it, unless it is younger than this (then its writer is at work).
UNREADABLE_GRACE_SECONDS = 30


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    user: str
    time: str  # ISO 8601 with offset
    #: boot id and start time of the process, to tell a reused pid apart
    start: str = ""

    def describe(self) -> str:
        when = self.time
        try:
            when = _dt.datetime.fromisoformat(self.time).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            pass
        return f"{self.user} 在 {self.host} 上（进程 {self.pid}，{when} 起）"


class LockError(TuiReportError):
    """The report cannot be locked; open it read-only. ``message`` is for the user."""


class Locked(LockError):
    """Someone else holds the lock: ``info`` says who (None: unreadable lock file)."""

    def __init__(self, info: LockInfo | None, path: Path):
        self.info, self.path = info, path
        where = f"{path.parent.name}/{path.name}"
        if info is None:  # a writer at work, or one that crashed: taken over once the grace is over
            super().__init__(f"此报告的锁文件 {where} 为空或无法读取（另一个 tui-report 可能正在写入它）；"
                             f"请 {UNREADABLE_GRACE_SECONDS} 秒后再试，届时仍无法读取的锁会被自动接管")
            return
        super().__init__(f"此报告正由 {info.describe()}编辑。若确认对方已退出，可删除 {where} 后重新打开")


def this_host() -> str:
    return os.uname().nodename


def this_user() -> str:
    user = os.environ.get("USER") or os.environ.get("LOGNAME")
    if user:
        return user
    if pwd is None:
        return str(os.getuid())
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return str(os.getuid())


def process_start(pid: int) -> str:
    """Boot id and start tick of ``pid`` (Linux); "" where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
        with open("/proc/sys/kernel/random/boot_id", "rb") as fh:
            boot = fh.read().decode("ascii", "replace").strip()
    except OSError:
        return ""
    fields = stat[stat.rfind(")") + 2:].split()
    return f"{boot}:{fields[19]}" if len(fields) > 19 else ""


def my_info() -> LockInfo:
    return LockInfo(
        pid=os.getpid(),
        host=this_host(),
        user=this_user(),
        time=_dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        start=process_start(os.getpid()),
    )


def alive(info: LockInfo) -> bool:
    """Whether the process ``info`` describes may still run. Another host's
    process always may: we cannot look."""
    if info.host != this_host():
        return True
    if info.pid <= 0:
        return False
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    if info.start:
        now = process_start(info.pid)
        if now and now != info.start:
            return False  # the pid now belongs to another process
    return True


def _parse(raw: bytes) -> LockInfo | None:
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockInfo(pid=int(data["pid"]), host=str(data["host"]), user=str(data["user"]),
                        time=str(data["time"]), start=str(data.get("start", "")))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        return None


def _read(root: Path) -> tuple[bytes | None, float]:
    """The lock file's first bytes and mtime (None: no lock file), read
    through :class:`StateFolder`: a FIFO, folder or symlink put in its place
    is a :class:`StateDirError`, never a wait."""
    with StateFolder(root, create=False) as folder:
        got = folder.read(LOCK_NAME, 4096)
    return got if got is not None else (None, 0.0)


def holder(root: str | Path) -> LockInfo | None:
    """Who holds the report's lock now (None: nobody, or unreadable)."""
    try:
        raw, _ = _read(Path(root))
    except StateDirError:
        return None
    return _parse(raw) if raw is not None else None


class Lock:
    """A held lock; :meth:`release` (or leaving a ``with`` block) gives it up."""

    def __init__(self, root: Path, path: Path, info: LockInfo, raw: bytes, took_over: str = ""):
        self.root, self.path, self.info, self._raw = root, path, info, raw
        self.held = True
        #: "" or, when a stale lock was taken over to get this one, what it was
        self.took_over = took_over

    def release(self) -> None:
        """Remove the lock file if it is still ours; safe to call twice."""
        if not self.held:
            return
        self.held = False
        try:
            with StateFolder(self.root, create=False) as folder:
                got = folder.read(LOCK_NAME, 4096)
                if got is not None and got[0] == self._raw:
                    folder.unlink(LOCK_NAME)
        except OSError:
            pass  # gone, or replaced by something not ours: leave it

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def acquire(root: str | Path) -> Lock:
    """Lock the report folder ``root`` for this process.

    Raises :class:`Locked` (who holds it) when a live editor has it, and
    :class:`LockError` when no lock can be made (e.g. the folder is not
    writable, or `.tui-report/lock` is a pipe, a folder or a symlink); in
    both cases the report should open read-only."""
    root = Path(root)
    try:
        folder = StateFolder(root)
    except StateDirError as exc:
        raise LockError(f"无法加锁：{exc}") from None
    with folder:
        return _acquire(root, folder)


def _acquire(root: Path, folder: StateFolder) -> Lock:
    path = folder.path / LOCK_NAME
    where = f"{NAME}/{LOCK_NAME}"
    info = my_info()
    raw = (json.dumps(asdict(info), ensure_ascii=False) + "\n").encode("utf-8")
    took_over = ""
    try:
        for _ in range(10):
            try:
                fd = folder.open(LOCK_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pass
            except StateDirError:
                raise
            except OSError as exc:
                raise LockError(f"无法创建锁文件 {where}：{os_reason(exc)}") from None
            else:
                _write_whole(fd, folder, where, raw)
                lock = Lock(root, path, info, raw, took_over)
                atexit.register(lock.release)
                return lock
            got = folder.read(LOCK_NAME, 4096)
            if got is None:
                continue  # released meanwhile: try again
            seen, mtime = got
            other = _parse(seen)
            if other is not None and alive(other):
                raise Locked(other, path)
            if other is None and time.time() - mtime < UNREADABLE_GRACE_SECONDS:
                raise Locked(None, path)
            if _remove_if_unchanged(folder, seen):
                took_over = (f"已接管 {other.describe()} 留下的锁（该进程已不在运行）" if other is not None
                             else "已接管一个空的或无法读取的锁文件（写入它的程序已不在运行）")
        last = folder.read(LOCK_NAME, 4096)
    except StateDirError as exc:
        raise LockError(f"无法加锁：{exc}") from None
    raise Locked(_parse(last[0] if last else b""), path)


def _write_whole(fd: int, folder: StateFolder, where: str, raw: bytes) -> None:
    """Write the new lock file ``fd`` and close it; when it cannot be
    written whole (disk full, a file-size limit …) remove it again, so no
    0-byte or half lock is left, and raise :class:`LockError`."""
    whole = False
    try:
        if os.write(fd, raw) != len(raw):
            raise OSError(errno.ENOSPC, "写入不完整")
        os.fsync(fd)
        whole = True
    except OSError as exc:
        raise LockError(f"无法写入锁文件 {where}：{os_reason(exc)}") from None
    finally:
        os.close(fd)
        if not whole:
            try:
                folder.unlink(LOCK_NAME)
            except FileNotFoundError:
                pass


def _remove_if_unchanged(folder: StateFolder, seen: bytes) -> bool:
    """Delete the stale lock ``seen`` — only if the file still holds exactly
    those bytes, checked while holding ``flock`` on the state folder.
    Returns whether this call deleted it."""
    fd = os.open(".", os.O_RDONLY, dir_fd=folder.fd)  # its own open file: its own flock
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                pass
        got = folder.read(LOCK_NAME, 4096)
        if got is not None and got[0] == seen:
            try:
                folder.unlink(LOCK_NAME)
            except FileNotFoundError:
                return False
            return True
        return False
    finally:
        os.close(fd)  # closing releases the flock
