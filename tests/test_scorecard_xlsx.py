"""`export --format xlsx --part scorecard`: the 自评表 as a workbook whose
执行率, 得分, 总分 and 等级 are formulas. The file opens with openpyxl, each
formula carries the value the product computed, LibreOffice recomputing
the formulas (with those values taken out first, so it cannot just repeat
them) gets the product's numbers, and report text that looks like a
formula (= + - @) stays text."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tui_report.figures.scoring import score
from tui_report.figures.values import resolve
from tui_report.report import templates
from tui_report.report.store import Store

from .conftest import run_cli

CARD = "scorecard.toml"


def export(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "card.xlsx"
    res = run_cli("export", str(root), "--format", "xlsx", "--part", "scorecard", "-o", str(out))
    assert res.returncode == 0, res.stderr
    return out


def product(root: Path):
    report = Store.open(root).report
    return score(report.scorecard, templates.load(report.scorecard.template), resolve(report).values)


def hostile(root: Path) -> None:
    """Reasons and names that a spreadsheet would take for formulas."""
    path = root / CARD
    text = path.read_text("utf-8")
    text = text.replace('name = "全国科普日系列活动场次"', 'name = "=HYPERLINK(\\"http://x\\",\\"点我\\")"')
    text = text.replace('actual = "300人"\nweight = 10\nscore = 10',
                        'actual = "240人"\nweight = 10\nreason = "+1 个别街道未组织到位"')
    text = text.replace('target = "≥10000份"', 'target = "@SUM(A1:A3)"')
    path.write_text(text.replace("total = 96.69\n", "").replace('grade = "优"\n', ""), "utf-8")


def cells_by_label(ws) -> dict:
    return {row[0].value: row for row in ws.iter_rows() if row and isinstance(row[0].value, str)}


def test_the_workbook_opens_with_formulas_and_their_values(sample, tmp_path):
    from openpyxl import load_workbook

    hostile(sample)
    out = export(sample, tmp_path)
    wb = load_workbook(out)
    ws = wb.active
    formulas = [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert any("MIN(" in str(c.value) for c in formulas)  # 执行率 → 得分
    assert any(str(c.value).startswith("=ROUND(") and "SUM(" in str(c.value) for c in formulas)  # 总分
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x","点我")' in texts and "+1 个别街道未组织到位" in texts and "@SUM(A1:A3)" in texts
    for c in (c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"):
        assert c.data_type == "s" or c.value.startswith(("=IF(", "=ROUND(")), c.coordinate
    cached = load_workbook(out, data_only=True).active
    got = product(sample)
    values = [c.value for row in cached.iter_rows() for c in row]
    assert float(got.total) in values and got.grade in values  # cached results, for viewers that do not recalculate


def lo_recalculate(xlsx: Path, out_dir: Path) -> Path:
    """LibreOffice opens the workbook with every cached result taken out, so
    each formula is computed by it, and saves it again."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice is not installed")
    bare = out_dir / "bare.xlsx"
    src = zipfile.ZipFile(xlsx)
    with zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", body).replace(b' t="str"', b"")
            dst.writestr(info, body)
    result = out_dir / "lo"
    with tempfile.TemporaryDirectory(prefix="tui-report-lo-") as tmp:
        profile = Path(tmp) / "profile"
        res = subprocess.run(
            [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(result), str(bare)],
            capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": tmp}, stdin=subprocess.DEVNULL)
    done = result / "bare.xlsx"
    if not done.exists() and "could not be loaded" in res.stderr:
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    assert res.returncode == 0 and done.exists(), res.stderr
    return done


@pytest.mark.timing
def test_libreoffice_computes_what_the_product_computes(sample, tmp_path):
    from openpyxl import load_workbook

    hostile(sample)
    out = export(sample, tmp_path)
    formulas = load_workbook(out).active
    recalculated = load_workbook(lo_recalculate(out, tmp_path), data_only=True).active
    got = product(sample)
    checked = 0
    for row in formulas.iter_rows():
        for cell in row:
            if cell.data_type != "f":
                continue
            value = recalculated[cell.coordinate].value
            assert value is not None, cell.coordinate
            checked += 1
    labels = cells_by_label(recalculated)
    budget = labels["年度资金总额"]
    assert round(Decimal(str(budget[5].value)) * 100, 2) == got.budget[0].rate  # 执行率 66.86 %
    assert Decimal(str(budget[6].value)) == got.budget[0].rule  # 得分 6.69
    scores = {row[2].value: row[9].value for row in recalculated.iter_rows() if row[0].value in ("产出指标",
                                                                                               "效益指标", "满意度指标")}
    by_rule = {i.indicator.name: i.score for i in got.indicators}
    for name, value in scores.items():
        assert Decimal(str(value)).quantize(Decimal("0.01")) == by_rule[name], name
    assert by_rule["动员科技志愿者人数"] == 8  # 240 of 300, computed by both
    assert Decimal(str(labels["总分"][9].value)).quantize(Decimal("0.01")) == got.total
    assert labels["评价等级"][9].value == got.grade
    assert checked >= 10


def test_xlsx_needs_the_part_and_a_scorecard(sample, tmp_path):
    assert run_cli("export", str(sample), "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")).returncode != 0
    (sample / CARD).unlink()
    res = run_cli("export", str(sample), "--format", "xlsx", "--part", "scorecard", "-o", str(tmp_path / "x.xlsx"))
    assert res.returncode != 0 and "scorecard init" in res.stderr


def test_the_cached_values_are_in_the_file(sample, tmp_path):
    data = export(sample, tmp_path).read_bytes()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert re.search(rb"<f>ROUND\([^<]*SUM\([^<]*</f><v>96.69</v>", sheet)
    assert b't="str"><f>IF(' in sheet  # the grade, a text result
