"""The unit's name read from the evidence the text has: where it stands
(a title, a field, a signature, the subject of a sentence), and which words
go on after it — never a list of units, a unit named by a preposition's
object, or a name inside a project's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_report.importer.metadata import department_and_source, department_of, year_of
from tui_report.importer.pipeline import import_file, summary


@pytest.mark.parametrize(("line", "name"), [
    ("从单位构成看，区政协包括办公室、提案委员会、文史委员会。", "区政协"),
    ("说明：某某镇人民政府没有使用国有资本经营预算安排支出，故本表无数据。", "某某镇人民政府"),
    ("3.人员情况，某某县人民代表大会常务委员会部门2022年末实有人员编制20人。", "某某县人民代表大会常务委员会"),
    ("年度目标：保障某某融媒体中心正常运转，有效承担新闻宣传工作。", "某某融媒体中心"),
])
def test_the_subject_of_a_clause_that_says_what_the_unit_is_or_has(line, name):
    assert department_and_source(None, ["一、部门概况", line]) == (name, "正文")


@pytest.mark.parametrize("line", [
    "政协章程规定，政协全国委员会和各级地方委员会的主要职能是政治协商、民主监督。",  # a list of units
    "新增政府性基金，主要用于保健院住院楼项目建设购置设备。",  # a name inside a project's
    "本年度，根据县财政局的要求，开展了绩效自评工作。",  # the object of 根据
    "全年支出100万元，县财政局下达资金50万元。",  # another unit acting
])
def test_no_unit_is_read_from_a_clause_that_is_not_about_the_reporting_unit(line):
    assert department_of(None, ["一、部门概况", line]) == ""


def test_a_year_before_the_name_in_a_title_is_not_part_of_it():
    assert department_of("2022某某县卫生健康局本级决算公开", []) == "某某县卫生健康局"


def test_the_summary_says_where_the_name_was_read(tmp_path: Path):
    src = tmp_path / "r.txt"
    src.write_text("一、部门概况\n说明：某某镇人民政府没有使用政府性基金。\n二、支出情况\n2023年支出100.00万元。\n",
                   encoding="utf-8")
    imp = import_file(src)
    assert imp.report.department == "某某镇人民政府"
    assert "单位：某某镇人民政府（取自正文中以它为主语的句子" in summary(imp, str(tmp_path / "out"))
    src.write_text("某某镇人民政府2023年度部门决算\n一、部门概况\n无。\n", encoding="utf-8")
    assert "单位：某某镇人民政府（取自标题" in summary(import_file(src), str(tmp_path / "out"))


def test_a_title_that_is_the_year_and_the_units_name_alone_gives_the_name():
    assert department_of("2023年度某某市某某街道办事处", []) == "某某市某某街道办事处"


def test_no_name_is_read_from_lines_that_are_no_title():
    """The first lines read as one title when there is none: a heading and
    the sentence after it do not make a unit's name (一、…根据《某某省财政厅)."""
    assert department_of("一、资金下达情况根据《某某省财政厅关于下达资金的通知》", []) == ""


def test_a_forms_field_names_the_office_by_its_short_name():
    lines = ["项目名称            代表之家", "项目单位          某某区人大办", "项目地址", "某某区人大常委会"]
    assert department_and_source(None, lines) == ("某某区人大办", "栏目")


def test_the_year_of_a_date_or_of_a_cited_document_weighs_less_than_the_year_the_money_is_of():
    lines = ["根据《某某省财政厅关于2025年专项资金的通知》，2024年下达我区资金440万元。",
             "截至2025年6月已拨付资金100.6万元。", "某某区2024年专项资金440万元已分配下达。"]
    assert year_of(None, lines) == 2024
    # with nothing else to go by, a date still names the year
    assert year_of(None, ["报告日期：2025年6月30日"]) == 2025

