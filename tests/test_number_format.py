"""One way to print a number (tui_report/figures/number_format.py).

Every amount prints in the report's decimals (``[settings] money_decimals``,
2 by default) in every export: Markdown, text, HTML, PDF and DOCX, prose and
tables, the 自评表 included; a change from last year is worked out from the
exact values and rounded once (27.5 against 28.67 is 1.17, not 1.2); a
rate two decimals; a count as typed; never ``-0``.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from decimal import Decimal

import docx
import pdfplumber
import pytest

from tui_report.figures import number_format as nf
from tui_report.figures import yoy
from tui_report.figures.values import format_value, resolve
from tui_report.render.blocks import blocks
from tui_report.render.scorecard import tables
from tui_report.report.model import Figure, Report
from tui_report.report.store import load
from tui_report.yearly import compare

from .conftest import run_cli

#: an amount as printed: a number and a money unit
AMOUNT = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.(\d+))?)(?=万元|亿元|千元|元)")


def report(**settings) -> Report:
    return Report(root=__import__("pathlib").Path("."), title="t", department="d", year=2023, unit="万元",
                  settings=settings)


def places_of(text: str) -> set[int]:
    return {len(m.group(2) or "") for m in AMOUNT.finditer(text)}


# --- the rule ---------------------------------------------------------------------------------------


def test_amounts_print_in_the_reports_decimals_however_they_were_typed():
    r = report()
    for typed, shown in (("165.8", "165.80万元"), ("158", "158.00万元"), ("150.32", "150.32万元"),
                         ("12.345", "12.35万元"), ("-0.0", "0.00万元"), ("0.005", "0.01万元")):
        fig = Figure("x", "x", value=Decimal(typed))
        assert format_value(fig, Decimal(typed), r) == shown
    one = report(money_decimals=1)
    assert format_value(Figure("x", "x", value=Decimal("165.84")), Decimal("165.84"), one) == "165.8万元"
    # a figure's own decimals, and a figure in its own money unit
    assert format_value(Figure("x", "x", value=Decimal("1.5"), decimals=3), Decimal("1.5"), r) == "1.500万元"
    assert format_value(Figure("x", "x", value=Decimal(0), unit="元"), Decimal(0), r) == "0.00元"


@pytest.mark.parametrize("bad", [-1, 11, True, "2", Decimal("1.5")])
def test_a_setting_that_is_not_a_whole_number_of_decimals_keeps_the_default(bad):
    assert nf.money_places(report(money_decimals=bad)) == nf.DEFAULT_MONEY_PLACES


def test_rates_have_two_decimals_counts_and_typed_percentages_print_as_typed():
    r = report()
    derived = Figure("rate", "执行率", formula="a / b", format="percent")
    assert format_value(derived, Decimal("0.66855"), r) == "66.86%"
    typed = Figure("sat", "满意度", value=Decimal("98.5"), format="percent")
    assert format_value(typed, Decimal("0.985"), r) == "98.5%"
    count = Figure("n", "场次", value=Decimal(20), unit="场次")
    assert format_value(count, Decimal(20), r) == "20场次"
    assert nf.rate_text(Decimal("11.5")) == "11.50%"
    assert nf.score_text(Decimal("8.00")) == "8" and nf.score_text(Decimal("9.50")) == "9.5"
    assert nf.score_text(Decimal("6.685")) == "6.69" and nf.signed(Decimal("-0.001"), 2) == "0.00"


def test_a_money_column_of_a_table_prints_in_the_reports_decimals():
    r = report()
    assert nf.money_column("金额（万元）") == "万元" and nf.money_column("单位：元") == "元"
    assert nf.money_column("项目名称") is None and nf.money_column("万元户数") is None
    assert [nf.money_cell(c, r) for c in ("165.8", "158", "1,234.5", "约100", "—", "12.50万元")] == [
        "165.80", "158.00", "1,234.50", "约100", "—", "12.50万元"]


# --- 27.5 against 28.67 ---------------------------------------------------------------------------


@pytest.fixture
def next_year(tmp_path, sample):
    """Next year's report made from the sample, 项目支出 typed as 27.5 (last
    year 28.67), the prose stating the change with placeholders."""
    dest = tmp_path / "new"
    res = run_cli("new", str(dest), "--from", str(sample))
    assert res.returncode == 0, res.stderr
    toml = dest / "report.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("spend_project ")
    end = text.index("\n", start)
    toml.write_text(text[:start] + text[start:end].replace('value = ""', "value = 27.5") + text[end:],
                    encoding="utf-8")
    section = dest / "sections" / "general-budget.toml"
    body = section.read_text(encoding="utf-8")
    section.write_text(body.replace("{{year}}年项目支出总额{{spend_project}}，",
                                    "{{year}}年项目支出总额{{spend_project}}，较上年{{spend_project.trend}}"
                                    "{{spend_project.change}}，降幅{{spend_project.rate}}，", 1), encoding="utf-8")
    return sample, dest


def test_a_change_is_worked_out_from_the_exact_values_and_rounded_once(next_year):
    old, new = next_year
    r = load(new)
    resolved = resolve(r)
    assert r.figures["spend_project"].prev == Decimal("28.67")
    assert yoy.text("spend_project.change", r, resolved) == "1.17万元"  # not 1.2
    assert yoy.text("spend_project.trend", r, resolved) == "减少"
    assert yoy.text("spend_project.rate", r, resolved) == "4.08%"
    prose = "".join(b.text for b in blocks(r))
    assert "项目支出总额27.50万元，较上年减少1.17万元，降幅4.08%" in prose
    row = next(x for x in compare.figure_rows(load(old), r) if x.id == "spend_project")
    assert (row.old, row.new, row.change, row.places) == (Decimal("28.67"), Decimal("27.5"), Decimal("-1.17"), 2)
    assert "| 项目支出 | 万元 | 28.67 | 27.50 | -1.17 | -4.08% |" in compare.figures_markdown([row])
    res = run_cli("compare", str(old), str(new), "--only", "figures")
    assert res.returncode == 0, res.stderr
    assert re.search(r"项目支出\s+万元\s+28\.67\s+27\.50\s+-1\.17\s+-4\.08%", res.stdout)


# --- every export ---------------------------------------------------------------------------------


def _texts(folder, tmp_path) -> dict[str, str]:
    """The sample's md, txt, html, pdf and docx exports as text."""
    out = {}
    for fmt in ("md", "txt", "html", "pdf", "docx"):
        dest = tmp_path / f"r.{fmt}"
        res = run_cli("export", str(folder), "--format", fmt, "--draft", "-o", str(dest))
        assert res.returncode == 0, res.stderr
        if fmt == "pdf":
            with pdfplumber.open(dest) as pdf:
                out[fmt] = "".join((page.extract_text() or "") for page in pdf.pages)
        elif fmt == "docx":
            document = docx.Document(io.BytesIO(dest.read_bytes()))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            out[fmt] = "\n".join([p.text for p in document.paragraphs] + cells)
        elif fmt == "html":
            out[fmt] = html_lib.unescape(re.sub(r"<[^>]+>", "", dest.read_text(encoding="utf-8")))
        else:
            out[fmt] = dest.read_text(encoding="utf-8")
    return {fmt: re.sub(r"\s+", "", text) for fmt, text in out.items()}


def _table_amounts(folder) -> list[str]:
    """The 自评表's amounts as its tables print them."""
    money = []
    for table in tables(load(folder)):
        for k, head in enumerate(table.rows[0]):
            if nf.money_column(head):
                money += [row[k] for row in table.rows[1:] if row[k]]
    return money


@pytest.mark.parametrize("places", [None, 1, 3])
def test_every_amount_of_every_export_has_the_configured_decimals(sample, tmp_path, places):
    if places is not None:
        toml = sample / "report.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace(
            "[figures]", f"[settings]\nmoney_decimals = {places}\n\n[figures]", 1), encoding="utf-8")
    want = nf.DEFAULT_MONEY_PLACES if places is None else places
    in_tables = _table_amounts(sample)
    assert in_tables and all(len(a.partition(".")[2]) == want for a in in_tables), in_tables
    for fmt, text in _texts(sample, tmp_path).items():
        found = places_of(text)
        assert found == {want}, (fmt, found)
        for amount in in_tables:  # the 自评表's amounts, in its tables
            assert amount in text, (fmt, amount)
    # the same amounts of a money column in an author's table
    section = sample / "sections" / "general-budget.toml"
    section.write_text(section.read_text(encoding="utf-8").replace(
        "{{year}}年基本支出", "| 项目 | 金额（万元） |\n|---|---|\n| 基本支出 | 125.3 |\n| 合计 | 158 |\n{{year}}年基本支出", 1),
        encoding="utf-8")
    md = run_cli("export", str(sample), "--format", "md", "-o", "-").stdout
    assert f"| 基本支出 | {Decimal('125.3'):.{want}f} |" in md and f"| 合计 | {Decimal(158):.{want}f} |" in md


def test_a_bad_money_decimals_is_a_warning_at_its_line(sample):
    from tui_report.checks import run as run_checks
    from tui_report.report.store import load

    toml = sample / "report.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text + '\n[settings]\nmoney_decimals = "两位"\n', encoding="utf-8")
    report = load(sample)
    found = [p for p in run_checks(report) if p.id == "format" and "money_decimals" in p.message]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].line == len(text.splitlines()) + 3
    for good in ("0", "2", "4"):
        toml.write_text(text + f"\n[settings]\nmoney_decimals = {good}\n", encoding="utf-8")
        assert not [p for p in run_checks(load(sample)) if "money_decimals" in p.message]
