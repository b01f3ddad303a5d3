"""The report's own `.tui-report/` folder: lock, recovery files, originals.

It lives inside the report so that whoever opens the report next finds
them, and it ignores itself in git (a `.gitignore` holding `*`), so the
report's repository needs no setup. It must be a real folder: a symlink
there could make the editor write outside the report.
"""

from __future__ import annotations

import os
from pathlib import Path

NAME = ".tui-report"


class StateDirError(OSError):
    """The state folder cannot be used; the message says why, in Chinese."""


def state_dir(root: str | Path, create: bool = True) -> Path:
    root = Path(root)
    path = root / NAME
    _check(root, path)
    if create and not path.is_dir():
        try:
            path.mkdir()
        except FileExistsError:
            _check(root, path)
            if not path.is_dir():
                raise StateDirError(f"{NAME} 应为文件夹，却是文件；请移走它") from None
        except OSError as exc:
            raise StateDirError(f"无法在报告文件夹中创建 {NAME}：{exc.strerror}") from None
    if create:
        _ignore_self(path)
    return path


def state_subdir(root: str | Path, name: str, create: bool = True) -> Path:
    base = state_dir(root, create)
    path = base / name
    _check(Path(root), path)
    if create:
        try:
            path.mkdir(exist_ok=True)
        except OSError as exc:
            raise StateDirError(f"无法创建 {NAME}/{name}：{exc.strerror}") from None
    return path


def _check(root: Path, path: Path) -> None:
    if path.is_symlink():
        raise StateDirError(f"{path.relative_to(root)} 是符号链接，出于安全不使用；请删除它")
    if path.exists() and not path.is_dir():
        raise StateDirError(f"{path.relative_to(root)} 应为文件夹，却是文件；请移走它")


def _ignore_self(path: Path) -> None:
    """Write `.gitignore` (``*``) unless present; never overwrite one."""
    try:
        fd = os.open(path / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError:
        return
    try:
        os.write(fd, b"# tui-report: recovery files and lock, never committed\n*\n")
    finally:
        os.close(fd)
