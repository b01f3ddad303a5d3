"""`save`, `history`, `restore`, `blame`, `pull`, `push` and `git-setup`
on real repositories, as a script or a user at a shell runs them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import SAMPLE
from .versions_support import OVERVIEW, P1_END, cli, edit, git, isolate_git, team


@pytest.fixture(autouse=True)
def _git(tmp_path, monkeypatch):
    isolate_git(tmp_path, monkeypatch)


@pytest.fixture
def report(tmp_path):
    folder = tmp_path / "report"
    shutil.copytree(SAMPLE, folder)
    return folder


def test_git_setup_makes_a_repository_attributes_driver_and_hook(report):
    res = cli("git-setup", str(report))
    assert res.returncode == 0, res.stderr
    assert "已在" in res.stdout and "建立版本库" in res.stdout
    attributes = (report / ".gitattributes").read_text("utf-8")
    assert "sections/*.toml merge=tui-report" in attributes and "report.toml merge=tui-report" in attributes
    driver = git(report, "config", "--get", "merge.tui-report.driver")
    assert "-m tui_report merge-driver %O %A %B %P" in driver
    assert git(report, "check-attr", "merge", "--", OVERVIEW).strip().endswith("merge: tui-report")
    hook = (report / ".git/hooks/pre-commit").read_text("utf-8")
    assert "-m tui_report check" in hook
    # again: nothing doubled, a hook of someone else's left alone
    (report / ".git/hooks/pre-commit").write_text("#!/bin/sh\nexit 0\n", "utf-8")
    again = cli("git-setup", str(report))
    assert again.returncode == 0
    assert (report / ".gitattributes").read_text("utf-8") == attributes
    assert (report / ".git/hooks/pre-commit").read_text("utf-8") == "#!/bin/sh\nexit 0\n"
    assert "已有别的 pre-commit 钩子" in again.stdout


def test_the_installed_hook_runs_the_check(report):
    cli("git-setup", str(report))
    git(report, "add", "-A")
    blocked = subprocess.run(["git", "commit", "-qm", "有错误"], cwd=report, capture_output=True, text=True)
    assert blocked.returncode != 0  # the sample's balance does not hold: the hook stops the commit
    assert "check:balance" in blocked.stdout + blocked.stderr


def test_save_outside_a_repository_offers_one(report):
    res = cli("save", str(report), "-m", "第一版")
    assert res.returncode == 2
    assert "tui-report git-setup" in res.stderr


def test_save_lists_changes_by_section_then_commits_only_the_report(tmp_path, report):
    cli("git-setup", str(report))
    first = cli("save", str(report), "-m", "第一版")
    assert first.returncode == 0, first.stderr
    assert "部门概况（新增）" in first.stdout and "草稿照样保存了版本" in first.stdout
    edit(report / OVERVIEW, P1_END, P1_END + "新增一句。")
    edit(report / "report.toml", "value = 28.67", "value = 30.00")
    (report / "notes.txt").write_text("not part of the report", "utf-8")
    res = cli("save", str(report), "-m", "补充说明", user="甲")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "本版本的改动："
    assert "1.职能职责（改动）" in res.stdout and "{+新增一句。+}" in res.stdout
    assert "[-28.67-]{+30.00+}" in res.stdout
    assert res.stdout.index("本版本的改动") < res.stdout.index("已保存版本")
    log = git(report, "log", "--format=%an|%s", "-n1")
    assert log.strip() == "甲|补充说明"
    assert "notes.txt" in git(report, "show", "--name-only", "--format=", "HEAD")  # in the folder: saved too
    nothing = cli("save", str(report), "-m", "再存")
    assert nothing.returncode == 2 and "没有改动" in nothing.stderr


def test_history_of_a_section_shows_word_level_differences(report):
    cli("git-setup", str(report))
    cli("save", str(report), "-m", "第一版", user="甲")
    edit(report / OVERVIEW, P1_END, P1_END + "第二版的话。")
    cli("save", str(report), "-m", "第二版", user="乙")
    edit(report / "sections/assets.toml", "资产专管员", "资产管理员")
    cli("save", str(report), "-m", "改资产", user="甲")
    res = cli("history", str(report), "overview")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "乙  第二版" in out and "{+第二版的话。+}" in out
    assert "改资产" not in out  # another section's version is not this section's history
    whole = cli("history", str(report)).stdout
    assert whole.index("改资产") < whole.index("第二版") < whole.index("第一版")  # newest first
    assert "资产[-专-]管{+理+}员" in whole


def test_restore_a_section_and_a_figure_from_an_earlier_version(report):
    cli("git-setup", str(report))
    cli("save", str(report), "-m", "第一版")
    first = git(report, "rev-parse", "--short=8", "HEAD").strip()
    original = (report / OVERVIEW).read_text("utf-8")
    edit(report / OVERVIEW, P1_END, P1_END + "后来写坏了。")
    edit(report / "report.toml", "value = 28.67", "value = 99.00")
    edit(report / "report.toml", "value = 125.32", "value = 126.00")
    cli("save", str(report), "-m", "第二版")
    res = cli("restore", str(report), first, "overview")
    assert res.returncode == 0, res.stderr
    assert (report / OVERVIEW).read_text("utf-8") == original
    res = cli("restore", str(report), first, "spend_project")
    assert res.returncode == 0, res.stderr
    text = (report / "report.toml").read_text("utf-8")
    assert "value = 28.67" in text and "value = 126.00" in text  # only that figure went back
    bad = cli("restore", str(report), first, "no_such_thing")
    assert bad.returncode == 2 and "没有名为“no_such_thing”" in bad.stderr
    unknown = cli("restore", str(report), "deadbeef", "overview")
    assert unknown.returncode == 2 and "找不到版本" in unknown.stderr


def test_blame_names_who_last_changed_each_paragraph(report):
    cli("git-setup", str(report))
    cli("save", str(report), "-m", "第一版", user="甲")
    edit(report / OVERVIEW, "推进创新体系建设。", "推进创新体系建设。乙补充。")
    cli("save", str(report), "-m", "乙的补充", user="乙")
    edit(report / OVERVIEW, "提高全民科学素质。", "提高全民科学素质。未保存。")
    res = cli("blame", str(report), "overview/0/0")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("甲 ") and lines[1].startswith("乙 ") and lines[2].startswith("甲 ")
    assert lines[3].startswith("（尚未保存为版本）")


def test_push_to_an_unreachable_server_says_no_network(report):
    cli("git-setup", str(report), "--remote", "http://127.0.0.1:9/report.git")
    cli("save", str(report), "-m", "第一版")
    res = cli("push", str(report))
    assert res.returncode == 2
    assert "连接不上共享版本库" in res.stderr


def test_push_refused_by_the_server_says_no_permission(tmp_path, report):
    server = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(server))
    hook = server / "hooks/pre-receive"
    hook.write_text("#!/bin/sh\necho 'You are not allowed to push code to this project.' >&2\nexit 1\n", "utf-8")
    hook.chmod(0o755)
    cli("git-setup", str(report), "--remote", str(server))
    cli("save", str(report), "-m", "第一版")
    res = cli("push", str(report))
    assert res.returncode == 2 and "没有访问共享版本库的权限" in res.stderr


def test_push_after_a_colleague_pushed_says_pull_first_and_pull_refuses_unsaved_work(tmp_path):
    _server, a, b = team(tmp_path)
    edit(a / OVERVIEW, P1_END, P1_END + "甲。")
    cli("save", str(a), "-m", "甲", user="甲")
    assert cli("push", str(a), user="甲").returncode == 0
    edit(b / "sections/assets.toml", "资产专管员", "资产管理员")
    cli("save", str(b), "-m", "乙", user="乙")
    res = cli("push", str(b), user="乙")
    assert res.returncode == 2 and "请先“拉取”" in res.stderr
    edit(b / OVERVIEW, "推进创新体系建设。", "推进创新体系建设。未保存。")
    res = cli("pull", str(b), user="乙")
    assert res.returncode == 2 and "尚未保存为版本" in res.stderr
    assert "甲。" not in (b / OVERVIEW).read_text("utf-8")


def test_merge_driver_command_writes_the_merge_over_ours(tmp_path):
    base = (SAMPLE / OVERVIEW).read_text("utf-8")
    files = {}
    for name, text in (("base", base), ("ours", base.replace(P1_END, P1_END + "甲。")),
                       ("theirs", base.replace("推进创新体系建设。", "推进创新体系建设。乙。"))):
        files[name] = tmp_path / name
        files[name].write_text(text, "utf-8")
    res = cli("merge-driver", str(files["base"]), str(files["ours"]), str(files["theirs"]), OVERVIEW)
    assert res.returncode == 0, res.stderr
    merged = files["ours"].read_text("utf-8")
    assert P1_END + "甲。" in merged and "推进创新体系建设。乙。" in merged
