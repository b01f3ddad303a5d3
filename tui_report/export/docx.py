"""Report → a Word file (.docx) laid out to GB/T 9704-2012, for the bureau to
review and edit in Word or WPS.

Built from :func:`tui_report.render.blocks.blocks`, the numbered blocks every
other export uses, with the inline Markdown read by the HTML builder's own
walker (:class:`.html.HtmlBuilder`), so emphasis, refused links and pictures are
treated, and warned about, exactly as in the PDF. python-docx is imported in
:func:`build` only: ``check`` and ``export md`` never load it.

What the file carries, and why it is written out rather than left to Word:

- A4, margins 37/26/35/28 mm, and the document grid of 22 lines × 28
  characters (``w:docGrid`` type ``linesAndChars``, pitches from the text
  block: :mod:`.docx_parts`); every paragraph has exact line spacing of one
  grid line, so the lines stay on the grid in Word, WPS and LibreOffice;
- headings as Word's own ``heading 1``–``heading 4`` styles, their numbers
  computed and written as text (Word list numbering is renumbered by WPS and
  lost on copy-paste); a run-in heading (``1.做好…工作。正文…``) is one paragraph
  whose style carries the outline level, its heading words a character style;
- page numbers as ``PAGE`` fields, "— N —" in 宋体 4号, in two footers (odd
  pages at the right, even at the left, one character in; settings.xml's
  ``w:evenAndOddHeaders`` turns the even one on);
- widow/orphan control off, as in the PDF: a 公文 page is full, 22 lines;
  a heading still keeps with the line after it;
- tables as Word tables: borders, the header row repeated on each page,
  rows never split, widths worked out from their cells as the PDF's are
  (:mod:`.table_layout`) in a complete ``w:tblGrid`` (WPS lays tables out
  by it), numbers set right, a blank grid line above and below;
- the 自评表 (when the report has one) after the body as 附件 on a page of its
  own, as in the PDF;
- title and author (the department) in the document properties.

The DOCX is a working file the bureau edits, so it is not guarded like the
PDF (see :mod:`.guard`); a ``draft`` carries 草稿 in the page headers.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, assert_never
from xml.sax.saxutils import escape

from tui_report.export import docx_compat, grid, table_layout
from tui_report.export import docx_parts as P
from tui_report.export import html as _html
from tui_report.export.fetcher import Refused, read_image
from tui_report.render.blocks import Block, blocks
from tui_report.report.model import Report
from tui_report.report.output import write_output

if TYPE_CHECKING:
    from docx.document import Document

W = P.W_NS
#: characters XML 1.0 cannot hold (report text is untrusted): dropped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: the largest picture: the text block's width, 200 mm high (as report.css)
MAX_PICTURE_MM = (grid.TEXT_WIDTH_MM, 200)
DRAFT_MARK = _html.DRAFT_MARK
#: tables in 4号, the 自评表's in 小四, no smaller than 小五 when shrunk (as the PDF's)
TABLE_SIZE = _html.TABLE_SIZE
TABLE_SMALL = _html.ATTACHMENT_TABLE_SIZE
TABLE_FLOOR = _html.TABLE_FLOOR
_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass
class DocxResult:
    path: Path | None
    size: int
    warnings: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    data: bytes | None = None  # the file, when no path was given


def _text(s: str) -> str:
    return escape(_NOT_XML.sub("", s))


def _t(s: str) -> str:
    return f'<w:t xml:space="preserve">{_text(s)}</w:t>'


def _run(text: str, tags: tuple[str, ...] = (), style: str | None = None, size: float | None = None) -> str:
    props = []
    if style:
        props.append(f'<w:rStyle w:val="{style}"/>')
    if "strong" in tags:
        props += ["<w:b/>", "<w:bCs/>"]
    if "em" in tags:
        props += ["<w:i/>", "<w:iCs/>"]
    if "s" in tags:
        props.append("<w:strike/>")
    if size is not None:  # a table set smaller to fit: half points
        props += [f'<w:sz w:val="{round(size * 2)}"/>', f'<w:szCs w:val="{round(size * 2)}"/>']
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    # white space inside a paragraph collapses as in the PDF; a tab or a
    # line break typed in a body line is a space there too
    return f"<w:r>{rpr}{_t(_SPACE.sub(' ', text))}</w:r>" if text else ""


def _para(style: str, runs: str, extra: str = "") -> str:
    return f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{runs}</w:p>'


def _page_number(odd: bool) -> str:
    """"— N —" with a PAGE field; odd pages at the right, even at the left,
    one 4号 character in from the edge of the text block."""
    side = (f'<w:jc w:val="right"/><w:ind w:right="{P.PAGE_NUMBER_INDENT}" w:firstLine="0"/>' if odd
            else f'<w:jc w:val="left"/><w:ind w:left="{P.PAGE_NUMBER_INDENT}" w:firstLine="0"/>')
    field_runs = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                  '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                  f'<w:r><w:t>{1 if odd else 2}</w:t></w:r>'
                  '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return _para(P.STYLE_IDS["footer"], _run("— ") + field_runs + _run(" —"), side)


class DocxBuilder(_html.HtmlBuilder):
    """The HTML builder's inline walker and its warnings, writing
    WordprocessingML paragraphs instead of HTML."""

    LINK_DROPPED = "链接 {href} 不写入 DOCX，只保留文字"

    def __init__(self, report: Report, doc: Document):
        super().__init__(report)
        self.doc = doc
        self.body = doc.element.body
        self.sect = self.body.sectPr

    # --- output -------------------------------------------------------------

    def add(self, xml: str) -> None:
        from docx.oxml import parse_xml

        self.sect.addprevious(parse_xml(xml))

    def runs(self, text: str, tags: tuple[str, ...] = (), style: str | None = None) -> tuple[str, list]:
        found, figures = self.inline(text, tags)
        return "".join(_run(r.text, r.tags, style) for r in found), figures

    # --- blocks -------------------------------------------------------------

    def title(self, block: Block) -> None:
        runs, figures = self.runs(block.text)
        self.add(_para(P.STYLE_IDS["title"], runs))
        self.pictures(figures)

    def heading(self, block: Block) -> None:
        self.section = block.section
        del self.where[block.level - 1:]
        self.where.append(f"{block.number}{block.text}")
        if block.run_in:
            style = P.run_in_char_id(block.level)
            head, figures = self.runs(block.text, style=style)
            body, more = self.runs(block.body)
            self.add(_para(P.run_in_id(block.level), _run(block.number, style=style) + head + body))
            figures += more
        else:
            head, figures = self.runs(block.text)
            self.add(_para(P.heading_id(block.level), _run(block.number) + head))
        self.pictures(figures)

    def para(self, block: Block, prefix: str = "", style: str = P.STYLE_IDS["body"]) -> None:
        self.section = block.section or self.section
        runs, figures = self.runs(block.text)
        if prefix:
            runs = _run(prefix) + runs
        if runs:
            self.add(_para(style, runs))
        self.pictures(figures)

    def table(self, block: Block, size: float = _html.TABLE_SIZE, name: str = "") -> None:
        """A Word table whose columns are worked out from its cells as the
        PDF's are (:mod:`.table_layout`): a complete ``w:tblGrid`` whose
        ``w:gridCol`` widths add up to the table's width (WPS lays a table
        out by them, not by ``w:tblW``), each cell's ``w:tcW`` the columns
        it covers, a spanning cell a ``w:gridSpan``; numbers set right;
        a smaller font for a table that would not fit otherwise, and a
        warning naming one that fits nowhere."""
        self.section = block.section or self.section
        rows = block.rows or [[""]]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        rendered = [[self.inline(cell) for cell in row] for row in rows]
        texts = [["".join(r.text for r in runs) for runs, _ in row] for row in rendered]
        small = size == TABLE_SMALL  # the 自评表's: its own styles
        layout = table_layout.fit(texts, block.spans, table_layout.estimate, size, P.TEXT_WIDTH / P.TWIPS_PER_PT,
                                  TABLE_FLOOR)
        if layout.problem:
            header = " | ".join(t for t in texts[0] if t)[:30]
            self._warn(f"{name or '表格'}（表头“{header}”）{layout.problem}")
        widths = twips(layout.widths)
        run_size = layout.size if layout.size != size else None
        pad = round(layout.pad * P.TWIPS_PER_PT)
        text_style = P.STYLE_IDS["table_small" if small else "table"]
        head_style = P.STYLE_IDS["table_small_head" if small else "table_head"]
        blank = _para(P.STYLE_IDS["body"], "")
        if not small:
            self.add(blank)  # a blank grid line above the table
        parts = [f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
                 f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
                 '<w:tblLayout w:type="fixed"/>'
                 f'<w:tblCellMar><w:left w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
                 '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
                 'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
        parts += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        parts.append("</w:tblGrid>")
        for r, row in enumerate(rendered):
            head = r == 0
            parts.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if head else "") + "</w:trPr>")
            c = 0
            while c < width:
                span = max(1, min(block.spans.get((r, c), 1), width - c))
                found, figures = row[c]
                if figures:
                    self._warn(f"表格中的图片 {figures[0][0]} 未写入 DOCX")
                runs = "".join(_run(x.text, x.tags, size=run_size) for x in found)
                align = '<w:jc w:val="right"/>' if not head and span == 1 and layout.numeric[c] else ""
                grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[c:c + span])}" w:type="dxa"/>{grid_span}'
                             '<w:vAlign w:val="center"/></w:tcPr>'
                             f'<w:p><w:pPr><w:pStyle w:val="{head_style if head else text_style}"/>{align}</w:pPr>'
                             f"{runs}</w:p></w:tc>")
                c += span
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.add("".join(parts))
        if not small:
            self.add(blank)  # and below it

    def attachment(self, report: Report) -> None:
        """The 自评表 after the body, as in the PDF: 附件 at the top left of a
        page of its own, its title, one caption and table per part."""
        from tui_report.render.scorecard import attachment_blocks

        caption = ""
        for block in attachment_blocks(report):
            match block.kind:
                case "attachment":
                    self.add(_para(P.STYLE_IDS["attachment"], _run(block.text)))
                case "attachment-title":
                    self.add(_para(P.STYLE_IDS["attachment_title"], _run(block.text)))
                case "caption":
                    caption = block.text
                    self.add(_para(P.STYLE_IDS["caption"], _run(block.text)))
                case "table":
                    self.table(block, TABLE_SMALL, name=f"附件“{caption}”表")
                case _ as unknown:
                    assert_never(unknown)

    def pictures(self, figures: list[tuple[str, str]]) -> None:
        """Each allowed picture as a centred paragraph of its own, read
        through the same screen as the PDF's (inside the report folder,
        no symlink out, no FIFO), at most the text block wide."""
        from docx.shared import Emu, Mm

        from tui_report.export.fetcher import screen

        for src, _alt in figures:
            path, reason = screen(src, self.root)
            if path is None:  # screened once already; the file may have changed since
                self._warn(f"图片 {src} 未导出：{reason}")
                continue
            try:
                data = read_image(path)
            except (Refused, OSError) as exc:
                self._warn(f"图片 {src} 未写入 DOCX：{exc}")
                continue
            paragraph = self.doc.add_paragraph(style="Figure")
            try:
                picture = paragraph.add_run().add_picture(io.BytesIO(data))
            except Exception as exc:  # noqa: BLE001 - a picture python-docx cannot read (SVG, damaged) is left out
                docx_compat.remove_paragraph(paragraph)
                self._warn(f"图片 {src} 未写入 DOCX（{type(exc).__name__}；DOCX 支持 PNG、JPEG、GIF）")
                continue
            width, height = picture.width or 1, picture.height or 1
            scale = min(1.0, Mm(MAX_PICTURE_MM[0]) / width, Mm(MAX_PICTURE_MM[1]) / height)
            picture.width, picture.height = Emu(int(width * scale)), Emu(int(height * scale))


def twips(widths: list[float]) -> list[int]:
    """Widths in points as whole twips that add up to the rounded total, so
    the grid is exactly the table's width."""
    total = round(sum(widths) * P.TWIPS_PER_PT)
    out = [int(w * P.TWIPS_PER_PT) for w in widths]
    out[-1] += total - sum(out)
    return out


def fit_widths(rows: list[list[str]], char: int, total: int = P.TEXT_WIDTH) -> list[int]:
    """Column widths (twips) that fill ``total`` twips for ``rows`` set at
    ``char`` twips to the em (:func:`.table_layout.fit`: no header word and
    no number broken while the table fits)."""
    size = char / P.TWIPS_PER_PT
    layout = table_layout.fit(rows, {}, table_layout.estimate, size, total / P.TWIPS_PER_PT, size)
    return twips(layout.widths)


def _sect_pr(builder: DocxBuilder, doc: Document, draft: bool) -> None:
    """Page size, margins, grid, footers (odd/even) and, for a draft, the
    草稿 headers."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    section = doc.sections[0]
    sect = docx_compat.element(section)
    for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
        for el in sect.findall(qn(tag)):
            sect.remove(el)
    sect.append(parse_xml(f'<w:pgSz xmlns:w="{W}" w:w="{P.PAGE_WIDTH}" w:h="{P.PAGE_HEIGHT}"/>'))
    sect.append(parse_xml(
        f'<w:pgMar xmlns:w="{W}" w:top="{P.MARGIN_TOP}" w:right="{P.MARGIN_RIGHT}" w:bottom="{P.MARGIN_BOTTOM}" '
        f'w:left="{P.MARGIN_LEFT}" w:header="{P.HEADER_DISTANCE}" w:footer="{P.FOOTER_DISTANCE}" w:gutter="0"/>'))
    sect.append(parse_xml(f'<w:cols xmlns:w="{W}" w:space="425"/>'))
    sect.append(parse_xml(f'<w:docGrid xmlns:w="{W}" w:type="linesAndChars" w:linePitch="{P.LINE_PITCH}" '
                          f'w:charSpace="{P.CHAR_SPACE}"/>'))
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        ftr = docx_compat.element(footer)
        for child in list(ftr):
            ftr.remove(child)
        ftr.append(parse_xml(_page_number(odd)))
    if draft:
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            hdr = docx_compat.element(header)
            for child in list(hdr):
                hdr.remove(child)
            hdr.append(parse_xml(_para(P.STYLE_IDS["header"], _run(DRAFT_MARK))))


def _replace_parts(doc: Document) -> None:
    """python-docx's template, made ours: its styles (theme fonts, blue
    headings), font table and numbering replaced by :mod:`.docx_parts`; the
    parts we do not use (a second copy of the styles, a thumbnail, custom
    XML) dropped; the Japanese theme-font language taken out of the settings."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    part = doc.part
    docx_compat.replace_xml(docx_compat.styles_part(part), parse_xml(P.styles_xml()))
    numbering = part.numbering_part
    docx_compat.replace_xml(numbering, parse_xml(P.numbering_xml()))
    for rel in list(part.rels.values()):
        if rel.reltype == RT.FONT_TABLE:
            docx_compat.replace_blob(rel.target_part, P.font_table_xml().encode("utf-8"))
        elif rel.reltype.endswith("/stylesWithEffects") or rel.reltype == RT.CUSTOM_XML:
            del part.rels[rel.rId]
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    settings = doc.settings.element
    for tag in ("w:themeFontLang", "w:rsids", "w:attachedTemplate"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)


def build(report: Report, draft: bool = False) -> tuple[bytes, list[str]]:
    """The .docx file's bytes, and the warnings (refused links and pictures,
    by section)."""
    import docx as _docx

    from tui_report.render.text import plain

    doc = _docx.Document()
    _replace_parts(doc)
    body = doc.element.body
    for child in list(body):
        if child is not body.sectPr:
            body.remove(child)
    b = DocxBuilder(report, doc)
    for block in blocks(report):
        match block.kind:
            case "title":
                b.title(block)
            case "heading":
                b.heading(block)
            case "item":
                b.para(block, prefix=block.number)
            case "bullet":
                b.para(block, style=P.STYLE_IDS["bullet"])
            case "table":
                b.table(block)
            case "para":
                b.para(block)
            case _ as unknown:
                assert_never(unknown)
    b.attachment(report)
    _sect_pr(b, doc, draft)

    props = doc.core_properties
    props.title = plain(_html.plain_title(report))
    props.author = report.department
    props.last_modified_by = report.department
    props.language = _html.LANG
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0)
    props.created = props.modified = now
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue(), b.warnings


def export_docx(report: Report, out_path: str | Path | None, draft: bool = False) -> DocxResult:
    """Write ``report`` as a .docx to ``out_path`` (atomically, through
    :func:`~tui_report.report.output.write_output`), or return the bytes in
    ``result.data`` when ``out_path`` is None."""
    started = time.perf_counter()
    data, warnings = build(report, draft=draft)
    path = None
    if out_path is not None:
        path = Path(out_path)
        write_output(path, data, report_root=report.root)
    return DocxResult(path, len(data), warnings, time.perf_counter() - started,
                      None if path is not None else data)
