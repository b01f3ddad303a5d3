"""Amounts as clerks type them (copied from Word, spreadsheets, an IME) read
exactly into the figure's unit, and everything else refused with a sentence
that says what to type."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_report.figures.amount_input import AmountError, AmountInput, figure_unit, parse_amount
from tui_report.report.store import load

ACCEPTED = [
    # text, figure unit, value, typed unit, note
    ("76.33", "万元", "76.33", None, "76.33 → 76.33 万元"),
    ("76.33万元", "万元", "76.33", "万元", "76.33万元 → 76.33 万元"),
    ("76.33 万元", "万元", "76.33", "万元", "76.33万元 → 76.33 万元"),
    ("763300元", "万元", "76.33", "元", "763300元 = 76.33 万元"),
    ("763,300元", "万元", "76.33", "元", "763,300元 = 76.33 万元"),
    ("3千元", "万元", "0.3", "千元", "3千元 = 0.3 万元"),
    ("1.5亿元", "万元", "15000", "亿元", "1.5亿元 = 15000 万元"),
    ("0.5万元", "元", "5000", "万元", "0.5万元 = 5000 元"),
    ("1元", "亿元", "0.00000001", "元", "1元 = 0.00000001 亿元"),
    ("１６０．５", "万元", "160.5", None, "160.5 → 160.5 万元"),
    ("－３", "万元", "-3", None, "-3 → -3 万元"),
    ("−3", "万元", "-3", None, "-3 → -3 万元"),  # U+2212 from Word
    ("+5", "万元", "5", None, "+5 → 5 万元"),
    ("1,234,567.89", "元", "1234567.89", None, "1,234,567.89 → 1234567.89 元"),
    ("1，234", "元", "1234", None, "1，234 → 1234 元"),
    ("1\u2009234\u2009567", "元", "1234567", None, "1\u2009234\u2009567 → 1234567 元"),
    ("1\u202f234.5 元", "元", "1234.5", "元", "1\u202f234.5元 → 1234.5 元"),
    ("150.00", "万元", "150.00", None, "150.00 → 150.00 万元"),  # as typed: the file keeps the decimals
    ("  ３０万元\u3000", "万元", "30", "万元", "30万元 → 30 万元"),
    (".5", "万元", "0.5", None, ".5 → 0.5 万元"),
    ("-0", "万元", "0", None, "-0 → 0 万元"),
    ("12.5%", "%", "12.5", "%", "12.5% → 12.5%"),
    ("12.5％", "%", "12.5", "%", "12.5% → 12.5%"),
    ("98.5", "%", "98.5", None, "98.5 → 98.5%"),
    ("12人", "人", "12", "人", "12人 → 12 人"),
]


@pytest.mark.parametrize(("text", "unit", "value", "typed", "note"), ACCEPTED)
def test_accepted(text, unit, value, typed, note):
    got = parse_amount(text, unit)
    assert got == AmountInput(Decimal(value), typed, note)
    assert isinstance(got.value, Decimal)
    assert format(got.value, "f") == value  # what report.toml will hold, no exponent


def test_conversion_is_exact_decimal_not_float():
    got = parse_amount("0.1元", "万元")
    assert got.value == Decimal("0.00001")
    assert parse_amount("1234567.891元", "万元").value == Decimal("123.4567891")


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty_means_unfilled(text):
    got = parse_amount(text, "万元")
    assert got.value is None and got.unfilled and got.typed_unit is None
    assert "待填" in got.note


REFUSED = [
    ("76.33万", "万元", "“76.33万”：单位“万”不认识；请写 万元、元 或只写数字"),
    ("76.33美元", "元", "单位“美元”不认识；请写 元、万元 或只写数字"),
    ("12%", "万元", "百分号只用于比率"),
    ("5万元", "%", "这是比率"),
    ("12万元", "人", "不是金额"),
    ("1,23", "元", "千位分隔符的位置不对"),
    ("1,234,5", "元", "千位分隔符的位置不对"),
    (",123", "元", "千位分隔符的位置不对"),
    ("12,34.5", "元", "千位分隔符的位置不对"),
    ("1,234\u2009567", "元", "千位分隔符混用了几种"),
    ("1.234,5", "元", "不是完整的数字"),
    ("1 234", "元", "数字中间不能有空格"),
    ("1.2.3", "元", "不是完整的数字"),
    ("5.", "万元", "小数点后要有数字"),
    ("1e5", "元", "科学计数法"),
    ("abc", "万元", "不是数字"),
    ("+", "万元", "不是数字"),
    ("万元", "万元", "不是数字"),
    ("0.0000000000001", "万元", "超出可用范围"),
    ("1" * 70, "万元", "输入过长"),
]


@pytest.mark.parametrize(("text", "unit", "message"), REFUSED)
def test_refused_with_what_to_type(text, unit, message):
    with pytest.raises(AmountError) as info:
        parse_amount(text, unit)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)  # callers that catch ValueError keep working


def test_too_precise_after_conversion_is_refused_not_rounded():
    with pytest.raises(AmountError, match="超出可用范围"):
        parse_amount("0.00001元", "亿元")


def test_figure_unit_of_the_sample(sample):
    report = load(sample)
    assert figure_unit(report.figures["spend_total"], report) == "万元"
    assert figure_unit(report.figures["balance_start"], report) == "元"
    rate = report.figures["spend_total"].__class__(id="exec_rate", label="预算执行率", formula="1", format="percent")
    assert figure_unit(rate, report) == "%"
