"""Shared fixtures: the real sample report, copied so tests may edit it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

#: ``make fuzz`` asks for a long budget; ``make test`` keeps each property's own
settings.register_profile("fuzz", max_examples=3000, deadline=1000)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "furong-kexie-2022"
SEED = ROOT.parent / "shared" / "seed" / "000_3292cc861ad22256.txt"

#: An editor opened on the repository's sample (`make demo`) leaves its lock
#: and recovery files in `.tui-report/`; a test's copy must start clean.
IGNORE_STATE = shutil.ignore_patterns(".tui-report")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the sample report folder."""
    dst = tmp_path / "report"
    shutil.copytree(SAMPLE, dst, ignore=IGNORE_STATE)
    return dst


#: how often a timing-sensitive test is run again before it counts as failed
TIMING_RERUNS = 2


def pytest_collection_modifyitems(config, items):
    """Only tests that race real time (tmux sessions, signals, kills) may be
    run again, up to twice: on a loaded machine one may miss its window, a
    real fault fails every time. ``-rR`` in the summary names each rerun."""
    for item in items:
        if item.get_closest_marker("timing") or "tmux" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.flaky(reruns=TIMING_RERUNS, reruns_delay=1))


@pytest.fixture
def tmux(tmp_path):
    """A private tmux server, killed after the test."""
    from .tmux_support import private_tmux

    yield from private_tmux(tmp_path)


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m tui_report`` as a user would, in a fresh process."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui_report", *args],
        cwd=cwd or ROOT, input=input, capture_output=True, text=True, env=full_env, timeout=120,
    )
