"""How fast the editor starts and how fast it answers a keystroke.

1. Start-up: time from process start to the first screen painted, for
   `python -m tui_report data/furong-kexie-2022`, against a bare Textual app
   with the same widget types (tree, input, Markdown text area, data table,
   option list, static text, footer) measured in the same run. Both run in a
   pseudo-terminal of 80×24; "painted" is the moment a section title from the
   first screen arrives on the terminal. Target: ≤ 1.3× the bare app.
2. Keystroke to problems updated: a key typed into the body until the
   problems panel shows the re-checked report, on the sample and on a
   generated report of 500 sections and 2,000 figures. Target: < 50 ms.
3. Peak memory (VmHWM) of both start-up processes and of this process.

Both programs run with Python's bytecode cache enabled, as they would for a
user (the warm-up runs write it), even where the environment turns it off.

Run: ``.venv/bin/python benchmarks/bench_startup.py`` (or ``make bench``).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import resource
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "data" / "furong-kexie-2022"
MARKER = "部门概况".encode()
RUNS = 5
KEYS = 40
STARTUP_TARGET = 1.3
LATENCY_TARGET_MS = 50.0

BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.widgets import (ContentSwitcher, DataTable, Footer, Input, OptionList,
                                 Static, TextArea, Tree)

    class Bare(App):
        def compose(self):
            yield Static("status")
            with Horizontal():
                tree = Tree("root")
                tree.show_root = False
                tree.root.add_leaf("一、部门概况")
                tree.root.expand()
                yield tree
                with ContentSwitcher(initial="editor"):
                    with Vertical(id="editor"):
                        yield Input("部门概况", compact=True)
                        yield TextArea("", language="markdown", soft_wrap=True)
                    yield DataTable(id="table")
                yield VerticalScroll(Static("preview"))
            yield OptionList("problem")
            yield Footer()

    Bare().run()
""")


def _spawn(argv: list[str]) -> tuple[subprocess.Popen, int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLORTERM": "truecolor"}
    env.pop("NO_COLOR", None)
    # as installed: Textual's wheel ships compiled bytecode, and a user's
    # Python caches ours after the first run (the warm-up runs write it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    return proc, master


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def first_paint(argv: list[str], timeout: float = 30.0) -> tuple[float, int]:
    """Seconds from spawn to the marker appearing on the terminal, and the
    process's peak memory (KB) at that moment."""
    start = time.perf_counter()
    proc, master = _spawn(argv)
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"no first paint from {argv}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                raise RuntimeError(f"{argv} exited before painting") from None
            seen += chunk
            if MARKER in seen:
                elapsed = time.perf_counter() - start
                return elapsed, _peak_kb(proc.pid)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        os.close(master)


def startup() -> None:
    # a copy: the editor is killed after its first paint, and its lock and
    # state folder must not land in the repository's sample
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "report"
        shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns(".tui-report"))
        _startup(copy)


def _startup(sample: Path) -> None:
    ours_argv = [sys.executable, "-m", "tui_report", str(sample)]
    bare_argv = [sys.executable, "-c", BARE_APP]
    first_paint(bare_argv)  # warm the OS file cache for both
    first_paint(ours_argv)
    ours, bare, ours_mem, bare_mem = [], [], [], []
    for _ in range(RUNS):  # interleaved, so load on the machine hits both alike
        t, m = first_paint(bare_argv)
        bare.append(t)
        bare_mem.append(m)
        t, m = first_paint(ours_argv)
        ours.append(t)
        ours_mem.append(m)
    o, b = statistics.median(ours), statistics.median(bare)
    ratio = o / b
    verdict = "ok" if ratio <= STARTUP_TARGET else "SLOWER THAN TARGET"
    print(f"start-up to first paint (median of {RUNS}, 80×24 pty)")
    print(f"  bare Textual app    {b * 1000:7.0f} ms   peak {max(bare_mem) / 1024:6.1f} MB")
    print(f"  tui-report (sample) {o * 1000:7.0f} ms   peak {max(ours_mem) / 1024:6.1f} MB")
    print(f"  ratio               {ratio:7.2f}×   (target ≤ {STARTUP_TARGET}×: {verdict})")


async def _keystroke_latency(path: Path, label: str) -> None:
    from textual import events

    from tui_report.tui.app import TuiReportApp

    app = TuiReportApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.checks_settled(timeout=60)
        await pilot.pause()
        area = app.main.editor.body_area
        area.focus()
        await pilot.pause()
        samples = []
        for n in range(KEYS + 3):
            before = app.check_count
            start = time.perf_counter()
            area.post_message(events.Key("a", "a"))
            while app.check_count == before:
                await asyncio.sleep(0)
            elapsed = time.perf_counter() - start
            if n >= 3:  # the first keystrokes warm caches
                samples.append(elapsed)
            await app.checks_settled(timeout=60)
            await pilot.pause()
        problems = len(app.problems)
    samples.sort()
    median = statistics.median(samples) * 1000
    p90 = samples[int(len(samples) * 0.9) - 1] * 1000
    verdict = "ok" if median < LATENCY_TARGET_MS else "SLOWER THAN TARGET"
    print(f"  {label:<28} median {median:6.1f} ms   p90 {p90:6.1f} ms   "
          f"({problems} problems; target < {LATENCY_TARGET_MS:.0f} ms: {verdict})")


def latency() -> None:
    from gen_report import make_report

    print(f"keystroke → problems updated ({KEYS} keys typed into a section body)")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "sample"
        shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns(".tui-report"))
        asyncio.run(_keystroke_latency(copy, "sample"))
        big = make_report(Path(tmp) / "big", sections=500, figures=2000)
        asyncio.run(_keystroke_latency(big, "500 sections, 2000 figures"))


def main() -> int:
    startup()
    latency()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (editor on the 500-section report): {peak:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
