"""Pull and push through the team's shared repository (a bare repository
on a server, or a GitLab or Gitea project), with progress and messages that
say what to do: no network, no permission, histories that diverged, a merge
that needs the author."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui_report.versions import setup
from tui_report.versions.git import GitError, Repo, classify, repo_of, run, run_progress
from tui_report.versions.save import merging, pending

Progress = Callable[[str], None] | None


@dataclass(frozen=True)
class Pulled:
    #: "up-to-date", "fast-forward", "merged" or "conflicts"
    outcome: str
    #: report-relative files with conflicts left for the author
    conflicted: list[str]


def branch(repo: Repo) -> str:
    res = run(repo.top, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    if res.code != 0:
        raise GitError("当前不在任何分支上（例如正在查看旧版本）：请先回到主分支（git switch main）", "failed")
    return res.out.strip()


def upstream(repo: Repo) -> tuple[str, str] | None:
    """(remote, branch) the current branch pulls from and pushes to."""
    res = run(repo.top, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False)
    if res.code == 0 and "/" in res.out.strip():
        remote, _, name = res.out.strip().partition("/")
        return remote, name
    return None


def remote_name(repo: Repo) -> str:
    remotes = run(repo.top, "remote").out.split()
    if not remotes:
        raise GitError("还没有设置共享版本库：运行 tui-report git-setup 报告文件夹 --remote 地址"
                       "（服务器上的裸版本库，或 GitLab、Gitea 项目的地址）", "no-remote")
    return "origin" if "origin" in remotes else remotes[0]


def pull(root: Path, progress: Progress = None) -> Pulled:
    """Fetch the team's versions and merge them into mine through the
    report's merge driver. Refused while the report has changes not saved
    as a version (git would refuse to merge into them, or mix them in)."""
    repo = repo_of(root)
    if merging(repo):
        raise GitError("上一次合并还没有完成：请先解决冲突并“保存版本”，再拉取", "conflict")
    if pending(root, repo):
        raise GitError("报告有尚未保存为版本的修改：请先“保存版本”（tui-report save），再拉取同事的修改", "dirty")
    setup.ensure_driver(repo)
    target = upstream(repo)
    name = branch(repo)
    remote = target[0] if target else remote_name(repo)
    ref = target[1] if target else name
    res = run_progress(repo.top, ["fetch", "--progress", remote], progress)
    if res.code != 0:
        raise classify("fetch", res.err)
    if run(repo.top, "rev-parse", "-q", "--verify", f"refs/remotes/{remote}/{ref}", check=False).code != 0:
        return Pulled("up-to-date", [])  # nothing pushed there yet
    before = run(repo.top, "rev-parse", "-q", "--verify", "HEAD", check=False).out.strip()
    res = run(repo.top, "merge", "--no-edit", "--no-stat", "-m", f"合并同事的修改（{remote}/{ref}）", f"{remote}/{ref}",
              check=False)
    text = res.out + res.err
    if res.code != 0:
        conflicted = [n for n in run(repo.top, "diff", "--name-only", "--diff-filter=U", "-z", check=False).out.split("\0")
                      if n]
        if conflicted:
            rels = [n[len(repo.prefix):] if repo.prefix and n.startswith(repo.prefix) else n for n in conflicted]
            return Pulled("conflicts", rels)
        if "refusing to merge unrelated histories" in text.lower():
            raise GitError("共享版本库里的报告与这里的报告没有共同的历史（各自新建的版本库）："
                           "请把共享版本库克隆到新文件夹，在那里继续编辑", "diverged", text)
        raise classify("merge", text)
    after = run(repo.top, "rev-parse", "HEAD").out.strip()
    if after == before:
        return Pulled("up-to-date", [])
    parents = run(repo.top, "rev-list", "--parents", "-n1", "HEAD").out.split()
    return Pulled("merged" if len(parents) > 2 else "fast-forward", [])


def push(root: Path, progress: Progress = None) -> str:
    """Send my versions to the shared repository; returns where. Refused by
    the server when it has versions I have not pulled yet (diverged)."""
    repo = repo_of(root)
    if merging(repo):
        raise GitError("合并还没有完成：请先解决冲突并“保存版本”，再推送", "conflict")
    target = upstream(repo)
    name = branch(repo)
    if target is None:
        remote = remote_name(repo)
        args = ["push", "--progress", "-u", remote, f"HEAD:refs/heads/{name}"]
        where = f"{remote}/{name}"
    else:
        args = ["push", "--progress", target[0], f"HEAD:refs/heads/{target[1]}"]
        where = f"{target[0]}/{target[1]}"
    res = run_progress(repo.top, args, progress)
    if res.code != 0:
        raise classify("push", res.err)
    if target is None:
        run(repo.top, "branch", "--set-upstream-to", where, check=False)
    return where
