"""Files changed on disk while the report is open (a colleague, `git pull`)
are noticed by hash and never overwritten without the user's choice:
reload, keep mine, or look at the diff first."""

from __future__ import annotations

import subprocess

import pytest

from tui_report.report.store import ConflictError, ReportError, Store, load

GIT = ["git", "-c", "user.name=Tester", "-c", "user.email=tester@example.com", "-c", "init.defaultBranch=main"]


def git(cwd, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def colleague_edits(path, line: str = "# 同事的修改\n") -> None:
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_a_changed_file_is_detected_shown_and_not_overwritten(sample):
    store = Store.open(sample)
    section = store.report.sections[2]
    path = sample / section.file
    store.set_body(section, "我的修改")
    colleague_edits(path)
    assert store.external_change(section.file) == "modified"
    assert store.external_change("sections/assets.toml") is None
    with pytest.raises(ConflictError) as info:
        store.save()
    assert info.value.files == [section.file]
    assert "同事的修改" in path.read_text(encoding="utf-8")
    diff = store.disk_diff(section.file)
    assert "-# 同事的修改" in diff and "+我的修改" in diff
    assert "（磁盘上）" in diff and "（我的版本）" in diff


def test_reload_takes_the_disk_version_and_drops_mine(sample):
    store = Store.open(sample)
    section = store.report.sections[2]
    store.set_body(section, "我的修改")
    store.set_body(store.report.sections[3], "另一个文件里的修改")
    colleague_edits(sample / section.file, "# 同事的修改\n")
    old_report = store.report
    store.reload_file(section.file)
    assert store.report is not old_report
    assert store.report.sections[2].body == load(sample).sections[2].body != "我的修改"
    assert store.report.sections[3].body == "另一个文件里的修改"  # other edits kept
    assert store.dirty_files() == ["sections/assets.toml"]
    assert store.external_change(section.file) is None
    store.save()
    assert "同事的修改" in (sample / section.file).read_text(encoding="utf-8")


def test_keep_mine_writes_mine_once_and_still_guards_later_changes(sample):
    store = Store.open(sample)
    section = store.report.sections[2]
    path = sample / section.file
    store.set_body(section, "我的修改")
    colleague_edits(path)
    store.keep_mine(section.file)
    assert store.save() == [section.file]
    assert load(sample).sections[2].body == "我的修改"
    store.set_body(store.report.sections[2], "我的第二次修改")
    colleague_edits(path, "# 又一次修改\n")
    with pytest.raises(ConflictError):
        store.save()


def test_a_file_deleted_on_disk_is_handled_the_same_way(sample):
    store = Store.open(sample)
    section = store.report.sections[2]
    path = sample / section.file
    store.set_body(section, "我的修改")
    path.unlink()
    assert store.external_change(section.file) == "deleted"
    with pytest.raises(ConflictError):
        store.save()
    assert not path.exists()
    assert "（磁盘上：已删除）" in store.disk_diff(section.file)
    store.keep_mine(section.file)
    store.save()
    assert load(sample).sections[2].body == "我的修改"

    path.unlink()
    store.reload_file(section.file)  # "reload": accept the deletion
    broken = store.report.sections[2]
    assert broken.error and "文件不存在" in broken.error
    assert store.report.sections[3].error is None


def test_reload_of_an_unreadable_report_toml_changes_nothing(sample):
    store = Store.open(sample)
    store.set_title(store.report.sections[0], "新标题")
    (sample / "report.toml").unlink()
    report = store.report
    with pytest.raises(ReportError):
        store.reload_file("report.toml")
    assert store.report is report and "report.toml" in store.files
    assert store.report.sections[0].title == "新标题"


def test_set_text_refuses_invalid_toml(sample):
    store = Store.open(sample)
    report = store.report
    with pytest.raises(ReportError) as info:
        store.set_text("sections/assets.toml", 'title = "未闭合\n')
    assert info.value.file == "sections/assets.toml"
    assert store.report is report and store.dirty_files() == []


def test_git_pull_while_open_updates_untouched_files_and_keeps_my_edits(tmp_path, sample):
    upstream = tmp_path / "upstream"
    subprocess.run(["cp", "-r", str(sample), str(upstream)], check=True)
    git(upstream, "init", "-q")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "report")
    mine = tmp_path / "mine"
    git(tmp_path, "clone", "-q", str(upstream), str(mine))

    store = Store.open(mine)
    store.set_body(store.report.sections[3], "我正在写的资产管理情况")

    colleague_edits(upstream / "sections/disclosure.toml", "# 同事补充的说明\n")
    git(upstream, "commit", "-q", "-am", "colleague")
    git(mine, "pull", "-q", "--no-rebase")

    assert store.changed_on_disk() == ["sections/disclosure.toml"]
    assert store.reload_unedited() == ["sections/disclosure.toml"]
    assert store.changed_on_disk() == []
    assert store.report.sections[3].body == "我正在写的资产管理情况"
    assert store.save() == ["sections/assets.toml"]
    status = git(mine, "status", "--porcelain")
    assert status.split() == ["M", "sections/assets.toml"]
    assert "同事补充的说明" in (mine / "sections/disclosure.toml").read_text(encoding="utf-8")
