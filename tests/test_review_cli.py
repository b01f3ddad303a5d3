"""`tui-report review` on small real inputs: files that cannot be read are
rows with their reason, a Word file and a report folder are reviewed like a
text, the template's required sections are looked for, OUT is never a
folder of the user's own, the workbook keeps report text out of formulas,
and the number of worker processes changes nothing in the result."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import openpyxl

from tui_report.review.rows import Finding, Row
from tui_report.review.xlsx_report import workbook

from .conftest import IGNORE_STATE, SAMPLE, SEED, run_cli
from .review_support import listing


def review(*args: str, cwd: Path | None = None):
    return run_cli("review", *args, cwd=cwd)


def data_of(out: Path) -> dict:
    return json.loads((out / "review.json").read_text(encoding="utf-8"))


def test_files_that_cannot_be_read_are_rows_with_their_reason(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip archive")
    (inputs / "scan.pdf").write_bytes(b"%PDF-1.4\n% nothing readable\n%%EOF\n")
    (inputs / "seed.txt").write_bytes(SEED.read_bytes())
    (inputs / "notes.xyz").write_text("not a report suffix: not picked from a folder", encoding="utf-8")
    before = listing(inputs)
    out = tmp_path / "out"
    res = review(str(inputs), str(tmp_path / "missing.txt"), "-o", str(out), "--jobs", "2")
    assert res.returncode == 1, res.stderr
    rows = data_of(out)["reports"]
    by_name = {Path(r["source"]).name: r for r in rows}
    assert set(by_name) == {"broken.docx", "empty.txt", "scan.pdf", "seed.txt", "missing.txt"}
    for name in ("broken.docx", "empty.txt", "scan.pdf", "missing.txt"):
        assert by_name[name]["status"] == "failed" and by_name[name]["reason"], name
        assert by_name[name]["verdict"] == "无法读入"
    assert "空" in by_name["empty.txt"]["reason"]
    assert by_name["seed.txt"]["status"] == "ok"
    assert (by_name["seed.txt"]["kind"], by_name["seed.txt"]["year"]) == ("纯文本", 2022)
    assert "无法读入：" in res.stdout and "broken.docx" in res.stdout
    assert listing(inputs) == before  # nothing written beside the inputs
    page = (out / by_name["scan.pdf"]["page"]).read_text(encoding="utf-8")
    assert by_name["scan.pdf"]["reason"].split("；")[0] in page


def test_a_word_file_and_a_report_folder_are_reviewed(tmp_path):
    folder = tmp_path / "in" / "芙蓉区科协"
    shutil.copytree(SAMPLE, folder, ignore=IGNORE_STATE)
    word = tmp_path / "in" / "报告.docx"
    exported = run_cli("export", str(folder), "--format", "docx", "-o", str(word))
    assert exported.returncode == 0, exported.stderr
    out = tmp_path / "out"
    res = review(str(tmp_path / "in"), "-o", str(out), "--jobs", "1")
    assert res.returncode in (0, 1), res.stderr
    rows = {Path(r["source"]).name: r for r in data_of(out)["reports"]}
    assert rows["芙蓉区科协"]["kind"] == "报告文件夹"
    assert rows["报告.docx"]["kind"].startswith("Word")
    checked = json.loads(run_cli("check", str(folder), "--format", "json").stdout)
    errors = sum(p["severity"] == "error" and not p["acknowledged"] for p in checked)
    assert rows["芙蓉区科协"]["errors"] == errors  # the same checks as `check`
    for row in rows.values():
        assert row["department"] == "长沙市芙蓉区科学技术协会" and row["year"] == 2022
    located = [f["location"] for f in rows["芙蓉区科协"]["findings"]]
    assert all(loc and ":" in loc for loc in located)  # a folder's problems keep file:line:col


def test_the_templates_required_sections_are_looked_for(tmp_path):
    hunan = review(str(SAMPLE), "-o", str(tmp_path / "hunan"), "--template", "hunan-department")
    assert hunan.returncode in (0, 1), hunan.stderr
    ids = [f["id"] for f in data_of(tmp_path / "hunan")["reports"][0]["findings"]]
    assert "template-section-missing" not in ids  # the sample follows the Hunan outline
    central = review(str(SAMPLE), "-o", str(tmp_path / "central"), "--template", "central")
    assert central.returncode in (0, 1), central.stderr
    missing = [f for f in data_of(tmp_path / "central")["reports"][0]["findings"]
               if f["id"] == "template-section-missing"]
    assert missing and all(f["severity"] == "warning" for f in missing)
    assert any("主要绩效及评价结论" in f["message"] for f in missing)
    unknown = review(str(SAMPLE), "-o", str(tmp_path / "x"), "--template", "no-such-region")
    assert unknown.returncode == 2 and "no-such-region" in unknown.stderr


def test_out_is_never_a_folder_of_the_users_own(tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    res = review(str(SEED), "-o", str(mine))
    assert res.returncode == 2 and "已有其他文件" in res.stderr
    assert sorted(p.name for p in mine.iterdir()) == ["keep.txt"]


def test_a_second_review_replaces_the_first_and_its_extra_pages(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(3):
        (inputs / f"{n}.txt").write_bytes(SEED.read_bytes())
    res = review(str(inputs), cwd=tmp_path)  # default OUT: ./review-out
    assert res.returncode in (0, 1), res.stderr
    out = tmp_path / "review-out"
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["0001.html", "0002.html", "0003.html"]
    (inputs / "2.txt").unlink()
    again = review(str(inputs), cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["0001.html", "0002.html"]
    assert data_of(out)["summary"]["reports"] == 2


def test_one_job_and_two_jobs_give_the_same_result(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a", "b", "c", "d"):
        (inputs / f"{name}.txt").write_bytes(SEED.read_bytes())
    (inputs / "e.txt").write_bytes(b"")
    one = review(str(inputs), "-o", str(tmp_path / "one"), "--jobs", "1")
    two = review(str(inputs), "-o", str(tmp_path / "two"), "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert data_of(tmp_path / "one")["reports"] == data_of(tmp_path / "two")["reports"]
    assert [r["source"][-5:] for r in data_of(tmp_path / "two")["reports"]] == [
        "a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]


def test_report_text_never_becomes_a_formula_in_the_workbook():
    row = Row(1, "=HYPERLINK(\"http://example.invalid\",\"点我\")", department="=1+1", status="ok",
              findings=[Finding("error", "x", "@SUM(A1:A9)", before="+cmd|' /C calc'!A0", text="-2+3")])
    book = openpyxl.load_workbook(io.BytesIO(workbook([row])))
    cells = [c for sheet in book.worksheets for line in sheet.iter_rows(min_row=2) for c in line
             if isinstance(c.value, str)]
    texts = {c.value: c.data_type for c in cells}
    assert texts["=1+1"] == "s" and texts["=HYPERLINK(\"http://example.invalid\",\"点我\")"] == "s"
    assert texts["@SUM(A1:A9)"] == "s"
    assert all(c.data_type == "s" for c in cells)
