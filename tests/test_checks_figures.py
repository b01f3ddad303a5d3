"""Derived figures, settings in formulas, declared checks and their
tolerance: positions in report.toml, and an empty figure never turning into
a warning of its own."""

from __future__ import annotations

import textwrap
from decimal import Decimal

from tui_report import checks
from tui_report.figures import formula
from tui_report.figures.values import resolve
from tui_report.render.text import to_text
from tui_report.report.store import load

from .conftest import run_cli
from .test_checks_builtin import locate, write_report

RATE = 'exec_rate = { label = "预算执行率", formula = "spend_total / execution_rate_denominator", format = "percent", decimals = 2 }\n'
FUNDS = 'funds_received = { label = "全年实际到位资金", value = 230.32 }\nbudget_approved = { label = "预算批复", value = 150.32 }\n'


def settings(denominator: str) -> str:
    return f'\n[settings]\nexecution_rate_denominator = "{denominator}"\n'


def ids(problems, *keep):
    return [p.id for p in problems if not keep or p.id in keep]


def test_execution_rate_denominator_is_a_setting(tmp_path):
    root = write_report(tmp_path, body="预算执行率{{exec_rate}}，到位资金{{funds_received}}，批复{{budget_approved}}。",
                        figures=FUNDS + RATE, extra=settings("funds_received"))
    report = load(root)
    assert resolve(report).values["exec_rate"] == formula.CONTEXT.divide(Decimal("153.99"), Decimal("230.32"))
    assert "预算执行率66.86%，" in to_text(report)
    assert [p for p in checks.run(report) if p.severity != "info"] == []

    (root / "report.toml").write_text((root / "report.toml").read_text(encoding="utf-8")
                                      .replace('= "funds_received"', '= "budget_approved"'), encoding="utf-8")
    report = load(root)
    assert "预算执行率102.44%，" in to_text(report)
    over = [p for p in checks.run(report) if p.id == "rate-over-100"]
    assert len(over) == 1 and "102.44%" in over[0].message
    assert (over[0].file, over[0].line, over[0].col) == locate(root, 'report.toml:formula = "^spend_total /')[:3]


def test_setting_naming_no_figure_is_an_error_at_the_formula(tmp_path):
    root = write_report(tmp_path, body="{{exec_rate}}", figures=RATE, extra=settings("funds_receivd"))
    p = next(p for p in checks.run(load(root)) if p.id == "bad-formula")
    assert p.severity == "error" and "funds_receivd" in p.message and "execution_rate_denominator" in p.message
    assert (p.file, p.line, p.col) == locate(root, "report.toml:spend_total / ^execution_rate_denominator")[:3]


def test_derived_formula_errors_point_at_their_column(tmp_path):
    root = write_report(tmp_path, body="{{a}}{{b}}{{c}}{{d}}", figures=textwrap.dedent('''\
        a = { label = "甲", formula = "spend_total / (balance_start - balance_end)" }
        b = { label = "乙", formula = "spend_total + nope" }
        c = { label = "丙", formula = "d + 1" }
        d = { label = "丁", formula = "c * 2" }
        '''))
    problems = {p.where: p for p in checks.run(load(root)) if p.id == "bad-formula"}
    assert set(problems) == {"a", "b", "c", "d"}
    assert "除数为零" in problems["a"].message
    assert (problems["a"].line, problems["a"].col) == locate(root, 'report.toml:"spend_total ^/ (')[1:3]
    assert "nope" in problems["b"].message
    assert (problems["b"].line, problems["b"].col) == locate(root, "report.toml:spend_total + ^nope")[1:3]
    assert "循环" in problems["c"].message
    assert (problems["c"].line, problems["c"].col) == locate(root, 'report.toml:formula = "^d + 1"')[1:3]


def test_derived_amount_prints_in_the_report_unit_and_checks_use_it(tmp_path):
    root = write_report(tmp_path, body="合计{{total}}。", figures='total = { label = "合计", formula = "spend_basic + spend_project" }\n',
                        extra='\n[[checks]]\nid = "total"\nrule = "total == spend_total"\nmessage = "合计应等于实际支出"\n')
    report = load(root)
    assert "合计153.99万元。" in to_text(report)
    assert not [p for p in checks.run(report) if p.id == "check:total"]


def test_number_settings_are_constants(tmp_path):
    root = write_report(tmp_path, body="{{spend_total}}", extra=textwrap.dedent('''
        [settings]
        cap = 150

        [[checks]]
        id = "cap"
        rule = "spend_total <= cap"
        message = "实际支出不应超过上限"
        '''))
    p = next(p for p in checks.run(load(root)) if p.id == "check:cap")
    assert "spend_total = 153.99，而 cap = 150.00" in p.message


def test_empty_figures_are_the_only_errors_of_a_fresh_report(tmp_path):
    """Next year's copy: values emptied, rules kept. `check` asks for the
    figures (an error: the report is not ready), and the rules wait quietly
    (info) until they are filled."""
    root = write_report(tmp_path, body="实际支出{{spend_total}}，执行率{{exec_rate}}，{{funds_received}}{{budget_approved}}。",
                        figures=FUNDS.replace("230.32", '""') + RATE, extra=settings("funds_received"))
    text = (root / "report.toml").read_text(encoding="utf-8").replace("value = 153.99", 'value = ""')
    (root / "report.toml").write_text(text, encoding="utf-8")
    problems = checks.run(load(root))
    loud = sorted((p.id, p.where) for p in problems if p.severity in ("error", "warning"))
    assert loud == [("figure-unfilled", "funds_received"), ("figure-unfilled", "spend_total")]
    assert {p.severity for p in problems if p.id == "figure-unfilled"} == {"error"}
    assert ("check-incomplete", "info") in {(p.id, p.severity) for p in problems}
    assert "【待填】" in to_text(load(root))
    res = run_cli("check", str(root))
    assert res.returncode == 1  # the figures to fill fail the check


def test_default_tolerance_is_half_the_last_shown_digit(tmp_path):
    def balance(value: str, extra_rule: str = "") -> list:
        root = write_report(tmp_path, body="{{spend_total}}{{balance_start}}{{balance_end}}", extra=textwrap.dedent(f'''
            [[checks]]
            id = "near"
            rule = "spend_total == {value}"
            message = "接近"
            {extra_rule}
            '''))
        return [p for p in checks.run(load(root)) if p.id == "check:near"]

    assert balance("153.995") == []          # 0.005万元: equal within rounding
    assert balance("153.984") != []          # 0.006: a real difference
    assert balance("153.995", "tolerance = 0") != []
    failing = balance("153.984")[0]
    assert failing.extra["tolerance"] == "0.005"


def test_percent_checks_use_a_percent_sized_tolerance(tmp_path):
    root = write_report(tmp_path, body="{{exec_rate}}{{funds_received}}{{budget_approved}}", figures=FUNDS + RATE,
                        extra=settings("funds_received") + textwrap.dedent('''
                            [[checks]]
                            id = "rate"
                            rule = "exec_rate >= 67%"
                            message = "执行率应不低于67%"
                            '''))
    p = next(p for p in checks.run(load(root)) if p.id == "check:rate")
    assert p.extra["tolerance"] == "0.00005"  # half of 0.01 percentage point
    assert "exec_rate = 66.86%，而 67%" in p.message


def test_a_rule_without_a_comparison_is_a_bad_formula(tmp_path):
    root = write_report(tmp_path, body="{{spend_total}}", extra='\n[[checks]]\nid = "x"\nrule = "spend_total + 1"\nmessage = "x"\n')
    p = next(p for p in checks.run(load(root)) if p.id == "bad-formula")
    assert (p.file, p.line, p.col) == locate(root, 'report.toml:rule = "^spend_total + 1"')[:3]
