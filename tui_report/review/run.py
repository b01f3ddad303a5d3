"""``tui-report review DIR|FILE… [-o OUT] [--template NAME] [--jobs N]``.

The reports are reviewed in worker processes (``--jobs``, all cores by
default): importing and checking one report is pure CPU work, and processes
also keep a file that crashes its reader (a hostile PDF) from taking the
others with it — a worker that dies is noticed, its reports are tried again
one by one in fresh processes, and the one that kills its process again is
a row saying so. The pool uses the ``forkserver`` start method with our
modules preloaded: workers start as fast as forks, without forking a parent
whose progress bar runs a thread.

Everything is written under OUT (default ``./review-out``), never beside the
inputs; an OUT that holds anything but an earlier review is refused rather
than overwritten. The pages are written first and ``index.html`` last, each
atomically, so an interrupted run leaves no index pointing at missing pages.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tui_report.report.atomic import write_atomic
from tui_report.report.errors import EXIT_FAILED, EXIT_OK, EXIT_PROBLEMS, TuiReportError
from tui_report.report.templates import load
from tui_report.report.terminal import safe
from tui_report.review import html_report, json_report, xlsx_report
from tui_report.review.inputs import Input, find
from tui_report.review.rows import Row, Summary
from tui_report.review.worker import Job, review

DEFAULT_OUT = "review-out"
INDEX, JSON, XLSX, PAGES = "index.html", "review.json", "review.xlsx", "reports"
_PAGE = re.compile(r"\d{4,}\.html")
#: how many reports with errors the terminal summary names (the table has them all)
LISTED = 20
CRASHED = "处理这个文件时工作进程意外退出（文件可能已损坏或过大）；请在 Word/WPS 或阅读器中另存后再审阅"


class OutputError(TuiReportError):
    """OUT cannot be used: a file, or a folder holding other things."""


def prepare(out: Path) -> None:
    """OUT ready for writing: new or empty, or an earlier review's (which is
    replaced). Anything else is refused: a mistyped ``-o ~/Documents`` must
    not mix 200 pages into the user's files."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} 已存在且不是文件夹；请用 -o 指定一个新的输出文件夹")
    if out.is_dir() and any(out.iterdir()) and not (out / JSON).is_file():
        raise OutputError(f"{out} 中已有其他文件，不像是上一次审阅的结果；为免覆盖，请用 -o 指定一个新的或空的文件夹")
    (out / PAGES).mkdir(parents=True, exist_ok=True)


def review_all(items: list[Input], template: str = "", jobs: int = 1,
               done: Callable[[Row], None] | None = None) -> list[Row]:
    """One row per input, in input order; ``done`` is called as each finishes."""
    work = [Job(n, item, template) for n, item in enumerate(items, 1)]
    rows: dict[int, Row] = {}
    again: list[Job] = []

    def finished(job: Job, row: Row) -> None:
        rows[job.index] = row
        if done is not None:
            done(row)

    if work:
        with _pool(min(max(1, jobs), len(work))) as pool:
            futures: dict[Future[Row], Job] = {pool.submit(review, job): job for job in work}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    finished(job, future.result())
                except BrokenProcessPool:
                    again.append(job)
    for job in sorted(again, key=lambda j: j.index):
        # one at a time, each in a fresh process: the one that kills its process is named
        with _pool(1) as pool:
            try:
                row = pool.submit(review, job).result()
            except BrokenProcessPool:
                row = Row(job.index, job.input.shown, status="failed", reason=CRASHED)
        finished(job, row)
    return [rows[job.index] for job in work]


def _pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tui_report.review.worker"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def write(out: Path, rows: list[Row], inputs: list[str], template: str = "") -> None:
    """Every output file under ``out`` (made ready by :func:`prepare`)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        generator = f"tui-report {version('tui-report')}"
    except PackageNotFoundError:
        generator = "tui-report"
    for row in rows:
        write_atomic(out / row.page, html_report.report_page(row))
    keep = {Path(row.page).name for row in rows}
    for old in (out / PAGES).iterdir():
        if _PAGE.fullmatch(old.name) and old.name not in keep and old.is_file():
            old.unlink()  # an earlier, longer review's page
    write_atomic(out / JSON, json_report.dumps(rows, inputs, template, generator))
    write_atomic(out / XLSX, xlsx_report.workbook(rows))
    write_atomic(out / INDEX, html_report.index(rows))


def summary_text(rows: list[Row], out: Path) -> str:
    s = Summary.of(rows)
    lines = [f"审阅{s.line()}"]
    failed = [r for r in rows if r.failed]
    if failed:
        lines.append("无法读入：")
        lines += [f"  {r.source}：{r.reason}" for r in failed]
    wrong = [r for r in rows if r.verdict == "有错误"]
    if wrong:
        lines.append("有错误：")
        for r in wrong[:LISTED]:
            first = r.worst(1)
            lines.append(f"  {r.source}（{r.department or '单位未知'}）：错误 {r.errors} 个"
                         + (f"，如：{first[0].message}" if first else ""))
        if len(wrong) > LISTED:
            lines.append(f"  ……另有 {len(wrong) - LISTED} 份，见审阅表")
    lines.append(f"审阅表：{out / INDEX}（另有 {out / XLSX}、{out / JSON}）")
    return "\n".join(lines) + "\n"


def cmd_review(args) -> int:
    out = Path(args.output)
    template = args.template or ""
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        print("tui-report: --jobs 应为正整数", file=sys.stderr)
        return EXIT_FAILED
    try:
        if template:
            load(template)
        prepare(out)
    except TuiReportError as exc:  # TemplateError, OutputError
        print(f"tui-report: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    items = find(list(args.paths), out)
    if not items:
        print("tui-report: 没有找到可审阅的报告（.txt .md .docx .doc .wps .pdf 文件或报告文件夹）", file=sys.stderr)
        return EXIT_FAILED
    rows = _with_progress(items, template, jobs)
    write(out, rows, list(args.paths), template)
    sys.stdout.write(summary_text(rows, out))
    return EXIT_PROBLEMS if Summary.of(rows).failing else EXIT_OK


def _with_progress(items: list[Input], template: str, jobs: int) -> list[Row]:
    """The review with a progress bar on a terminal (none when stderr is a
    file or a pipe). Rich writes its own escape sequences, so it is given
    the terminal itself rather than the escaping stream the CLI wraps
    stderr in; the file names it shows are made safe first."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    terminal = sys.stderr.isatty() and sys.__stderr__ is not None
    console = Console(file=sys.__stderr__ if terminal else sys.stderr, stderr=True)
    progress = Progress(TextColumn("审阅"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.description}"), console=console, transient=True,
                        disable=not console.is_terminal)
    task = progress.add_task("", total=len(items))

    def done(row: Row) -> None:
        name = safe(Path(row.source).name, keep_newlines=False)[:40]
        progress.update(task, advance=1, description=escape(name))

    with progress:
        return review_all(items, template, jobs, done)

