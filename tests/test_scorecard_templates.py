"""Templates start things: `scorecard init` writes a 自评表 to fill,
`new --template` a whole report whose `check` lists only what is left to
fill; `export --format csv --part scorecard` gives the table's rows; the
Henan template's split, 执行率 weight and money rows, each on a mutated
scorecard."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from tui_report import checks
from tui_report.report import templates
from tui_report.report.scorecard import parse
from tui_report.report.store import Store

from .conftest import run_cli
from .test_scorecard_rules import CARD, budget, indicator, problems, scored, write

#: the problems a freshly started report may have: each one a thing to fill in
TO_FILL = {"figure-unfilled", "empty-section", "score-unfilled", "check-incomplete"}


@pytest.mark.parametrize("name", ["central", "hunan-department"])
def test_new_from_each_shipped_template_lists_only_what_is_left_to_fill(tmp_path, name):
    dest = tmp_path / "r"
    res = run_cli("new", str(dest), "--template", name, "--department", "某某局", "--year", "2025")
    assert res.returncode == 0, res.stderr
    report = Store.open(dest).report
    template = templates.load(name)
    assert [s.id for s in report.sections] == [e["id"] for e in template.report["outline"]]
    assert report.year == 2025 and report.department == "某某局"
    assert report.scorecard is not None and report.scorecard.template == name
    assert report.settings.get("execution_rate_denominator")
    guidance = [e for e in template.report["outline"] if e.get("guidance")]
    first = (dest / "sections" / f"{guidance[0]['id']}.toml").read_text("utf-8")
    assert first.startswith("# 本节应写：" + guidance[0]["guidance"])  # the guidance as a TOML comment
    found = checks.run(report)
    assert {p.id for p in found} <= TO_FILL, [p.format() for p in found if p.id not in TO_FILL]
    assert any(p.id == "figure-unfilled" for p in found) and any(p.id == "score-unfilled" for p in found)
    assert run_cli("check", str(dest)).returncode == 1  # unfilled figures fail the check


def test_scorecard_init_writes_the_templates_tree_and_never_overwrites(tmp_path, sample):
    (sample / "scorecard.toml").unlink()
    res = run_cli("scorecard", "init", str(sample), "--template", "central")
    assert res.returncode == 0, res.stderr
    card = parse((sample / "scorecard.toml").read_text("utf-8"))
    template = templates.load("central")
    assert [i.level1 for i in card.indicators] == [lv.name for lv in template.level1]
    assert sum(i.weight for i in card.indicators) + template.budget_weight == template.total
    assert card.budget[0].executed == "{{spend_total}}"  # tied to the report's figure
    again = run_cli("scorecard", "init", str(sample), "--template", "central")
    assert again.returncode != 0 and "已存在" in again.stderr
    unknown = run_cli("scorecard", "init", str(sample), "--template", "nowhere")
    assert unknown.returncode != 0 and "central" in unknown.stderr


def test_scorecard_templates_lists_both(sample):
    res = run_cli("scorecard", "templates")
    assert res.returncode == 0
    assert "central" in res.stdout and "hunan-department" in res.stdout and "湖南省" in res.stdout


def test_csv_gives_the_rows_of_the_table(sample):
    res = run_cli("export", str(sample), "--format", "csv", "--part", "scorecard")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("\ufeff")  # Excel and WPS read it as UTF-8
    rows = list(csv.reader(io.StringIO(res.stdout.lstrip("\ufeff"))))
    parts = {r[0] for r in rows}
    assert parts == {"预算执行情况", "年度总体目标", "绩效指标"}
    budget = next(r for r in rows if r[1] == "年度资金总额")
    assert budget[2:] == ["150.32", "230.32", "153.99", "10", "66.86%", "6.69"]
    assert rows[-2][1] == "总分" and rows[-2][7] == "96.69"
    assert rows[-1][1] == "评价等级：优"  # a row of its own, spanning the table in the PDF and DOCX
    assert run_cli("export", str(sample), "--format", "csv").returncode != 0  # the part is named


def test_csv_of_a_report_without_a_scorecard_says_so(sample):
    (sample / "scorecard.toml").unlink()
    res = run_cli("export", str(sample), "--format", "csv", "--part", "scorecard")
    assert res.returncode != 0 and "scorecard init" in res.stderr


# Henan -------------------------------------------------------------------------------------------------------

def henan(cost_weight=10, output_weight=30, executed="90", score=None, part="100") -> str:
    """A Henan scorecard: 成本 10 / 产出 30 / 效益 25 / 满意度 5 and the 执行率 row's 30."""
    row = f'name = "年度资金总额"\nadjusted = 100\nexecuted = {executed}'
    if score is not None:
        row += f"\nscore = {score}"
    return ('template = "henan"\n'
            + budget(30, row, f'name = "其中：当年财政拨款"\nadjusted = {part}\nexecuted = {executed}',
                     'name = "上年结转资金"', 'name = "其他资金"')
            + indicator("成本指标", "经济成本指标", "项目总成本", "≤100万元", "90万元", cost_weight)
            + indicator("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", output_weight)
            + indicator("效益指标", "社会效益指标", "就业率", "≥80%", "80%", 25)
            + indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 5))


def test_henan_template_carries_the_2024_provincial_split_and_names_its_sources():
    t = templates.load("henan")
    assert {lv.name: lv.weight for lv in t.level1} == {"成本指标": 10, "产出指标": 30, "效益指标": 25, "满意度指标": 5}
    assert t.budget_weight == 30 and t.total == 100 and t.budget_rule == "proportional"
    assert any("豫财效〔2024〕1号" in s for s in t.sources) and t.parts_sum
    assert [(b.low, b.high) for b in t.bands] == [(Decimal("0.8"), 1), (Decimal("0.6"), Decimal("0.8")),
                                                  (0, Decimal("0.6"))]


def test_henan_scorecard_init_lists_only_what_is_left_to_fill(sample):
    (sample / CARD).unlink()
    res = run_cli("scorecard", "init", str(sample), "--template", "henan")
    assert res.returncode == 0, res.stderr
    found = {p.id for p in problems(sample)}
    assert found <= {"score-unfilled", "score-exec-over", "score-exec-explain"}, found
    assert "score-weights" not in found and "score-level-weight" not in found


def test_henan_weights_another_split_is_questioned(sample):
    write(sample, henan())
    assert problems(sample) == []
    write(sample, henan(cost_weight=5, output_weight=35))  # still 100 in all, split otherwise
    found = problems(sample, "score-level-weight")
    assert {p.severity for p in found} == {"warning"} and len(found) == 2
    assert any("成本指标" in p.message and "10" in p.message for p in found)


def test_henan_execution_scores_30_times_the_rate(sample):
    write(sample, henan(executed="90"))
    assert scored(sample).budget[0].rule == 27  # 30 × 90 %
    write(sample, henan(executed="90", score=30))
    found = problems(sample, "score-exec-score")
    assert len(found) == 1 and "27" in found[0].message and "30" in found[0].message


def test_henan_money_rows_add_up_to_the_total(sample):
    write(sample, henan(part="80"))
    found = problems(sample, "score-money-sum")
    assert len(found) == 1 and "100" in found[0].message and "80" in found[0].message


def test_henan_qualitative_indicators_score_in_the_central_bands(sample):
    text = henan().replace('name = "就业率"\ntarget = "≥80%"\nactual = "80%"\nweight = 25',
                           'name = "就业带动"\ntarget = "明显"\nactual = "较明显"\nweight = 25\nscore = 17\n'
                           'rating = "部分达成"')
    write(sample, text)
    assert problems(sample, "score-band") == []  # 17 of 25 is 68 %: inside 60–80 %
    write(sample, text.replace("score = 17", "score = 14"))  # 56 %
    found = problems(sample, "score-band")
    assert len(found) == 1 and "15 到 20" in found[0].message
