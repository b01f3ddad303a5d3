"""A save killed with SIGKILL at any moment leaves every file either its old
or its new content, whole and parseable.

One long-lived forking process imports the store once and forks a saver per
round; the saver edits three sections in three files and a figure in
report.toml, logs "saving N" / "saved N", saves, writes a recovery file, and
loops. The test kills it at a random moment, checks every file, and forks the
next one — hundreds of times in a few seconds.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from tui_report.report.store import Store

from .conftest import ROOT

KILLS = 200
TARGETS = [(0, "sections/overview.toml"), (2, "sections/project-implementation.toml"), (7, "sections/performance.toml")]

BODY = '''
def body(n, k):
    line = f"第{k}节第{n}次保存。" + "各项经费开支严格按标准执行，效率性、有效性显著。" * 60
    return f"GEN {n}\\n" + "\\n".join(line for _ in range(12))
'''

FORKER = BODY + '''
import os, sys
from decimal import Decimal
from tui_report.report import recovery
from tui_report.report.store import Store

root, log, targets = sys.argv[1], sys.argv[2], [int(t) for t in sys.argv[3].split(",")]

def saver(start):
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    store = Store.open(root)
    n = start
    while True:
        n += 1
        for k in targets:
            store.set_body(store.report.sections[k], body(n, k))
        store.set_figure_value("balance_end", Decimal(n))
        os.write(fd, f"saving {n}\\n".encode())
        store.save(force=True)
        os.write(fd, f"saved {n}\\n".encode())
        recovery.write_recovery(root, {f"body:sections/overview.toml:": body(n, 0)})

for line in sys.stdin:
    cmd, _, arg = line.partition(" ")
    if cmd != "spawn":
        break
    pid = os.fork()
    if pid == 0:
        try:
            saver(int(arg))
        finally:
            os._exit(1)
    print(f"pid {pid}", flush=True)
    _, status = os.waitpid(pid, 0)
    print(f"exit {status}", flush=True)
'''

namespace: dict = {}
exec(BODY, namespace)
body = namespace["body"]


def last_log_entry(log: Path) -> tuple[str, int] | None:
    lines = log.read_text(encoding="ascii").split()
    if len(lines) < 2:
        return None
    return lines[-2], int(lines[-1])


def generation(text: str) -> int:
    return int(text.split("\n", 1)[0].removeprefix("GEN "))


@pytest.mark.timing
def test_sigkill_during_save_never_corrupts_a_file(sample, tmp_path):
    # start from bodies in the GEN format, saved normally
    store = Store.open(sample)
    for k, _ in TARGETS:
        store.set_body(store.report.sections[k], body(0, k))
    store.set_figure_value("balance_end", Decimal(0))
    store.save()
    current = {rel: 0 for _, rel in TARGETS} | {"report.toml": 0}

    log = tmp_path / "log"
    log.write_text("")
    forker = subprocess.Popen(
        [sys.executable, "-c", FORKER, str(sample), str(log), ",".join(str(k) for k, _ in TARGETS)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    mid_save = 0
    try:
        for round_no in range(KILLS):
            entry = last_log_entry(log)
            start = entry[1] if entry else 0
            forker.stdin.write(f"spawn {start}\n")
            forker.stdin.flush()
            pid = int(forker.stdout.readline().split()[1])
            if round_no % 2:
                # half the rounds: wait until the saver is in its loop, so the
                # kill lands somewhere in a save rather than while opening
                while (last_log_entry(log) or ("", 0))[1] <= start:
                    time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.02))
            os.kill(pid, signal.SIGKILL)
            status = forker.stdout.readline()
            assert status.startswith("exit "), status

            entry = last_log_entry(log)
            state, n = entry if entry else ("saved", 0)
            if state == "saving" and n > start:
                mid_save += 1
            where = f"round {round_no}, log says {state} {n}, seed {seed}"

            def allowed(rel: str, n: int = n, start: int = start, state: str = state) -> set[int]:
                """The old content or the new one: what the file held before
                this saver (or its last complete save), or what it was saving."""
                if n <= start:  # killed before its first save
                    return {current[rel]}
                if state == "saved":
                    return {n}
                return {n, n - 1 if n - 1 > start else current[rel]}

            for k, rel in TARGETS:
                try:
                    node = tomllib.loads((sample / rel).read_text(encoding="utf-8"))
                    for i in store.report.sections[k].path:
                        node = node["sections"][i]
                    text = node["body"].removesuffix("\n")
                    gen = generation(text)
                except (OSError, ValueError, KeyError, IndexError) as exc:
                    raise AssertionError(f"{rel} unreadable ({exc!r}): {where}") from None
                assert text == body(gen, k), f"{rel} torn: {where}"
                assert gen in allowed(rel), f"{rel} at generation {gen}: {where}"
                current[rel] = gen
            report = tomllib.loads((sample / "report.toml").read_text(encoding="utf-8"), parse_float=Decimal)
            gen = int(report["figures"]["balance_end"]["value"])
            assert gen in allowed("report.toml"), f"report.toml at generation {gen}: {where}"
            current["report.toml"] = gen
    finally:
        forker.stdin.close()
        forker.wait(timeout=60)

    assert mid_save >= KILLS // 10, f"only {mid_save} kills landed inside a save"
    # every recovery file that exists is whole
    for path in (sample / ".tui-report" / "recovery").glob("*.json"):
        assert "GEN" in json.loads(path.read_text(encoding="utf-8"))["buffers"]["body:sections/overview.toml:"]
    # and the report still opens with the last saved text
    report = Store.open(sample).report
    for k, rel in TARGETS:
        assert generation(report.sections[k].body) == current[rel]
