"""Report → PDF with WeasyPrint and styles/report.css.

:func:`export_pdf` is what both the command line and the terminal app call
(the app from a worker thread, reporting progress): it resolves the fonts
first, so a machine without them gets the package to install before any
layout work, then lays out the HTML from :mod:`.html` with a URL fetcher that
reads nothing but images inside the report folder. The stylesheet reads the
page grid (:func:`.grid.css`) and the fonts (:func:`.fonts.css`) from custom
properties passed alongside it.
"""

from __future__ import annotations

import logging
import os
import time
import warnings as _warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui_report.export import fonts as _fonts
from tui_report.export import grid as _grid
from tui_report.export import html as _html
from tui_report.export.fetcher import make_fetcher
from tui_report.export.fonts import FontChoice, FontError  # noqa: F401  (re-exported for callers)
from tui_report.report.model import Report
from tui_report.report.output import write_output

Progress = Callable[[str, float], None]

SUBSET_PACKAGE = "libharfbuzz-subset0"


@dataclass
class ExportResult:
    path: Path | None
    pages: int
    size: int  # bytes
    fonts: dict[str, FontChoice]  # role → the family used
    warnings: list[str] = field(default_factory=list)
    elapsed: float = 0.0  # seconds
    harfbuzz_subset: bool = True
    data: bytes | None = None  # the PDF, when no path was given


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (≈0.2 s) rather than
    fontTools (≈5 s for a CJK face)."""
    from weasyprint.text import ffi

    return bool(ffi.harfbuzz_subset) and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def subset_warning() -> str:
    return (
        f"未找到 HarfBuzz 字体子集库（Debian 软件包 {SUBSET_PACKAGE}），"
        f"改用较慢的方式嵌入字体，导出会慢数秒：sudo apt-get install {SUBSET_PACKAGE}"
    )


class _EngineLog(logging.Handler):
    """Collects WeasyPrint's complaints instead of letting them reach the
    terminal (where the TUI would be drawing)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # noqa: BLE001 - a bad log record must not stop the export
            pass


def export_pdf(
    report: Report,
    out_path: str | os.PathLike | None,
    progress: Progress | None = None,
    fonts_table: str | os.PathLike | None = None,
    draft: bool = False,
) -> ExportResult:
    """Write ``report`` as a PDF to ``out_path`` (atomically, through
    :func:`~tui_report.report.output.write_output`), or return the bytes in
    ``result.data`` when ``out_path`` is None. A ``draft`` carries the 草稿
    mark in the top margin of every page (styles/draft.css).

    Raises :class:`FontError` when a font role has no installed family, and
    :class:`~tui_report.report.output.OutputError` when ``out_path`` may not
    or cannot be written."""
    started = time.perf_counter()
    step = progress or (lambda stage, done: None)

    step("字体", 0.0)
    choices = _fonts.resolve(fonts_table)
    from tui_report.export import weasyprint_compat

    weasyprint_compat.load()
    from weasyprint import CSS, HTML
    from weasyprint.logger import LOGGER

    from tui_report.export.measure import Measurer

    # one font configuration for measuring the grid's runs and laying out:
    # the widths the grid is built on are the widths set
    font_config = weasyprint_compat.font_configuration()
    step("HTML", 0.1)
    doc = _html.build(report, measurer=Measurer(choices, font_config))
    warnings = list(doc.warnings)

    step("排版", 0.2)

    subset = harfbuzz_subset_available()
    if not subset:
        warnings.append(subset_warning())

    refused: list[str] = []

    def on_refuse(url: str, reason: str) -> None:
        refused.append(url)
        warnings.append(f"排版时拒绝读取 {url}：{reason}")

    root = Path(report.root).resolve()
    log = _EngineLog()
    LOGGER.addHandler(log)
    propagate, LOGGER.propagate = LOGGER.propagate, False
    # a library's warning (Pillow's DecompressionBombWarning, say) is one of
    # ours, said with the others, never printed raw over the editor
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        try:
            document = HTML(
                string=doc.html, base_url=root.as_uri() + "/", url_fetcher=make_fetcher(root, on_refuse),
            ).render(stylesheets=[
                CSS(string=_html.stylesheet()), CSS(string=_grid.css()), CSS(string=_fonts.css(choices)),
                *([CSS(string=_html.draft_stylesheet())] if draft else []),
            ], font_config=font_config)
            step("写入", 0.6)
            with weasyprint_compat.renumbered_fonts():
                data = document.write_pdf()
        finally:
            LOGGER.removeHandler(log)
            LOGGER.propagate = propagate
    for caught_warning in caught:
        warnings.append(f"排版引擎：{caught_warning.message}")
    for message in log.messages:
        if not any(url in message for url in refused):
            warnings.append(f"排版引擎：{message}")

    path = None
    if out_path is not None:
        path = Path(out_path)
        write_output(path, data, report_root=report.root)
    step("完成", 1.0)
    return ExportResult(
        path=path,
        pages=len(document.pages),
        size=len(data),
        fonts=choices,
        warnings=warnings,
        elapsed=time.perf_counter() - started,
        harfbuzz_subset=subset,
        data=None if path is not None else data,
    )


