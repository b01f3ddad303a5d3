"""Real git repositories in temporary folders for the versions tests: a
bare "server" repository and clones of it, each a colleague with a name."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .conftest import IGNORE_STATE, SAMPLE, run_cli

#: the sample's overview file, and the end of its first paragraph (edits meet there)
OVERVIEW = "sections/overview.toml"
P1_END = "建设科技工作者之家。"

def isolate_git(tmp_path: Path, monkeypatch) -> None:
    """No global or system git configuration of whoever runs the tests: a
    private one with an identity and ``main`` as the first branch."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = 测试\n\temail = test@example.invalid\n"
                      "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_DIR",
                 "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str, env: dict | None = None) -> str:
    res = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    assert res.returncode == 0, (args, res.stdout, res.stderr)
    return res.stdout


def as_user(name: str) -> dict[str, str]:
    return {"GIT_AUTHOR_NAME": name, "GIT_COMMITTER_NAME": name,
            "GIT_AUTHOR_EMAIL": f"{name}@example.invalid", "GIT_COMMITTER_EMAIL": f"{name}@example.invalid"}


def team(tmp_path: Path, driver: bool = True) -> tuple[Path, Path, Path]:
    """A bare repository holding the sample report's first version, and two
    clones of it, ``a`` (甲) and ``b`` (乙); with ``driver`` both have run
    ``tui-report git-setup`` (a by setting up, b as a colleague would after
    cloning: the attributes came with the clone, the driver by pull)."""
    server = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(server))
    first = tmp_path / "first"
    shutil.copytree(SAMPLE, first, ignore=IGNORE_STATE)
    git(first, "init", "-q", "-b", "main")
    if driver:
        res = run_cli("git-setup", str(first), "--remote", str(server), "--no-hook")
        assert res.returncode == 0, res.stderr
    else:
        git(first, "remote", "add", "origin", str(server))
    git(first, "add", "-A")
    git(first, "commit", "-qm", "第一版")
    git(first, "push", "-q", "-u", "origin", "main")
    a, b = tmp_path / "a", tmp_path / "b"
    for clone in (a, b):
        git(tmp_path, "clone", "-q", str(server), str(clone))
    return server, a, b


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), "utf-8")


def cli(*args: str, user: str = "测试") -> subprocess.CompletedProcess:
    return run_cli(*args, env=as_user(user))
