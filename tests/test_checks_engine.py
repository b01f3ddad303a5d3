"""The engine's contracts for the editor: a pure function of the model (no
disk), memoised per text without ever going stale, and text scanners that
never crash and only offer fixes that apply to the text they saw."""

from __future__ import annotations

import shutil
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_report import checks
from tui_report.checks import prose as prose_scan
from tui_report.report.store import Store, load

from .conftest import IGNORE_STATE, ROOT, SAMPLE

sys.path.insert(0, str(ROOT / "benchmarks"))
from gen_report import make_report  # noqa: E402


def key(problems):
    return [(p.id, p.file, p.line, p.col, p.end, p.message, p.acknowledged,
             p.fix.new if p.fix else None) for p in problems]


def test_run_reads_no_files(tmp_path):
    root = tmp_path / "r"
    shutil.copytree(SAMPLE, root, ignore=IGNORE_STATE)
    report = load(root)
    before = key(checks.run(report))
    shutil.rmtree(root)
    prose_scan.clear()
    assert key(checks.run(report)) == before


def test_memoised_rechecks_match_a_fresh_load_after_edits(sample):
    store = Store.open(sample)
    checks.run(store.report)  # fill the memo
    duties = store.report.sections[0].children[0].children[0]
    store.set_body(duties, duties.body.replace("建设科技工作者之家。", "建设科技工作者之家,2021年开展。"))
    store.set_title(store.report.sections[3], "5、资产管理情况")
    warm = key(checks.run(store.report))
    store.save()
    prose_scan.clear()
    cold = key(checks.run(load(sample)))
    assert warm == cold
    ids = [k[0] for k in warm]
    assert "stale-year" in ids and "typed-heading-number" in ids and ids.count("punct-halfwidth") == 13


def test_changing_the_year_is_not_served_from_the_memo(sample):
    report = load(sample)
    stale = [p for p in checks.run(report) if p.id == "stale-year"]
    assert stale == []
    report.sections[2].body = "2022年开展了工作。"
    assert [p.id for p in checks.run(report) if p.id in ("stale-year", "typed-year")] == ["typed-year"]
    report.year = 2023
    in_text = [p for p in checks.run(report) if p.id in ("stale-year", "typed-year") and p.file.startswith("sections/")]
    assert [p.id for p in in_text] == ["stale-year"]
    # the 自评表's own 2022年度 title is last year's now too, and said so once
    assert [p.file for p in checks.run(report) if p.id == "stale-year" and not p.file.startswith("sections/")] == [
        "scorecard.toml"]


def test_generated_report_has_the_promised_size_and_few_problems(tmp_path):
    root = make_report(tmp_path / "big", sections=500, figures=2000)
    report = load(root)
    assert sum(1 for _ in report.walk()) == 500
    assert len(report.figures) == 2000
    assert sum(1 for c in report.checks) == 10
    problems = checks.run(report)
    assert {p.id for p in problems} == {"punct-halfwidth", "typed-amount"}
    assert not [p for p in problems if p.severity == "error"]


prose = st.text(alphabet=st.sampled_from(list(
    "年月日元万亿千%％率满意度执行。，、；：！？,;:() （）《》“”{}_ay12034567890.\n-|工作资金")), max_size=80)


@settings(max_examples=400, deadline=None)
@given(text=prose, is_title=st.booleans(), year=st.integers(1990, 2040))
def test_scanning_any_text_gives_findings_inside_it_with_fixes_that_apply(text, is_title, year):
    scan = prose_scan.scan_unmemoised(text, is_title, year, "万元")
    for f in scan.findings + scan.amounts:
        assert 0 <= f.offset <= f.offset + f.length <= len(text)
        assert f.severity in ("error", "warning", "info") and (f.message or f.id == "typed-amount")
        if f.fix is not None:
            offset, old, new = f.fix[:3]
            assert text[offset: offset + len(old)] == old
            assert old != new
    for name, offset, length in scan.placeholders:
        assert text[offset: offset + length].startswith("{{") and name in text[offset: offset + length]


def test_a_text_whose_punctuation_is_all_half_width_gets_one_warning_and_keeps_every_fix(tmp_path):
    """A text copied from a web page that made every ，：（） half-width: one
    warning says so, each place stays listed (as information) with its fix."""
    from tui_report.importer.pipeline import import_file
    from tui_report.report.folder_writer import write_report

    src = tmp_path / "r.txt"
    body = "".join(f"第{i}项工作,按计划完成:效果(良好);" for i in range(1, 9))
    src.write_text(f"一、工作情况\n{body}\n", encoding="utf-8")
    write_report(import_file(src, year=2023, department="某单位").report, tmp_path / "out")
    problems = checks.run(load(tmp_path / "out"))
    warnings = [p for p in problems if p.id == "punct-halfwidth" and p.severity == "warning"]
    infos = [p for p in problems if p.id == "punct-halfwidth" and p.severity == "info"]
    assert len(warnings) == 1 and warnings[0].extra["count"] == len(infos) >= 30
    assert "全文" in warnings[0].message and "--fix" in warnings[0].message
    assert all(p.fix is not None for p in infos)


def test_a_few_half_width_marks_among_full_width_ones_stay_one_problem_each(sample):
    problems = [p for p in checks.run(load(sample)) if p.id == "punct-halfwidth"]
    assert problems and all(p.severity == "warning" for p in problems)
