"""The command line of versions: ``save``, ``history``, ``restore``,
``blame``, ``pull``, ``push``, ``git-setup`` and ``merge-driver``.

``add_commands`` is called by ``cli._build_parser``; everything heavier than
argparse is imported inside the commands, so ``check`` stays light.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_report.report.errors import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS


def add_commands(sub) -> None:
    p = sub.add_parser("save", help="保存版本：把报告文件夹的改动记为一个版本（git 提交），先列出各章节的改动")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("-m", "--message", required=True, help="这个版本的说明，例如“补充项目支出说明”")
    p.set_defaults(func=cmd_save)

    p = sub.add_parser("history", help="列出报告（或一个章节）的各个版本，以及每个版本改了哪些字")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("section", nargs="?", help="只看这个章节（sections/ 下的文件名，如 overview）")
    p.add_argument("-n", "--limit", type=int, default=20, help="最多列出几个版本（默认 20）")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("restore", help="把一个章节或数字恢复为某个版本的内容（写入文件，不自动保存版本）")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("version", help="版本号（tui-report history 列出的前 8 位）")
    p.add_argument("name", help="章节（sections/ 下的文件名，如 overview）或数字编号（如 spend_total）")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("blame", help="一个章节的每一段最后是谁、在哪个版本改的")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("section", help="章节：文件名（overview），或文件名/小节序号（overview/0/1）")
    p.set_defaults(func=cmd_blame)

    p = sub.add_parser("pull", help="拉取：取回同事推送的版本，按段落合并到本地")
    p.add_argument("path", help="报告文件夹")
    p.set_defaults(func=cmd_pull)

    p = sub.add_parser("push", help="推送：把本地的版本送到共享版本库")
    p.add_argument("path", help="报告文件夹")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("git-setup", help="为报告建立版本库（如尚无），登记按段落合并的程序和提交前校验")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("--remote", metavar="URL", help="共享版本库的地址（服务器上的裸版本库，或 GitLab、Gitea 项目）")
    p.add_argument("--no-hook", action="store_true", help="不安装提交前校验（pre-commit 钩子）")
    p.set_defaults(func=cmd_git_setup)

    p = sub.add_parser("merge-driver", help=argparse.SUPPRESS)
    p.add_argument("base")
    p.add_argument("ours")
    p.add_argument("theirs")
    p.add_argument("name", nargs="?", default="")
    p.set_defaults(func=cmd_merge_driver)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _say(exc) -> int:
    from tui_report.report.terminal import safe

    _err(f"tui-report: {safe(exc.message if hasattr(exc, 'message') else str(exc), keep_newlines=False)}")
    return EXIT_FAILED


def cmd_save(args) -> int:
    from tui_report import checks
    from tui_report.report.store import Store
    from tui_report.versions import changes as ch
    from tui_report.versions.git import GitError
    from tui_report.versions.save import changes_since_last, save_version

    root = Path(args.path)
    store = Store.open(root)
    problems = checks.run(store.report)
    conflicts = [p for p in problems if p.id == "merge-conflict"]
    if conflicts:
        for p in conflicts:
            _err(p.format())
        _err(f"未保存版本：报告中还有 {len(conflicts)} 处合并冲突；请先解决（tui-report {args.path} 打开编辑器逐处选择）")
        return EXIT_PROBLEMS
    try:
        found = changes_since_last(root, store.report)
        print("本版本的改动：")
        sys.stdout.write(ch.as_text(found))
        saved = save_version(root, args.message)
    except GitError as exc:
        return _say(exc)
    errors = sum(1 for p in problems if p.severity == "error" and not p.acknowledged)
    what = "合并版本" if saved.merge else "版本"
    print(f"已保存{what} {saved.commit[:8]}：{args.message.strip()}（{len(saved.files)} 个文件）")
    if errors:
        print(f"注意：报告还有 {errors} 个错误（tui-report check {args.path} 查看）；草稿照样保存了版本")
    return EXIT_OK


def cmd_history(args) -> int:
    from tui_report.report.model import Report
    from tui_report.report.places import section_file
    from tui_report.versions import changes as ch
    from tui_report.versions.git import GitError, repo_of
    from tui_report.versions.snapshots import report_at, versions

    root = Path(args.path)
    try:
        repo = repo_of(root)
        rel = section_file(args.section) if args.section else ""
        if rel and not (root / rel).exists():
            _err(f"tui-report: 没有章节“{args.section}”（{rel}）")
            return EXIT_FAILED
        found = versions(repo, rel, max(1, args.limit))
        if not found:
            print("还没有保存过版本（用 tui-report save 报告文件夹 -m 说明 保存第一个版本）")
            return EXIT_OK
        cache: dict[str, Report | None] = {}

        def at(commit: str) -> Report | None:
            if commit not in cache:
                cache[commit] = report_at(repo, commit)
            return cache[commit]

        for v in found:
            kind = "（合并）" if v.merge else ""
            print(f"{v.short}  {v.date}  {v.author}  {v.subject}{kind}")
            parent = v.parents[0] if v.parents else None
            diff = ch.changes(at(parent) if parent else None, at(v.commit))
            if rel:
                diff = [c for c in diff if c.key == rel]
            sys.stdout.write(ch.as_text(diff, "    "))
    except GitError as exc:
        return _say(exc)
    return EXIT_OK


def cmd_restore(args) -> int:
    from tui_report.report import lock
    from tui_report.report.store import Store
    from tui_report.versions.git import GitError, repo_of
    from tui_report.versions.restore import restore
    from tui_report.versions.snapshots import resolve_version

    root = Path(args.path)
    try:
        repo = repo_of(root)
        commit = resolve_version(repo, args.version)
        held = lock.acquire(root)
    except GitError as exc:
        return _say(exc)
    except lock.LockError as exc:
        _err(f"{root}: 未恢复：{exc}")
        return EXIT_FAILED
    with held:
        store = Store.open(root)
        try:
            kind, rel = restore(store, repo, commit, args.name)
        except GitError as exc:
            return _say(exc)
        written = store.save()
    what = "章节" if kind == "section" else "数字"
    if not written:
        print(f"{what}“{args.name}”与版本 {commit[:8]} 相同，未改动")
    else:
        print(f"已把{what}“{args.name}”恢复为版本 {commit[:8]} 的内容（{rel}）；"
              f"确认无误后用 tui-report save {args.path} -m 说明 保存为新版本")
    return EXIT_OK


def cmd_blame(args) -> int:
    from tui_report.report.store import Store
    from tui_report.versions.blame import blame_section
    from tui_report.versions.git import GitError, repo_of

    root = Path(args.path)
    sid, *rest = args.section.split("/")
    try:
        path = tuple(int(x) for x in rest)
    except ValueError:
        _err(f"tui-report: 章节写作 文件名 或 文件名/序号/序号（如 overview/0/1），不是“{args.section}”")
        return EXIT_FAILED
    store = Store.open(root)
    from tui_report.report.places import section_file

    rel = section_file(sid)
    section = store.report.section_at(rel, path)
    if section is None:
        _err(f"tui-report: 没有章节“{args.section}”")
        return EXIT_FAILED
    try:
        lines = blame_section(repo_of(root), rel, store.text_of(rel), section)
    except GitError as exc:
        return _say(exc)
    if not lines:
        print("（这一节没有正文）")
    for line in lines:
        who = f"{line.author} {line.date} {line.commit[:8]}".strip() if line.commit.strip("0") else line.author
        print(f"{who}  {line.paragraph[:40]}")
    return EXIT_OK


def _progress():
    """Git's progress lines on one updating line of a terminal; nothing on
    a pipe (a script reads the outcome, not the percentages)."""
    tty = sys.stderr.isatty()

    def show(line: str) -> None:
        if tty:
            sys.stderr.write("\r\x1b[K" + line[:100])
            sys.stderr.flush()

    def end() -> None:
        if tty:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    return show, end


def cmd_pull(args) -> int:
    from tui_report.versions.git import GitError
    from tui_report.versions.remote import pull

    show, end = _progress()
    try:
        result = pull(Path(args.path), show)
    except GitError as exc:
        end()
        return _say(exc)
    end()
    if result.outcome == "conflicts":
        print(f"已取回同事的版本，但有 {len(result.conflicted)} 个文件同一处两边都改了："
              + "、".join(result.conflicted))
        print(f"请用 tui-report {args.path} 打开报告，在“合并冲突”中逐处选择，然后保存版本")
        return EXIT_PROBLEMS
    print({"up-to-date": "已是最新：共享版本库中没有新的版本",
           "fast-forward": "已取回同事的新版本",
           "merged": "已取回同事的新版本，并与本地版本按段落合并（合并已保存为一个版本）"}[result.outcome])
    return EXIT_OK


def cmd_push(args) -> int:
    from tui_report.versions.git import GitError
    from tui_report.versions.remote import push

    show, end = _progress()
    try:
        where = push(Path(args.path), show)
    except GitError as exc:
        end()
        return _say(exc)
    end()
    print(f"已推送到共享版本库（{where}）")
    return EXIT_OK


def cmd_git_setup(args) -> int:
    from tui_report.versions.git import GitError
    from tui_report.versions.setup import setup

    try:
        result = setup(Path(args.path), hook=not args.no_hook, remote=args.remote)
    except GitError as exc:
        return _say(exc)
    for note in result.notes:
        print(note)
    return EXIT_OK


def cmd_merge_driver(args) -> int:
    """What git runs for a report file; its exit status is the answer
    (0 merged, 1 conflicts left in the file)."""
    from tui_report.versions.merge import run_driver

    try:
        return run_driver(Path(args.base), Path(args.ours), Path(args.theirs), args.name or args.ours)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _err(f"tui-report merge-driver：无法合并 {args.name}：{exc}")
        return EXIT_FAILED
