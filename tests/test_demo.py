"""`make demo` opens a scratch copy of the sample: editing and saving in it
leaves the repository as it was, and says where the copy is."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.timing


def _status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not (ROOT / ".venv" / ".installed-stamp").exists(), reason="make demo needs the set-up .venv")
def test_make_demo_edits_a_copy_and_leaves_the_repository_clean(tmux, tmp_path):
    before = _status()
    parent = tmp_path / "demo"
    command = f"make -s -C {shlex.quote(str(ROOT))} demo DEMO_PARENT={shlex.quote(str(parent))}; sleep 60"
    tmux("new-session", "-d", "-s", "demo", "-x", "80", "-y", "24", "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8",
         "-c", str(tmp_path), command)
    tmux.wait_for("demo", "目录", timeout=60)
    tmux.into_body("demo")
    tmux.text("demo", "演示")
    tmux.wait_for("demo", "未保存")
    tmux.keys("demo", "C-s")
    tmux.wait_for("demo", "已保存")
    tmux.keys("demo", "C-q")
    screen = tmux.wait_for("demo", "示例报告的副本保存在")
    copies = list(parent.glob("tui-report-demo-*/furong-kexie-2022"))
    assert len(copies) == 1
    assert str(copies[0]).replace("\n", "")[:20] in screen.replace("\n", "")
    saved = "".join(p.read_text(encoding="utf-8") for p in (copies[0] / "sections").glob("*.toml"))
    assert "演示" in saved
    assert _status() == before  # the tracked sample and the repository root are untouched
