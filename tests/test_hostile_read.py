"""Special files where a report file or an import source should be: a named
pipe (reading it would wait for a writer forever), a device (/dev/zero never
ends), a socket, a symlink loop, a name too long for the system, a folder.

Each is refused at once with a message naming the file, by `check`, `export`,
`new`, `convert-encoding`, `import` and the editor, and nothing reads more
than the size limit. A watchdog writes to every pipe of a test after a while,
so a regression fails the test instead of hanging the suite."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui_report.importer.pipeline import SourceError, import_file
from tui_report.report import recovery
from tui_report.report.safe_read import read_bytes
from tui_report.report.store import ReportError, Store
from tui_report.report.toml_read import read_text

from .conftest import ROOT

SECTION = "sections/assets.toml"
FIFO_MSG = "是命名管道（FIFO），不是普通文件"
DEVICE_MSG = "是设备文件，不是普通文件"
SOCKET_MSG = "是套接字，不是普通文件"
LOOP_MSG = "符号链接循环"
LONG_MSG = "文件名（或路径）过长"
FOLDER_MSG = "应为文件，却是文件夹"
#: each command must be done well within this (a hang is killed here)
QUICK = 30


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m tui_report`` in a fresh process, as ``run_cli`` does, but
    killed after :data:`QUICK` seconds: a command that waits on a pipe fails
    the test with TimeoutExpired instead of hanging it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "tui_report", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=env, timeout=QUICK)


def unblock(fifo: Path) -> None:
    """Open the pipe as a writer and close it: a reader waiting in open()
    goes on and reads an empty file."""
    try:
        fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    except OSError:
        return
    os.close(fd)


@pytest.fixture
def fifos():
    """mkfifo(path) for a test; after :data:`QUICK` seconds (and at the end)
    every pipe made is written to, so nothing waits on one forever."""
    made: list[Path] = []
    stop = threading.Event()

    def watchdog() -> None:
        if not stop.wait(QUICK):
            for path in made:
                unblock(path)

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()

    def make(path: Path) -> Path:
        if path.exists() or path.is_symlink():
            path.unlink()
        os.mkfifo(path)
        made.append(path)
        return path

    yield make
    stop.set()
    for path in made:
        unblock(path)


def in_thread(fn, *args, seconds: float = QUICK):
    """``fn(*args)`` in a daemon thread: its result or exception, or an
    AssertionError when it has not returned within ``seconds``."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{fn.__name__} still running after {seconds} s: it blocked"
    assert time.monotonic() - started < seconds
    if "error" in out:
        raise out["error"]
    return out["value"]


def unix_socket(path: Path, monkeypatch) -> socket.socket:
    """A bound AF_UNIX socket at ``path`` (bound by its short name, from
    its folder: a socket address is limited to 108 bytes)."""
    sock = socket.socket(socket.AF_UNIX)
    if path.exists():
        path.unlink()
    monkeypatch.chdir(path.parent)
    sock.bind(path.name)
    monkeypatch.chdir(ROOT)
    return sock


def long_name() -> str:
    return "x" * 300  # NAME_MAX is 255 on every Linux file system


# --- the safe reader itself ---------------------------------------------------------------------

def test_reader_refuses_each_kind_of_special_file(tmp_path, fifos, monkeypatch):
    def refused(path: Path | str) -> str:
        with pytest.raises(ReportError) as info:
            in_thread(read_bytes, path, "f.toml", 1024)
        assert (info.value.file, info.value.line, info.value.col) == ("f.toml", 1, 1)
        return info.value.message

    assert FIFO_MSG in refused(fifos(tmp_path / "pipe"))
    assert DEVICE_MSG in refused("/dev/zero")
    assert DEVICE_MSG in refused("/dev/null")
    sock = unix_socket(tmp_path / "sock", monkeypatch)
    try:
        assert SOCKET_MSG in refused(tmp_path / "sock")
    finally:
        sock.close()
    (tmp_path / "loop").symlink_to("loop")
    assert LOOP_MSG in refused(tmp_path / "loop")
    assert LONG_MSG in refused(tmp_path / long_name())
    (tmp_path / "folder").mkdir()
    assert refused(tmp_path / "folder") == FOLDER_MSG
    assert refused(tmp_path / "missing") == "文件不存在"
    (tmp_path / "to-zero").symlink_to("/dev/zero")
    assert DEVICE_MSG in refused(tmp_path / "to-zero")


def test_reader_follows_a_symlink_to_a_regular_file(tmp_path):
    (tmp_path / "real.toml").write_bytes(b'title = "x"\n')
    (tmp_path / "link.toml").symlink_to("real.toml")
    assert read_bytes(tmp_path / "link.toml", "link.toml", 1024) == b'title = "x"\n'


def test_reader_stops_at_the_cap_whatever_st_size_says(tmp_path):
    # /proc files are regular files that say they are empty
    status = Path("/proc/self/status")
    if not status.is_file() or status.stat().st_size != 0:
        pytest.skip("needs Linux /proc")
    with pytest.raises(ReportError) as info:
        read_bytes(status, "status", 16)
    assert info.value.message == "文件过大（超过 16 字节）：请确认没有放错文件"
    assert len(read_bytes(status, "status", 1024 * 1024)) > 16
    big = tmp_path / "big.toml"
    with open(big, "wb") as fh:
        fh.truncate(3 * 1024 * 1024)
    with pytest.raises(ReportError) as info:
        read_bytes(big, "big.toml", 2 * 1024 * 1024)
    assert info.value.message == "文件过大（3 MB，上限 2 MB）：请确认没有放错文件"


def test_read_text_keeps_its_messages(tmp_path, fifos):
    with pytest.raises(ReportError) as info:
        read_text(tmp_path / "none.toml", "none.toml")
    assert info.value.message == "文件不存在"
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(ReportError) as info:
        read_text(tmp_path / "dir.toml", "dir.toml")
    assert info.value.message == FOLDER_MSG
    (tmp_path / "bom.toml").write_bytes(b'\xef\xbb\xbftitle = "x"\n')
    assert read_text(tmp_path / "bom.toml", "bom.toml")[0] == 'title = "x"\n'
    (tmp_path / "gbk.toml").write_bytes('title = "资产"\n'.encode("gbk"))
    with pytest.raises(ReportError) as info:
        read_text(tmp_path / "gbk.toml", "gbk.toml")
    assert info.value.message.startswith("不是 UTF-8 文本")
    with pytest.raises(ReportError) as info:
        in_thread(read_text, fifos(tmp_path / "pipe.toml"), "pipe.toml")
    assert FIFO_MSG in info.value.message


# --- a pipe in the report ------------------------------------------------------------------------

def test_fifo_section_file_in_every_command(sample, fifos, tmp_path):
    fifos(sample / SECTION)
    # an unreadable section is a located error of `check` (status 1, like a
    # section file that is a folder), and the rest of the report is checked
    res = cli("check", str(sample))
    assert res.returncode == 1, res.stderr
    assert f"{SECTION}:1:1: error: {FIFO_MSG}" in res.stdout and "Traceback" not in res.stderr
    # an export would lack that section's text: refused, naming the file
    res = cli("export", str(sample), "--format", "txt")
    assert res.returncode == 2 and "Traceback" not in res.stderr and res.stdout == ""
    assert SECTION in res.stderr and "无法读取" in res.stderr
    res = cli("convert-encoding", str(sample))
    assert res.returncode == 2 and f"{SECTION}:1:1: error: {FIFO_MSG}" in res.stderr, res.stderr
    store = in_thread(Store.open, sample)
    broken = next(s for s in store.report.sections if s.file == SECTION)
    assert broken.error and FIFO_MSG in broken.error and SECTION in broken.error


def test_new_from_a_report_with_a_fifo_section(sample, fifos, tmp_path):
    fifos(sample / SECTION)
    res = cli("new", "--from", str(sample), str(tmp_path / "next"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert SECTION in res.stderr and "命名管道" in res.stderr
    assert not (tmp_path / "next").exists()  # nothing half-made is left


def test_fifo_report_toml_in_every_command(sample, fifos, tmp_path):
    fifos(sample / "report.toml")
    expected = f"report.toml:1:1: error: {FIFO_MSG}"
    for args in (("check", str(sample)), ("export", str(sample), "--format", "txt"),
                 ("new", "--from", str(sample), str(tmp_path / "next")), ("convert-encoding", str(sample)),
                 (str(sample),)):  # the editor
        res = cli(*args)
        assert res.returncode == 2, (args, res.stderr)
        assert expected in res.stderr and "Traceback" not in res.stderr, (args, res.stderr)
    assert not (tmp_path / "next").exists()
    with pytest.raises(ReportError) as info:
        in_thread(Store.open, sample)
    assert info.value.file == "report.toml" and FIFO_MSG in info.value.message


def test_convert_encoding_changes_nothing_when_one_file_is_a_pipe(sample, fifos):
    gbk = sample / "sections/overview.toml"
    original = gbk.read_text(encoding="utf-8").encode("gb18030")
    gbk.write_bytes(original)
    fifos(sample / SECTION)
    res = cli("convert-encoding", str(sample))
    assert res.returncode == 2 and SECTION in res.stderr
    assert gbk.read_bytes() == original and not (sample / ".tui-report/originals").exists()


def test_a_file_swapped_for_a_pipe_while_open_is_a_change_not_a_hang(sample, fifos):
    store = Store.open(sample)
    fifos(sample / SECTION)
    assert in_thread(store.changed_on_disk, [SECTION]) == [SECTION]
    assert in_thread(store.external_change, SECTION) == "modified"
    assert in_thread(store.disk_text, SECTION) is None
    assert in_thread(store.disk_digest, SECTION) is None
    in_thread(store.keep_mine, SECTION)
    assert store.files[SECTION].dirty and not store.files[SECTION].new
    # "reload" reads it again: refused, the section says why
    report = in_thread(store.reload_file, SECTION)
    broken = next(s for s in report.sections if s.file == SECTION)
    assert broken.error and FIFO_MSG in broken.error
    # and a recovery of that file does not wait on it either
    disk = in_thread(recovery.disk_state, sample, SECTION)
    assert disk == (None, None)


def test_editor_opens_a_report_with_a_fifo_section_read_only_there(sample, fifos):
    from .tui_support import open_editor, pilot_test

    fifos(sample / SECTION)

    @pilot_test
    async def run() -> None:
        async def opened() -> None:
            async with open_editor(sample, size=(100, 30)) as (app, pilot):
                section = next(s for s in app.store.report.sections if s.file == SECTION)
                assert section.error and FIFO_MSG in section.error
                assert any(FIFO_MSG in p.message and p.file == SECTION for p in app.problems)
                app.main.outline.select_section(section)
                await pilot.pause()
                editor = app.main.editor
                assert editor.section is section
                assert section.error in editor.body_text
                assert editor.body_area.read_only and editor.title_input.disabled
                assert app.is_running

        await asyncio.wait_for(opened(), QUICK * 2)

    run()


# --- devices, sockets, loops, long names, folders ------------------------------------------------

def test_report_toml_linked_to_dev_zero_is_refused_as_a_device(sample):
    (sample / "report.toml").unlink()
    (sample / "report.toml").symlink_to("/dev/zero")
    started = time.monotonic()
    for args in (("check", str(sample)), ("export", str(sample), "--format", "txt")):
        res = cli(*args)
        assert res.returncode == 2 and "Traceback" not in res.stderr
        assert "report.toml:1:1: error:" in res.stderr and "设备文件" in res.stderr, res.stderr
    assert time.monotonic() - started < QUICK


def export_is_refused(sample: Path, rel: str) -> None:
    """An export would lack the text of ``rel``: refused at once, naming it."""
    res = cli("export", str(sample), "--format", "txt")
    assert res.returncode == 2 and res.stdout == "" and "Traceback" not in res.stderr
    assert rel in res.stderr and "无法读取" in res.stderr, res.stderr


def test_socket_as_a_section_file(sample, monkeypatch):
    sock = unix_socket(sample / SECTION, monkeypatch)
    try:
        res = cli("check", str(sample))
        assert res.returncode == 1 and "Traceback" not in res.stderr
        assert f"{SECTION}:1:1: error: {SOCKET_MSG}" in res.stdout
        export_is_refused(sample, SECTION)
        res = cli("convert-encoding", str(sample))
        assert res.returncode == 2 and f"{SECTION}:1:1: error: {SOCKET_MSG}" in res.stderr
    finally:
        sock.close()


def test_symlink_loop_as_a_section_file(sample):
    (sample / SECTION).unlink()
    (sample / SECTION).symlink_to("assets.toml")
    res = cli("check", str(sample))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"{SECTION}:1:1: error: {LOOP_MSG}" in res.stdout
    export_is_refused(sample, SECTION)


def test_symlink_loop_as_the_sections_folder(sample):
    (sample / "sections").rename(sample / "old-sections")
    (sample / "sections").symlink_to("sections")
    res = cli("check", str(sample))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"{SECTION}:1:1: error: {LOOP_MSG}" in res.stdout


def test_symlink_loop_as_report_toml(sample):
    (sample / "report.toml").unlink()
    (sample / "report.toml").symlink_to("report.toml")
    res = cli("check", str(sample))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert f"report.toml:1:1: error: {LOOP_MSG}" in res.stderr


def test_section_name_too_long_for_the_system(sample):
    sid = long_name()
    text = (sample / "report.toml").read_text(encoding="utf-8")
    (sample / "report.toml").write_text(text.replace('"overview",', f'"overview", "{sid}",', 1), encoding="utf-8")
    res = cli("check", str(sample))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"sections/{sid}.toml:1:1: error: {LONG_MSG}" in res.stdout
    export_is_refused(sample, f"sections/{sid}.toml")


def test_folder_as_a_section_file(sample):
    (sample / SECTION).unlink()
    (sample / SECTION).mkdir()
    res = cli("check", str(sample))
    assert res.returncode == 1 and f"{SECTION}:1:1: error: {FOLDER_MSG}" in res.stdout


# --- import sources --------------------------------------------------------------------------------

def test_import_source_special_files(tmp_path, fifos, monkeypatch):
    sources = {
        "pipe.txt": (fifos(tmp_path / "pipe.txt"), FIFO_MSG),
        "zero": (Path("/dev/zero"), DEVICE_MSG),
        "zero.txt": (tmp_path / "zero.txt", DEVICE_MSG),
        "loop.docx": (tmp_path / "loop.docx", LOOP_MSG),
        "folder.md": (tmp_path / "folder.md", FOLDER_MSG),
        long_name() + ".txt": (tmp_path / (long_name() + ".txt"), LONG_MSG),
    }
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "loop.docx").symlink_to("loop.docx")
    (tmp_path / "folder.md").mkdir()
    for name, (path, message) in sources.items():
        with pytest.raises(SourceError) as info:
            in_thread(import_file, path)
        assert info.value.file == name and message in info.value.message, name
        started = time.monotonic()
        res = cli("import", str(path), "-o", str(tmp_path / "out"))
        assert res.returncode == 2 and "Traceback" not in res.stderr, (name, res.stderr)
        assert f"{path}:1: error: {message}" in res.stderr, (name, res.stderr)
        assert time.monotonic() - started < QUICK
        assert not (tmp_path / "out").exists()


def test_import_source_socket(tmp_path, monkeypatch):
    sock = unix_socket(tmp_path / "sock.txt", monkeypatch)
    try:
        with pytest.raises(SourceError) as info:
            in_thread(import_file, tmp_path / "sock.txt")
        assert SOCKET_MSG in info.value.message
    finally:
        sock.close()


def test_import_source_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    from tui_report.importer import pipeline

    monkeypatch.setattr(pipeline, "MAX_SOURCE_BYTES", 1024 * 1024)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(5 * 1024 * 1024)
    with pytest.raises(SourceError) as info:
        import_file(big)
    assert info.value.message == "文件过大（5 MB，上限 1 MB）：请确认没有放错文件"

