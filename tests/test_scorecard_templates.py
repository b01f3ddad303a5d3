"""Templates start things: `scorecard init` writes a 自评表 to fill,
`new --template` a whole report whose `check` lists only what is left to
fill; `export --format csv --part scorecard` gives the table's rows."""

from __future__ import annotations

import csv
import io

import pytest

from tui_report import checks
from tui_report.report import templates
from tui_report.report.scorecard import parse
from tui_report.report.store import Store

from .conftest import run_cli

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
    assert rows[-1][1] == "总分" and rows[-1][7] == "96.69"
    assert run_cli("export", str(sample), "--format", "csv").returncode != 0  # the part is named


def test_csv_of_a_report_without_a_scorecard_says_so(sample):
    (sample / "scorecard.toml").unlink()
    res = run_cli("export", str(sample), "--format", "csv", "--part", "scorecard")
    assert res.returncode != 0 and "scorecard init" in res.stderr
