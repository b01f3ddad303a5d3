"""Import of crafted variants of a report: encodings, line endings, width
mixes, wrong and skipped numbering, no headings, empty files, Word files."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from tui_report.render.text import to_text
from tui_report.report.store import load

from .conftest import run_cli

REPORT = """\
某某单位2023年度部门整体支出绩效自评报告
一、部门概况
（一）基本情况
本单位内设科室3个。
(二)整体支出规模
2023年预算批复100.50万元，全年实际到位资金120.00万元；实际支出110.00万元，其中基本支出80.00万元，项目支出30.00万元；上年结余0元，本年结余10.00万元。
二、绩效情况
1.做好科普工作。全年开展活动20场。
2、做好服务工作。走访企业30家。
3.其他工作
（1）第一项工作。
（2）第二项工作。
3、存在的问题
无。
"""


def write(tmp_path: Path, text: str | bytes, name: str = "r.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def do_import(tmp_path: Path, src: Path, *args: str, dest: str = "out"):
    res = run_cli("import", str(src), "-o", str(tmp_path / dest), *args)
    return res, tmp_path / dest


def outline(report) -> list[tuple[int, str]]:
    return [(level, s.title) for s, level in report.walk()]


EXPECTED = [
    (1, "部门概况"), (2, "基本情况"), (2, "整体支出规模"),
    (1, "绩效情况"), (2, "做好科普工作"), (2, "做好服务工作"), (2, "其他工作"),
    (1, "存在的问题"),
]


def test_crafted_report_levels_run_in_items_and_figures(tmp_path):
    res, dest = do_import(tmp_path, write(tmp_path, REPORT))
    assert res.returncode == 0, res.stderr
    r = load(dest)
    assert outline(r) == EXPECTED  # 1. under 二、 with no （一） is placed one level down
    perf = r.sections[1]
    assert [c.run_in for c in perf.children] == [True, True, False]
    assert perf.children[0].body == "全年开展活动20场。"
    assert perf.children[2].body == "1. 第一项工作。\n1. 第二项工作。"  # a list, not headings
    assert r.department == "某某单位" and r.year == 2023
    assert r.figures["budget_approved"].value == Decimal("100.50")
    assert r.figures["balance_end"].value == Decimal("10.00") and r.figures["balance_end"].unit is None
    assert r.figures["balance_start"].unit == "元"
    assert "{{year}}年预算批复{{budget_approved}}" in r.sections[0].children[1].body
    assert {c.id for c in r.checks} == {"spend-sum", "balance"}
    text = to_text(r)
    assert "三、存在的问题" in text  # `3、` after 二、 continues level 1
    assert "第13行「3、」按顺序是一级标题" in res.stdout
    assert res.stdout.count("上面缺少一级标题") == 1  # said once for the three of them
    assert "（二）做好服务工作。走访企业30家。" in text
    assert "上面缺少一级标题" in res.stdout


def test_gbk_file_is_detected_and_reads_the_same(tmp_path):
    utf8 = load(do_import(tmp_path, write(tmp_path, REPORT), dest="a")[1])
    res, dest = do_import(tmp_path, write(tmp_path, REPORT, "gbk.txt", "gbk"), dest="b")
    assert res.returncode == 0, res.stderr
    assert "GB18030" in res.stdout
    assert to_text(load(dest)) == to_text(utf8)


def test_windows_line_endings_and_bom_read_the_same(tmp_path):
    utf8 = load(do_import(tmp_path, write(tmp_path, REPORT), dest="a")[1])
    crlf = "\ufeff" + REPORT.replace("\n", "\r\n")
    res, dest = do_import(tmp_path, write(tmp_path, crlf, "crlf.txt"), dest="b")
    assert res.returncode == 0, res.stderr
    got = load(dest)
    assert to_text(got) == to_text(utf8)
    assert all("\r" not in s.body and "\r" not in s.title for s, _ in got.walk())
    assert b"\r" not in (dest / "sections" / "overview.toml").read_bytes()


def test_full_and_half_width_numbers_mixed(tmp_path):
    text = ("一、甲\n（一）乙\n１．丙\n（１）丁有正文\n正文一\n(2)戊\n正文二\n２. 己\n(二)庚\n"
            "二．辛\n（ 一 ）壬\n")
    res, dest = do_import(tmp_path, write(tmp_path, text), "--year", "2023")
    assert res.returncode == 0, res.stderr
    assert outline(load(dest)) == [
        (1, "甲"), (2, "乙"), (3, "丙"), (4, "丁有正文"), (4, "戊"), (3, "己"), (2, "庚"),
        (1, "辛"), (2, "壬"),
    ]


def test_headings_skipping_a_level_nest_one_level_down(tmp_path):
    text = "一、甲\n1.乙\n正文\n（1）丙\n正文\n（2）丙二\n正文\n二、丁\n（一）戊\n1.己\n"
    res, dest = do_import(tmp_path, write(tmp_path, text), "--year", "2023")
    assert res.returncode == 0, res.stderr
    assert outline(load(dest)) == [(1, "甲"), (2, "乙"), (3, "丙"), (3, "丙二"), (1, "丁"), (2, "戊"), (3, "己")]
    assert "第2行「1.乙」上面缺少一级标题，已作为第2级" in res.stdout


def test_file_with_no_headings_becomes_one_section_with_a_message(tmp_path):
    text = "今年我们做了很多工作。\n预算批复50万元，已全部执行。\n"
    res, dest = do_import(tmp_path, write(tmp_path, text), "--year", "2023")
    assert res.returncode == 0, res.stderr
    r = load(dest)
    assert [(s.title, s.body) for s in r.sections] == [("正文", "今年我们做了很多工作。\n预算批复{{budget_approved}}，已全部执行。")]
    assert "未找到任何编号标题" in res.stdout and "全文已放入一个章节“正文”" in res.stdout


def test_empty_file_is_a_clear_error_and_creates_nothing(tmp_path):
    for name, data in (("empty.txt", b""), ("blank.txt", b" \r\n\n\t\n")):
        res, dest = do_import(tmp_path, write(tmp_path, data, name), dest=name + ".out")
        assert res.returncode == 2
        assert f"{name}:1: error: 文件是空的" in res.stderr
        assert not dest.exists()


def test_undecodable_bytes_name_the_line_and_what_to_do(tmp_path):
    data = "一、概况\n正文\n".encode() + b"\x80\x81\xfe\xff caf\xe9\n"
    res, dest = do_import(tmp_path, write(tmp_path, data, "bad.txt"))
    assert res.returncode == 2
    assert "bad.txt:3: error:" in res.stderr and "另存为”UTF-8" in res.stderr
    assert not dest.exists()


def test_missing_file_and_old_word_format(tmp_path):
    res, _ = do_import(tmp_path, tmp_path / "nope.txt")
    assert res.returncode == 2 and "文件不存在" in res.stderr
    res, _ = do_import(tmp_path, write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old.doc"))
    assert res.returncode == 2 and "另存为” .docx" in res.stderr


def test_import_refuses_a_folder_with_files_in_it(tmp_path):
    src = write(tmp_path, REPORT)
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", encoding="utf-8")
    res = run_cli("import", str(src), "-o", str(dest))
    assert res.returncode == 2
    assert "文件夹已存在且不为空" in res.stderr
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run_cli("import", str(src), "-o", str(empty))
    assert res.returncode == 0, res.stderr
    assert (empty / "report.toml").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_untrusted_text_is_kept_verbatim_and_never_evaluated(tmp_path):
    text = ("一、标题 \"引号\" 与 \\反斜杠\n正文含 ''' 三个单引号与 \"\"\" 三个双引号。\n"
            "{{__import__('os').system('echo pwned')}} 与 {{year}}\n")
    res, dest = do_import(tmp_path, write(tmp_path, text), "--year", "2023")
    assert res.returncode == 0, res.stderr
    r = load(dest)
    assert r.sections[0].title == "标题 \"引号\" 与 \\反斜杠"
    assert r.sections[0].body.splitlines()[0] == "正文含 ''' 三个单引号与 \"\"\" 三个双引号。"
    assert "pwned" not in res.stdout
    assert "含“{{”" in res.stdout  # said in the summary


def test_amounts_reuse_a_figure_only_for_the_same_name_and_value(tmp_path):
    text = ("一、概况\n预算批复100万元，基本支出60万元。\n"
            "二、支出\n基本支出财政拨款60万元，培训费5万元，培训费5万元，印刷费5万元，基本支出70万元。\n")
    res, dest = do_import(tmp_path, write(tmp_path, text), "--year", "2023")
    assert res.returncode == 0, res.stderr
    r = load(dest)
    body = r.sections[1].body
    assert body.startswith("基本支出财政拨款{{spend_basic}}，")  # same figure, known name
    ids = [m for m in body.split("{{")[1:]]
    ids = [i.split("}}")[0] for i in ids]
    assert ids[1] == ids[2] != ids[3]  # 培训费 twice: one figure; 印刷费: another
    assert r.figures[ids[1]].label == "培训费" and r.figures[ids[3]].label == "印刷费"
    assert ids[4] == "spend_basic_2" and r.figures["spend_basic_2"].value == Decimal("70")


# --- Word ----------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(text: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    body = "".join(paragraphs)
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc>{_p(c)}</w:tc>" for c in row) + "</w:tr>" for row in table)
        body += f"<w:tbl>{rows}</w:tbl>"
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'
    styles = (f'<?xml version="1.0"?><w:styles {W}>'
              '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>'
              '</w:styles>')
    numbering = (f'<?xml version="1.0"?><w:numbering {W}><w:abstractNum w:abstractNumId="0">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", doc)
        zf.writestr("word/styles.xml", styles)
        zf.writestr("word/numbering.xml", numbering)
    return path


def test_docx_with_automatic_numbering_and_heading_styles(tmp_path):
    src = make_docx(tmp_path / "r.docx", [
        _p("某某单位2023年度部门整体支出绩效自评报告"),
        _p("部门概况", num=(1, 0)),          # 一、 from numbering.xml
        _p("基本情况", num=(1, 1)),          # （一）
        f"<w:sdt><w:sdtContent>{_p('预算批复88.8万元。')}</w:sdtContent></w:sdt>",  # in a content control
        _p("支出情况", num=(1, 1)),          # （二）
        _p("附表", style="1"),               # Heading 1 with no number: level 1
        _p("说明", style="2"),
    ], table=[["项目", "金额"], ["合计", "88.8"]])
    res, dest = do_import(tmp_path, src)
    assert res.returncode == 0, res.stderr
    r = load(dest)
    assert outline(r) == [(1, "部门概况"), (2, "基本情况"), (2, "支出情况"), (1, "附表"), (2, "说明")]
    assert r.figures["budget_approved"].value == Decimal("88.8")
    assert r.sections[1].children[0].body == "| 项目 | 金额 |\n| 合计 | 88.8 |"
    assert "Word" in res.stdout and "第" in res.stdout


def test_docx_with_entity_declarations_is_refused(tmp_path):
    src = tmp_path / "evil.docx"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                                         f'<w:document {W}><w:body>{_p("&a;")}</w:body></w:document>')
    res, dest = do_import(tmp_path, src)
    assert res.returncode == 2
    assert "DOCTYPE" in res.stderr and not dest.exists()
