"""The arithmetic in prose, checked on the report: typed numbers and
placeholders alike, with positions; the sample raises no false alarm."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_report import checks
from tui_report.checks import arithmetic, typed_amounts
from tui_report.render.text import to_text
from tui_report.report.store import Store, load

from .conftest import SAMPLE, run_cli

ARITHMETIC = {"breakdown-sum", "share", "yoy-rate", "yoy-change", "yoy-direction", "table-total", "execution-rate"}

# the sentences, as published reports word them
HOLDS = [
    "本年收入合计1436.50万元。其中，财政拨款收入1398.20万元，占97.33%；事业收入38.30万元，占2.67%。",
    "本年支出1210.08万元。其中：工资福利支出803.15万元，商品和服务支出351.43万元，对个人和家庭的补助55.50万元。",
    "支出1210.08万元，比上年减少96.40万元，下降7.38%。",
    "专项经费共计145万元，包括：培训经费30万元，信息化运维62万元，……，宣传经费18万元。",
    "| 项目 | 金额 |\n|---|---|\n| 基本支出 | 100.50 |\n| 项目支出 | 20.00 |\n| 合计 | 120.50 |",
    "| 科目 | 基本支出 | 项目支出 | 合计 |\n|---|---|---|---|\n| 一般公共预算 | 100.00 | 20.50 | 120.50 |",
    "实际支出153.99万元（其中基本支出125.32万元，项目支出28.67万元），执行情况良好。",
    "全年收入500万元，比上年增长10%。其中：财政拨款450万元，其他收入50万元。",
    # lists no cue word announces: after a colon, and kinds of what a count counts
    "项目资金440万元，已分配下达到项目建设单位：甲项目140万元、乙项目140万元、丙项目160万元。",
    "医院内设35个科室，14个管理科室和21个临床医技科室。",
    # a part that names how many of something else it has (3个公司)
    "环卫处1707人（在职在编132人、退休人员148人、临聘人员272人、3个市场化公司聘用人员1155人）。",
    # a colon bringing on what is not the amount's parts: no claim, so nothing to raise
    "年初预算100万元，执行情况：基本支出60万元，项目支出30万元。",
]
BROKEN = [
    ("本年收入合计1436.50万元。其中，财政拨款收入1398.20万元，占97.35%；事业收入38.30万元，占2.67%。", "share",
     "97.33%"),
    ("本年支出1210.08万元。其中：工资福利支出803.15万元，商品和服务支出351.43万元，对个人和家庭的补助56.50万元。",
     "breakdown-sum", "1211.08万元"),
    ("支出1210.08万元，比上年减少96.40万元，下降7.83%。", "yoy-rate", "7.38%"),
    ("支出1210.08万元，比上年增加96.40万元，下降7.38%。", "yoy-direction", "增加"),
    ("| 项目 | 金额 |\n|---|---|\n| 基本支出 | 100.50 |\n| 项目支出 | 20.00 |\n| 合计 | 121.50 |", "table-total",
     "120.50"),
    ("| 科目 | 基本支出 | 项目支出 | 合计 |\n|---|---|---|---|\n| 一般公共预算 | 100.00 | 20.50 | 130.50 |",
     "table-total", "120.50"),
    ("实际支出153.99万元（其中基本支出125.32万元，项目支出27.67万元），执行情况良好。", "breakdown-sum", "152.99万元"),
    ("医院内设35个科室，14个管理科室和22个临床医技科室。", "breakdown-sum", "36个"),
    ("环卫处1707人（在职在编132人、退休人员148人、临聘人员272人、3个市场化公司聘用人员1156人）。", "breakdown-sum",
     "1708人"),
]


def _check_body(sample, body: str) -> list:
    store = Store.open(sample)
    section = store.report.sections[2]
    store.set_body(section, body)
    return [p for p in checks.run(store.report) if p.id in ARITHMETIC]


def test_the_sample_raises_no_false_alarm():
    arithmetic.clear()
    assert [p for p in checks.run(load(SAMPLE)) if p.id in ARITHMETIC] == []


@pytest.mark.parametrize("body", HOLDS)
def test_sentences_that_add_up_raise_nothing(sample, body):
    assert _check_body(sample, body) == []


@pytest.mark.parametrize(("body", "pid", "named"), BROKEN)
def test_sentences_that_do_not_add_up_are_found_with_their_numbers(sample, body, pid, named):
    found = _check_body(sample, body)
    assert [p.id for p in found] == [pid], [p.message for p in found]
    problem = found[0]
    assert named in problem.message
    assert problem.file == "sections/general-budget.toml" or problem.file.startswith("sections/")
    assert problem.target is not None and problem.offset is not None
    assert body[problem.offset:problem.offset + 1].strip()  # points into the text


def test_placeholders_take_part_like_typed_numbers(sample):
    """The sample's 实际支出{{spend_total}}，其中基本支出{{spend_basic}}，项目支出{{spend_project}}:
    a changed figure breaks the sentence too."""
    store = Store.open(sample)
    store.set_figure_value("spend_basic", Decimal("126.32"))
    found = [p for p in checks.run(store.report) if p.id == "breakdown-sum"]
    assert len(found) == 1 and "154.99万元" in found[0].message and "相差1.00万元" in found[0].message


def test_an_acknowledged_arithmetic_problem_no_longer_fails(sample):
    body = BROKEN[1][0]
    store = Store.open(sample)
    store.set_body(store.report.sections[2], body)
    store.save()
    toml = sample / "report.toml"
    toml.write_text(toml.read_text("utf-8") + '\n[[acknowledged]]\nproblem = "breakdown-sum"\nreason = "原文如此"\n', "utf-8")
    problems = [p for p in checks.run(load(sample)) if p.id == "breakdown-sum"]
    assert problems and all(p.acknowledged for p in problems)


def test_year_on_year_placeholders_print_and_check(sample):
    store = Store.open(sample)
    report = store.report
    store.set_figure_value("budget_approved", Decimal("800.00"), key="prev")
    store.set_figure_value("budget_approved", Decimal("801.00"))
    store.set_body(report.sections[2], "预算批复{{budget_approved}}，比上年{{budget_approved.trend}}{{budget_approved.change}}，"
                                       "增长{{budget_approved.rate}}。")
    text = to_text(store.report)
    assert "预算批复801.00万元，比上年增加1.00万元，增长0.13%。" in text
    problems = checks.run(store.report)
    assert not [p for p in problems if p.id in ARITHMETIC | {"unknown-placeholder"}]
    assert not [p for p in problems if p.id == "figure-unused" and p.where == "budget_approved"]
    # a typed rate that disagrees with last year's value
    store.set_body(report.sections[2], "预算批复{{budget_approved}}，比上年增加1.00万元，增长0.15%。")
    found = [p for p in checks.run(store.report) if p.id in ARITHMETIC]
    assert [p.id for p in found] == ["yoy-rate"] and "0.13%" in found[0].message
    store.set_body(report.sections[2], "预算批复{{budget_approved}}，比上年减少1.00万元。")
    assert [p.id for p in checks.run(store.report) if p.id in ARITHMETIC] == ["yoy-direction"]


def test_check_exits_with_the_arithmetic_warning_under_strict(sample):
    store = Store.open(sample)
    store.set_body(store.report.sections[2], BROKEN[1][0])
    store.save()
    res = run_cli("check", str(sample), "--strict")
    assert res.returncode == 1
    assert "[breakdown-sum]" in res.stdout


def test_a_forms_row_run_together_is_read_where_one_cut_makes_its_rate():
    """A 自评表 flattened with its cells run together: 预算数 194.9, 执行数 194.9,
    执行率 100% under a header naming the rate. Only a cut the arithmetic bears
    out is read; digits no cut explains are left alone (no claim, no error)."""
    [rate] = arithmetic.recognise("项目资金(万元)全年预算数(A)全年执行数(B)执行率(B/A)年度资金总额194.9194.9100%").rates
    assert rate.denominator is not None and rate.numerator is not None
    assert (rate.denominator.value, rate.numerator.value, rate.percent.value) == (
        Decimal("194.9"), Decimal("194.9"), Decimal("100"))
    assert arithmetic.glued_cells("10001000100") == [("1000", "1000", "100")]
    assert arithmetic.glued_cells("2001801.2") == []  # no cut: 180 / 200 is 90%
    assert arithmetic.glued_cells("93.81") == []  # one percentage, nothing run together
    assert not arithmetic.recognise("执行率(B/A)年度资金总额194.9194.9101%").rates
    # no header naming a rate: a run of digits is no row of a form
    assert not arithmetic.recognise("年度资金总额194.9194.9100%").rates
    # nor is such a row a rate over 100%; a rate that is one still is
    assert not [f for f in typed_amounts.scan("执行率(B/A)年度资金总额10001000100%", "万元") if f.id == "rate-over-100"]
    assert [f.id for f in typed_amounts.scan("预算执行率150%", "万元")] == ["rate-over-100"]


def test_a_half_width_comma_before_a_number_ends_a_clause_and_is_no_thousands_mark():
    assert [q.text for q in arithmetic.quantities("内设35个科室,14个管理科室")] == ["35个", "14个"]
    assert [q.text for q in arithmetic.quantities("收入总计1,234.50万元")] == ["1,234.50万元"]

