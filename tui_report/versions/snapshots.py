"""The report as it was in a version: the list of versions, a file's text
at one, and the whole report loaded from one (to compare with now)."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tui_report.report.places import REPORT_FILE, SECTIONS_DIR
from tui_report.report.store import Store
from tui_report.versions.git import GitError, Repo, has_head, run

#: files of a report folder that versions track (the state folder is never one)
TRACKED = (REPORT_FILE, "scorecard.toml", SECTIONS_DIR)


@dataclass(frozen=True)
class Version:
    commit: str
    author: str
    email: str
    when: int  # seconds since the epoch
    subject: str
    parents: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.commit[:8]

    @property
    def date(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.when))

    @property
    def merge(self) -> bool:
        return len(self.parents) > 1


def versions(repo: Repo, rel: str = "", limit: int = 200) -> list[Version]:
    """Versions that changed the report (or ``rel`` in it), newest first."""
    if not has_head(repo):
        return []
    res = run(repo.top, "log", f"-n{limit}", "--format=%H%x1f%an%x1f%ae%x1f%at%x1f%P%x1f%s%x1e",
              "--", repo.path_of(rel))
    out = []
    for record in res.out.split("\x1e"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) < 6:
            continue
        commit, author, email, when, parents, subject = fields[:6]
        out.append(Version(commit, author, email, int(when or 0), subject, tuple(parents.split())))
    return out


def resolve_version(repo: Repo, name: str) -> str:
    """A full commit id for what the user typed (a short id, HEAD~2, a tag)."""
    res = run(repo.top, "rev-parse", "--verify", "-q", f"{name}^{{commit}}", check=False)
    if res.code != 0 or not res.out.strip():
        raise GitError(f"找不到版本“{name}”：请用 tui-report history 列出的版本号（前 8 位即可）", "failed")
    return res.out.strip()


def file_at(repo: Repo, commit: str, rel: str) -> str | None:
    """The text of report file ``rel`` in version ``commit``; None when the
    file did not exist then."""
    res = run(repo.top, "cat-file", "blob", f"{commit}:{repo.path_of(rel)}", check=False)
    if res.code != 0:
        return None
    return res.out


def files_at(repo: Repo, commit: str) -> dict[str, str]:
    """Every report file in version ``commit`` (report-relative → text),
    read through one ``git cat-file --batch``."""
    res = run(repo.top, "ls-tree", "-r", "-z", "--name-only", commit, "--", *(repo.path_of(t) for t in TRACKED))
    names = [n for n in res.out.split("\0") if n.endswith(".toml")]
    if not names:
        return {}
    data = _batch(repo, [f"{commit}:{n}" for n in names])
    out: dict[str, str] = {}
    for name, blob in zip(names, data, strict=True):
        if blob is None:
            continue
        rel = name[len(repo.prefix):] if repo.prefix and name.startswith(repo.prefix) else name
        out[rel] = blob.decode("utf-8", "replace")
    return out


def _batch(repo: Repo, objects: list[str]) -> list[bytes | None]:
    """The contents of several objects in one process (``None`` for one
    that is missing)."""
    import subprocess

    from tui_report.versions.git import environment

    proc = subprocess.run(["git", "cat-file", "--batch"], cwd=repo.top, input="\n".join(objects).encode() + b"\n",
                          capture_output=True, env=environment(), timeout=60)
    if proc.returncode != 0:
        raise GitError(f"无法读取版本中的文件：{proc.stderr.decode('utf-8', 'replace').strip()}", "failed")
    out: list[bytes | None] = []
    data = proc.stdout
    pos = 0
    for _ in objects:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            out.append(None)
            continue
        size = int(header[2])
        out.append(data[pos:pos + size])
        pos += size + 1
    return out


def report_at(repo: Repo, commit: str):
    """The report as version ``commit`` had it (a ``Report``), or None when
    it had no report.toml yet. Loaded from a private temporary folder, so
    every rule of reading applies as to the folder itself."""
    files = files_at(repo, commit)
    if REPORT_FILE not in files:
        return None
    with tempfile.TemporaryDirectory(prefix="tui-report-version-") as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        return Store.open(root).report
