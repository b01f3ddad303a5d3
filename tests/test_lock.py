"""One editor per report: the lock says who holds it, and a dead holder's
lock is taken over. Holders are real processes, killed for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_report.report.lock import Lock, Locked, LockError, acquire, holder, my_info, this_host

from .conftest import ROOT

HOLD = """
import sys
from tui_report.report.lock import acquire, Locked
root = sys.argv[1]
if len(sys.argv) > 2:  # wait for the start signal so all contenders race
    import os, time
    print("ready", flush=True)
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.001)
try:
    lock = acquire(root)
except Locked:
    print("locked", flush=True)
    sys.exit(0)
print("won", flush=True)
sys.stdin.read()  # hold until the parent closes stdin
lock.release()
"""


def holder_process(root: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HOLD, str(root), *extra], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def wait_started(children: list[subprocess.Popen]) -> None:
    """Every contender is running and waiting for the start signal."""
    for child in children:
        assert child.stdout.readline().strip() == "ready"


def lock_file(root: Path) -> Path:
    return root / ".tui-report" / "lock"


def write_lock(root: Path, **fields) -> None:
    info = {"pid": 1, "host": this_host(), "user": "zhang", "time": "2024-03-01T09:30:00+08:00", "start": ""}
    info.update(fields)
    lock_file(root).parent.mkdir(exist_ok=True)
    lock_file(root).write_text(json.dumps(info), encoding="utf-8")


def test_second_acquisition_sees_who_holds_it(sample):
    first = acquire(sample)
    with pytest.raises(Locked) as info:
        acquire(sample)
    me = my_info()
    assert info.value.info.pid == os.getpid()
    assert (info.value.info.host, info.value.info.user) == (me.host, me.user)
    message = info.value.message
    assert me.user in message and me.host in message and f"进程 {os.getpid()}" in message
    assert holder(sample).pid == os.getpid()
    first.release()
    assert not lock_file(sample).exists()
    with acquire(sample) as again:
        assert isinstance(again, Lock) and again.held
    assert not lock_file(sample).exists()


def test_lock_of_a_live_process_holds_and_a_killed_ones_is_taken_over(sample):
    child = holder_process(sample)
    try:
        assert child.stdout.readline().strip() == "won"
        with pytest.raises(Locked) as info:
            acquire(sample)
        assert info.value.info.pid == child.pid
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        child.kill()
        child.wait()
    assert lock_file(sample).exists()  # the killed process could not clean up
    lock = acquire(sample)
    assert json.loads(lock_file(sample).read_text(encoding="utf-8"))["pid"] == os.getpid()
    lock.release()


def test_lock_from_another_host_is_never_taken_over(sample):
    write_lock(sample, host="other-server", pid=1234567)
    with pytest.raises(Locked) as info:
        acquire(sample)
    assert "other-server" in info.value.message and "zhang" in info.value.message
    assert "删除 .tui-report/lock" in info.value.message


def test_dead_pid_on_this_host_is_stale(sample):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(proc.stdout)
    write_lock(sample, pid=dead)
    with acquire(sample) as lock:
        assert lock.info.pid == os.getpid()


def test_reused_pid_is_stale(sample):
    """The pid is alive but is another process than the one that locked."""
    write_lock(sample, pid=os.getpid(), start="0-0-0:1")
    with acquire(sample) as lock:
        assert lock.info.pid == os.getpid()


def test_unreadable_lock_waits_then_is_taken_over(sample):
    lock_file(sample).parent.mkdir()
    lock_file(sample).write_bytes(b"")  # a writer between create and write
    with pytest.raises(Locked) as info:
        acquire(sample)
    assert info.value.info is None
    old = time.time() - 3600
    os.utime(lock_file(sample), (old, old))  # ... or one that crashed there
    with acquire(sample):
        pass


def test_release_leaves_a_lock_that_is_no_longer_ours(sample):
    lock = acquire(sample)
    write_lock(sample, pid=42, user="li")
    lock.release()
    assert json.loads(lock_file(sample).read_text(encoding="utf-8"))["user"] == "li"


def test_racing_takeovers_of_a_stale_lock_have_one_winner(sample, tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    write_lock(sample, pid=int(proc.stdout))
    go = tmp_path / "go"
    children = [holder_process(sample, str(go)) for _ in range(6)]
    try:
        wait_started(children)  # a late one would only see the winner's lock
        go.write_text("go")
        results = [c.stdout.readline().strip() for c in children]
    finally:
        for c in children:
            c.stdin.close()
            c.wait(timeout=30)
    assert sorted(results) == ["locked"] * 5 + ["won"]
    assert not lock_file(sample).exists()  # the winner released it on exit


def test_state_folder_ignores_itself_in_git(sample):
    subprocess.run(["git", "init", "-q", str(sample)], check=True)
    with acquire(sample):
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=sample,
                                capture_output=True, text=True, check=True).stdout
    assert "report.toml" in status and ".tui-report" not in status


def test_symlinked_state_folder_is_refused(sample, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (sample / ".tui-report").symlink_to(outside)
    with pytest.raises(LockError) as info:
        acquire(sample)
    assert "符号链接" in info.value.message
    assert list(outside.iterdir()) == []
