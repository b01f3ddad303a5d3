"""`export --format docx`, read back with python-docx and lxml: page and
grid, styles and their fonts in every slot (never a theme font), headings as
Word's heading styles with their numbers as text, footers with PAGE fields on
odd and even pages, tables, emphasis and bullets, document properties; the
DOCX is not guarded like the PDF; report text cannot make it read a file
outside the folder; and importing it gives the same report back."""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from lxml import etree

from tui_report.export import docx_parts as P
from tui_report.export.docx import build, fit_widths
from tui_report.export.docx_compat import element
from tui_report.render.blocks import blocks
from tui_report.render.text import to_text
from tui_report.report.store import load

from .conftest import SAMPLE, run_cli

pytestmark = pytest.mark.xdist_group("docx-export")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The sample exported by the command line with no ``-o``: it goes to
    ``<folder>.docx`` in the current folder, and no --draft is needed."""
    cwd = tmp_path_factory.mktemp("docx")
    res = run_cli("export", str(SAMPLE), "--format", "docx", cwd=cwd)
    assert res.returncode == 0, res.stderr
    return cwd / f"{SAMPLE.name}.docx", res.stderr


@pytest.fixture(scope="module")
def document(exported):
    return docx.Document(str(exported[0]))


@pytest.fixture(scope="module")
def parts(exported):
    with zipfile.ZipFile(exported[0]) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def xml(parts, name):
    return etree.fromstring(parts[name])


# --- the command --------------------------------------------------------------


def test_default_output_and_not_guarded(exported):
    path, stderr = exported
    assert path.is_file() and path.read_bytes().startswith(b"PK")
    assert f"已导出 {path}" in stderr
    # the sample fails its balance check: a PDF is refused without --draft,
    # the DOCX (the working file the bureau edits) is not
    assert "未导出" not in stderr


def test_pdf_of_the_same_report_is_still_refused(tmp_path):
    res = run_cli("export", str(SAMPLE), "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
    assert res.returncode == 1 and "未导出 PDF" in res.stderr


# --- page and grid ------------------------------------------------------------


def test_a4_margins_and_the_22_by_28_grid(document, parts):
    section = document.sections[0]
    assert section.page_width == pytest.approx(Mm(210), abs=Mm(0.1))
    assert section.page_height == pytest.approx(Mm(297), abs=Mm(0.1))
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert getattr(section, f"{side}_margin") == pytest.approx(Mm(mm), abs=Mm(0.1)), side
    grid = xml(parts, "word/document.xml").find(".//w:sectPr/w:docGrid", NS)
    assert grid.get(W + "type") == "linesAndChars"
    pitch, space = int(grid.get(W + "linePitch")), int(grid.get(W + "charSpace"))
    text_height = 16838 - 2098 - 1984  # twips
    text_width = 11906 - 1587 - 1474
    assert text_height // pitch == 22 and 22 * pitch <= text_height < 23 * pitch
    char = (16 + space / 4096) * 20  # twips: Word's pitch is the body size plus charSpace/4096 pt
    assert int(text_width // char) == 28
    assert text_width - 28 * char < 1  # and the 28 fill the line to within a twip


def test_body_is_fangsong_16pt_exact_on_the_grid_indented_two_characters(parts):
    styles = xml(parts, "word/styles.xml")
    normal = styles.find('w:style[@w:styleId="Normal"]', NS)
    assert normal.find("w:rPr/w:sz", NS).get(W + "val") == "32"
    assert normal.find("w:rPr/w:rFonts", NS).get(W + "eastAsia") == "仿宋_GB2312"
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert spacing.get(W + "lineRule") == "exact" and spacing.get(W + "line") == str(P.LINE_PITCH)
    assert spacing.get(W + "before") == spacing.get(W + "after") == "0"
    ind = normal.find("w:pPr/w:ind", NS)
    assert ind.get(W + "firstLineChars") == "200"
    assert int(ind.get(W + "firstLine")) == pytest.approx(2 * 15.794 * 20, abs=2)
    assert normal.find("w:pPr/w:widowControl", NS).get(W + "val") == "0"  # full pages
    # 98 % wide: LibreOffice then keeps each character in one grid cell (docx_parts)
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:w", NS).get(W + "val") == "98"


def test_title_is_xiaobiaosong_22pt_centred(document, parts):
    title = document.paragraphs[0]
    assert title.style.name == "Title"
    assert title.text == "长沙市芙蓉区科学技术协会2022年度部门整体支出绩效自评报告"
    st = xml(parts, "word/styles.xml").find('w:style[@w:styleId="Title"]', NS)
    assert st.find("w:rPr/w:sz", NS).get(W + "val") == "44"
    assert st.find("w:pPr/w:jc", NS).get(W + "val") == "center"
    assert st.find("w:rPr/w:rFonts", NS).get(W + "eastAsia") == "方正小标宋简体"


# --- fonts --------------------------------------------------------------------


def test_every_style_names_its_face_in_all_four_slots_and_no_theme_font(parts):
    styles = xml(parts, "word/styles.xml")
    checked = 0
    for st in styles.findall("w:style", NS):
        if st.get(W + "type") == "numbering":
            continue
        fonts = st.find("w:rPr/w:rFonts", NS)
        assert fonts is not None, st.get(W + "styleId")
        names = {fonts.get(W + slot) for slot in SLOTS}
        assert len(names) == 1 and None not in names, (st.get(W + "styleId"), names)
        assert names <= {f.name for f in P.FACES.values()}
        checked += 1
    assert checked >= 20
    for name, data in parts.items():
        if name.endswith(".xml"):
            assert not re.search(rb'w:(ascii|hAnsi|eastAsia|cs)Theme=', data), name


def test_heading_levels_use_heiti_kaiti_fangsong_fangsong(parts):
    styles = xml(parts, "word/styles.xml")
    want = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    for level, face in want.items():
        st = styles.find(f'w:style[@w:styleId="Heading{level}"]', NS)
        assert st.find("w:name", NS).get(W + "val") == f"heading {level}"  # Word's own: navigation pane, TOC
        assert st.find("w:pPr/w:outlineLvl", NS).get(W + "val") == str(level - 1)
        assert st.find("w:pPr/w:keepNext", NS) is not None
        assert st.find("w:rPr/w:rFonts", NS).get(W + "eastAsia") == face
        bold = st.find("w:rPr/w:b", NS)
        assert (bold is not None and bold.get(W + "val") is None) == (level == 3)


def test_font_table_names_the_windows_faces_as_fallbacks(parts):
    table = xml(parts, "word/fontTable.xml")
    alt = {f.get(W + "name"): f.find("w:altName", NS).get(W + "val") for f in table.findall("w:font", NS)}
    assert alt == {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "黑体": "SimHei", "楷体_GB2312": "楷体",
                   "宋体": "SimSun"}
    assert {f.find("w:charset", NS).get(W + "val") for f in table.findall("w:font", NS)} == {"86"}


# --- headings and body --------------------------------------------------------


def test_headings_carry_their_computed_numbers_as_text(document):
    heads = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    want = [(f"Heading {b.level}", f"{b.number}{b.text}") for b in blocks(load(SAMPLE))
            if b.kind == "heading" and not b.run_in]
    assert heads == want
    assert ("Heading 1", "五、政府性基金预算支出情况") in heads
    assert not any(element(p).find(".//w:numPr", NS) is not None for p in document.paragraphs
                   if p.style.name.startswith("Heading"))  # no Word list numbering


def test_run_in_headings_are_outline_paragraphs_with_a_heading_run(document):
    para = next(p for p in document.paragraphs if p.text.startswith("1.做好市对区绩效评估"))
    assert para.style.name == "Run-in Heading 3"
    head = "".join(r.text for r in para.runs if r.style.name == "Run-in Heading 3 Char")
    assert head == "1.做好市对区绩效评估“党建带群建”相关工作。"
    assert len(para.text) > len(head)  # the body follows in the same paragraph


def test_footers_put_a_page_field_right_on_odd_and_left_on_even_pages(document, parts):
    assert xml(parts, "word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    section = document.sections[0]
    for footer, jc, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        (para,) = footer.paragraphs
        ppr = element(para).pPr
        assert ppr.find("w:jc", NS).get(W + "val") == jc
        assert int(ppr.find("w:ind", NS).get(W + side)) == 14 * 20  # one 4号 character in
        instr = "".join(t.text for t in element(para).iterfind(".//w:instrText", NS))
        assert instr.strip() == "PAGE"
        kinds = [f.get(W + "fldCharType") for f in element(para).iterfind(".//w:fldChar", NS)]
        assert kinds == ["begin", "separate", "end"]
        assert re.fullmatch(r"— \d —", para.text)
    footer = xml(parts, "word/styles.xml").find('w:style[@w:styleId="Footer"]', NS)
    assert footer.find("w:rPr/w:rFonts", NS).get(W + "eastAsia") == "宋体"
    assert footer.find("w:rPr/w:sz", NS).get(W + "val") == "28"


def test_document_properties(document):
    props = document.core_properties
    assert props.title == "长沙市芙蓉区科学技术协会2022年度部门整体支出绩效自评报告"
    assert props.author == "长沙市芙蓉区科学技术协会"
    assert props.language == "zh-CN"


def test_the_scorecard_follows_as_an_attachment_on_its_own_page(document):
    paras = document.paragraphs
    k = next(i for i, p in enumerate(paras) if p.text == "附件")
    assert paras[k].style.name == "Attachment Mark"
    assert paras[k].style.paragraph_format.page_break_before
    assert "自评表" in paras[k + 1].text
    assert len(document.tables) == 3
    assert document.tables[-1].rows[0].cells[2].text == "三级指标"


def test_theme_parts_of_the_template_are_gone(parts):
    assert "word/stylesWithEffects.xml" not in parts and "docProps/thumbnail.jpeg" not in parts
    assert b"ja-JP" not in parts["word/settings.xml"]


# --- Markdown in the prose ----------------------------------------------------


def _report(root: Path, body: str) -> Path:
    (root / "sections").mkdir(parents=True)
    (root / "report.toml").write_text(textwrap.dedent("""\
        title = "{{department}}{{year}}年度部门整体支出绩效自评报告"
        department = "示例局"
        year = 2023
        unit = "万元"
        sections = ["main"]
        """), encoding="utf-8")
    (root / "sections" / "main.toml").write_text(
        'title = "支出明细"\nbody = \'\'\'\n' + body + "\n'''\n", encoding="utf-8")
    return root


def test_tables_emphasis_and_bullets(tmp_path):
    root = _report(tmp_path / "r", textwrap.dedent("""\
        本年是**加粗**、*斜体*的文字，<b>原样</b>。
        | 项目名称 | 金额（万元） | 说明 |
        |---|---|---|
        | 科普活动经费 | 12.50 | 按计划完成全年二十场次科普日活动 |
        | 合计 | 12.50 | |
        - 第一条
        - 第二条"""))
    data, warnings = build(load(root))
    assert warnings == []
    doc = docx.Document(__import__("io").BytesIO(data))
    para = next(p for p in doc.paragraphs if "加粗" in p.text)
    assert [r.text for r in para.runs if r.bold] == ["加粗"]
    assert [r.text for r in para.runs if r.italic] == ["斜体"]
    assert "<b>原样</b>" in para.text
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["项目名称", "金额（万元）", "说明"]
    tbl = element(table)
    assert tbl.find("w:tblPr/w:tblStyle", NS).get(W + "val") == "TableGrid"
    assert tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None  # repeated on every page
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in tbl.findall("w:tr", NS))
    widths = [int(c.get(W + "w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == P.TEXT_WIDTH and widths[2] > widths[1]
    assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"  # 黑体
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # numbers right-aligned
    body = doc.element.body
    kids = [el for el in body if el.tag in (W + "p", W + "tbl")]
    k = kids.index(tbl)
    assert kids[k - 1].tag == kids[k + 1].tag == W + "p"  # a blank grid line above and below
    assert "".join(kids[k - 1].itertext()) == "".join(kids[k + 1].itertext()) == ""
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in bullets] == ["第一条", "第二条"]
    numbering = etree.fromstring(doc.part.numbering_part.blob)
    assert numbering.find(".//w:numFmt", NS).get(W + "val") == "bullet"


def test_fitted_widths_fill_the_text_block():
    rows = [["项目", "金额", "很长的说明" * 10], ["a", "1.00", "x"]]
    widths = fit_widths(rows, 280)
    assert sum(widths) == P.TEXT_WIDTH
    assert widths[0] >= 2 * 280 and widths[2] > widths[0] + widths[1]
    assert sum(fit_widths([["一", "二"]], 280)) == P.TEXT_WIDTH


def test_hostile_text_and_pictures_outside_the_folder(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    report = load(_report(tmp_path / "r", "正文"))
    # characters no TOML file can carry, but a model built in memory (the
    # editor's) may: XML 1.0 cannot hold them either
    report.sections[0].body = (f"控制字符\x01\x0b与代理\ud800照样导出。![图]({secret}) [链接](http://example.invalid/x)"
                               "![管道](/dev/zero)")
    data, warnings = build(report)
    doc = docx.Document(__import__("io").BytesIO(data))
    text = "".join(p.text for p in doc.paragraphs)
    assert "控制字符与代理照样导出。" in text and "链接" in text
    assert any("文件不在报告文件夹内" in w for w in warnings)
    assert any("链接 http://example.invalid/x 不写入 DOCX" in w for w in warnings)
    assert not any(n.startswith("word/media/") for n in zipfile.ZipFile(__import__("io").BytesIO(data)).namelist())


def test_draft_marks_the_headers(tmp_path):
    out = tmp_path / "d.docx"
    res = run_cli("export", str(SAMPLE), "--format", "docx", "--draft", "-o", str(out))
    assert res.returncode == 0, res.stderr
    section = docx.Document(str(out)).sections[0]
    assert section.header.paragraphs[0].text == section.even_page_header.paragraphs[0].text == "草稿"


def test_refused_destination_leaves_nothing(tmp_path):
    res = run_cli("export", str(SAMPLE), "--format", "docx", "-o", str(SAMPLE / "report.toml"))
    assert res.returncode == 2
    assert (SAMPLE / "report.toml").read_text(encoding="utf-8").startswith(("#", "title"))


# --- round trip ---------------------------------------------------------------


def test_importing_the_docx_gives_the_same_report(exported, tmp_path):
    dest = tmp_path / "imported"
    res = run_cli("import", str(exported[0]), "-o", str(dest))
    assert res.returncode == 0, res.stderr
    assert to_text(load(dest)) == to_text(load(SAMPLE))
    assert "附件" in res.stdout and "未导入" in res.stdout  # the 自评表 is said to be left out
