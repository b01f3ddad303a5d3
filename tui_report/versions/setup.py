"""``tui-report git-setup PATH``: the report folder in a repository, its
files merged by the report's merge driver, and the check run before each
commit.

``.gitattributes`` travels with the repository, but the driver's command
line is in each clone's own configuration; so pull (the first thing a
colleague does after cloning) registers the driver too when the attributes
ask for it and the clone does not have it yet.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tui_report.report.atomic import write_atomic
from tui_report.report.safe_read import read_bytes
from tui_report.versions.git import GitError, Repo, find_repo, run
from tui_report.versions.merge import driver_command

DRIVER = "tui-report"
ATTRIBUTES = ".gitattributes"
ATTRIBUTE_LINES = [f"report.toml merge={DRIVER}", f"scorecard.toml merge={DRIVER}", f"sections/*.toml merge={DRIVER}"]
ATTRIBUTES_HEAD = "# tui-report：报告文件按段落和数字合并（由 tui-report git-setup 写入）"
HOOK_MARK = "# tui-report git-setup"


@dataclass
class SetupResult:
    repo: Repo
    created: bool = False
    notes: list[str] = field(default_factory=list)


def setup(root: Path, *, hook: bool = True, remote: str | None = None, init: bool = True) -> SetupResult:
    if not (root / "report.toml").is_file():
        raise GitError(f"{root} 不是报告文件夹（没有 report.toml）", "failed")
    repo = find_repo(root)
    result_created = False
    if repo is None:
        if not init:
            raise GitError("报告文件夹还不在版本库中", "not-a-repo")
        run(root, "init", "-q")
        repo = find_repo(root)
        if repo is None:
            raise GitError(f"无法在 {root} 建立版本库", "failed")
        result_created = True
    result = SetupResult(repo, result_created)
    if result_created:
        result.notes.append(f"已在 {root} 建立版本库")
    added = write_attributes(root)
    result.notes.append(f"已在 {ATTRIBUTES} 中登记报告文件的合并方式" if added else f"{ATTRIBUTES} 已登记合并方式")
    register_driver(repo)
    result.notes.append("已在本版本库的设置中登记合并程序（git config merge.tui-report.driver）")
    if hook:
        result.notes.append(install_hook(repo, root))
    if remote:
        remotes = run(repo.top, "remote").out.split()
        if "origin" in remotes:
            run(repo.top, "remote", "set-url", "origin", remote)
            result.notes.append(f"共享版本库 origin 改为 {remote}")
        else:
            run(repo.top, "remote", "add", "origin", remote)
            result.notes.append(f"共享版本库 origin：{remote}")
    return result


def write_attributes(root: Path) -> bool:
    """Add the driver's lines to the report folder's ``.gitattributes``
    (read first, kept, written atomically); False when all were there."""
    path = root / ATTRIBUTES
    old = ""
    if os.path.lexists(path):
        old = read_bytes(path, ATTRIBUTES, 1024 * 1024).decode("utf-8", "replace")
    have = {line.strip() for line in old.splitlines()}
    missing = [line for line in ATTRIBUTE_LINES if line not in have]
    if not missing:
        return False
    text = old + ("" if not old or old.endswith("\n") else "\n")
    if ATTRIBUTES_HEAD not in have:
        text += ATTRIBUTES_HEAD + "\n"
    text += "\n".join(missing) + "\n"
    write_atomic(path, text)
    return True


def register_driver(repo: Repo) -> None:
    run(repo.top, "config", f"merge.{DRIVER}.name", "tui-report：报告按段落和数字合并")
    run(repo.top, "config", f"merge.{DRIVER}.driver", driver_command())


def ensure_driver(repo: Repo) -> None:
    """Register the driver in this clone when the attributes name it and
    the clone's configuration lacks it (a fresh clone)."""
    res = run(repo.top, "config", "--get", f"merge.{DRIVER}.driver", check=False)
    if res.code == 0 and res.out.strip():
        return
    attrs = run(repo.top, "check-attr", "merge", "--", repo.path_of("report.toml"), check=False).out
    if f"merge: {DRIVER}" in attrs:
        register_driver(repo)


def hook_text(repo: Repo, root: Path) -> str:
    rel = os.path.relpath(root.resolve(), repo.top.resolve())
    return (f"#!/bin/sh\n{HOOK_MARK}：提交前校验报告（同 .pre-commit-hooks.yaml 的 tui-report-check）\n"
            f"exec {shlex.quote(sys.executable)} -m tui_report check {shlex.quote(rel)}\n")


def install_hook(repo: Repo, root: Path) -> str:
    """The check as the repository's pre-commit hook; a hook of someone
    else's is left alone (and said so)."""
    path = Path(run(repo.top, "rev-parse", "--git-path", "hooks/pre-commit").out.strip())
    if not path.is_absolute():
        path = repo.top / path
    text = hook_text(repo, root)
    if path.exists():
        old = path.read_text("utf-8", "replace")
        if HOOK_MARK not in old:
            return f"已有别的 pre-commit 钩子（{path}），未改动；如需提交前校验，请在其中加入：{text.splitlines()[-1]}"
        if old == text:
            return "提交前校验（pre-commit 钩子）已安装"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    path.chmod(0o755)
    return "已安装提交前校验（pre-commit 钩子：tui-report check）"
