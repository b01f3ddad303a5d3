"""Report → the HTML that WeasyPrint lays out with styles/report.css.

Built from :func:`tui_report.render.blocks.blocks` rather than from the Markdown
export: headings keep their level (and become PDF bookmarks, run-in ones
included), and a run-in heading such as ``1.做好…工作。`` stays one styled
span instead of ``**…。**`` emphasis, which CommonMark will not close after a
Chinese full stop. Prose still goes through markdown-it-py with raw HTML off,
so ``**强调**`` works and ``<b>`` prints as typed.

Every image and link in the prose is screened here, where we still know the
section it sits in: refused ones become warnings naming that section and are
left out (links keep their words). Allowed images become figures of their
own. Body text and headings are broken into grid lines (:mod:`.grid`).
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass, field
from pathlib import Path
from typing import assert_never

from markdown_it import MarkdownIt

from tui_report.export import fonts as _fonts
from tui_report.export import grid, table_layout
from tui_report.export.fetcher import screen
from tui_report.export.measure import Measurer
from tui_report.render.blocks import BULLET, Block, blocks
from tui_report.report.model import Report, Section
from tui_report.resources import styles_dir

LANG = "zh-CN"
#: tables in 4号, the 自评表's in 小四; no smaller than 小五 when shrunk to fit
TABLE_SIZE = 14.0
ATTACHMENT_TABLE_SIZE = 12.0
TABLE_FLOOR = 9.0


@dataclass
class HtmlDoc:
    html: str
    warnings: list[str] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)


class _AllLinks(MarkdownIt):
    """markdown-it drops file: and javascript: links silently and prints them
    as typed; we want to see every target so the author gets a warning."""

    def validateLink(self, url: str) -> bool:
        return True


def _markdown() -> MarkdownIt:
    return _AllLinks("js-default", {"html": False, "linkify": False, "typographer": False})


class HtmlBuilder:
    #: said when a link is dropped (the DOCX builder names its own format)
    LINK_DROPPED = "链接 {href} 不写入 PDF，只保留文字"

    def __init__(self, report: Report, embed: bool = False, measurer: Measurer | None = None):
        self.report = report
        #: widths of runs in the fonts that set them (the PDF's), for the
        #: grid; None: the cell model
        self.measurer = measurer
        #: pictures written into the file (``data:`` URLs), for an HTML file
        #: that is handed on: it carries no path of the author's machine
        self.embed = embed
        self.root = Path(report.root)
        self.md = _markdown()
        self.warnings: list[str] = []
        self.images: list[Path] = []
        self.where: list[str] = []  # heading chain of the current section
        self.section: Section | None = None
        self.out: list[str] = []

    # --- inline -----------------------------------------------------------

    def _place(self) -> str:
        place = " › ".join(self.where) or "标题"
        if self.section is not None and self.section.file:
            place += f"（{self.section.file}）"
        return place

    def _warn(self, message: str) -> None:
        self.warnings.append(f"{self._place()}：{message}")

    def inline(self, text: str, tags: tuple[str, ...] = ()) -> tuple[list[grid.Run], list[tuple[str, str]]]:
        """Prose → styled runs, plus the allowed images (src, alt) it holds."""
        runs: list[grid.Run] = []
        figures: list[tuple[str, str]] = []
        stack = list(tags)
        tokens = self.md.parseInline(text)
        children = tokens[0].children or [] if tokens else []
        for tok in children:
            t = tok.type
            if t == "text":
                runs.append(grid.Run(tok.content, tuple(stack)))
            elif t in ("softbreak", "hardbreak"):
                runs.append(grid.Run(" ", tuple(stack)))
            elif t == "code_inline":
                runs.append(grid.Run(tok.content, (*stack, "code")))
            elif t.endswith("_open") and t[:-5] in ("strong", "em", "s"):
                stack.append(t[:-5])
                if len(stack) == MAX_NESTING + 1:
                    self._warn(f"强调（加粗、斜体）嵌套超过 {MAX_NESTING} 层，已合并为一层")
            elif t.endswith("_close") and t[:-6] in ("strong", "em", "s"):
                if t[:-6] in stack:
                    stack.reverse()
                    stack.remove(t[:-6])
                    stack.reverse()
            elif t == "link_open":
                href = str(tok.attrs.get("href", ""))
                self._warn(self.LINK_DROPPED.format(href=href))
            elif t == "link_close":
                pass
            elif t == "image":
                src = str(tok.attrs.get("src", ""))
                path, reason = screen(src, self.root)
                if path is None:
                    self._warn(f"图片 {src} 未导出：{reason}")
                else:
                    try:
                        url = _data_url(path) if self.embed else src
                    except (OSError, ValueError):  # swapped since it was screened
                        self._warn(f"图片 {src} 未导出：文件无法读取")
                        continue
                    self.images.append(path)
                    figures.append((url, tok.content))
            else:  # anything else markdown-it may add: keep its words
                if tok.content:
                    runs.append(grid.Run(tok.content, tuple(stack)))
        return runs, figures

    def _measure(self, level: int = 0, run_in: bool = False) -> grid.Measure | None:
        return self.measurer.for_block(level, run_in) if self.measurer is not None else None

    # --- blocks -----------------------------------------------------------

    def title(self, block: Block) -> None:
        runs, figures = self.inline(block.text)
        self.out.append(f'<h1 class="title">{_inline_html(runs)}</h1>')
        self._figures(figures)

    def heading(self, block: Block) -> None:
        self.section = block.section
        del self.where[block.level - 1:]
        self.where.append(f"{block.number}{block.text}")
        head_runs, figures = self.inline(block.text, ("head",) if block.run_in else ())
        head_runs.insert(0, grid.Run(block.number, ("head",) if block.run_in else ()))
        label = _html.escape(block.number + "".join(r.text for r in head_runs[1:]), quote=True)
        if block.run_in:
            body_runs, more = self.inline(block.body)
            figures += more
            lines = grid.break_lines(head_runs + body_runs, measure=self._measure(block.level, run_in=True))
            self.out.append(
                f'<p class="g runin l{block.level} bm{block.level}" data-bm="{label}">{_lines_html(lines)}</p>'
            )
        else:
            tag = f"h{block.level + 1}"
            lines = grid.break_lines(head_runs, measure=self._measure(block.level))
            self.out.append(
                f'<{tag} class="g l{block.level} bm{block.level}" data-bm="{label}">{_lines_html(lines)}</{tag}>'
            )
        self._figures(figures)

    def para(self, block: Block, prefix: str = "") -> None:
        self.section = block.section or self.section
        runs, figures = self.inline(block.text)
        if prefix:
            runs.insert(0, grid.Run(prefix))
        if any(r.text.strip() for r in runs):
            lines = grid.break_lines(runs, measure=self._measure())
            self.out.append(f'<p class="g {block.kind}">{_lines_html(lines)}</p>')
        self._figures(figures)

    def table(self, block: Block, size: float = TABLE_SIZE, name: str = "") -> None:
        """A table with its column widths worked out from its cells
        (:mod:`.table_layout`): headers and numbers never broken inside a
        word, numbers set right and text left, a cell spanning columns
        where the block says; too wide for the page, a smaller font, then
        a landscape page, then a warning naming it."""
        self.section = block.section or self.section
        rows = block.rows or [[""]]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        rendered = [[self.inline(cell) for cell in row] for row in rows]
        texts = [["".join(r.text for r in runs) for runs, _ in row] for row in rendered]
        layout = table_layout.fit(texts, block.spans, self._table_measure(), size, grid.TEXT_WIDTH, TABLE_FLOOR,
                                  grid.LANDSCAPE_TEXT_WIDTH)
        if layout.problem:
            header = " | ".join(t for t in texts[0] if t)[:30]
            self._warn(f"{name or '表格'}（表头“{header}”）{layout.problem}")
        classes = ["fit"] + (["landscape"] if layout.landscape else []) + (["squeezed"] if layout.problem else [])
        parts = [f'<table class="{" ".join(classes)}" style="font-size:{layout.size:g}pt;'
                 f'width:{sum(layout.widths):.2f}pt"><colgroup>']
        parts += [f'<col style="width:{w:.2f}pt">' for w in layout.widths]
        parts.append("</colgroup>")
        for r, row in enumerate(rendered):
            head = r == 0
            parts.append("<thead><tr>" if head else "<tr>")
            for c, (runs, figures) in enumerate(row):
                if any(cc < c < cc + n for (rr, cc), n in block.spans.items() if rr == r):
                    continue  # under a cell spanning it
                span = block.spans.get((r, c), 1)
                attrs = f' colspan="{span}"' if span > 1 else ""
                if not head and layout.numeric[c] and span == 1:
                    attrs += ' class="num"'
                inner = _pieces_html(runs, layout.pieces[r][c]) + "".join(_img(src, alt) for src, alt in figures)
                tag = "th" if head else "td"
                parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
            parts.append("</tr></thead><tbody>" if head else "</tr>")
        parts.append("</tbody></table>")
        self.out.append("".join(parts))

    def _table_measure(self) -> table_layout.Measure:
        """Widths in ems of the fonts a table sets its header and its cells
        in (黑体, 仿宋), from the layout engine when it measures."""
        measurer = self.measurer
        if measurer is None:
            return table_layout.estimate

        def measure(text: str, head: bool) -> float:
            return measurer.width(text, "heiti" if head else "fangsong") / grid.FONT_SIZE

        return measure

    def attachment(self, report: Report) -> None:
        """The 自评表 after the body, on a page of its own: 附件 at the top
        left in 黑体 as GB/T 9704 places an attachment's mark, its title,
        then the tables (their header row repeats on each page)."""
        from tui_report.render.scorecard import attachment_blocks

        found = attachment_blocks(report)
        if not found:
            return
        self.out.append('<section class="attachment">')
        caption = ""
        for block in found:
            match block.kind:
                case "attachment":
                    self.out.append(f'<p class="attachment-mark">{_html.escape(block.text)}</p>')
                case "attachment-title":
                    self.out.append(f'<h1 class="attachment-title">{_html.escape(block.text)}</h1>')
                case "caption":
                    caption = block.text
                    self.out.append(f'<p class="caption">{_html.escape(block.text)}</p>')
                case "table":
                    self.table(block, ATTACHMENT_TABLE_SIZE, name=f"附件“{caption}”表")
                case _ as unknown:
                    assert_never(unknown)
        self.out.append("</section>")

    def _figures(self, figures: list[tuple[str, str]]) -> None:
        for src, alt in figures:
            self.out.append(f'<p class="figure">{_img(src, alt)}</p>')


def _data_url(path: Path) -> str:
    """The picture at ``path`` (screened) as a ``data:`` URL."""
    import base64
    import mimetypes

    from tui_report.export.fetcher import read_image

    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(read_image(path)).decode("ascii")


def _img(src: str, alt: str) -> str:
    return f'<img src="{_html.escape(src, quote=True)}" alt="{_html.escape(alt, quote=True)}">'


#: emphasis nested deeper than this is merged (and said so)
MAX_NESTING = 8


def _tagged(text: str, tags: tuple[str, ...]) -> str:
    s = _html.escape(text, quote=False)
    # a style is on or off: nested repeats add nothing but depth, and deep
    # nesting is what the PDF engine cannot lay out (RecursionError)
    for tag in reversed(tuple(dict.fromkeys(tags))):
        if tag == "head":
            s = f'<span class="rh">{s}</span>'
        else:
            s = f"<{tag}>{s}</{tag}>"
    return s


def _inline_html(runs: list[grid.Run]) -> str:
    return "".join(_tagged(r.text, r.tags) for r in runs)


def _pieces_html(runs: list[grid.Run], pieces: list[str]) -> str:
    """A cell's runs, each piece that may not be broken (a header's word, a
    number with its unit) held on one line (``.nb``). The pieces were cut
    from the same text, spaces aside."""
    text = "".join(r.text for r in runs)
    bounds: list[tuple[int, int]] = []
    at = 0
    for piece in pieces:
        found = text.find(piece, at) if piece else -1
        if found < 0:
            continue
        if len(piece) > 1:
            bounds.append((found, found + len(piece)))
        at = found + len(piece)
    if not bounds:
        return _inline_html(runs)
    out, pos = [], 0
    flat = [(ch, r.tags) for r in runs for ch in r.text]

    def chunk(a: int, b: int) -> str:
        pieces_runs: list[grid.Run] = []
        for ch, tags in flat[a:b]:
            if pieces_runs and pieces_runs[-1].tags == tags:
                pieces_runs[-1].text += ch
            else:
                pieces_runs.append(grid.Run(ch, tags))
        return _inline_html(pieces_runs)

    for a, b in bounds:
        if a > pos:
            out.append(chunk(pos, a))
        out.append(f'<span class="nb">{chunk(a, b)}</span>')
        pos = b
    out.append(chunk(pos, len(flat)))
    return "".join(out)


def _lines_html(lines: list[grid.Line]) -> str:
    # no white space between the pieces: the element is nowrap, and a
    # newline here would print as a space
    out = []
    for line in lines:
        pieces = []
        for part in line.parts:
            inner = _inline_html(part.runs)
            if part.seg:
                # the box is whole cells (grid.py measured the run in its
                # font); the run sits where grid.py says: against the edge
                # at either end of a line, against what follows inside it
                style = f"width:{part.width:.3f}pt"
                if part.spacing:
                    style += f";letter-spacing:{part.spacing}pt"
                inner = f'<span class="seg {part.align[0]}" style="{style}">{inner}</span>'
            pieces.append(inner)
        inner = "".join(pieces)
        ls = line.spacing()
        out.append(f'<span style="letter-spacing:{ls}pt">{inner}</span>' if ls is not None else inner)
    return "<br>".join(out)


def stylesheet() -> str:
    """styles/report.css. It reads the page grid and the fonts from custom
    properties: lay it out together with :func:`.grid.css` and
    :func:`.fonts.css`."""
    return (styles_dir() / "report.css").read_text(encoding="utf-8")


def draft_stylesheet() -> str:
    """styles/draft.css: the 草稿 mark of a draft export, read with the
    fonts' custom properties like :func:`stylesheet`."""
    return (styles_dir() / "draft.css").read_text(encoding="utf-8")


#: What a draft is marked with, on every page and in the browser window.
DRAFT_MARK = "草稿"


def standalone(report: Report, fonts_table=None, draft: bool = False) -> HtmlDoc:
    """The document as one HTML file to open in a browser and hand on:
    styles inline (with the grid's and the fonts' custom properties they
    read) and pictures inline as ``data:`` URLs, so the file names no path
    of the author's machine (no ``<base href="file:///home/…">``) and shows
    its pictures wherever it is opened; a ``draft`` carries the 草稿 mark."""
    try:
        font_css = _fonts.css(_fonts.resolve(fonts_table))
    except _fonts.FontError:
        font_css = ""  # a browser has its own fallbacks; only the PDF must not print tofu
    css = stylesheet() + "\n" + grid.css() + font_css
    if draft:
        css += "\n" + draft_stylesheet()
    return build(report, css=css, mark=draft, embed=True)


def build(report: Report, css: str | None = None, base: str | None = None, mark: bool = False,
          embed: bool = False, measurer: Measurer | None = None) -> HtmlDoc:
    """The report as one HTML document. ``css`` is embedded in a ``<style>``
    (for the standalone HTML export); the PDF path passes stylesheets to
    WeasyPrint instead. ``mark`` adds the element a browser shows the 草稿
    mark with (the PDF marks its pages through draft.css alone).
    ``measurer`` measures runs in the PDF's fonts for the grid (without
    one, a run of ASCII counts half a cell a character)."""
    b = HtmlBuilder(report, embed=embed, measurer=measurer)
    for block in blocks(report):
        match block.kind:
            case "title":
                b.title(block)
            case "heading":
                b.heading(block)
            case "item":
                b.para(block, prefix=block.number)
            case "bullet":
                b.para(block, prefix=BULLET + "\u3000")
            case "table":
                b.table(block)
            case "para":
                b.para(block)
            case _ as unknown:
                assert_never(unknown)
    b.attachment(report)
    title = _html.escape(plain_title(report))
    head = [
        '<!DOCTYPE html>',
        f'<html lang="{LANG}">',
        "<head>",
        '<meta charset="utf-8">',
        *([f'<base href="{_html.escape(base, quote=True)}">'] if base else []),
        f"<title>{title}</title>",
        f'<meta name="author" content="{_html.escape(report.department, quote=True)}">',
        '<meta name="generator" content="tui-report">',
    ]
    if css is not None:
        head.append(f"<style>\n{css}\n</style>")
    head += ["</head>", "<body>"]
    if mark:
        head.append(f'<p class="draft-mark" role="note">{DRAFT_MARK}</p>')
    html = "\n".join(head + b.out + ["</body>", "</html>", ""])
    return HtmlDoc(html, b.warnings, b.images)


def plain_title(report: Report) -> str:
    from tui_report.render.blocks import title_text
    from tui_report.render.text import plain

    return plain(title_text(report))
