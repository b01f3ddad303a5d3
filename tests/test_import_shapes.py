"""Each shape of plain text that published reports arrive in imports to the
right outline (the shapes of tests/corpus/, made small here so that each
rule is pinned by a test of its own)."""

from __future__ import annotations

from pathlib import Path

from tui_report.importer.pipeline import import_file, summary


def _import(tmp_path: Path, text: str):
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    return import_file(src)


def headings(imp) -> list[tuple[int, str]]:
    return [(n.level, n.title) for n in imp.outline.walk() if not n.supplied]


ONE_PER_LINE = """某某局2023年度部门整体支出绩效自评报告
一、部门基本情况
本局内设科室5个，在职人员32人，主要职责是负责全县的相关管理工作，统筹推进各项重点任务
二、部门整体支出情况
2023年全年支出1268.40万元，其中基本支出868.40万元，项目支出400.00万元
三、部门项目组织实施情况
严格执行项目管理制度，项目资金按进度拨付，确保专款专用，未发生挤占挪用现象，资金使用规范
四、存在的问题
部分项目绩效目标设置不够细化，个别指标难以量化考核，需要在下一年度进一步完善
"""


def test_one_heading_or_paragraph_per_line_keeps_every_heading_apart(tmp_path):
    imp = _import(tmp_path, ONE_PER_LINE)
    assert headings(imp) == [(1, "部门基本情况"), (1, "部门整体支出情况"), (1, "部门项目组织实施情况"), (1, "存在的问题")]
    assert not any(n.run_in for n in imp.outline.walk())
    third = imp.outline.sections[2]
    assert third.body == ["严格执行项目管理制度，项目资金按进度拨付，确保专款专用，未发生挤占挪用现象，资金使用规范"]
    said = summary(imp, "out")
    assert "连成一片" not in said and "折行" not in said  # nothing was flattened or wrapped: nothing said


def test_a_colon_ends_a_run_in_heading_and_its_arithmetic_stays_in_the_text(tmp_path):
    imp = _import(tmp_path, "一、部门收支\n（三）年度收支：全年收入1268.40万元，其中财政拨款1000.00万元，其他收入268.40万元；\n")
    node = imp.outline.sections[0].children[0]
    assert (node.title, node.run_in) == ("年度收支：", True)
    assert node.body[0].startswith("全年收入1268.40万元")
    assert any("==" in c.rule for c in imp.report.checks)  # the 其中 breakdown is proposed, not lost in a title


def test_1_under_yi_with_no_paren_level_is_the_second_level(tmp_path):
    imp = _import(tmp_path, "一、部门概况\n1、职能职责\n负责全县工作。\n2、机构设置\n内设科室3个。\n二、支出情况\n全年支出10万元。\n")
    assert headings(imp) == [(1, "部门概况"), (2, "职能职责"), (2, "机构设置"), (1, "支出情况")]


def test_one_line_flattened_text_is_split_at_its_headings(tmp_path):
    text = ("关于2023年度资金使用情况的报告 根据要求，现将有关情况报告如下：一、资金下达情况 (一)省级下达资金。"
            "省级共下达资金120.00万元，已全部拨付到位。(二)县级配套资金。县级配套资金30.00万元，已拨付25.00万元。"
            "二、资金使用情况 全年共使用资金145.00万元，主要用于设备购置和人员培训。三、存在的问题 部分资金拨付进度偏慢。")
    imp = _import(tmp_path, text)
    titles = [t for _, t in headings(imp)]
    assert titles[:5] == ["资金下达情况", "省级下达资金", "县级配套资金", "资金使用情况", "存在的问题"]
    assert not any("未找到任何编号标题" in n.message for n in imp.notes)


def test_a_number_followed_by_a_year_keeps_its_number(tmp_path):
    imp = _import(tmp_path, "一、项目情况\n1.2022年网络安全等级保护经费\n全年支出5.00万元。\n2.2023年信息化运维经费\n全年支出8.00万元。\n")
    assert headings(imp) == [(1, "项目情况"), (2, "2022年网络安全等级保护经费"), (2, "2023年信息化运维经费")]


def test_table_of_contents_lines_are_dropped_and_said(tmp_path):
    text = ("某某中心2023年度单位决算\n目录\n第一部分 单位概况\n一、主要职责……………………1\n二、人员情况 3\n"
            "第二部分 决算情况说明\n第一部分 单位概况\n一、主要职责\n负责全市有关工作。\n二、人员情况\n在职人员12人。\n"
            "第二部分 决算情况说明\n全年支出100.00万元。\n")
    imp = _import(tmp_path, text)
    assert headings(imp) == [(1, "单位概况"), (2, "主要职责"), (2, "人员情况"), (1, "决算情况说明")]
    assert any("目录" in n.message for n in imp.notes)
    assert imp.report.department == "某某中心"


def test_contents_with_page_numbers_in_brackets_are_dropped_and_a_text_of_only_contents_says_so(tmp_path):
    text = ("目录\n一、概况..................................( 1 )\n(一)部门职责......................( 1)\n"
            "(二)机构设置......................( 2)\n二、2022年度部门决算公开表...........（3）\n"
            "(一)收入支出决算总表..................( 3)\n")
    imp = _import(tmp_path, text)
    assert not imp.outline.headings_found  # no contents entry became a heading
    said = [n.message for n in imp.notes]
    assert any("只有目录" in m for m in said) and not any("未找到任何编号标题" in m for m in said)
    with_body = _import(tmp_path, text + "一、概况\n（一）部门职责\n负责全县工作。\n")
    assert headings(with_body) == [(1, "概况"), (2, "部门职责")]


def test_a_count_of_a_forms_cells_is_not_headings(tmp_path):
    text = ("一、自评表\n1、项目名称县级储备粮项目资金(万元)全年预算数100全年执行数95执行率95%得分9.5分值10\n"
            "2、数量指标储备粮规模5000吨5000吨100%质量指标合格率100%100%\n3、满意度指标满意度90%95%\n")
    imp = _import(tmp_path, text)
    assert headings(imp) == [(1, "自评表")]


def test_a_text_that_names_no_year_says_so(tmp_path):
    imp = _import(tmp_path, "一、部门概况\n本单位负责全县工作。\n")
    assert not imp.year_found
    assert any("年度暂定为" in n.message for n in imp.notes)


def test_a_unit_price_stays_typed_and_is_no_unit_mix(tmp_path):
    """300元/年 and 每人100元 are rules the report quotes, not amounts of its own
    money: they stay as typed, become no figure in 元, and `check` raises no
    unit mix for them."""
    from tui_report import checks
    from tui_report.report.folder_writer import write_report
    from tui_report.report.store import load

    imp = _import(tmp_path, "一、基本情况\n全年支出120.50万元。资助标准：小学生300元/年、初中生500元/年，差旅每人100元。\n")
    body = imp.report.sections[0].body
    assert "300元/年" in body and "500元/年" in body and "每人100元" in body
    assert all(fig.unit != "元" for fig in imp.report.figures.values())
    write_report(imp.report, tmp_path / "out")
    assert not [p for p in checks.run(load(tmp_path / "out")) if p.id == "unit-mix"]


def test_headings_run_straight_into_the_words_around_them_are_split_by_the_numbering_sequence(tmp_path):
    """A one-line text with no mark between a heading and what surrounds it
    (…基本情况(一)项目基本概况我校…): the number the sequence expects next
    starts a heading, and its title ends at its title noun (情况, 目标…)."""
    text = ("某某中学专项资金绩效自评价报告一、基本情况(一)项目基本概况我校2022年项目为一个:生均公用经费项目"
            "(二)资金及项目绩效目标我校2022年按生均1000元安排,共计239万元,其中上级资金179.25万元,本级59.75万元"
            "二、项目资金使用及管理情况我校生均公用经费项目,资金严格按照上级有关文件的要求使用"
            "三、存在的问题及原因分析我校生均公用经费项目运转正常,暂无问题四、其他需要说明的问题暂无")
    imp = _import(tmp_path, text)
    assert headings(imp) == [(1, "基本情况"), (2, "项目基本概况"), (2, "资金及项目绩效目标"), (1, "项目资金使用及管理情况"),
                             (1, "存在的问题及原因分析"), (1, "其他需要说明的问题")]
    assert imp.outline.title == "某某中学专项资金绩效自评价报告"
    said = summary(imp, "out")
    assert "个标题直接连着正文、中间没有标点" in said
    # a number the sequence does not expect, or numerals listed (三、四项), stays in its sentence
    imp = _import(tmp_path, "一、资金情况统一、规范管理资金，第1、2季度按时拨付二、存在的问题暂无问题，"
                            "另有三、四项说明待补充三、下一步措施加强管理")
    assert [t for _, t in headings(imp)][1:] == ["存在的问题", "下一步措施"]
    assert imp.outline.sections[1].body == ["暂无问题，另有三、四项说明待补充"]


def test_a_number_alone_on_its_line_takes_its_words_and_a_count_restarting_under_an_empty_heading_nests(tmp_path):
    text = ("一、基本情况\n1.机构设置\n内设股室7个。\n2.\n人员编制\n现有人员30人。\n3.职责职能\n    1.\n"
            "贯彻执行城市管理工作的方针政策和法律法规。深化执法体制改革。\n2.负责指导和考核全区城市管理工作。\n"
            "3.负责其他工作。\n二、支出情况\n全年支出10万元。\n")
    imp = _import(tmp_path, text)
    assert headings(imp) == [(1, "基本情况"), (2, "机构设置"), (2, "人员编制"), (2, "职责职能"),
                             (3, "贯彻执行城市管理工作的方针政策和法律法规"), (3, "负责指导和考核全区城市管理工作。"),
                             (3, "负责其他工作。"), (1, "支出情况")]
    assert any("编号与其后的文字分在两行" in n.message for n in imp.notes)


def test_options_listed_inside_a_forms_line_are_no_headings(tmp_path):
    """A 自评表 flattened to one line, its check boxes read as 口: 1、2、3、
    name options inside the line, and a title never holds 属性1、."""
    text = ("2021年度财政项目绩效自评表单位名称:某某医院填报日期:2022年3月18日项目名称院区建设补助主管部门某某市卫生健康委"
            "项目类别1、部门预算项目 02、财政专项口 3、市对下转移支付项目口项目属性1、持续性项目口 2、新增性项目口"
            "项目类型1、常年性项目口 2、延续性项目03、一次性项目口预算执行情况 (万元) (20 分)预算数(A)执行数(B)"
            "执行率(B/A)得分(20分*执行率)年度财政资金总额10001000100%20")
    imp = _import(tmp_path, text)
    assert not imp.outline.headings_found
    assert any("未找到任何编号标题" in n.message for n in imp.notes)

