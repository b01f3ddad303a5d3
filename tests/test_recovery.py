"""Unsaved edits survive an editor that dies: written aside, offered with a
diff, restored as unsaved edits, discarded or kept. The editor that dies is
a real process that exits without saving."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tui_report.report import recovery
from tui_report.report.store import ConflictError, Store, load

from .conftest import ROOT

#: an editor run: open the report, edit, checkpoint, then die unsaved
EDITOR = """
import json, os, sys
from decimal import Decimal
from tui_report.report import recovery
from tui_report.report.store import Store
root, plan = sys.argv[1], json.loads(sys.argv[2])
store = Store.open(root)
for sec_index, body in plan.get("bodies", []):
    store.set_body(store.report.sections[sec_index], body)
if "figure" in plan:
    store.set_figure_value(plan["figure"][0], Decimal(plan["figure"][1]))
path = recovery.checkpoint(store, plan.get("extra"))
print(path, flush=True)
if plan.get("linger"):
    sys.stdin.read()
os._exit(9)  # no cleanup, as after SIGHUP
"""


def crashed_editor(root: Path, env: dict | None = None, **plan) -> Path:
    proc = subprocess.run([sys.executable, "-c", EDITOR, str(root), json.dumps(plan, ensure_ascii=False)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=60)
    assert proc.returncode == 9, proc.stderr
    return Path(proc.stdout.strip())


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*.toml") if ".tui-report" not in p.parts}


TYPED = "第一段：断线前输入的文字。\n第二段，含 ''' 引号与 \\ 反斜杠。"


def test_recovery_is_written_aside_and_offered_with_a_diff(sample):
    before = snapshot(sample)
    path = crashed_editor(sample, bodies=[[2, TYPED]])
    assert path.parent == sample / ".tui-report" / "recovery" and path.exists()
    assert snapshot(sample) == before  # never over the real files
    rec = recovery.pending(sample)
    assert rec is not None and rec.path == path
    assert rec.files == ["sections/project-implementation.toml"]
    diff = rec.diffs["file:sections/project-implementation.toml"]
    assert "+第一段：断线前输入的文字。" in diff
    assert any(line.startswith("-") and not line.startswith("---") for line in diff.splitlines())
    assert "project-implementation.toml" in rec.summary()
    assert rec.changed_since == []


def test_restore_gives_back_the_text_as_unsaved_edits(sample):
    before = snapshot(sample)
    crashed_editor(sample, bodies=[[2, TYPED]], figure=["balance_end", "76.33"])
    store = Store.open(sample)
    rec = recovery.pending(sample, store)
    result = recovery.restore(store, rec)
    assert result.skipped == {}
    assert store.report.sections[2].body == TYPED
    assert store.report.figures["balance_end"].value == Decimal("76.33")
    assert sorted(store.dirty_files()) == ["report.toml", "sections/project-implementation.toml"]
    assert snapshot(sample) == before  # restoring writes nothing until saved
    assert not rec.path.exists()  # replaced by this run's own checkpoint
    own = list((sample / ".tui-report" / "recovery").glob("*.json"))
    assert len(own) == 1 and "断线前输入的文字" in json.loads(own[0].read_text(encoding="utf-8"))["buffers"][
        "file:sections/project-implementation.toml"]
    assert recovery.pending(sample) is None  # ours is not offered to ourselves
    store.save()
    assert load(sample).sections[2].body == TYPED


def test_discard_deletes_and_keep_leaves_it_for_next_time(sample):
    crashed_editor(sample, bodies=[[3, "甲"]])
    rec = recovery.pending(sample)
    recovery.keep(rec)
    again = recovery.pending(sample)
    assert again is not None and again.path == rec.path
    assert recovery.discard(sample) == 1
    assert recovery.pending(sample) is None
    assert not rec.path.exists()


def test_newest_of_several_is_offered_first(sample):
    crashed_editor(sample, bodies=[[3, "较早的修改"]])
    crashed_editor(sample, bodies=[[4, "较新的修改"]])
    found = recovery.all_pending(sample)
    assert len(found) == 2
    assert "较新的修改" in found[0].diff() and "较早的修改" in found[1].diff()
    recovery.discard(sample, found[0])
    assert "较早的修改" in recovery.pending(sample).diff()


def test_widget_buffers_are_restored_on_top_of_files(sample):
    overview = load(sample).sections[0]
    item = overview.children[0]
    extra = {
        recovery.body_key(item): "尚在输入框中的正文",
        recovery.title_key(overview): "部门基本概况",
        recovery.figure_key("spend_basic"): "125.40",
        "body:sections/overview.toml:9/9": "已不存在的小节",
    }
    crashed_editor(sample, extra=extra)
    store = Store.open(sample)
    rec = recovery.pending(sample, store)
    assert len(rec.diffs) == 4
    result = recovery.restore(store, rec)
    assert store.report.sections[0].children[0].body == "尚在输入框中的正文"
    assert store.report.sections[0].title == "部门基本概况"
    assert str(store.report.figures["spend_basic"].value) == "125.40"
    assert list(result.skipped) == ["body:sections/overview.toml:9/9"]
    assert rec.path.exists()  # something could not be applied: keep the file


def test_a_recovery_equal_to_the_disk_is_dropped(sample):
    text = (sample / "sections/assets.toml").read_text(encoding="utf-8")
    crashed_editor(sample, extra={"file:sections/assets.toml": text})
    assert recovery.pending(sample) is None
    assert list((sample / ".tui-report" / "recovery").glob("*.json")) == []


def test_a_running_editors_checkpoint_is_not_offered(sample):
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(sample), json.dumps({"bodies": [[3, "乙"]], "linger": 1})],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert Path(proc.stdout.readline().strip()).exists()
        assert recovery.pending(sample) is None
        assert recovery.discard(sample) == 0  # nor deleted under it
    finally:
        proc.kill()
        proc.wait()
    assert recovery.pending(sample) is not None


def test_disk_changed_after_the_crash_makes_save_ask(sample):
    crashed_editor(sample, bodies=[[2, TYPED]])
    path = sample / "sections/project-implementation.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# 同事在此期间的修改\n", encoding="utf-8")
    store = Store.open(sample)
    rec = recovery.pending(sample, store)
    assert rec.changed_since == ["sections/project-implementation.toml"]
    assert "保存时会再询问" in rec.summary()
    recovery.restore(store, rec)
    with pytest.raises(ConflictError):
        store.save()
    assert "同事在此期间的修改" in path.read_text(encoding="utf-8")


def test_empty_buffers_clear_this_runs_file(sample):
    store = Store.open(sample)
    store.set_body(store.report.sections[3], "丙")
    path = recovery.checkpoint(store)
    assert path.exists()
    store.save()
    assert recovery.checkpoint(store) is None
    assert not path.exists()


def test_unwritable_report_folder_falls_back_to_the_state_dir(sample, tmp_path, monkeypatch):
    (sample / ".tui-report").write_text("not a folder")
    state = tmp_path / "state"
    path = crashed_editor(sample, env={"XDG_STATE_HOME": str(state)}, bodies=[[3, "丁"]])
    assert path.is_relative_to(state)
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    rec = recovery.pending(sample)
    assert rec is not None and rec.path == path
    assert (sample / ".tui-report").read_text() == "not a folder"


def test_recovery_folder_is_git_ignored(sample):
    subprocess.run(["git", "init", "-q", str(sample)], check=True)
    crashed_editor(sample, bodies=[[3, "戊"]])
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=sample,
                            capture_output=True, text=True, check=True).stdout
    assert "report.toml" in status and ".tui-report" not in status


def test_keys_round_trip():
    section = load(ROOT / "data" / "furong-kexie-2022").sections[7].children[1].children[2]
    assert recovery.parse_key(recovery.body_key(section)) == ("body", "sections/performance.toml", (1, 2))
    assert recovery.parse_key("title:sections/overview.toml:") == ("title", "sections/overview.toml", ())
    assert recovery.parse_key(recovery.figure_key("spend_total", "prev")) == ("figure", "spend_total", "prev")
    with pytest.raises(ValueError):
        recovery.parse_key("nonsense")


HANGUP = """
import json, os, signal, sys, time
from tui_report.report import recovery
from tui_report.report.store import Store
store = Store.open(sys.argv[1])
store.set_body(store.report.sections[3], sys.argv[2])
before = set(sys.modules)

def on_hangup(signum, frame):
    path = recovery.checkpoint(store)
    print(json.dumps({"path": str(path), "imported": sorted(set(sys.modules) - before)}), flush=True)
    os._exit(0)

signal.signal(signal.SIGHUP, on_hangup)
print("ready", flush=True)
while True:
    time.sleep(1)
"""


def test_checkpoint_runs_inside_a_sighup_handler_without_importing(sample):
    """What a dropped SSH connection does to the editor, minus the editor: the
    handler writes the unsaved text aside, importing nothing new."""
    import signal

    typed = "断线时尚未保存的文字"
    proc = subprocess.Popen([sys.executable, "-c", HANGUP, str(sample), typed], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        proc.send_signal(signal.SIGHUP)
        report = json.loads(proc.stdout.readline())
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        proc.wait()
    assert report["imported"] == []
    store = Store.open(sample)
    rec = recovery.pending(sample, store)
    assert rec is not None and str(rec.path) == report["path"]
    recovery.restore(store, rec)
    assert store.report.sections[3].body == typed


def test_another_hosts_recovery_is_offered_unless_it_holds_the_lock(sample):
    """A shared folder: the editor on the other host crashed if it no longer
    holds the lock; while it does, its checkpoint is left alone."""
    path = crashed_editor(sample, bodies=[[3, "另一台服务器上的修改"]])
    data = json.loads(path.read_text(encoding="utf-8"))
    data["host"] = "other-server"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    lock = sample / ".tui-report" / "lock"
    lock.write_text(json.dumps({"pid": data["pid"], "host": "other-server", "user": "li",
                                "time": data["created"], "start": data["start"]}), encoding="utf-8")
    assert recovery.pending(sample) is None
    lock.unlink()
    rec = recovery.pending(sample)
    assert rec is not None and rec.writer.host == "other-server"
