"""`export -o` onto hostile targets: the report's own files, a folder, a FIFO,
a device, a folder that does not exist, a symlink, a closed pipe, a full
disk. Each is refused or fails with a message and exit 2 — nothing blocks,
nothing is half-written, no temp file stays behind — except a symlink to a
regular file, whose target is written."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from tui_report.render.text import to_text
from tui_report.report.output import OutputError, check_output, write_output
from tui_report.report.store import Store
from tui_report.tui.textual_compat import notifications

from .conftest import ROOT, run_cli
from .tui_support import pilot_test, settle, wait_until

#: ``python -m tui_report ARGS…`` under a file-size limit (argv[1], bytes),
#: as a full disk would be: SIGXFSZ ignored, so a write past the limit fails
#: with EFBIG instead of killing the process.
LIMITED = """
import resource, runpy, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["tui-report", *sys.argv[2:]]
runpy.run_module("tui_report", run_name="__main__")
"""


def run_limited(limit: int, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=env, timeout=120)


def leftovers(folder: Path) -> list[Path]:
    """Temp files of an atomic write (``.NAME.XXXX.tmp``), hidden ones included."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def export_txt(sample: Path, target: Path | str) -> subprocess.CompletedProcess:
    return run_cli("export", str(sample), "--format", "txt", "-o", str(target))


def no_traceback(res: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in res.stderr and "Exception ignored" not in res.stderr, res.stderr


def the_text(sample: Path) -> str:
    return to_text(Store.open(sample).report)


# --- the report's own files ---------------------------------------------------


@pytest.mark.parametrize("rel", ["report.toml", "sections/overview.toml", ".tui-report/lock", "sections/new.toml"])
def test_export_onto_the_reports_own_files_is_refused(sample, rel):
    before = {p: p.read_bytes() for p in sample.rglob("*") if p.is_file()}
    target = sample / rel
    res = export_txt(sample, target)
    assert res.returncode == 2
    assert "报告自身的文件" in res.stderr
    no_traceback(res)
    assert {p: p.read_bytes() for p in sample.rglob("*") if p.is_file()} == before
    assert not (sample / "sections" / "new.toml").exists()
    assert not leftovers(sample)


def test_a_path_reaching_the_report_another_way_is_refused_too(sample, tmp_path):
    """Both paths are resolved: `..`, a symlinked folder or a symlink to
    report.toml all end at the report's own file."""
    before = (sample / "report.toml").read_bytes()
    (tmp_path / "via").symlink_to(sample)
    (tmp_path / "link.toml").symlink_to(sample / "sections" / "overview.toml")
    for target in (sample / "sections" / ".." / "report.toml", tmp_path / "via" / "report.toml",
                   tmp_path / "link.toml"):
        res = export_txt(sample, target)
        assert res.returncode == 2, target
        assert "报告自身的文件" in res.stderr
    assert (sample / "report.toml").read_bytes() == before
    assert (tmp_path / "link.toml").is_symlink()


def test_a_new_file_in_the_report_folder_itself_is_allowed(sample):
    res = export_txt(sample, sample / "导出.txt")
    assert res.returncode == 0, res.stderr
    assert (sample / "导出.txt").read_text("utf-8") == the_text(sample)


def test_pdf_onto_report_toml_is_refused_before_the_layout(sample):
    before = (sample / "report.toml").read_bytes()
    res = run_cli("export", str(sample), "--format", "pdf", "-o", str(sample / "report.toml"))
    assert res.returncode == 2
    assert "报告自身的文件" in res.stderr
    no_traceback(res)
    assert (sample / "report.toml").read_bytes() == before


# --- what is not a regular file -----------------------------------------------


def test_export_onto_a_folder_is_refused(sample, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    res = export_txt(sample, folder)
    assert res.returncode == 2
    assert "文件夹" in res.stderr
    no_traceback(res)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_export_onto_a_fifo_is_refused_without_blocking(sample, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    # opening a FIFO for writing would wait for a reader for ever: the timeout says it did not
    res = subprocess.run([sys.executable, "-m", "tui_report", "export", str(sample), "--format", "txt",
                          "-o", str(fifo)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=30)
    assert res.returncode == 2
    assert "命名管道" in res.stderr
    no_traceback(res)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not leftovers(tmp_path)


def test_export_onto_a_device_is_refused_before_opening_it(sample):
    before = os.lstat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    # the safety net first, in-process: were it not refused, a run as root
    # would replace /dev/null with a regular file
    with pytest.raises(OutputError):
        check_output("/dev/null", sample)
    res = export_txt(sample, "/dev/null")
    assert res.returncode == 2
    assert "设备文件" in res.stderr
    no_traceback(res)
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(OutputError) as info:
            write_output(path, "x")
    assert "套接字" in info.value.message
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_missing_folder_is_not_created(sample, tmp_path):
    target = tmp_path / "no" / "such" / "out.txt"
    res = export_txt(sample, target)
    assert res.returncode == 2
    assert "不存在" in res.stderr and "未创建" in res.stderr
    no_traceback(res)
    assert not (tmp_path / "no").exists()


# --- symlinks -------------------------------------------------------------------


def test_a_symlink_to_a_regular_file_writes_its_target(sample, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("旧内容", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    res = export_txt(sample, link)
    assert res.returncode == 0, res.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)  # the link stays a link
    assert real.read_text("utf-8") == the_text(sample)
    assert not leftovers(tmp_path)


def test_symlinks_to_anything_else_are_refused(sample, tmp_path):
    (tmp_path / "to-dir").symlink_to(tmp_path)
    (tmp_path / "to-null").symlink_to("/dev/null")
    (tmp_path / "dangling").symlink_to(tmp_path / "missing.txt")
    for name in ("to-dir", "to-null", "dangling"):
        res = export_txt(sample, tmp_path / name)
        assert res.returncode == 2, name
        assert "符号链接" in res.stderr
        assert (tmp_path / name).is_symlink()
    assert not (tmp_path / "missing.txt").exists()
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


# --- stdout into a closed pipe --------------------------------------------------


@pytest.mark.parametrize("args", [["export", "--format", "txt", "-o", "-"], ["export", "--format", "md"], ["check"]],
                         ids=["export-txt", "export-md", "check"])
def test_a_closed_pipe_ends_quietly(sample, args):
    """The reader is gone before anything is written (what `| head -c 1`
    does to a longer output): a quiet non-zero exit, no traceback, not even
    the "Exception ignored" of a flush at exit (stdout block-buffered)."""
    read, write = os.pipe()
    os.close(read)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["PYTHONIOENCODING"] = "utf-8"
    command, *rest = args
    child = subprocess.Popen([sys.executable, "-m", "tui_report", command, str(sample), *rest], cwd=ROOT,
                             stdout=write, stderr=subprocess.PIPE, env=env)
    os.close(write)
    _, err = child.communicate(timeout=60)
    stderr = err.decode("utf-8", "replace")
    assert child.returncode not in (0, 1) and child.returncode > 0, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "BrokenPipe" not in stderr, stderr


def test_export_into_head_gives_no_traceback(sample):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["PYTHONIOENCODING"] = "utf-8"
    command = (f"'{sys.executable}' -m tui_report export '{sample}' --format txt -o - | head -c 1")
    res = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, env=env, timeout=60)
    assert len(res.stdout) == 1
    stderr = res.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


# --- a full disk --------------------------------------------------------------


def test_disk_full_is_a_message_and_leaves_no_partial_file(sample, tmp_path):
    assert len(the_text(sample).encode("utf-8")) > 4096  # the limit below cuts it
    old = tmp_path / "old.txt"
    old.write_text("上次的导出", encoding="utf-8")
    new = tmp_path / "new.txt"
    for target in (old, new):
        res = run_limited(4096, "export", str(sample), "--format", "txt", "-o", str(target))
        assert res.returncode == 2, res.stderr
        assert "无法写入" in res.stderr and "最大文件大小" in res.stderr
        assert "未留下不完整的文件" in res.stderr
        no_traceback(res)
    assert old.read_text("utf-8") == "上次的导出"
    assert not new.exists()
    assert not leftovers(tmp_path)


def test_write_errors_become_messages(tmp_path, monkeypatch):
    """ENOSPC, EACCES, EROFS: each is said in words, and the temp file goes."""
    import errno

    from tui_report.report import atomic

    for code, words in ((errno.ENOSPC, "磁盘空间已满"), (errno.EACCES, "没有写入权限"), (errno.EROFS, "只读")):
        def failing_fsync(fd, code=code):
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
        with pytest.raises(OutputError) as info:
            write_output(tmp_path / "out.txt", "内容")
        monkeypatch.undo()
        assert words in info.value.message
        assert not (tmp_path / "out.txt").exists()
        assert not leftovers(tmp_path)


# --- the editor -----------------------------------------------------------------


@pilot_test
async def test_the_editors_export_onto_report_toml_is_a_notification(sample):
    from tui_report.tui.app import TuiReportApp

    before = (sample / "report.toml").read_bytes()
    app = TuiReportApp(sample)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        worker = app.export("txt", sample / "report.toml")
        with pytest.raises(WorkerFailed):
            await worker.wait()
        await wait_until(pilot, lambda: any(n.message.startswith("导出失败") for n in notifications(app)))
        failed = next(n for n in notifications(app) if n.message.startswith("导出失败"))
        assert "报告自身的文件" in failed.message and failed.severity == "error"
        assert app.is_running
    assert (sample / "report.toml").read_bytes() == before
