"""A figure still to fill fails `check`: next year's report made by `new`
is not ready until every number is typed, and says so."""

from __future__ import annotations

import json
from decimal import Decimal

from tui_report import checks
from tui_report.report.store import Store, load

from .conftest import run_cli

CLEARED = ["budget_approved", "funds_received", "spend_total", "spend_basic", "spend_project", "balance_end"]


def make_new(tmp_path, sample):
    dest = tmp_path / "next"
    res = run_cli("new", str(dest), "--from", str(sample))
    assert res.returncode == 0, res.stderr
    return dest, res.stdout


def test_check_of_a_fresh_report_fails_listing_each_unfilled_figure(tmp_path, sample):
    dest, _ = make_new(tmp_path, sample)
    res = run_cli("check", str(dest))
    assert res.returncode == 1, res.stdout + res.stderr
    report = load(dest)
    unfilled = [line for line in res.stdout.splitlines() if line.endswith("[figure-unfilled]")]
    assert len(unfilled) == len(CLEARED)
    for fid, line in zip(CLEARED, unfilled, strict=True):
        fig = report.figures[fid]
        span = fig.spans["value"]
        assert line == (f"report.toml:{span.line}:{span.col}: error: 数字“{fig.label}”（{fid}）尚未填写："
                        f"在编辑器中按 F3 填写，或在 report.toml 中填 figures.{fid} 的 value [figure-unfilled]")
    found = json.loads(run_cli("check", str(dest), "--format", "json").stdout)
    assert sorted(p["where"] for p in found if p["id"] == "figure-unfilled") == sorted(CLEARED)
    assert {p["severity"] for p in found if p["id"] == "figure-unfilled"} == {"error"}


def test_new_says_what_to_fill_and_how(tmp_path, sample):
    dest, out = make_new(tmp_path, sample)
    lines = out.splitlines()
    assert lines[1] == ("  待填写的数字 6 个：预算批复、全年实际到位资金、实际支出、基本支出、项目支出、本年结余"
                        "（上年数值已记入 prev）")
    assert lines[2] == "    在编辑器中按 F3 填写，或填 report.toml 中各数字的 value"
    assert lines[-1] == (f"下一步：运行 `tui-report check {dest}` 查看全部待办"
                         "（未填的数字列为错误 [figure-unfilled]；填完之前 PDF 只能加 --draft 导出草稿）")


def test_filled_figures_no_longer_fail(tmp_path, sample):
    dest, _ = make_new(tmp_path, sample)
    store = Store.open(dest)
    for fid in CLEARED:
        store.set_figure_value(fid, Decimal(1))
    assert not [p for p in checks.run(store.report) if p.id == "figure-unfilled"]


def test_acknowledgements_of_the_old_id_still_match(tmp_path, sample):
    dest, _ = make_new(tmp_path, sample)
    with (dest / "report.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[acknowledged]]\nproblem = "figure-empty"\nwhere = "budget_approved"\nreason = "批复未下达"\n'
                 '\n[[acknowledged]]\nproblem = "figure-*"\nwhere = "spend_basic"\nreason = "待决算"\n')
    problems = checks.run(load(dest))
    acked = {p.where: p.reason for p in problems if p.id == "figure-unfilled" and p.acknowledged}
    assert acked == {"budget_approved": "批复未下达", "spend_basic": "待决算"}
    assert not [p for p in problems if p.id == "ack-unused"]
