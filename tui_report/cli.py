"""Command line: ``tui-report [edit] PATH``, ``check``, ``export``, ….

Heavy imports (Textual, WeasyPrint) happen inside the commands that need
them, so ``check`` and ``export --format md|txt`` start fast and run on a
server without a terminal UI or PDF stack.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from tui_report.report.errors import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, TuiReportError, from_os_error, os_reason
from tui_report.report.output import StdoutError
from tui_report.report.problems import Tally
from tui_report.report.store import ReportError, Store
from tui_report.report.terminal import SafeStream, StreamError

# argparse writes its own words in English ("usage:", "positional
# arguments", "show this help message and exit", its error messages). A user
# of this tool reads Chinese, so those words are put in Chinese, through
# argparse's public methods only (format_usage, format_help, error): option
# names and metavars stay as typed.

#: argparse's headings and phrases → Chinese (whole lines or prefixes)
_HEADINGS = {
    "positional arguments:": "参数：",
    "options:": "选项：",
    "optional arguments:": "选项：",
}

#: argparse's error messages → Chinese, by pattern
_ERRORS = [
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必需的参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$"), "参数 {0}：无效的选择 {1}（可选：{2}）"),
    (re.compile(r"^argument (\S+): expected one argument$"), "参数 {0} 后面需要一个值"),
    (re.compile(r"^argument (\S+): expected at least one argument$"), "参数 {0} 后面至少需要一个值"),
    (re.compile(r"^argument (\S+): invalid (\w+) value: (.*)$"), "参数 {0}：不是有效的值 {2}"),
    (re.compile(r"^argument (\S+): not allowed with argument (\S+)$"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"^argument (\S+): ignored explicit argument (.*)$"), "参数 {0} 不接受值 {1}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), "选项 {0} 有歧义，可能是：{1}"),
]

HELP = "显示本帮助并退出"


def _chinese(text: str) -> str:
    lines = []
    in_usage = False
    for line in text.split("\n"):
        if "==SUPPRESS==" in line:
            continue  # a hidden subcommand (merge-driver) is listed by 3.11's argparse with this mark
        if line.startswith("usage: "):
            line = "用法：" + line[len("usage: "):]
            in_usage = True
        elif in_usage and line.startswith("       "):
            line = line[1:]  # the usage continues under "用法：", one cell narrower than "usage: "
        else:
            in_usage = False
        line = _HEADINGS.get(line, line)
        lines.append(line)
    return "\n".join(lines)


def translate_error(message: str) -> str:
    for pattern, words in _ERRORS:
        found = pattern.match(message)
        if found:
            return words.format(*found.groups())
    return message


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese; subcommand parsers
    made from it are of the same class."""

    def __init__(self, *args, **kwargs) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # argparse's own -h says "show this help message and exit"
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def format_usage(self) -> str:
        return _chinese(super().format_usage())

    def format_help(self) -> str:
        return _chinese(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_error(message)}\n")


def _say(exc: TuiReportError, folder: str = "") -> None:
    """An error as every command shows it: ``file:line:col: error: …`` when
    it has a place, ``tui-report: …`` when it has none."""
    if exc.location():
        line = exc.format(folder=folder)
    else:
        line = f"tui-report: {folder}: {exc.message}" if folder else f"tui-report: {exc.message}"
    print(line, file=sys.stderr)

COMMANDS = ("check", "export", "edit", "convert-encoding", "import", "new", "compare", "scorecard", "figures")


def _open(path: str) -> Store:
    return Store.open(Path(path))


def _fix(store: Store) -> None:
    """Apply the safe fixes under the report's lock, so an editor that has
    the report open is never written under. The fixed files are written
    all-or-nothing; when they cannot be, no file changes and
    :class:`~tui_report.checks.fixes.FixSaveError` says why (the lock is
    given back either way). A stale lock (dead process, empty or unreadable
    file) is taken over with a note."""
    from tui_report import checks
    from tui_report.checks.fixes import apply_all, refused, save_fixes
    from tui_report.report import lock

    conflicts = refused(checks.run(store.report))
    if conflicts:
        print(f"{store.root}: 未自动修复：报告中还有 {len(conflicts)} 处合并冲突 [merge-conflict]，"
              "修复会改写留着两个版本的文件；请先解决冲突", file=sys.stderr)
        return
    try:
        held = lock.acquire(store.root)
    except lock.LockError as exc:
        print(f"{store.root}: 未自动修复：{exc}", file=sys.stderr)
        return
    with held:
        if held.took_over:
            print(f"{store.root}: 注意：{held.took_over}", file=sys.stderr)
        fixed = 0
        for _ in range(5):  # a fix can uncover another: (一) → （一） → stripped
            safe = [p.fix for p in checks.run(store.report)
                    if p.fix is not None and p.fix.safe and not p.acknowledged]
            n = apply_all(store, safe) if safe else 0
            if not n:
                break
            fixed += n
        written = save_fixes(store)
    print(f"已自动修复 {fixed} 处（{len(written)} 个文件）", file=sys.stderr)


def cmd_check(args) -> int:
    from tui_report import checks

    results = []  # (folder, problems) per report; one unreadable folder does not hide the others
    status = EXIT_OK
    for path in args.path:
        try:
            store = _open(path)
            if args.fix:
                try:
                    _fix(store)
                except TuiReportError as exc:  # not written: check what is on disk
                    _say(exc, folder=str(path) if len(args.path) > 1 else "")
                    status = EXIT_FAILED
                    store = _open(path)
            results.append((path, checks.run(store.report)))
        except ReportError as exc:
            _say(exc, folder=str(path) if len(args.path) > 1 and exc.file != str(path) else "")
            status = EXIT_FAILED
    several = len(args.path) > 1
    if args.format == "json":
        out = []
        for path, problems in results:
            for p in problems:
                obj = p.to_json()
                if several:
                    obj["file"] = f"{path}/{p.file}"
                out.append(obj)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for path, problems in results:
            for p in problems:
                print(f"{path}/{p.format()}" if several else p.format())
        tally = Tally.of([p for _, problems in results for p in problems])
        tail = f"；其中 {tally.fixable} 处可用 --fix 自动修复" if tally.fixable else ""
        print(f"{tally.errors} 个错误，{tally.warnings} 个警告{tail}", file=sys.stderr)
    if status == EXIT_OK and any(checks.failing(problems, args.strict) for _, problems in results):
        status = EXIT_PROBLEMS
    return status


def cmd_export(args) -> int:
    """Export to stdout or a file. ``-o`` goes through
    :func:`~tui_report.report.output.write_output`: it replaces only a
    regular file (or a symlink's target when that is a regular file), never
    a folder, device, FIFO or socket, never the report's own files, creates
    no folder, and leaves no partial file; each refusal or failure is a
    message and exit 2. A closed stdout (``| head``) ends quietly (see
    :func:`main`)."""
    from tui_report.export.run import ExportError, default_output, run
    from tui_report.report.output import OutputError, check_output, write_stdout

    store = _open(args.path)
    fmt = args.format
    if fmt in ("csv", "xlsx") and args.part != "scorecard":
        print(f"tui-report: {fmt} 导出需指明部分：--part scorecard（自评表）", file=sys.stderr)
        return EXIT_FAILED
    # text formats go to stdout unless -o names a file; a PDF, DOCX or XLSX
    # to a file unless -o is "-"
    to_stdout = args.output == "-" or (args.output is None and fmt not in ("pdf", "docx", "xlsx"))
    dest = None if to_stdout else Path(args.output) if args.output else default_output(args.path, fmt)
    try:
        if dest is not None:
            check_output(dest, store.report.root)  # a refused target is said first: it is no report problem
        if not _ready_to_export(store, fmt, args.draft):
            return EXIT_PROBLEMS
        result = run(store.report, fmt, dest, draft=args.draft)
    except (ExportError, OutputError) as exc:
        _say(exc)
        return EXIT_FAILED
    if to_stdout:
        write_stdout(result.data or b"", binary=fmt in ("pdf", "docx", "xlsx"))
    for w in result.warnings:
        print(f"警告：{w}", file=sys.stderr)
    where = "标准输出" if to_stdout else str(dest)
    if fmt == "pdf":
        print(f"已导出 {where}（{result.pages} 页，{result.size / 1024:.0f} KB，用时 {result.elapsed:.1f} 秒）",
              file=sys.stderr)
        print("字体：" + "；".join(choice.describe() for choice in result.fonts.values()), file=sys.stderr)
    elif not to_stdout:
        print(f"已导出 {where}", file=sys.stderr)
    return EXIT_OK


def _ready_to_export(store: Store, fmt: str, draft: bool) -> bool:
    """A PDF or HTML is the file handed in: with errors or figures still to
    fill it is refused, each problem listed where `check` would put it,
    unless ``--draft`` asks for a copy marked 草稿."""
    from tui_report.export.guard import blocking, guarded

    if draft or not guarded(fmt):
        return True
    problems = blocking(store.report)
    if not problems:
        return True
    for p in problems:
        print(p.format(), file=sys.stderr)
    print(f"未导出 {fmt.upper()}：报告还有 {len(problems)} 个问题（错误或待填的数字）。"
          "请先改正（待填的数字须填好；其他错误也可在 report.toml 的 [[acknowledged]] 中写明理由后接受）；"
          "要先看排版效果，请加 --draft，导出每页标明“草稿”的版本", file=sys.stderr)
    return False


def cmd_convert_encoding(args) -> int:
    from tui_report.report.encoding import LABELS, OPTION_NAMES
    from tui_report.report.reencode import convert_folder, source_codec

    root = Path(args.path)
    if not (root / "report.toml").exists() and not (root / "sections").is_dir():
        raise ReportError(str(root), 1, 1, "不是报告文件夹（没有 report.toml 或 sections/）")
    codec = source_codec(args.from_encoding) if args.from_encoding else None
    results = convert_folder(root, dry_run=args.dry_run, codec_name=codec)
    unknown = False
    for c in results:
        if c.label is None and c.candidates:
            unknown = True
            names = "、".join(LABELS.get(x, x) for x in c.candidates)
            print(f"{c.rel}: 不是 UTF-8，编码无法确定：可能是 {names}（按不合适的编码转换会变成乱码），未改动；"
                  f"请确认后用 --from-encoding 指明，例如 --from-encoding {OPTION_NAMES.get(c.candidates[0], c.candidates[0])}", file=sys.stderr)
        elif c.label is None and codec:
            unknown = True
            print(f"{c.rel}: 不能按 {args.from_encoding} 编码无损读出，未改动；请确认文件的编码", file=sys.stderr)
        elif c.label is None:
            unknown = True
            print(f"{c.rel}: 不是 UTF-8，也无法确定编码（或转换会丢字），未改动；请用编辑器另存为 UTF-8", file=sys.stderr)
        elif args.dry_run:
            print(f"{c.rel}: {c.label} → UTF-8（未改动：--dry-run）")
        elif c.done:
            print(f"{c.rel}: 已从 {c.label} 转为 UTF-8（原文件保存在 {c.backup}）")
        else:
            unknown = True
            print(f"{c.rel}: 转换时文件被其他程序修改，未改动；请重试", file=sys.stderr)
    if not results:
        print("所有文件都已是 UTF-8", file=sys.stderr)
    return EXIT_PROBLEMS if unknown else EXIT_OK


def cmd_import(args) -> int:
    from tui_report.importer.pipeline import SourceError, import_file, summary
    from tui_report.report.folder_writer import FolderExists, ensure_free, write_report

    dest = Path(args.output)
    try:
        ensure_free(dest)
        imported = import_file(args.file, department=args.department, year=args.year, title=args.title)
        write_report(imported.report, dest)
    except SourceError as exc:
        print(f"{args.file}:{exc.line}: error: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    except FolderExists as exc:
        _say(exc)
        return EXIT_FAILED
    sys.stdout.write(summary(imported, str(dest)))
    return EXIT_OK


def cmd_new(args) -> int:
    from tui_report.report.folder_writer import FolderExists, ensure_free
    from tui_report.yearly.new_year import new_report, summary

    dest = Path(args.path)
    if args.template:
        return _new_from_template(dest, args)
    try:
        ensure_free(dest)
        result = new_report(Path(args.source), dest, args.year)
    except FolderExists as exc:
        _say(exc)
        return EXIT_FAILED
    sys.stdout.write(summary(result, str(dest), Store.open(dest).report.unit))
    return EXIT_OK


def _new_from_template(dest: Path, args) -> int:
    from tui_report.report.folder_writer import FolderExists, ensure_free
    from tui_report.report.templates import TemplateError
    from tui_report.yearly.from_template import new_from_template

    try:
        ensure_free(dest)
        template = new_from_template(dest, args.template, args.department, args.year)
    except (FolderExists, TemplateError) as exc:
        _say(exc)
        return EXIT_FAILED
    report = Store.open(dest).report
    print(f"已按模板 {template.name}（{template.region}）新建 {report.year} 年度报告：{dest}")
    print(f"  章节 {len(report.sections)} 个（各节应写的内容见 sections/*.toml 中的注释），"
          f"数字 {len(report.figures)} 个待填，自评表 {SCORECARD_FILE_NAME}")
    print(f"下一步：运行 `tui-report check {dest}` 查看待填的内容，或 `tui-report {dest}` 打开编辑")
    return EXIT_OK


SCORECARD_FILE_NAME = "scorecard.toml"


def cmd_scorecard_init(args) -> int:
    from tui_report.report.templates import TemplateError
    from tui_report.yearly.from_template import init_scorecard

    try:
        path = init_scorecard(Path(args.path), args.template)
    except TemplateError as exc:
        _say(exc)
        return EXIT_FAILED
    except FileExistsError:
        print(f"tui-report: {Path(args.path) / SCORECARD_FILE_NAME} 已存在，未改动", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        _say(from_os_error(exc, "新建自评表"))
        return EXIT_FAILED
    print(f"已新建 {path}；运行 `tui-report check {args.path}` 查看待填的指标")
    return EXIT_OK


def cmd_scorecard_import(args) -> int:
    from tui_report.importer.scorecard_text import read
    from tui_report.report.atomic import write_atomic
    from tui_report.report.encoding import DecodeError, decode
    from tui_report.report.safe_read import read_bytes

    source = Path(args.file)
    dest = Path(args.path) / SCORECARD_FILE_NAME
    _open(args.path)  # a report folder, readable
    if dest.exists():
        print(f"tui-report: {dest} 已存在，未改动（先移走它再导入）", file=sys.stderr)
        return EXIT_FAILED
    try:
        text = decode(read_bytes(source, source.name, 16 * 1024 * 1024)).text
    except (ReportError, DecodeError) as exc:
        _say(exc)
        return EXIT_FAILED
    result = read(text, args.template)
    if not (result.budget_rows or result.indicators):
        print(f"tui-report: {source} 中没有找到自评表（应有“年初预算数”或“一级指标”等表头）", file=sys.stderr)
        return EXIT_FAILED
    write_atomic(dest, result.text)
    print(f"已导入 {dest}：预算执行 {result.budget_rows} 行，年度总体目标 {result.targets} 条，"
          f"绩效指标 {result.indicators} 个")
    if result.unplaced:
        print(f"未能放入表中的文字 {len(result.unplaced)} 处：")
        for cell in result.unplaced:
            print(f"  {cell}")
    print(f"下一步：运行 `tui-report check {args.path}` 核对分值、得分、执行率和总分")
    return EXIT_OK


def cmd_scorecard_templates(args) -> int:
    from tui_report.report.templates import load, names

    for name in names():
        template = load(name)
        print(f"{name}\t{template.region}\t{template.title}（{template.path}）")
    return EXIT_OK


def cmd_figures_import(args) -> int:
    """The report's figures beside the 部门决算 workbook; a dry run that
    changes nothing unless ``--apply``, which writes the figures accepted
    (all that differ, or those ``--only`` names) and records the workbook
    and ``--map`` entries in ``[accounts]`` for next year's import."""
    from tui_report.figures.accounts import LookupFailed, read_workbook
    from tui_report.figures.accounts_review import parse_map_option, review
    from tui_report.figures.values import resolve

    store = _open(args.path)
    extra: dict[str, str] = {}
    try:
        for text in args.map or []:
            fid, spec = parse_map_option(text)
            if fid not in store.report.figures:
                raise LookupFailed(f"--map：报告中没有编号为“{fid}”的数字（可用：{'、'.join(store.report.figures)}）")
            extra[fid] = spec
    except LookupFailed as exc:
        _say(exc)
        return EXIT_FAILED
    book = read_workbook(Path(args.workbook))
    result = review(store.report, book, extra, resolve(store.report).values)
    only = None
    if args.only:
        only = {s.strip() for s in args.only.replace("，", ",").split(",") if s.strip()}
        known = {r.figure for r in result.rows} | {r.id for r in result.rows}
        unknown = sorted(only - known)
        if unknown:
            print(f"tui-report: --only 中的“{'、'.join(unknown)}”不在对照表中（可用：{'、'.join(sorted(known))}）",
                  file=sys.stderr)
            return EXIT_FAILED
    sys.stdout.write(_review_text(result, only))
    changes = result.changes(only)
    if not args.apply:
        print(f"预览，未改动任何文件。加 --apply 写入以上 {len(changes)} 处修改"
              "（--only 编号,编号 只写入其中几项）")
        return EXIT_OK
    return _apply_accounts(store, Path(args.workbook), changes, extra)


def _review_text(result, only: set[str] | None) -> str:
    from tui_report.figures.accounts_review import MARKS, WHAT, amount_text
    from tui_report.figures.accounts_review import tables_used as used

    lines = [f"部门决算工作簿：{result.book.path}（识别出 {len(result.book.tables)} 张决算表"
             + (f"；未识别的工作表：{'、'.join(result.book.skipped)}" if result.book.skipped else "") + "）"]
    for sheet, title, unit in used(result.book):
        lines.append(f"  {sheet}：{title}（{unit}）")
    lines.append("")
    lines.append("数字对照（≠ 不同，≈ 印出相同，+ 报告中待填，= 相同，ƒ 由公式计算、不导入；* 将写入）：")
    chosen = {id(r) for r in result.changes(only)}
    for r in result.rows:
        star = "*" if id(r) in chosen else " "
        lines.append(f"{star}{MARKS[r.status]} {r.figure} {r.label}（{WHAT[r.key]}）："
                     f"报告 {amount_text(r.current, r.unit)}，决算 {amount_text(r.proposed, r.unit)}"
                     f"　← {r.source.describe()}")
    if not result.rows:
        lines.append("  （报告中没有能在决算表中找到的数字）")
    lines.append("")
    lines.append("决算表自身的勾稽关系：")
    for i in result.identities:
        if i.holds is None:
            lines.append(f"  ? {i.message}：决算表中缺少{'、'.join(i.missing)}，未核对")
        else:
            mark = "✓" if i.holds else "✗"
            op = "≠" if not i.holds else "=" if i.left == i.right else "≈"
            lines.append(f"  {mark} {i.message}（{_plain(i.left)} {op} {_plain(i.right)}"
                         f" {result.unit}）")
    if result.missing:
        lines.append("")
        lines.append("在决算表中找不到：")
        for fid, label, why in result.missing:
            lines.append(f"  {fid} {label}：{why}")
    if result.bad_entries:
        lines.append("")
        for fid, why in result.bad_entries:
            lines.append(f"  [accounts.map] {fid}：{why}")
    if result.absent:
        lines.append("")
        lines.append("决算表中有、报告中没有的数字（在报告中新增该数字后再导入即可取用）：")
        for sf, value, source in result.absent:
            lines.append(f"  {sf.id} {sf.label}：{amount_text(value, result.unit)}　← {source.describe()}")
    if result.unknown_rows:
        lines.append("")
        lines.append("决算表中未对应到数字的行（可用 --map 编号=\"表名关键词/行名/列名\" 对应）：")
        for sheet, row, label in result.unknown_rows:
            lines.append(f"  {sheet}：第{row}行“{label.strip()}”")
    lines.append("")
    return "\n".join(lines) + "\n"


def _plain(value) -> str:
    from tui_report.figures.accounts import tidy

    return "—" if value is None else format(tidy(value), "f")


def _apply_accounts(store: Store, workbook: Path, changes, extra: dict[str, str]) -> int:
    """Write the accepted figures and ``[accounts]`` in one atomic save,
    under the report's lock (never under an open editor)."""
    from tui_report.report import lock
    from tui_report.report.model import Accounts

    root = store.root
    rel = os.path.relpath(workbook.resolve(), root.resolve())
    current = store.report.accounts
    new_entries = current is not None and any(current.map.get(k) != v for k, v in extra.items())
    record = Accounts(rel, extra) if current is None or current.workbook != rel or new_entries else None
    try:
        held = lock.acquire(root)
    except lock.LockError as exc:
        print(f"{root}: 未写入：{exc}", file=sys.stderr)
        return EXIT_FAILED
    with held:
        values = [(r.figure, r.key, r.proposed) for r in changes]
        decimals = {r.figure: r.decimals for r in changes if r.decimals is not None}
        store.set_figure_values(values, decimals, record)
        written = store.save()
    print(f"已写入 {', '.join(written) or '（无改动）'}：{len(changes)} 处数字" +
          ("；[accounts] 记下了工作簿和对应关系，下次导入沿用" if record is not None else ""))
    return EXIT_OK


def cmd_compare(args) -> int:
    from tui_report.yearly import compare

    if args.new is None:  # `compare NEW`: last year's folder as `new` recorded it
        new_store = _open(args.old)
        prev = compare.previous_root(new_store.root, new_store.report)
        if prev is None:
            print(f"tui-report: {args.old} 的 report.toml 没有 [settings] previous_report，"
                  f"请写明上年度的报告文件夹：tui-report compare 上年文件夹 {args.old}", file=sys.stderr)
            return EXIT_FAILED
        old, new = _open(str(prev)).report, new_store.report
    else:
        old, new = _open(args.old).report, _open(args.new).report
    sys.stdout.write(compare.report(old, new, args.format, args.only))
    return EXIT_OK


def cmd_review(args) -> int:
    from tui_report.review.run import cmd_review as review

    return review(args)


def cmd_edit(args) -> int:
    from tui_report.tui.app import run_app
    from tui_report.tui.cell_width import apply_ambiguous_width

    # before the app measures any text: “ ” … one cell or two, as the terminal draws them
    apply_ambiguous_width(args.ambiguous)
    return run_app(Path(args.path))


class _Versions(argparse.Action):
    """``--version``: tui-report's version, then Python's and each library's."""

    def __call__(self, parser, namespace, values, option_string=None):
        import importlib.metadata

        from tui_report.export.pdf_engine import versions

        print(f"tui-report {importlib.metadata.version('tui-report')}")
        for name, version in versions():
            print(f"  {name} {version}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    return _build_parser()[0]


def _build_parser() -> tuple[argparse.ArgumentParser, set[str]]:
    """The parser, and the names of its commands."""
    parser = ChineseParser(
        prog="tui-report",
        description="部门整体支出绩效自评报告：以纯文本（TOML）编写、校验、导出。",
    )
    parser.add_argument("--version", action=_Versions, nargs=0, help="显示 tui-report 及所用 Python 和各库的版本")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="校验报告：声明的恒等式与内置检查")
    p.add_argument("path", nargs="+", help="报告文件夹（可以是多个）")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--strict", action="store_true", help="警告也视为失败")
    p.add_argument("--fix", action="store_true", help="自动修复可安全修复的问题（标点、手工编号等），只改动相关的行")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("export", help="导出为 Markdown、纯文本、PDF 或 Word（GB/T 9704）、HTML")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("--format", "-f", choices=["md", "txt", "pdf", "docx", "html", "csv", "xlsx"], default="md")
    p.add_argument("--part", choices=["scorecard"],
                   help="csv、xlsx 导出的部分：scorecard 为自评表（csv 为各行，供导入表格的系统使用；"
                        "xlsx 为带公式的表格，执行率、得分、总分可在 Excel/WPS 中重算）")
    p.add_argument("-o", "--output", help="输出文件（默认输出到屏幕；PDF、DOCX 默认写到当前目录的 <文件夹名>.pdf/.docx）")
    p.add_argument("--draft", action="store_true",
                   help="报告还有错误或待填的数字时也导出 PDF/HTML，每页标明“草稿”（不带此项时拒绝导出）；"
                        "DOCX 是供修改的工作文件，不拒绝导出，加此项时页眉标明“草稿”")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("convert-encoding", help="把 GBK/GB18030、UTF-16 编码的报告文件转为 UTF-8")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("--dry-run", action="store_true", help="只列出要转换的文件，不改动")
    p.add_argument("--from-encoding", metavar="ENCODING",
                   help="原文件的编码（如 big5、gbk）：编码无法自动确定时由此指明；只转换不是 UTF-8 的文件")
    p.set_defaults(func=cmd_convert_encoding)

    p = sub.add_parser("import", help="把现有报告（.txt、.md、.docx）导入为报告文件夹")
    p.add_argument("file", help="要导入的文件：纯文本（UTF-8 或 GBK）、Markdown 或 Word .docx")
    p.add_argument("-o", "--output", required=True, metavar="FOLDER", help="新建的报告文件夹（不能是已有内容的文件夹）")
    p.add_argument("--department", help="单位名称（默认取自标题）")
    p.add_argument("--year", type=int, help="报告年度（默认取正文中最常见的“20xx年”）")
    p.add_argument("--title", help="报告标题（默认取自第一行，可含 {{department}} {{year}}）")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("new", help="以上年度报告为底稿新建本年度报告，或按地区模板新建")
    p.add_argument("path", metavar="FOLDER", help="新建的报告文件夹")
    start = p.add_mutually_exclusive_group(required=True)
    start.add_argument("--from", dest="source", metavar="OLD_FOLDER", help="上年度的报告文件夹")
    start.add_argument("--template", metavar="NAME",
                       help="没有可用的上年报告时：按地区模板的标准提纲、数字和自评表新建（模板见 data/templates/scorecard/）")
    p.add_argument("--year", type=int, help="新报告的年度（默认上年度加一；按模板新建时默认去年）")
    p.add_argument("--department", default="", help="按模板新建时的单位名称")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("scorecard", help="自评表（scorecard.toml）")
    scorecard = p.add_subparsers(dest="scorecard_command", required=True, metavar="命令")
    q = scorecard.add_parser("init", help="按地区模板在报告文件夹中新建 scorecard.toml")
    q.add_argument("path", help="报告文件夹")
    q.add_argument("--template", required=True, metavar="NAME", help="模板名（data/templates/scorecard/ 下的文件名）")
    q.set_defaults(func=cmd_scorecard_init)
    q = scorecard.add_parser("import", help="把已公开的自评表文字（网页复制、每格一行）读入 scorecard.toml")
    q.add_argument("file", help="自评表的文字（.txt，UTF-8 或 GBK）")
    q.add_argument("path", help="报告文件夹（写入其中的 scorecard.toml）")
    q.add_argument("--template", default="", metavar="NAME", help="评分模板（默认按表的格式推断）")
    q.set_defaults(func=cmd_scorecard_import)
    q = scorecard.add_parser("templates", help="列出可用的自评表模板")
    q.set_defaults(func=cmd_scorecard_templates)

    p = sub.add_parser("figures", help="数字：从部门决算工作簿导入")
    figures = p.add_subparsers(dest="figures_command", required=True, metavar="命令")
    q = figures.add_parser("import", help="把报告的数字与部门决算工作簿（.xls/.xlsx）对照；加 --apply 写入")
    q.add_argument("workbook", help="决算软件导出的部门决算工作簿（.xls 或 .xlsx），或公开表工作簿")
    q.add_argument("path", help="报告文件夹")
    q.add_argument("--apply", action="store_true", help="写入对照表中标 * 的数字（不加时只预览，不改动文件）")
    q.add_argument("--only", metavar="ID,ID", help="只写入这些数字（编号；编号.prev 只写上年数）")
    q.add_argument("--map", action="append", metavar="ID=表名关键词/行名/列名",
                   help="把数字对应到决算表的某一格，例如 --map income_other=\"收入支出决算总表/事业收入/决算数\"；"
                        "可重复，--apply 时记入 report.toml 的 [accounts.map]")
    q.set_defaults(func=cmd_figures_import)

    p = sub.add_parser("compare", help="对比两个年度的报告：数字增减与正文改动")
    p.add_argument("old", help="上年度的报告文件夹（只给一个文件夹时，它是本年度的报告）")
    p.add_argument("new", nargs="?", help="本年度的报告文件夹；省略时与 report.toml 中 "
                                          "[settings] previous_report 所指的上年度报告对比")
    p.add_argument("--format", "-f", choices=["text", "md"], default="text", help="md：可直接放进报告的表格")
    p.add_argument("--only", choices=["figures", "sections"], help="只列数字或只列正文改动")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("review", help="审阅一批报告（财政局用）：逐份导入并校验，生成审阅表（HTML、xlsx、JSON）")
    p.add_argument("paths", nargs="+", metavar="DIR|FILE",
                   help="报告文件（.txt .md .docx .doc .wps .pdf）、报告文件夹，或存放它们的文件夹（含子文件夹）")
    p.add_argument("-o", "--output", default="review-out", metavar="OUT",
                   help="输出文件夹（默认 ./review-out）：index.html、review.xlsx、review.json 与 reports/ 下各报告的问题页；"
                        "不在原文件旁写任何文件")
    p.add_argument("--template", metavar="NAME",
                   help="地区模板：自评表按其规则计分，并核对报告是否有模板要求的章节（默认不核对章节）")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="并行的进程数（默认：全部 CPU 核）")
    p.set_defaults(func=cmd_review)

    from tui_report.versions.commands import add_commands

    add_commands(sub)  # save, history, restore, blame, pull, push, git-setup, merge-driver

    p = sub.add_parser("edit", help="在终端界面中编辑报告（默认命令）")
    p.add_argument("path", help="报告文件夹")
    p.add_argument("--ambiguous", choices=["narrow", "wide", "auto"], default=None,
                   help="“ ” … 等字符在终端里占几格：narrow 一格（默认），wide 两格，auto 启动时询问终端"
                        "（也可设环境变量 TUI_REPORT_AMBIGUOUS）")
    p.set_defaults(func=cmd_edit)
    return parser, set(sub.choices)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, known = _build_parser()
    if argv and argv[0] not in known and not argv[0].startswith("-"):
        argv.insert(0, "edit")  # `tui-report PATH` opens the editor
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_FAILED
    if args.func is not cmd_edit:
        # report text never reaches the terminal raw: escape sequences and
        # bidi controls in a title, path or name are printed as <U+…> marks
        sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr, "标准错误")
    try:
        try:
            status = args.func(args)
        except BrokenPipeError:
            raise
        except TuiReportError as exc:
            _say(exc)
            status = EXIT_FAILED
            if isinstance(exc, StdoutError):
                _drop_stdout()
        except StreamError as exc:  # `check > /dev/full`
            _drop_stdout()
            _say(StdoutError(f"无法写入{exc.name}：{os_reason(exc)}"))
            return EXIT_FAILED
        except OSError as exc:  # the one place an unforeseen file failure becomes a message
            _say(from_os_error(exc))
            status = EXIT_FAILED
        # what is still buffered is written here, not at exit, where a
        # reader gone away would print "Exception ignored … BrokenPipeError"
        try:
            sys.stdout.flush()
        except StreamError as exc:  # `> /dev/full`
            _drop_stdout()
            _say(StdoutError(f"无法写入{exc.name}：{os_reason(exc)}"))
            return EXIT_FAILED
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`export … | head -c 10`): stop quietly, with
        # stdout pointed at /dev/null so the flush at exit cannot fail again
        _drop_stdout()
        return EXIT_BROKEN_PIPE


#: like a shell's status for a process killed by SIGPIPE (128 + 13)
EXIT_BROKEN_PIPE = 141


def _drop_stdout() -> None:
    """Send whatever is left for stdout to /dev/null (stdout's reader is gone)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests capture it): nothing will be flushed to a pipe


if __name__ == "__main__":
    sys.exit(main())
