"""Reading the 部门决算 workbook in every layout the software and the 公开表
come in: the standard figures found by title, row and header words,
converted exactly, their cells named; rows nothing maps listed; files that
are not a 决算 export refused with a message, never a traceback."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_report.figures import accounts_review
from tui_report.figures.accounts import AccountsError, Spec, convert, exact, find_cell, read_workbook
from tui_report.report.store import Store

from . import accounts_fixtures as F


@pytest.fixture(scope="module", params=F.LAYOUTS)
def book(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    return request.param, read_workbook(F.write(request.param, folder))


def test_every_standard_figure_is_found_and_converted_exactly(book):
    layout, wb = book
    missing = []
    for sid, sf in accounts_review.standard().figures.items():
        cell, why = accounts_review.lookup(wb, sf.sources)
        if cell is None:
            missing.append(sid)
            continue
        value = cell.in_unit("万元")
        assert isinstance(value, Decimal)
        assert value == F.expected(layout, sid), (sid, value, cell.source.describe())
    # the 公开01表 has no budget columns; everything else is in every layout
    assert missing == (["budget_approved", "budget_adjusted"] if layout == "public_xls" else [])


def test_sources_name_sheet_row_and_column(book):
    layout, wb = book
    cell = find_cell(wb, Spec.parse("收入支出决算总表/本年支出合计/决算数"))
    src = cell.source
    assert src.sheet == ("公开01表 收入支出决算总表" if layout == "public_xls" else "Z01 收入支出决算总表(财决01表)")
    assert src.row_label == "本年支出合计"
    assert src.column_label.endswith("决算数") and src.column_label.startswith("支出")
    assert src.unit == ("元" if layout == "public_xls" else "万元")
    # the cell named really holds the amount: rows and columns move between layouts
    table = next(t for t in wb.tables if t.sheet == src.sheet)
    raw = table.value(src.row - 1, src.column)
    assert isinstance(raw, Decimal)
    assert convert(exact(raw, src.unit), src.unit, "万元") == F.expected(layout, "spend_total")
    text = src.describe()
    assert src.sheet in text and f"第{src.row}行" in text and "列“支出/决算数”" in text


def test_layouts_put_the_same_amount_in_different_cells(tmp_path):
    cells = set()
    for layout in ("z_xls", "shifted_xlsx", "public_xls"):
        wb = read_workbook(F.write(layout, tmp_path))
        src = find_cell(wb, Spec.parse("支出决算表/合计/基本支出")).source
        cells.add((src.row, src.column))
    assert len(cells) == 3


def test_last_year_is_read_where_the_table_has_it(tmp_path):
    wb = read_workbook(F.write("z_xls", tmp_path))
    cell = find_cell(wb, Spec.parse("收入支出决算总表/本年支出合计/决算数"))
    assert cell.in_unit("万元", prev=True) == F.wan(F.TRUTH["spend_total_prev"])
    assert cell.prev_source is not None and "上年决算数" in cell.prev_source.column_label
    shifted = read_workbook(F.write("shifted_xlsx", tmp_path))
    assert find_cell(shifted, Spec.parse("收入支出决算总表/本年支出合计/决算数")).prev is None


def test_tables_are_matched_by_title_not_number(tmp_path):
    """支出决算表 is the Z04 sheet, not 一般公共预算财政拨款收入支出决算表
    (Z07), although both titles hold the words."""
    wb = read_workbook(F.write("z_xls", tmp_path))
    cell = find_cell(wb, Spec.parse("支出决算表/合计/基本支出"))
    assert cell.source.sheet.startswith("Z04")
    assert cell.in_unit("万元") != F.wan(F.DISTRACTOR_BASIC)
    # a sheet name cut at 31 characters is still found by its title row
    three = find_cell(wb, Spec.parse("一般公共预算财政拨款三公经费/决算数/合计"))
    assert len(three.source.sheet) == 31


def test_units_are_detected_per_table(tmp_path):
    z = read_workbook(F.write("z_xlsx", tmp_path))
    assert {t.unit for t in z.tables} == {"万元"}
    public = read_workbook(F.write("public_xls", tmp_path))
    # 公开02表 states no unit: the 公开表 are in 元
    assert {t.sheet: t.unit for t in public.tables}["公开02表 收入决算表"] == "元"
    assert {t.unit for t in public.tables} == {"元"}


def test_float_noise_is_quantized_to_the_cent_before_scaling():
    assert exact(Decimal(repr(0.1 + 0.2)), "元") == Decimal("0.30")
    assert convert(exact(Decimal(repr(1539912.34)), "元"), "元", "万元") == Decimal("153.991234")
    assert convert(Decimal("153.99"), "万元", "元") == Decimal("1539900.00")


def test_review_lists_identities_unknown_rows_and_absent_figures(tmp_path, sample):
    report = Store.open(sample).report
    for layout in F.LAYOUTS:
        wb = read_workbook(F.write(layout, tmp_path))
        result = accounts_review.review(report, wb)
        assert all(i.holds for i in result.identities), (layout, result.identities)
        assert len(result.identities) == 5
        labels = {label.strip() for _, _, label in result.unknown_rows}
        assert "五、事业收入" in labels, layout
        absent = {sf.id for sf, _, _ in result.absent}
        assert {"staff_costs", "office_costs", "three_public"} <= absent
        rows = {(r.figure, r.key): r for r in result.rows}
        assert rows[("spend_total", "value")].proposed == F.expected(layout, "spend_total")
        # 上年结余 is kept in 元 in the sample: converted into the figure's own unit
        assert rows[("balance_end", "value")].unit == "元"
        in_yuan = F.TRUTH["balance_end"] if layout == "public_xls" else F.wan(F.TRUTH["balance_end"]) * 10000
        assert rows[("balance_end", "value")].proposed == in_yuan


def test_a_broken_identity_is_reported(tmp_path, sample, monkeypatch):
    monkeypatch.setitem(F.TRUTH, "expense_total", Decimal("2400000.00"))
    wb = read_workbook(F.write("z_xls", tmp_path))
    broken = [i for i in accounts_review.identities(wb, "万元") if i.holds is False]
    assert [i.message for i in broken] == ["收入总计应等于支出总计", "支出总计应等于本年支出合计、结余分配与年末结转和结余之和"]


@pytest.mark.parametrize("kind, words", [
    ("not_accounts", "不是部门决算导出的工作簿"),
    ("damaged_xls", "已损坏"),
    ("damaged_xlsx", "已损坏"),
    ("html", "不是 Excel 工作簿"),
    ("empty", "不是 Excel 工作簿"),
])
def test_files_that_are_no_accounts_export_are_refused_by_name(tmp_path, kind, words):
    path = F.write_bad(kind, tmp_path)
    with pytest.raises(AccountsError) as info:
        read_workbook(path)
    assert words in info.value.message
    assert str(path) in info.value.message


def test_a_missing_workbook_is_named(tmp_path):
    with pytest.raises(AccountsError) as info:
        read_workbook(tmp_path / "没有.xls")
    assert "没有.xls" in info.value.message and "文件不存在" in info.value.message
