"""Money is exact: no binary float ever touches an amount."""

from __future__ import annotations

from decimal import Decimal

from tui_report import checks
from tui_report.figures import formula
from tui_report.report.store import load


def test_point_one_plus_point_two_equals_point_three_exactly():
    result = formula.compute("a + b == c", {"a": Decimal("0.1"), "b": Decimal("0.2"), "c": Decimal("0.3")})
    assert result.holds and result.left == result.right == Decimal("0.3")
    # and exactly, with no tolerance at all
    assert formula.compute("a + b == c", {"a": Decimal("0.1"), "b": Decimal("0.2"), "c": Decimal("0.3")},
                           Decimal(0)).holds


def test_report_figures_are_decimals_from_the_source_text(sample):
    (sample / "report.toml").write_text(
        (sample / "report.toml").read_text(encoding="utf-8")
        .replace('spend_total     = { label = "实际支出", value = 153.99 }',
                 'spend_total     = { label = "实际支出", value = 0.3 }\n'
                 'a = { label = "甲", value = 0.1 }\nb = { label = "乙", value = 0.2 }')
        + '\n[[checks]]\nid = "tenths"\nrule = "a + b == spend_total"\nmessage = "x"\ntolerance = 0\n',
        encoding="utf-8")
    report = load(sample)
    assert type(report.figures["a"].value) is Decimal
    assert report.figures["a"].value == Decimal("0.1")
    problems = checks.run(report)
    assert not [p for p in problems if p.id == "check:tenths"]


def test_unit_conversion_is_exact(sample):
    report = load(sample)
    from tui_report.figures.values import resolve

    values = resolve(report).values
    assert values["balance_start"] == Decimal(0)
    report.figures["balance_start"].value = Decimal("123456")  # 元
    assert resolve(report).values["balance_start"] == Decimal("12.3456")  # 万元
