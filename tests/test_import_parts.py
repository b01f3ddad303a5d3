"""The import's parts on their own: heading splitting, naming amounts, and
the writer's TOML read back exactly by the store."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_report.importer.outline import Line, build, split_heading
from tui_report.importer.pipeline import import_file
from tui_report.importer.prose_figures import Extractor, name_before
from tui_report.report.encoding import DecodeError, decode
from tui_report.report.folder_writer import FolderExists, write_report
from tui_report.report.model import Figure, Report, Section
from tui_report.report.store import load


def test_split_heading_run_in_and_verbatim():
    assert split_heading("做好科普工作。全年开展活动。") == ("做好科普工作", True, "全年开展活动。")
    assert split_heading("部门(单位)基本情况。") == ("部门(单位)基本情况。", False, "")
    assert split_heading("内控需完善，仍需强化。") == ("内控需完善，仍需强化", True, "")
    assert split_heading("为什么？因为如此。") == ("为什么？", True, "因为如此。")
    assert split_heading("开展“节约。”活动") == ("开展“节约。”活动", False, "")  # 。 inside quotes


def test_level_from_sequence_five_dun_after_four_and_two_dun_among_dots():
    text = "一、甲\n二、乙\n三、丙\n四、丁\n（一）x\n1.a\n2、b\n3.c\n5、戊\n八、己\n"
    o = build([Line(n, t) for n, t in enumerate(text.splitlines(), 1)])
    got = [(n.level, n.title) for n in o.walk()]
    assert got == [(1, "甲"), (1, "乙"), (1, "丙"), (1, "丁"), (2, "x"), (3, "a"), (3, "b"), (3, "c"),
                   (1, "戊"), (1, "己")]


def test_title_broken_across_two_lines_is_joined():
    o = build([Line(1, "某某单位"), Line(2, "2023年度部门整体支出绩效自评报告"), Line(3, "一、概况")])
    assert o.title == "某某单位2023年度部门整体支出绩效自评报告"
    assert [n.title for n in o.walk()] == ["概况"]


def test_names_before_amounts():
    t = "2022年预算批复150.32万元，其中基本支出125.32万元；项目支出总额为28.67万元"
    assert name_before(t, t.index("150")) == "预算批复"
    assert name_before(t, t.index("125")) == "基本支出"
    assert name_before(t, t.index("28.67")) == "项目支出总额"


def test_extractor_reads_amounts_exactly_and_keeps_other_numbers():
    ex = Extractor("万元")
    out = ex.replace("实际支出1,234.50万元，发放资料1万余份，参与300人，本年结余0.10元。", 1)
    assert out == "实际支出{{spend_total}}，发放资料1万余份，参与300人，本年结余{{balance_end}}。"
    figs = ex.result.figures
    assert figs["spend_total"].value == Decimal("1234.50")
    assert str(figs["balance_end"].value) == "0.10" and figs["balance_end"].unit == "元"
    assert ex.replace("项目支出，28.67万元；合计1，000.5万元", 2) == "项目支出，{{spend_project}}；合计{{amount_1}}"
    assert figs["amount_1"].value == Decimal("1000.5")


def test_decode_utf8_gb18030_and_refusal():
    assert decode("报告".encode()).encoding == "UTF-8"
    got = decode("报告：预算批复".encode("gb18030"))
    assert (got.text, got.encoding) == ("报告：预算批复", "GBK/GB18030")
    try:
        decode(b"ok\n\x00\x01\x02\xff\xfe\xfd\n")
    except DecodeError as exc:
        assert exc.line == 2
    else:
        raise AssertionError("binary bytes decoded")


text_st = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=40)


@settings(max_examples=40, deadline=None)
@given(title=text_st.filter(lambda t: "\n" not in t), body=text_st, label=text_st,
       value=st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9))
def test_writer_output_reads_back_exactly(tmp_path_factory, title, body, label, value):
    dest = tmp_path_factory.mktemp("w") / "r"
    report = Report(root=dest, title=title, department=label, year=2023,
                    figures={"amount_1": Figure("amount_1", label=label, value=value, unit="元")},
                    sections=[Section(title=title, body=body, children=[Section(title="子", body=body, run_in=True)])])
    write_report(report, dest)
    back = load(dest)
    assert back.title == title and back.department == label
    assert back.sections[0].title == title
    assert back.sections[0].body == body
    assert back.sections[0].children[0].body == body
    assert back.sections[0].children[0].run_in
    fig = back.figures["amount_1"]
    assert (fig.label, fig.value, fig.unit) == (label, value, "元")


def test_writer_never_writes_into_a_folder_with_files(tmp_path):
    dest = tmp_path / "r"
    dest.mkdir()
    (dest / "keep.txt").write_text("x", encoding="utf-8")
    try:
        write_report(Report(root=dest, title="t", department="", year=2023), dest)
    except FolderExists:
        pass
    else:
        raise AssertionError("wrote into a folder with files")
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]


def test_three_public_names_with_quotes_and_brackets_get_their_identity(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("一、“三公”经费\n1.数量指标：完成检查120次。\n"
                   "2023年“三公”经费支出12.50万元，其中因公出国（境）费0万元，"
                   "公务用车购置及运行费8.00万元，公务接待费4.50万元。\n", encoding="utf-8")
    imp = import_file(src)
    figs = {fid: (f.label, f.value) for fid, f in imp.report.figures.items()}
    assert figs == {"three_public": ("三公经费", Decimal("12.50")), "travel_abroad": ("因公出国（境）费", Decimal("0")),
                    "vehicles": ("公务用车购置及运行费", Decimal("8.00")), "reception": ("公务接待费", Decimal("4.50"))}
    assert [c.id for c in imp.report.checks] == ["three-public"]
    item = imp.report.sections[0].children[0]
    assert (item.title, item.run_in) == ("数量指标：", True)  # run in: the heading ends at its colon
    first, rest = item.body.split("\n", 1)
    assert first == "完成检查120次。"
    assert rest.startswith("{{year}}年“三公”经费支出{{three_public}}，其中因公出国（境）费{{travel_abroad}}")


def test_a_file_of_one_short_line_is_text_not_a_title(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("芙蓉区科协\n", encoding="utf-8")
    imp = import_file(src, year=2023)
    assert [(s.title, s.body) for s in imp.report.sections] == [("正文", "芙蓉区科协")]
    assert any("未找到任何编号标题" in n.message for n in imp.notes)
