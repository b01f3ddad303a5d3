"""The fixed parts of the DOCX export: page geometry in twips, the font
table, the styles, the bullet numbering, as WordprocessingML text.

Everything here is written out in full instead of being left to python-docx's
template, because Word and WPS paginate a file differently wherever it leans
on defaults (DESIGN.md §9), and the template's styles name theme fonts
(``w:asciiTheme`` …), which make WPS report missing fonts. So every style
names its face in all four ``w:rFonts`` slots (ascii, hAnsi, eastAsia, cs),
and no ``*Theme`` attribute is written anywhere.

Faces. The styles name the faces GB/T 9704 names (仿宋_GB2312,
方正小标宋简体, 黑体, 楷体_GB2312, 宋体): the bureau's machine shows them when it has
them. The fallback to the faces Windows ships is expressed in the font
table: each face's ``w:font`` entry carries ``w:altName`` with the Windows
face (仿宋, 宋体, 楷体, SimHei, SimSun) and ``w:charset 86`` (GB2312), which Word
and WPS use to substitute a missing face; a face missing on both falls to
the application's own CJK substitution. The names are fixed, not the faces
installed here: the file is made for the bureau's machine, not ours.

The page numbers come from :mod:`.grid` (the one source of the PDF's
numbers) turned into twips, rounded so that Word's own arithmetic gives
28 characters and 22 lines (see :func:`char_space` and :data:`LINE_PITCH`).

Characters are set at 98 % width (``w:w``, :data:`CHAR_SCALE`). Word and WPS
place each character in its 15.79 pt grid cell whatever its width, so this
changes nothing there; LibreOffice (7.4) gives a character wider than its
cell two cells, and a 16 pt character is 0.21 pt wider than the cell 28 to a
line leave: at 100 % it sets 14 characters a line, at 98 % (15.68 pt) 28.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from tui_report.export import grid
from tui_report.render.blocks import BULLET

TWIPS_PER_PT = 20
TWIPS_PER_MM = 72 / 25.4 * TWIPS_PER_PT


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


PAGE_WIDTH = mm(grid.PAGE_WIDTH_MM)  # 11906
PAGE_HEIGHT = mm(grid.PAGE_HEIGHT_MM)  # 16838
MARGIN_TOP = mm(grid.MARGIN_TOP_MM)
MARGIN_BOTTOM = mm(grid.MARGIN_BOTTOM_MM)
MARGIN_LEFT = mm(grid.MARGIN_LEFT_MM)
MARGIN_RIGHT = mm(grid.MARGIN_RIGHT_MM)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # twips, 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # twips, 225 mm
#: the line pitch, rounded *down* so that 22 lines fit the text block
#: (Word counts lines per page as text height // pitch)
LINE_PITCH = TEXT_HEIGHT // grid.LINES  # 579
BODY_HALF_POINTS = round(grid.FONT_SIZE * 2)  # w:sz is in half points
#: 4号 (page numbers, tables) and 小四 (the 自评表's tables), in half points
SIZE_4 = 28
SIZE_SMALL_4 = 24
TITLE_HALF_POINTS = 44  # 2号
#: the page number sits 7 mm below the text block: the footer's one exact
#: 14 pt line ends this far above the bottom edge
PAGE_NUMBER_GAP_MM = 7
PAGE_NUMBER_LINE = 14 * TWIPS_PER_PT
FOOTER_DISTANCE = mm(grid.MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM) - PAGE_NUMBER_LINE
#: one 4号 character in from the edge
PAGE_NUMBER_INDENT = 14 * TWIPS_PER_PT
HEADER_DISTANCE = mm(15)
#: horizontal scale of every character, percent (see the module notes)
CHAR_SCALE = 98


def char_space(text_width: int = TEXT_WIDTH, cells: int = grid.CELLS, size_pt: float = grid.FONT_SIZE) -> int:
    """``w:charSpace`` of the grid: what each character's pitch differs from
    the body size, in 1/4096 pt. Rounded *down*, so that ``cells`` pitches
    never add up to more than the text width: Word counts characters per
    line as width // pitch, and rounding to nearest gives 27."""
    pitch = text_width / TWIPS_PER_PT / cells
    return math.floor((pitch - size_pt) * 4096)


CHAR_SPACE = char_space()
#: the grid's character pitch in twips (what indents in characters measure)
CHAR_PITCH = (grid.FONT_SIZE + CHAR_SPACE / 4096) * TWIPS_PER_PT
INDENT = round(grid.INDENT * CHAR_PITCH)


@dataclass(frozen=True)
class Face:
    role: str  # key of styles/fonts.toml
    name: str  # the face GB/T 9704 names
    windows: str  # the face Windows ships, named as its fallback (w:altName)
    family: str  # w:family of the font table: roman (serif) | modern (fixed) | swiss | script
    panose: str


#: role → the face the styles name and its Windows fallback
FACES: dict[str, Face] = {
    "fangsong": Face("fangsong", "仿宋_GB2312", "仿宋", "modern", "02010609030101010101"),
    "xiaobiaosong": Face("xiaobiaosong", "方正小标宋简体", "宋体", "script", "02000000000000000000"),
    "heiti": Face("heiti", "黑体", "SimHei", "modern", "02010609060101010101"),
    "kaiti": Face("kaiti", "楷体_GB2312", "楷体", "modern", "02010609030101010101"),
    "songti": Face("songti", "宋体", "SimSun", "auto", "02010600030101010101"),
}

#: heading level → font role (GB/T 9704 7.3.3)
HEADING_ROLES = {1: "heiti", 2: "kaiti", 3: "fangsong", 4: "fangsong"}
#: levels set bold (a common house rule for level 3, not the standard's)
BOLD_LEVELS = {3}

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rfonts(role: str) -> str:
    """The face of ``role`` in all four slots; ``w:hint`` tells Word that
    ambiguous characters (“”—…) are East Asian, full width as in GB2312."""
    name = quoteattr(FACES[role].name)
    return f'<w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} w:cs={name} w:hint="eastAsia"/>'


def _rpr(role: str, size: int, bold: bool | None = None, color: str | None = None) -> str:
    parts = [rfonts(role)]
    if bold is not None:
        v = "" if bold else ' w:val="0"'
        parts += [f"<w:b{v}/>", f"<w:bCs{v}/>"]
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    parts += [f'<w:sz w:val="{size}"/>', f'<w:szCs w:val="{size}"/>']
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _spacing(line: int = LINE_PITCH, before: int = 0, after: int = 0, rule: str = "exact") -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'


_NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'
_BODY_INDENT = f'<w:ind w:firstLine="{INDENT}" w:firstLineChars="{grid.INDENT * 100}"/>'


def _style(kind: str, sid: str, name: str, ppr: str = "", rpr: str = "", based: str | None = "Normal",
           nxt: str | None = None, extra: str = "", default: bool = False) -> str:
    attrs = f'w:type="{kind}" w:styleId="{sid}"' + (' w:default="1"' if default else "")
    out = [f"<w:style {attrs}>", f'<w:name w:val="{name}"/>']
    if based:
        out.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        out.append(f'<w:next w:val="{nxt}"/>')
    out.append(extra or "<w:qFormat/>")
    if ppr:
        out.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        out.append(rpr)
    out.append("</w:style>")
    return "".join(out)


#: paragraph and character styles the exporter uses, by styleId
STYLE_IDS = {
    "body": "Normal", "title": "Title", "footer": "Footer", "header": "Header",
    "table": "TableText", "table_head": "TableHeading", "table_small": "AttachmentTableText",
    "table_small_head": "AttachmentTableHeading", "attachment": "AttachmentMark",
    "attachment_title": "AttachmentTitle", "caption": "Caption", "figure": "Figure", "bullet": "ListBullet",
}


def heading_id(level: int) -> str:
    return f"Heading{level}"


def run_in_id(level: int) -> str:
    return f"RunInHeading{level}"


def run_in_char_id(level: int) -> str:
    return f"RunInHeading{level}Char"


def styles_xml() -> str:
    # no widow/orphan control (full pages) and no extra space between Chinese
    # and Latin or digits (it would push characters off the grid's columns).
    # A closing mark may hang past the right margin as Word's default lets it
    # (w:overflowPunct): turned off, LibreOffice 7.4 loses a cell on every
    # line of the grid
    body_ppr = (f"<w:widowControl w:val=\"0\"/>"
                f"<w:autoSpaceDE w:val=\"0\"/><w:autoSpaceDN w:val=\"0\"/>"
                f"{_spacing()}{_BODY_INDENT}<w:jc w:val=\"both\"/>")
    body_rpr = _rpr("fangsong", BODY_HALF_POINTS)
    styles = [
        f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">',
        "<w:docDefaults><w:rPrDefault><w:rPr>" + rfonts("fangsong")
        + f'<w:w w:val="{CHAR_SCALE}"/><w:kern w:val="2"/><w:sz w:val="{BODY_HALF_POINTS}"/><w:szCs w:val="{BODY_HALF_POINTS}"/>'
        + '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        + f"<w:pPrDefault><w:pPr>{_spacing()}</w:pPr></w:pPrDefault></w:docDefaults>",
        _style("paragraph", "Normal", "Normal", body_ppr, body_rpr, based=None, default=True),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", rpr=f"<w:rPr>{rfonts('fangsong')}</w:rPr>",
               based=None, extra='<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>', default=True),
        _style("table", "TableNormal", "Normal Table", rpr=f"<w:rPr>{rfonts('fangsong')}</w:rPr>", based=None,
               extra='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
                     '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                     '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                     '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>', default=True),
        _style("numbering", "NoList", "No List", based=None,
               extra='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>', default=True),
        # the 2号 title is off the character grid (a 22 pt character would take
        # two cells of it), still on the line grid through its exact spacing
        _style("paragraph", "Title", "Title", f'<w:snapToGrid w:val="0"/>{_spacing(after=LINE_PITCH)}{_NO_INDENT}'
               '<w:jc w:val="center"/>'
               '<w:outlineLvl w:val="9"/>', _rpr("xiaobiaosong", TITLE_HALF_POINTS, bold=False), nxt="Normal"),
    ]
    for level, role in HEADING_ROLES.items():
        bold = level in BOLD_LEVELS
        styles.append(_style(
            "paragraph", heading_id(level), f"heading {level}",
            f'<w:keepNext/><w:outlineLvl w:val="{level - 1}"/>', _rpr(role, BODY_HALF_POINTS, bold=bold),
            nxt="Normal", extra='<w:uiPriority w:val="9"/><w:qFormat/>'))
        # a run-in heading (1.做好…工作。正文…) is a body paragraph that carries
        # the outline level, so the navigation pane and a table of contents
        # list it; its heading words are a character style
        styles.append(_style(
            "paragraph", run_in_id(level), f"Run-in Heading {level}", f'<w:outlineLvl w:val="{level - 1}"/>',
            body_rpr, nxt="Normal"))
        styles.append(_style(
            "character", run_in_char_id(level), f"Run-in Heading {level} Char", rpr=_rpr(role, BODY_HALF_POINTS, bold=bold),
            based="DefaultParagraphFont"))
    table_ppr = f'<w:snapToGrid w:val="0"/>{_NO_INDENT}<w:jc w:val="left"/>'
    styles += [
        _style("paragraph", "TableText", "Table Text", table_ppr, _rpr("fangsong", SIZE_4)),
        _style("paragraph", "TableHeading", "Table Heading", '<w:jc w:val="center"/>', _rpr("heiti", SIZE_4),
               based="TableText"),
        _style("paragraph", "AttachmentTableText", "Attachment Table Text", _spacing(line=round(LINE_PITCH * 0.75)),
               _rpr("fangsong", SIZE_SMALL_4), based="TableText"),
        _style("paragraph", "AttachmentTableHeading", "Attachment Table Heading", '<w:jc w:val="center"/>',
               _rpr("heiti", SIZE_SMALL_4), based="AttachmentTableText"),
        _style("paragraph", "AttachmentMark", "Attachment Mark", f"<w:pageBreakBefore/>{_NO_INDENT}",
               _rpr("heiti", BODY_HALF_POINTS), nxt="AttachmentTitle"),
        _style("paragraph", "AttachmentTitle", "Attachment Title", f'<w:snapToGrid w:val="0"/>{_NO_INDENT}'
               '<w:jc w:val="center"/>'
               '<w:outlineLvl w:val="0"/>', _rpr("xiaobiaosong", TITLE_HALF_POINTS, bold=False)),
        _style("paragraph", "Caption", "caption", f"<w:keepNext/>{_NO_INDENT}", _rpr("heiti", BODY_HALF_POINTS)),
        _style("paragraph", "Figure", "Figure", f'{_spacing(line=240, rule="auto")}{_NO_INDENT}<w:jc w:val="center"/>',
               body_rpr),
        _style("paragraph", "ListBullet", "List Bullet", '<w:numPr><w:numId w:val="1"/></w:numPr>', body_rpr),
        _style("paragraph", "Footer", "footer", f'<w:snapToGrid w:val="0"/>{_spacing(line=PAGE_NUMBER_LINE)}'
               f"{_NO_INDENT}", _rpr("songti", SIZE_4), extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'),
        _style("paragraph", "Header", "header", f'<w:snapToGrid w:val="0"/>{_spacing(line=440)}{_NO_INDENT}'
               '<w:jc w:val="center"/>', _rpr("heiti", TITLE_HALF_POINTS, color="C00000"),
               extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'),
        _style("table", "TableGrid", "Table Grid", rpr=f"<w:rPr>{rfonts('fangsong')}</w:rPr>", based="TableNormal",
               extra='<w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>'
                     + "".join(f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
                               for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
                     + "</w:tblBorders></w:tblPr>"),
        "</w:styles>",
    ]
    return "".join(styles)


def font_table_xml() -> str:
    """Every face the styles name, with its Windows fallback as
    ``w:altName`` and the GB2312 charset."""
    entries = []
    for face in FACES.values():
        entries.append(
            f"<w:font w:name={quoteattr(face.name)}><w:altName w:val={quoteattr(face.windows)}/>"
            f'<w:panose1 w:val="{face.panose}"/><w:charset w:val="86"/><w:family w:val="{face.family}"/>'
            '<w:pitch w:val="variable"/></w:font>')
    return f'<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}">' + "".join(entries) + "</w:fonts>"




def numbering_xml() -> str:
    """One bullet list (numId 1), indented like a body paragraph. Numbered
    items are not Word lists: their （1）（2） are written as text, since WPS
    renumbers Word lists and copy-paste loses them."""
    return (
        f'<w:numbering xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{BULLET}"/>'
        '<w:lvlJc w:val="left"/><w:suff w:val="space"/>'
        f"<w:pPr>{_BODY_INDENT}</w:pPr><w:rPr>{rfonts('fangsong')}</w:rPr></w:lvl></w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
