"""Saving a version: a commit of the report folder, and nothing else of
the repository, with what changed since the last version shown first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui_report.report.store import Store
from tui_report.versions import changes as ch
from tui_report.versions.git import GitError, Repo, has_head, repo_of, run
from tui_report.versions.snapshots import report_at


@dataclass(frozen=True)
class Saved:
    commit: str
    files: list[str]
    changes: list[ch.Change]
    merge: bool = False


def pending(root: Path, repo: Repo | None = None) -> list[str]:
    """Report files changed since the last version (report-relative),
    untracked ones included."""
    repo = repo or repo_of(root)
    res = run(repo.top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", repo.path_of())
    out = []
    entries = [e for e in res.out.split("\0") if e]
    skip = False
    for entry in entries:
        if skip:  # the source path of a rename
            skip = False
            continue
        status, name = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            skip = True
        rel = name[len(repo.prefix):] if repo.prefix and name.startswith(repo.prefix) else name
        out.append(rel)
    return out


def merging(repo: Repo) -> bool:
    """A merge (a pull that met conflicts) waits for its version to be saved."""
    res = run(repo.top, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False)
    return res.code == 0


def unmerged(repo: Repo) -> list[str]:
    res = run(repo.top, "diff", "--name-only", "--diff-filter=U", "-z", check=False)
    return [n for n in res.out.split("\0") if n]


def changes_since_last(root: Path, current=None) -> list[ch.Change]:
    """What the report folder (or ``current``, a Report with unsaved
    edits) changes against the last saved version."""
    repo = repo_of(root)
    old = report_at(repo, "HEAD") if has_head(repo) else None
    new = current if current is not None else Store.open(root).report
    return ch.changes(old, new)


def save_version(root: Path, message: str) -> Saved:
    """``git add`` and ``git commit`` of the report folder only. The
    pre-commit hook (``check``) is not run: a draft with figures still to
    fill must be saveable; the caller has refused a report with conflict
    markers already (``commands.cmd_save``, the editor)."""
    message = message.strip()
    if not message:
        raise GitError("请写一句说明（这个版本改了什么），例如 -m \"补充项目支出说明\"", "failed")
    repo = repo_of(root)
    found = changes_since_last(root)
    files = pending(root, repo)
    in_merge = merging(repo)
    if not files and not in_merge:
        raise GitError("自上一个版本以来没有改动，无需保存新版本", "nothing")
    run(repo.top, "add", "-A", "--", repo.path_of())
    # during a merge git commits the whole merge (the report is all a merge of it touched)
    args = ["commit", "--no-verify", "-q", "-m", message]
    if not in_merge:
        args += ["--", repo.path_of()]
    run(repo.top, *args)
    head = run(repo.top, "rev-parse", "HEAD").out.strip()
    return Saved(head, files, found, in_merge)
