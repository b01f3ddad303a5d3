"""`tui-report figures import`: a dry run that prints the review and changes
nothing; ``--apply`` that writes only the accepted figures and keeps the
workbook and mapping in ``[accounts]``; `check` against the named workbook."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from tui_report.cli import main
from tui_report.report.store import Store

from . import accounts_fixtures as F
from .conftest import run_cli


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _with_figures(sample: Path) -> None:
    """The sample with a changed 实际支出 and the figures the 决算 has."""
    path = sample / "report.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('spend_total     = { label = "实际支出", value = 153.99 }',
                        'spend_total     = { label = "实际支出", value = 150.00 }')
    text = text.replace('spend_project   = { label = "项目支出", value = 28.67 }',
                        'spend_project   = { label = "项目支出", value = 28.67 }\n'
                        'staff_costs     = { label = "人员经费", value = "" }\n'
                        'income_other    = { label = "单位事业收入", value = "" }')
    path.write_text(text, encoding="utf-8")


def test_dry_run_prints_the_review_and_changes_nothing(sample, tmp_path, capsys):
    _with_figures(sample)
    book = F.write("z_xls", tmp_path)
    before = _snapshot(sample)
    code, out, _ = _cli(capsys, "figures", "import", str(book), str(sample))
    assert code == 0
    assert _snapshot(sample) == before
    line = next(l for l in out.splitlines() if " spend_total " in l and "（本年）" in l)
    assert line.startswith("*≠")
    assert "报告 150.00万元" in line and "决算 153.99万元" in line
    assert "Z01 收入支出决算总表(财决01表)，第16行“本年支出合计”，I列“支出/决算数”" in line
    assert any(l.startswith(" = spend_basic") for l in out.splitlines())
    assert any(l.startswith("*+ staff_costs") and "100.35万元" in l for l in out.splitlines())
    assert "✓ 收入总计应等于支出总计" in out
    assert "(财决01表)：第12行“五、事业收入”" in out  # a row nothing maps
    assert "预览，未改动任何文件" in out


def test_apply_writes_only_the_accepted_figures(sample, tmp_path, capsys):
    _with_figures(sample)
    book = F.write("public_xls", tmp_path)
    before = (sample / "report.toml").read_text(encoding="utf-8")
    code, out, err = _cli(capsys, "figures", "import", str(book), str(sample), "--apply", "--only", "spend_total")
    assert code == 0, err
    after = (sample / "report.toml").read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=False) if a != b]
    assert changed == [('spend_total     = { label = "实际支出", value = 150.00 }',
                        'spend_total     = { label = "实际支出", value = 153.991234, decimals = 2 }')]
    # and the workbook recorded at the end, nothing else
    assert new_lines[len(old_lines):] == ["", "[accounts]", 'workbook = "../决算-public_xls.xls"']
    data = tomllib.loads(after, parse_float=Decimal)
    assert data["figures"]["spend_total"]["value"] == Decimal("153.991234")
    assert data["figures"]["staff_costs"]["value"] == ""  # proposed, not accepted
    assert data["accounts"] == {"workbook": "../决算-public_xls.xls"}
    report = Store.open(sample).report
    assert report.accounts is not None and report.accounts.workbook == "../决算-public_xls.xls"
    assert not report.load_problems


def test_apply_keeps_the_mapping_for_next_year(sample, tmp_path, capsys):
    _with_figures(sample)
    book = F.write("z_xlsx", tmp_path)
    code, out, err = _cli(capsys, "figures", "import", str(book), str(sample), "--apply",
                          "--map", "income_other=收入支出决算总表/事业收入/决算数")
    assert code == 0, err
    data = tomllib.loads((sample / "report.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    assert data["accounts"]["map"] == {"income_other": "收入支出决算总表/事业收入/决算数"}
    figures = data["figures"]
    assert figures["income_other"]["value"] == F.wan(F.TRUTH["business_income"])
    assert figures["staff_costs"]["value"] == F.wan(F.TRUTH["staff_costs"])
    assert figures["spend_total"]["value"] == Decimal("153.99")
    assert figures["spend_total"]["prev"] == F.wan(F.TRUTH["spend_total_prev"])
    # next year: the mapping comes from report.toml, no option needed
    code, out, _ = _cli(capsys, "figures", "import", str(book), str(sample))
    assert any(l.startswith(" = income_other") for l in out.splitlines()), out
    assert "(财决01表)：第12行“五、事业收入”" not in out


def test_check_reports_a_figure_that_disagrees_with_the_named_workbook(sample, tmp_path, capsys):
    book = F.write("z_xls", sample, "决算.xls")
    path = sample / "report.toml"
    text = path.read_text(encoding="utf-8").replace(
        'spend_basic     = { label = "基本支出", value = 125.32 }',
        'spend_basic     = { label = "基本支出", value = 120.00 }')
    path.write_text(text + '\n[accounts]\nworkbook = "决算.xls"\n', encoding="utf-8")
    assert book.exists()
    code, out, _ = _cli(capsys, "check", str(sample), "--format", "text")
    mine = [l for l in out.splitlines() if l.endswith("[figure-vs-accounts]")]
    # 基本支出 as changed here, and the sample's own 本年结余 0元 (76.33万元 in the 决算)
    assert [("spend_basic" in l, "balance_end" in l) for l in mine] == [(True, False), (False, True)], out
    line = mine[0]
    n = text.splitlines().index('spend_basic     = { label = "基本支出", value = 120.00 }') + 1
    assert line.startswith(f"report.toml:{n}:")
    assert ": warning: " in line
    assert "基本支出" in line and "120.00万元" in line and "125.32万元" in line
    assert "Z04 支出决算表(财决04表)，第8行“合计”，F列“基本支出”" in line
    # the figures that agree (实际支出 153.99, …) are not reported
    assert not any("spend_total" in l for l in mine)


def test_check_says_when_the_named_workbook_cannot_be_read(sample, capsys):
    path = sample / "report.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[accounts]\nworkbook = "不在.xls"\n', encoding="utf-8")
    code, out, _ = _cli(capsys, "check", str(sample))
    line = next(l for l in out.splitlines() if l.endswith("[accounts-unreadable]"))
    assert "不在.xls" in line and "文件不存在" in line


@pytest.mark.parametrize("kind, words", [
    ("not_accounts", "不是部门决算导出的工作簿"),
    ("damaged_xls", "已损坏"),
    ("html", "不是 Excel 工作簿"),
])
def test_a_file_that_is_no_accounts_export_exits_2_with_a_message(sample, tmp_path, kind, words):
    bad = F.write_bad(kind, tmp_path)
    before = _snapshot(sample)
    res = run_cli("figures", "import", str(bad), str(sample), "--apply")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert words in res.stderr and bad.name in res.stderr
    assert _snapshot(sample) == before


def test_bad_options_exit_2(sample, tmp_path, capsys):
    book = F.write("z_xls", tmp_path)
    code, _, err = _cli(capsys, "figures", "import", str(book), str(sample), "--map", "nothing=收入支出决算总表/总计")
    assert code == 2 and "表名关键词/行名/列名" in err
    code, _, err = _cli(capsys, "figures", "import", str(book), str(sample), "--map", "nope=a/b/c")
    assert code == 2 and "nope" in err
    code, _, err = _cli(capsys, "figures", "import", str(book), str(sample), "--only", "nope")
    assert code == 2 and "nope" in err
