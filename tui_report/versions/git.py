"""The ``git`` command, run as a child process, with its failures turned
into Chinese messages a user can act on.

Why the command and not a library: it is what the team's server, GitLab or
Gitea and every colleague's machine already speak (credentials, SSH keys,
proxies and hooks all come from the user's own configuration), and a merge
driver is by definition a command git runs. pygit2 would add a compiled
library to the lock and still need the command for credentials helpers;
dulwich has no merge at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui_report.report.errors import TuiReportError

#: seconds a local git command may take; network commands take longer
LOCAL_TIMEOUT = 60
NETWORK_TIMEOUT = 600


class GitError(TuiReportError):
    """A git command failed; ``kind`` says why in one word a caller can
    branch on (``missing``, ``not-a-repo``, ``network``, ``permission``,
    ``diverged``, ``conflict``, ``no-remote``, ``identity``, ``failed``)."""

    def __init__(self, message: str, kind: str = "failed", detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.detail = detail


def git_available() -> bool:
    return shutil.which("git") is not None


def environment() -> dict[str, str]:
    """Git's own messages in English (they are classified, not shown raw),
    never a prompt on the terminal the editor owns."""
    env = dict(os.environ)
    env.update({"LC_ALL": "C", "LANG": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0",
                "GIT_PAGER": "cat", "PAGER": "cat"})
    # ssh must not ask for a password on the editor's terminal either
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run(cwd: Path, *args: str, check: bool = True, input: str | None = None,
        timeout: float = LOCAL_TIMEOUT) -> Result:
    """``git ARGS`` in ``cwd``. Output is decoded as UTF-8 (report text may
    be in it); a failure raises :class:`GitError` unless ``check`` is
    False."""
    if not git_available():
        raise GitError("找不到 git 程序：请先安装 git（Debian/Ubuntu：apt install git）", "missing")
    try:
        proc = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True,
                              input=input.encode("utf-8") if input is not None else None,
                              env=environment(), timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 超过 {int(timeout)} 秒没有完成，已停止；请检查网络后重试", "network") from None
    except OSError as exc:
        raise GitError(f"无法运行 git：{exc.strerror or exc}", "missing") from None
    result = Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    if check and result.code != 0:
        raise classify(args[0], result.err + result.out)
    return result


def run_progress(cwd: Path, args: Sequence[str], progress: Callable[[str], None] | None,
                 timeout: float = NETWORK_TIMEOUT) -> Result:
    """A network command with ``--progress``: each progress line of git's
    stderr ("Receiving objects:  45% (9/20)") goes to ``progress`` as it
    comes, so a slow link shows movement, not a frozen screen."""
    if not git_available():
        raise GitError("找不到 git 程序：请先安装 git（Debian/Ubuntu：apt install git）", "missing")
    proc = subprocess.Popen(["git", "-c", "core.quotePath=false", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=environment())
    err: list[str] = []
    assert proc.stderr is not None and proc.stdout is not None
    buf = b""
    try:
        while True:
            chunk = proc.stderr.read1(4096)  # type: ignore[attr-defined]
            if not chunk:
                break
            buf += chunk
            while True:
                cut = min((i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0), default=-1)
                if cut < 0:
                    break
                line, buf = buf[:cut].decode("utf-8", "replace").strip(), buf[cut + 1:]
                if line:
                    err.append(line)
                    if progress is not None:
                        progress(line)
        out = proc.stdout.read().decode("utf-8", "replace")
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise GitError(f"git {args[0]} 超过 {int(timeout)} 秒没有完成，已停止；请检查网络后重试", "network") from None
    if buf.strip():
        err.append(buf.decode("utf-8", "replace").strip())
    return Result(code, out, "\n".join(err))


#: git's words → (kind, what to tell the user); the first that matches wins
_PATTERNS: list[tuple[tuple[str, ...], str, str]] = [
    (("not a git repository",), "not-a-repo",
     "报告文件夹还不在版本库中：运行 tui-report git-setup 报告文件夹 建立版本库"),
    (("could not resolve host", "could not resolve hostname", "network is unreachable", "connection refused",
      "connection timed out", "operation timed out", "no route to host", "failed to connect",
      "unable to access", "connection reset", "temporary failure in name resolution"), "network",
     "连接不上共享版本库（网络不通、服务器地址有误或服务器未开）；请检查网络后重试，本机的版本不受影响"),
    (("permission denied", "authentication failed", "access denied", "could not read username",
      "http basic: access denied", "403", "401", "you are not allowed", "insufficient permission",
      "unable to create temporary object directory", "pre-receive hook declined", "protected branch"),
     "permission", "没有访问共享版本库的权限（用户名、密码或密钥不对，或没有推送权限）；请向管理员确认"),
    (("does not appear to be a git repository", "repository not found", "no such file or directory",
      "could not read from remote repository"), "no-remote",
     "找不到共享版本库：地址有误，或服务器上还没有建立；请检查 git remote -v 中的地址"),
    (("non-fast-forward", "fetch first", "updates were rejected", "tip of your current branch is behind"),
     "diverged", "共享版本库中有你这里还没有的新版本：请先“拉取”合并同事的修改，再推送"),
    (("divergent branches", "need to specify how to reconcile"), "diverged",
     "你和共享版本库各有新版本：需要先合并"),
    (("automatic merge failed", "conflict"), "conflict",
     "合并时有冲突：同一段文字两边都改了；请在编辑器中逐处选择保留哪一边"),
    (("please tell me who you are", "author identity unknown", "empty ident name"), "identity",
     "还没有设置你的姓名和邮箱（版本中记录是谁改的）：运行 git config --global user.name \"姓名\" 和 "
     "git config --global user.email \"邮箱\""),
    (("no configured push destination", "no remote repository specified", "no such remote"),
     "no-remote", "还没有设置共享版本库：运行 git remote add origin 地址（服务器上的裸版本库，或 GitLab、Gitea 项目）"),
    (("there is no tracking information", "no upstream branch", "has no upstream"), "no-remote",
     "当前分支还没有对应的共享分支：第一次推送请运行 git push -u origin 分支名"),
    (("you have unmerged paths", "unmerged files", "you have not concluded your merge", "merge_head exists"),
     "conflict", "上一次合并还没有完成：请先在编辑器中解决冲突并保存版本"),
    (("your local changes to the following files would be overwritten",
      "please commit your changes or stash them"), "dirty",
     "你有尚未保存为版本的修改，与同事的修改涉及同一文件：请先“保存版本”，再拉取"),
]


def classify(command: str, text: str) -> GitError:
    low = text.lower()
    for needles, kind, message in _PATTERNS:
        if any(n in low for n in needles):
            return GitError(message, kind, text.strip())
    last = next((line for line in reversed(text.strip().splitlines()) if line.strip()), "")
    return GitError(f"git {command} 失败：{last or '原因不明'}", "failed", text.strip())


# --- where the report sits in its repository -------------------------------------------------

@dataclass(frozen=True)
class Repo:
    """The repository holding a report folder: its top, and the folder's
    path inside it ("" when the report is the whole repository)."""

    top: Path
    prefix: str  # "reports/2023/" or ""

    def path_of(self, rel: str = "") -> str:
        """A report-relative path as git names it from the top."""
        return (self.prefix + rel).rstrip("/") or "."


def find_repo(root: Path) -> Repo | None:
    """The repository ``root`` is in; None when it is in none."""
    res = run(root, "rev-parse", "--show-toplevel", "--show-prefix", check=False)
    if res.code != 0:
        if "not a git repository" in res.err.lower() or "not a git repository" in res.out.lower():
            return None
        raise classify("rev-parse", res.err)
    lines = res.out.split("\n")
    return Repo(Path(lines[0].strip()), lines[1].strip() if len(lines) > 1 else "")


def repo_of(root: Path) -> Repo:
    repo = find_repo(root)
    if repo is None:
        raise GitError("报告文件夹还不在版本库中：运行 tui-report git-setup 报告文件夹 建立版本库（一次即可）",
                       "not-a-repo")
    return repo


def has_head(repo: Repo) -> bool:
    return run(repo.top, "rev-parse", "--verify", "-q", "HEAD", check=False).code == 0
