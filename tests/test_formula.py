"""Formulas: precedence, exact Decimal arithmetic, tolerance, every error
kind with its offset, and hostile input rejected as a problem, never run."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_report.figures import formula
from tui_report.figures.formula import FormulaError

D = Decimal
VALUES = {"a": D("2"), "b": D("3"), "c": D("4"), "x": D("0.1"), "y": D("0.2"), "z": D("0.3"),
          "zero": D("0"), "empty": None}


def value(text: str, values=VALUES) -> Decimal:
    return formula.compute(text, values)


@pytest.mark.parametrize("text, expected", [
    ("a + b * c", "14"),             # * before +
    ("(a + b) * c", "20"),
    ("a - b - c", "-5"),             # left to right
    ("c / a / a", "1"),
    ("a * b / c", "1.5"),
    ("-a + b", "1"),
    ("- -a", "2"),
    ("-(a + b) * 2", "-10"),
    ("a + b * c - (c - a) / a", "13"),
    ("50%", "0.5"),
    ("5% * 200", "10.00"),
    ("a * 150%", "3.0"),
    ("abs(a - c)", "2"),
    ("min(a, b, c)", "2"),
    ("max(a, b, c) - min(c, b)", "1"),
    ("sum(a, b, c)", "9"),
    ("sum(x, y, z)", "0.6"),
    ("round(2.345, 2)", "2.35"),     # 四舍五入, not banker's rounding
    ("round(2.5)", "3"),
    ("round(-2.345, 2)", "-2.35"),
    ("round(1234, -2)", "1.2E+3"),
    ("1e3 + 1", "1001"),
])
def test_arithmetic_and_precedence(text, expected):
    assert value(text) == D(expected)
    assert str(value(text)) == expected or value(text) == D(expected)


def test_decimal_is_exact_where_floats_are_not():
    assert 0.1 + 0.2 != 0.3  # the float trap this module exists to avoid
    result = formula.compute("x + y == z", VALUES, D(0))
    assert result.holds and result.left == D("0.3") and type(result.left) is Decimal
    assert value("x * 3") == D("0.3")
    assert value("153.99 - 125.32 - 28.67") == 0
    assert value("1 / 3") == D("0.3333333333333333333333333333333333")  # 34 digits, no float


@pytest.mark.parametrize("rule, tol, holds", [
    ("x + y == 0.305", "0.005", True),     # exactly at the edge: equal
    ("x + y == 0.3051", "0.005", False),   # just past it
    ("x + y == 0.295", "0.005", True),
    ("x + y == 0.2949", "0.005", False),
    ("x + y != 0.304", "0.005", False),    # within tolerance means equal
    ("x + y != 0.31", "0.005", True),
    ("x + y < 0.304", "0.005", False),     # "less" must be more than rounding
    ("x + y < 0.306", "0.005", True),
    ("x + y <= 0.296", "0.005", True),
    ("x + y > 0.296", "0.005", False),
    ("x + y >= 0.304", "0.005", True),
    ("x + y == 0.3", "0", True),
    ("x + y == 0.3000001", "0", False),
])
def test_tolerance_edges(rule, tol, holds):
    assert formula.compute(rule, VALUES, D(tol)).holds is holds


def test_comparison_keeps_both_sides():
    r = formula.compute("a + b == c", VALUES)
    assert (r.op, r.left, r.right, r.holds) == ("==", D(5), D(4), False)


def error(text: str, values=VALUES) -> FormulaError:
    with pytest.raises(FormulaError) as info:
        formula.compute(text, values)
    return info.value


@pytest.mark.parametrize("text, kind, offset, words", [
    ("a + nope", "unknown-id", 4, "nope"),
    ("a + empty", "no-value", 4, "empty"),
    ("a / zero", "arithmetic", 2, "除数为零"),
    ("a / (b - 3)", "arithmetic", 2, "除数为零"),
    ("1e999999999", "arithmetic", 0, "超出范围"),
    ("1e500 * 1e500", "arithmetic", 6, "超出范围"),
    ("a +", "syntax", 3, "不完整"),
    ("a + * b", "syntax", 4, "*"),
    ("(a + b", "syntax", 6, ")"),
    ("a + b)", "syntax", 5, ")"),
    ("a == b == c", "syntax", 7, "一个比较"),
    ("a = b", "syntax", 2, "="),
    ("a ^ b", "syntax", 2, "^"),
    ("a （b）", "syntax", 2, "半角"),
    ("foo(a)", "syntax", 0, "未知函数"),
    ("abs(a, b)", "syntax", 0, "abs"),
    ("max()", "syntax", 0, "max"),
    ("round(a, 99)", "syntax", 0, "round"),
    ("", "syntax", 0, "不完整"),
])
def test_every_error_kind_has_an_offset(text, kind, offset, words):
    exc = error(text)
    assert (exc.kind, exc.offset) == (kind, offset), exc.message
    assert words in exc.message


def test_unknown_id_is_found_before_an_empty_figure_stops_evaluation():
    node = formula.parse("empty + nope")
    bad = formula.unknown_name(node, VALUES)
    assert bad is not None and (bad.name, bad.offset) == ("nope", 8)


@pytest.mark.parametrize("hostile", [
    "__import__('os')",
    "__import__(\"os\").system(\"rm -rf /\")",
    "a.__class__",
    "a.real",
    "().__class__.__bases__[0]",
    "[x for x in ()]",
    "lambda: 1",
    "open('/etc/passwd')",
    "exec('1')",
    "eval('1')",
    "getattr(a, 'b')",
    "2 ** 10 ** 10",
    "9" * 3000,
    "1e99999999999999999999",
    "(" * 1000 + "1" + ")" * 1000,
    "-" * 1000 + "1",
    "abs(" * 300 + "1" + ")" * 300,
    " + ".join(["a"] * 600),
    "a; import os",
    "a == b # comment",
    "a if b else c",
    "{{a}}",
])
def test_hostile_input_is_a_formula_error_not_an_exception(hostile):
    with pytest.raises(FormulaError) as info:
        formula.compute(hostile, VALUES)
    assert info.value.message
    assert 0 <= info.value.offset <= len(hostile)


def test_newlines_and_tabs_are_plain_white_space():
    assert formula.compute("a +\n\tb", VALUES) == D(5)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab0123456789.+-*/%()<=>!, abssummaxround_e\n", max_size=60))
def test_any_text_parses_or_raises_formula_error(text):
    try:
        result = formula.compute(text, VALUES, D("0.005"))
    except FormulaError as exc:
        assert 0 <= exc.offset <= len(text)
    else:
        assert isinstance(result, (Decimal, formula.Comparison))


def test_parse_is_memoised_and_trees_are_shared():
    assert formula.parse("a + b * c") is formula.parse("a + b * c")
