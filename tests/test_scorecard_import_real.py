"""`scorecard import` on published 自评表 texts in each of the three
flattenings — one cell per line, rows joined by `` | ``, rows joined by
spaces —: every money row (the empty 上年结转资金, 财政专户管理资金 and 单位资金
rows too), every target, every indicator, 合计 and the form's conclusions
are placed; what is left over is the title, captions and the signature
lines, listed by name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tui_report import checks
from tui_report.importer.scorecard_text import flattening, read
from tui_report.report.scorecard import parse
from tui_report.report.store import Store

from .conftest import run_cli

CORPUS = Path(__file__).parent / "corpus"


def load(name: str):
    text = (CORPUS / name).read_text("utf-8")
    got = read(text)
    return got, parse(got.text)


def test_one_cell_per_line_hebei_langfang_places_every_money_row_and_indicator():
    got, card = load("scorecards/hebei-langfang-food-school-hvac-2019.txt")
    assert got.flattening == "one_cell_per_line"
    assert [r.name for r in card.budget] == ["年度资金总额", "其中:当年财政拨款", "上年结转资金", "其他资金"]
    assert (card.budget[0].initial, card.budget[0].executed, card.budget[0].rate, card.budget[0].score) == (
        Decimal("43.2"), Decimal("37.24"), Decimal(86), Decimal(9))
    assert card.budget_weight == 10
    assert [(t.planned, t.actual) for t in card.targets] == [("43.2", "37.24")]
    assert [(i.level1, i.level2) for i in card.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
        ("产出指标", "成本指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
        ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标")]
    first = card.indicators[0]
    assert (first.name, first.target, first.actual, first.weight, first.score) == (
        "指标1工程资金金额", "43.2", "37.24", 10, 9)
    assert first.reason.startswith("已完工")
    assert (card.project, card.department, card.implementer) == (
        "办公宿舍楼、食堂及餐厅暖通改造经费", "廊坊市发改委", "廊坊市食品工程学校")
    assert got.unplaced == ["办公宿舍楼、食堂及餐厅暖通改造经费 绩效自评表(修改)", "附件1", "项目支出绩效自评表",
                            "2019年度)"]


def test_pipe_rows_sichuan_daying_keep_every_money_row_the_total_and_the_conclusions():
    got, card = load("sichuan-daying-justice-bureau-2023.txt")
    assert got.flattening == "pipe_rows"
    assert [r.name for r in card.budget] == ["总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金"]
    assert card.budget[2].executed == Decimal("0.00") and card.budget[2].rate == 0
    assert (card.budget[0].adjusted, card.budget[0].executed, card.budget[0].score) == (
        Decimal("3.36"), Decimal("3.36"), 10)
    assert got.total_weight == 100  # 合计 | 100
    assert (card.conclusion, card.issues, card.measures) == ("根据财政局资金下达的管理办法,将资金支付给项目施工方。", "无", "无")
    assert card.overview.startswith("2023年购买13台安可电脑")
    assert [(t.planned, t.actual) for t in card.targets] == [("根据要求购买安可设备,并完成项目资金支付。", "完成")]
    # the tail of the previous project's table, then this one's first row (the stored text ends in it)
    assert [(i.level2, i.name, i.target, i.actual, i.weight, i.score) for i in card.indicators] == [
        ("经济成本指标", "成本控制数", "≤30万元", "完成", 90, 90),
        ("质量指标", "完成安可产品购买并按要求支付资金", "=100", "", None, None)]
    assert got.unplaced == ["部门预算项目支出绩效自评表(2023年度)"]


def test_space_rows_sichuan_daying_split_glued_cells_into_their_columns():
    got, card = load("sichuan-daying-payroll-project-scorecard-undated.txt")
    assert got.flattening == "space_rows"
    assert [(i.level1, i.level2, i.name, i.target, i.weight) for i in card.indicators] == [
        ("产出指标", "数量指标", "足额保障率", "=100%", Decimal("22.5")),
        ("产出指标", "数量指标", "科目调整次数", "≤10次", Decimal("22.5")),
        ("产出指标", "时效指标", "按时发放率", "=100%", Decimal("22.5")),
        ("效益指标", "经济效益指标", "结余率(计算方法为:结余数/预算数)", "≤5%", Decimal("22.5"))]
    assert got.total_weight == 100
    assert (card.conclusion, card.issues, card.measures) == ("及时、足额缴纳。", "暂无", "暂无")
    assert got.unplaced == ["项目负责人:", "财务负责人:"]


def test_each_flattening_is_recognised():
    assert flattening("年度资金总额\n\n43.2\n\n37.24\n") == "one_cell_per_line"
    assert flattening("总额 | 0.00 | 3.36 |\n其中:财政资金 | 0.00 | 3.36 |\n") == "pipe_rows"
    assert flattening("年度资金总额: 880 880 880 10 10\n其中:本年财政拨款 880 880 880 - -\n") == "space_rows"


def test_space_rows_read_a_budget_with_empty_cells_gone():
    text = ("项目资金 年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分\n"
            "年度资金总额: 880 880 870 10 98.86% 9.89\n"
            "其中:本年财政拨款 880 880 870 - -\n"
            "上年结转资金 - -\n"
            "其他资金 - -\n")
    got = read(text)
    card = parse(got.text)
    assert got.flattening == "space_rows"
    assert [r.name for r in card.budget] == ["年度资金总额", "其中:本年财政拨款", "上年结转资金", "其他资金"]
    assert card.budget[0].executed == 870 and card.budget[0].rate == Decimal("98.86") and card.budget[0].score == \
        Decimal("9.89")
    assert card.budget[1].executed == 870 and card.budget[2].executed is None


def test_a_real_form_imported_is_then_checked(sample):
    (sample / "scorecard.toml").unlink()
    res = run_cli("scorecard", "import", str(CORPUS / "sichuan-daying-justice-bureau-2023.txt"), str(sample),
                  "--template", "sichuan")
    assert res.returncode == 0, res.stderr
    found = {p.id for p in checks.run(Store.open(sample).report) if p.file == "scorecard.toml"}
    assert "score-adjust-reason" in found  # 年初 0.00 adjusted to 3.36 without its own reason
