"""Published 自评表 text read back into scorecard.toml: one cell per line
with blank lines between (the unit only in a header such as 年初预算数(万元),
a lone | for an empty cell, merged 一级/二级 cells written once), and the
`| `-per-cell form with 指标性质 and 度量单位 columns; the checks then find
what the published table got wrong."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tui_report import checks
from tui_report.importer.scorecard_text import cells, read
from tui_report.report.scorecard import parse
from tui_report.report.store import Store

from .conftest import run_cli

CORPUS = Path(__file__).parent / "corpus" / "scorecards"


def test_flattened_hunan_table_is_placed_row_by_row():
    got = read((CORPUS / "hunan-flattened.txt").read_text("utf-8"))
    card = parse(got.text)
    assert card.template == "hunan-department"
    assert [r.name for r in card.budget] == ["年度资金总额", "其中：基本支出", "项目支出"]
    assert card.budget[0].initial == Decimal("512.60") and card.budget[0].rate == Decimal("98.51")
    assert card.budget_weight == 10
    assert [(i.level1, i.level2, i.name) for i in card.indicators][:2] == [
        ("产出指标", "数量指标", "开展专项检查次数"), ("产出指标", "质量指标", "检查问题整改率")]
    assert card.indicators[1].reason.startswith("个别问题")
    assert card.total == Decimal("99.06")
    assert got.unplaced == ["部门整体支出绩效自评表", "（2022年度）", "部门（单位）名称", "长沙市某区某某局",
                            "审核人：", "填表人："]


def test_pipe_cells_with_comparison_and_unit_columns():
    got = read((CORPUS / "pipe-cells.txt").read_text("utf-8"))
    card = parse(got.text)
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in card.indicators] == [
        ("举办培训期数", "≥12期", "12期", 50, 50), ("培训合格率", "≥95%", "90%", 30, 30),
        ("学员满意度", "≥90%", "96%", 10, 10)]
    assert card.total == 99
    assert card.targets[0].planned == "完成年度培训任务"


def test_the_checks_then_find_what_the_published_table_got_wrong(sample):
    (sample / "scorecard.toml").unlink()
    res = run_cli("scorecard", "import", str(CORPUS / "pipe-cells.txt"), str(sample))
    assert res.returncode == 0, res.stderr
    assert "绩效指标 3 个" in res.stdout
    found = {p.id for p in checks.run(Store.open(sample).report) if p.id.startswith("score")}
    # 合格率 90% of 95% scores 28.42, not 30; then the total 99 is not the sum of what is typed either
    assert "score-rule" in found
    assert "score-total" in found


def test_a_clean_import_checks_clean_and_nothing_is_overwritten(sample):
    (sample / "scorecard.toml").unlink()
    assert run_cli("scorecard", "import", str(CORPUS / "hunan-flattened.txt"), str(sample)).returncode == 0
    assert not [p for p in checks.run(Store.open(sample).report) if p.id.startswith("score")]
    again = run_cli("scorecard", "import", str(CORPUS / "hunan-flattened.txt"), str(sample))
    assert again.returncode != 0 and "已存在" in again.stderr


def test_text_without_a_table_is_said(sample, tmp_path):
    (sample / "scorecard.toml").unlink()
    source = tmp_path / "x.txt"
    source.write_text("一、部门概况\n正文。\n", "utf-8")
    res = run_cli("scorecard", "import", str(source), str(sample))
    assert res.returncode != 0 and "没有找到自评表" in res.stderr
    assert not (sample / "scorecard.toml").exists()


def test_cells_keep_empty_ones():
    assert cells("a |\n|\n\nb\n") == ["a", "", "b"]


def test_without_blank_separators_a_blank_line_is_an_empty_cell_and_missing_cells_are_fitted():
    # one cell a line, no blank line between cells: a blank line is an empty cell; the 其中 row
    # lost its 分值 and 得分 cells (a sub-row has none), the total row its 全年执行数 (its own 90% says so)
    text = ("年初预算数\n全年预算数\n全年执行数\n分值\n执行率\n得分\n"
            "年度资金总额\n50万\n50万\n10\n90%\n9\n"
            "其中:当年财政拨款\n50万\n50万\n45万\n90%\n"
            "其他资金\n\n\n\n")
    card = parse(read(text).text)
    assert [(r.name, r.initial, r.adjusted, r.executed, r.rate, r.score) for r in card.budget] == [
        ("年度资金总额", 50, 50, None, 90, 9), ("其中:当年财政拨款", 50, 50, 45, 90, None),
        ("其他资金", None, None, None, None, None)]
    assert card.budget_weight == 10
