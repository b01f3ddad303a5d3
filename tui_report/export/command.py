"""``tui-report export --format pdf|html``: the command-line face of
:func:`.pdf.export_pdf` and :func:`.html.standalone`.

Kept out of ``cli`` so that module stays a thin dispatcher, and so nothing
here is imported unless a PDF or HTML export was asked for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui_report.report.errors import EXIT_FAILED, EXIT_OK


def default_output(report_path: str, fmt: str) -> Path:
    """``<folder-name>.pdf`` in the current directory."""
    name = Path(report_path).resolve().name or "report"
    return Path.cwd() / f"{name}.{fmt}"


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def run(store, fmt: str, output: str | None, report_path: str) -> int:
    report = store.report
    if fmt == "html":
        from tui_report.export.html import standalone

        doc = standalone(report)
        for w in doc.warnings:
            _say(f"警告：{w}")
        if output and output != "-":
            from tui_report.report.atomic import write_atomic

            write_atomic(Path(output), doc.html)
            _say(f"已导出 {output}")
        else:
            sys.stdout.write(doc.html)
        return EXIT_OK

    from tui_report.export.fonts import FontError
    from tui_report.export.pdf import export_pdf

    to_stdout = output == "-"
    target = None if to_stdout else Path(output) if output else default_output(report_path, "pdf")
    try:
        result = export_pdf(report, target)
    except FontError as exc:
        _say(f"tui-report: 无法导出 PDF：{exc}")
        return EXIT_FAILED
    if to_stdout:
        sys.stdout.buffer.write(result.data or b"")
        sys.stdout.buffer.flush()
    for w in result.warnings:
        _say(f"警告：{w}")
    where = "标准输出" if to_stdout else str(target)
    _say(f"已导出 {where}（{result.pages} 页，{result.size / 1024:.0f} KB，用时 {result.elapsed:.1f} 秒）")
    _say("字体：" + "；".join(choice.describe() for choice in result.fonts.values()))
    return EXIT_OK
