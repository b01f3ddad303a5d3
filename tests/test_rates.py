"""One rate, one rounding: the F3 figure table and `compare` state the same
增减率 for the same two values (800 → 801 is +0.13 %, half-up, in both)."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from tui_report.figures.rates import percent_change
from tui_report.report.store import Store

from .conftest import run_cli
from .tui_support import open_editor, pilot_test, settle

CASES = [("800", "801", "+0.13"), ("800", "799", "-0.13"), ("3", "4", "+33.33"), ("6", "5", "-16.67"),
         ("150.32", "153.99", "+2.44"), ("0.08", "0.09", "+12.50")]


def _years(tmp_path, sample, old: str, new: str):
    """Last year's folder holding ``old``, this year's holding ``new`` with
    ``old`` as its 上年 value, as `new` makes it."""
    last = tmp_path / "last"
    shutil.copytree(sample, last)
    store = Store.open(last)
    store.set_figure_value("spend_project", Decimal(old))
    store.save()
    store = Store.open(sample)
    store.set_figure_value("spend_project", Decimal(new))
    store.set_figure_value("spend_project", Decimal(old), key="prev")
    store.save()
    return last


@pytest.mark.parametrize(("old", "new", "want"), CASES)
def test_percent_change_rounds_half_up(old, new, want):
    assert percent_change(Decimal(old), Decimal(new)) == Decimal(want)


def test_no_rate_over_a_zero_or_missing_base():
    assert percent_change(Decimal(0), Decimal(5)) is None
    assert percent_change(None, Decimal(5)) is None
    assert percent_change(Decimal(5), None) is None


@pilot_test
async def test_figure_table_and_compare_agree_on_rates(sample, tmp_path):
    for n, (old, new, want) in enumerate(CASES):
        here = tmp_path / f"case{n}"
        shutil.copytree(sample, here)
        (tmp_path / f"w{n}").mkdir()
        last = _years(tmp_path / f"w{n}", here, old, new)
        res = run_cli("compare", str(last), str(here))
        assert res.returncode == 0, res.stderr
        row = next(line for line in res.stdout.splitlines() if line.startswith("项目支出"))
        assert row.split()[-1] == f"{want}%", row

        async with open_editor(here, size=(120, 40)) as (app, pilot):
            await pilot.press("f3")
            await settle(app, pilot)
            shown = app.main.figure_table.get_cell("spend_project", "change").plain
        assert shown.endswith(f"（{want}%）"), shown
