"""The 自评表 through the year: `new --from` on the sample makes next year's
table — the year in its title, the total and grade computed again, budget
amounts tied to this year's figures, targets and indicators kept — and
`check` lists the cells still holding last year's 实际完成值, 得分 and
偏差原因 (carried-over-number) until each is edited or acknowledged."""

from __future__ import annotations

import shutil

from tui_report import checks
from tui_report.report.scorecard import parse
from tui_report.report.store import Store

from .conftest import SAMPLE, run_cli

CARD = "scorecard.toml"


def carried(root) -> list:
    return [p for p in checks.run(Store.open(root).report)
            if p.id == "carried-over-number" and p.file == CARD and not p.acknowledged]


def new_year(tmp_path):
    old = tmp_path / "furong-kexie-2022"
    shutil.copytree(SAMPLE, old, ignore=shutil.ignore_patterns(".tui-report"))
    dest = tmp_path / "furong-kexie-2023"
    res = run_cli("new", str(dest), "--from", str(old))
    assert res.returncode == 0, res.stderr
    return old, dest, res


def test_new_from_rolls_the_scorecard_to_next_year(tmp_path):
    old, dest, res = new_year(tmp_path)
    card = parse((dest / CARD).read_text("utf-8"))
    assert card.title == "2023年度部门整体支出绩效自评表"
    assert card.total is None and card.grade == ""  # computed again from this year's scores
    row = card.budget[0]
    assert (row.initial, row.adjusted, row.executed) == ("{{budget_approved}}", "{{funds_received}}", "{{spend_total}}")
    assert row.rate is None and row.score is None
    before = parse((old / CARD).read_text("utf-8"))
    assert [i.name for i in card.indicators] == [i.name for i in before.indicators]
    assert [t.planned for t in card.targets] == [t.planned for t in before.targets]
    # a score the rule gives anyway now follows this year's 实际完成值
    assert all(i.score is None for i in card.indicators)
    assert "自评表中沿用上年的格子" in res.stdout
    assert not [p for p in checks.run(Store.open(dest).report) if p.id == "stale-year" and p.file == CARD]


def test_check_lists_the_carried_over_cells_and_editing_one_clears_it(tmp_path):
    _, dest, _ = new_year(tmp_path)
    found = carried(dest)
    wheres = {p.where for p in found}
    assert "scorecard/indicators/0/actual" in wheres and "scorecard/targets/0/actual" in wheres
    assert "scorecard/budget/0/reason" in wheres
    assert all(p.severity == "warning" and p.line > 1 for p in found)
    res = run_cli("check", str(dest))
    assert "自评表“全国科普日系列活动场次”的实际完成值与上年相同" in res.stdout
    path = dest / CARD
    path.write_text(path.read_text("utf-8").replace('actual = "20场次"', 'actual = "24场次"'), "utf-8")
    after = {p.where for p in carried(dest)}
    assert "scorecard/indicators/0/actual" not in after
    assert after == wheres - {"scorecard/indicators/0/actual"}


def test_acknowledging_a_carried_over_cell_clears_it(tmp_path):
    _, dest, _ = new_year(tmp_path)
    report = dest / "report.toml"
    report.write_text(report.read_text("utf-8") + '\n[[acknowledged]]\nproblem = "carried-over-number"\n'
                      'where = "scorecard/targets/1/planned"\nreason = "每年相同"\n', "utf-8")
    assert "scorecard/targets/1/planned" not in {p.where for p in carried(dest)}


def test_typed_budget_amounts_are_tied_to_this_years_figures(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(SAMPLE, old, ignore=shutil.ignore_patterns(".tui-report"))
    path = old / CARD
    path.write_text(path.read_text("utf-8").replace('executed = "{{spend_total}}"', "executed = 153.99")
                    .replace('initial = "{{budget_approved}}"', "initial = 999.99"), "utf-8")
    dest = tmp_path / "new"
    assert run_cli("new", str(dest), "--from", str(old)).returncode == 0
    row = parse((dest / CARD).read_text("utf-8")).budget[0]
    assert row.executed == "{{spend_total}}"  # the figure that held 153.99 last year
    assert row.initial is None  # no figure held it: emptied, to fill
