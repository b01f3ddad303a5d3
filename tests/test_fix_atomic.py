"""`check --fix` is all-or-nothing: the fixed files are staged next to their
targets and renamed only when every one is written, so a full disk midway
changes no file, leaves no temp file and no lock, and does not block the
next run. A stale lock (dead process, empty file) is taken over with a note."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_report import checks
from tui_report.checks.fixes import FixSaveError, apply_all, save_fixes
from tui_report.report import atomic
from tui_report.report.store import Store

from .conftest import run_cli
from .test_hostile_output import leftovers, run_limited
from .test_lock import lock_file, write_lock

REPORT = """\
title = "{{department}}{{year}}年度部门整体支出绩效自评报告"
department = "示例单位"
year = 2023
unit = "万元"
sections = ["first", "second"]
"""

#: sections/second.toml is larger than this, sections/first.toml and the
#: lock much smaller: the second staged write is the one that fails
LIMIT = 8192


def two_file_report(root: Path) -> Path:
    """A report with a fix in each of two files, the second one large."""
    (root / "sections").mkdir(parents=True)
    (root / "report.toml").write_text(REPORT, encoding="utf-8")
    (root / "sections" / "first.toml").write_text("title = \"概况\"\nbody = '''\n学风建设,宣传。\n'''\n",
                                                  encoding="utf-8")
    padding = "我单位认真开展科普宣传工作。" * 600
    (root / "sections" / "second.toml").write_text(f"title = \"情况\"\nbody = '''\n开展活动,效果良好。\n{padding}\n'''\n",
                                                   encoding="utf-8")
    assert (root / "sections" / "second.toml").stat().st_size > 2 * LIMIT
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


def test_a_fix_that_cannot_be_written_whole_changes_no_file(tmp_path):
    root = two_file_report(tmp_path / "report")
    before = snapshot(root)
    res = run_limited(LIMIT, "check", str(root), "--fix")
    assert res.returncode == 2, res.stderr
    assert "自动修复未写入" in res.stderr and "sections/second.toml" in res.stderr
    assert "没有改动任何文件" in res.stderr
    assert "Traceback" not in res.stderr
    assert "已自动修复" not in res.stderr
    assert snapshot(root) == before  # first.toml, which was staged fine, is untouched too
    assert not leftovers(root)
    assert not lock_file(root).exists()
    # the problems shown are those still on disk
    assert res.stdout.count("[punct-halfwidth]") == 2

    again = run_cli("check", str(root), "--fix")  # the failure blocked nothing
    assert again.returncode == 0, again.stdout + again.stderr
    assert "已自动修复 2 处（2 个文件）" in again.stderr
    assert "注意" not in again.stderr  # no lock was left to take over
    after = snapshot(root)
    assert set(rel for rel in after if after[rel] != before[rel]) == {"sections/first.toml", "sections/second.toml"}
    assert "学风建设，宣传。" in after["sections/first.toml"].decode("utf-8")
    assert not leftovers(root)
    assert not lock_file(root).exists()


def test_a_lock_that_cannot_be_written_is_not_left_behind(tmp_path):
    """A limit below the lock's size: no 0-byte (or half) lock stays, and
    nothing is fixed."""
    root = two_file_report(tmp_path / "report")
    before = snapshot(root)
    res = run_limited(100, "check", str(root), "--fix")
    assert "未自动修复" in res.stderr and "锁文件" in res.stderr
    assert "Traceback" not in res.stderr
    assert snapshot(root) == before
    assert not lock_file(root).exists()
    assert "已自动修复 2 处" in run_cli("check", str(root), "--fix").stderr


def test_a_failed_stage_removes_every_temp_file(tmp_path, monkeypatch):
    """In-process: the second of three staged writes fails."""
    files = [tmp_path / name for name in ("a.toml", "b.toml", "c.toml")]
    for path in files:
        path.write_text("旧", encoding="utf-8")
    real_stage, calls = atomic.stage, []

    def stage(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_stage(path, data)

    monkeypatch.setattr(atomic, "stage", stage)
    with pytest.raises(OSError) as info:
        atomic.write_all_atomic([(path, "新") for path in files])
    assert info.value.filename == str(files[1])
    assert [p.read_text("utf-8") for p in files] == ["旧"] * 3
    assert not leftovers(tmp_path)


def test_a_failed_rename_says_what_was_replaced(tmp_path, monkeypatch):
    files = [tmp_path / name for name in ("a.toml", "b.toml", "c.toml")]
    for path in files:
        path.write_text("旧", encoding="utf-8")
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(16, "Device or resource busy")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(atomic.CommitError) as info:
        atomic.write_all_atomic([(path, "新") for path in files])
    monkeypatch.undo()
    assert info.value.done == [files[0]]
    assert [p.read_text("utf-8") for p in files] == ["新", "旧", "旧"]
    assert not leftovers(tmp_path)


def test_save_fixes_keeps_the_store_dirty_when_nothing_was_written(tmp_path, monkeypatch):
    root = two_file_report(tmp_path / "report")
    store = Store.open(root)
    fixes = [p.fix for p in checks.run(store.report) if p.fix is not None and p.fix.safe]
    assert apply_all(store, fixes) == 2

    def full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "stage", full)
    with pytest.raises(FixSaveError) as info:
        save_fixes(store)
    assert "磁盘空间已满" in info.value.message and "没有改动任何文件" in info.value.message
    assert sorted(store.dirty_files()) == ["sections/first.toml", "sections/second.toml"]
    monkeypatch.undo()
    assert sorted(save_fixes(store)) == ["sections/first.toml", "sections/second.toml"]
    assert store.dirty_files() == []
    assert "学风建设，宣传。" in (root / "sections" / "first.toml").read_text("utf-8")


# --- stale locks ------------------------------------------------------------------


def test_an_empty_lock_file_is_taken_over_with_a_note(tmp_path):
    root = two_file_report(tmp_path / "report")
    lock_file(root).parent.mkdir()
    lock_file(root).write_bytes(b"")
    # a fresh one may be a writer between creating and writing it: wait ...
    res = run_cli("check", str(root), "--fix")
    assert "未自动修复" in res.stderr and "秒后再试" in res.stderr
    assert lock_file(root).exists()
    # ... but not for ever: once it is older than the grace, it is taken over
    old = time.time() - 3600
    os.utime(lock_file(root), (old, old))
    res = run_cli("check", str(root), "--fix")
    assert "注意：已接管一个空的或无法读取的锁文件" in res.stderr
    assert "已自动修复 2 处（2 个文件）" in res.stderr
    assert not lock_file(root).exists()


def test_a_dead_processs_lock_is_taken_over_with_a_note(tmp_path):
    root = two_file_report(tmp_path / "report")
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    write_lock(root, pid=int(proc.stdout), user="li")
    res = run_cli("check", str(root), "--fix")
    assert "注意：已接管 li 在" in res.stderr and f"进程 {int(proc.stdout)}" in res.stderr
    assert "已自动修复 2 处（2 个文件）" in res.stderr
    assert not lock_file(root).exists()
