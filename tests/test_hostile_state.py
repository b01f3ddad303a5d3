"""The report's `.tui-report/` folder and the files a rewrite replaces, made
hostile: a symlink anywhere under the state folder, a FIFO or a folder as
the lock, a read-only file, another user's report fixed by root, a full
disk while `.gitignore` is written. Nothing is written or read outside the
report, nothing blocks, every refusal is a message."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_report.report import lock
from tui_report.report.atomic import ReadOnlyFile, write_all_atomic, write_atomic
from tui_report.report.statedir import StateDirError, StateFolder

from .conftest import ROOT
from .test_hostile_output import run_limited

#: seconds a command that must not block gets
QUICK = 20


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "tui_report", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, env=env, timeout=QUICK * 3)


def no_traceback(res: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in res.stderr and "Exception ignored" not in res.stderr, res.stderr


def to_gbk(path: Path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- symlinks under .tui-report/ ------------------------------------------------------------


@pytest.mark.parametrize("link", [".tui-report", ".tui-report/originals", ".tui-report/originals/sections"])
def test_convert_encoding_writes_nothing_through_a_symlinked_state_folder(sample, tmp_path, link):
    outside = tmp_path / "outside"
    outside.mkdir()
    (sample / link).parent.mkdir(parents=True, exist_ok=True)
    (sample / link).symlink_to(outside, target_is_directory=True)
    to_gbk(sample / "sections" / "overview.toml")
    before = (sample / "sections" / "overview.toml").read_bytes()
    res = cli("convert-encoding", str(sample))
    no_traceback(res)
    assert res.returncode == 2 and "符号链接" in res.stderr, res.stderr
    assert files_under(outside) == []  # nothing created out there
    assert (sample / "sections" / "overview.toml").read_bytes() == before  # and nothing converted


def test_the_state_folder_opener_refuses_links_and_special_files(sample, tmp_path):
    (sample / ".tui-report").mkdir()
    os.mkfifo(sample / ".tui-report" / "pipe")
    (sample / ".tui-report" / "link").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").write_text("secret")
    with StateFolder(sample) as folder:
        for name in ("pipe", "link"):
            started = time.monotonic()
            with pytest.raises(StateDirError):
                folder.read(name, 100)
            with pytest.raises(StateDirError):
                folder.write(name, b"x")
            assert time.monotonic() - started < 5
    assert (tmp_path / "elsewhere").read_text() == "secret"


# --- the lock ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
def test_a_lock_that_is_no_file_is_a_message_not_a_hang(sample, tmp_path, kind):
    state = sample / ".tui-report"
    state.mkdir()
    if kind == "fifo":
        os.mkfifo(state / "lock")
    elif kind == "folder":
        (state / "lock").mkdir()
    else:
        (tmp_path / "target").write_text('{"pid": 1}')
        (state / "lock").symlink_to(tmp_path / "target")
    with pytest.raises(lock.LockError) as info:
        lock.acquire(sample)
    assert ".tui-report/lock" in info.value.message
    started = time.monotonic()
    res = cli("check", "--fix", str(sample))  # would block forever on the FIFO
    assert time.monotonic() - started < QUICK
    no_traceback(res)
    assert "未自动修复" in res.stderr and ".tui-report/lock" in res.stderr
    assert lock.holder(sample) is None


# --- what a rewrite keeps: mode, owner, read-only ---------------------------------------------


def test_a_read_only_file_is_not_replaced_even_by_root(sample):
    target = sample / "sections" / "performance.toml"
    target.chmod(0o444)
    before = target.read_bytes()
    with pytest.raises(ReadOnlyFile):
        write_atomic(target, "x")
    with pytest.raises(ReadOnlyFile):
        write_all_atomic([(sample / "report.toml", (sample / "report.toml").read_bytes()), (target, b"x")])
    res = cli("check", "--fix", str(sample))  # the sample has safe fixes in performance.toml
    no_traceback(res)
    assert "只读" in res.stderr and "sections/performance.toml" in res.stderr and "没有改动任何文件" in res.stderr
    assert target.read_bytes() == before and stat.S_IMODE(target.stat().st_mode) == 0o444
    assert not list(sample.rglob("*.tmp"))


def test_a_rewrite_keeps_the_files_mode(sample):
    target = sample / "sections" / "performance.toml"
    target.chmod(0o640)
    res = cli("check", "--fix", str(sample))
    assert "已自动修复" in res.stderr, res.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files to another user")
def test_root_fixing_a_colleagues_report_leaves_it_theirs(sample):
    uid, gid = 4321, 4321
    for path in [sample, *sample.rglob("*")]:
        os.chown(path, uid, gid)
    res = cli("check", "--fix", str(sample))
    assert "已自动修复" in res.stderr, res.stderr
    owners = {str(p.relative_to(sample)): (p.stat().st_uid, p.stat().st_gid) for p in sample.rglob("*")}
    assert ".tui-report" in owners and ".tui-report/.gitignore" in owners
    assert set(owners.values()) == {(uid, gid)}, owners


# --- a full disk while the state folder is made ------------------------------------------------


def test_convert_encoding_on_a_full_disk_is_a_message_and_leaves_no_empty_gitignore(sample):
    to_gbk(sample / "sections" / "overview.toml")
    before = (sample / "sections" / "overview.toml").read_bytes()
    res = run_limited(10, "convert-encoding", str(sample))
    no_traceback(res)
    assert res.returncode == 2 and "最大文件大小" in res.stderr and "没有改动任何文件" in res.stderr, res.stderr
    assert (sample / "sections" / "overview.toml").read_bytes() == before
    gitignore = sample / ".tui-report" / ".gitignore"
    assert not gitignore.exists() or gitignore.read_bytes().strip(), "an empty .gitignore ignores nothing"
    assert not list(sample.rglob("*.tmp"))


def test_the_editor_opens_read_only_at_once_when_the_lock_is_a_fifo(sample):
    import asyncio

    from .tui_support import open_editor, pilot_test

    (sample / ".tui-report").mkdir()
    os.mkfifo(sample / ".tui-report" / "lock")

    @pilot_test
    async def run() -> None:
        async def opened() -> None:
            async with open_editor(sample, size=(100, 30), guard=True) as (app, pilot):
                await pilot.pause()
                assert app.is_running and app.read_only

        await asyncio.wait_for(opened(), QUICK)

    run()
