"""Importing the real seed report gives the sample report: the same section
tree, the same figures and checks, and the same text export."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tui_report.render.text import to_text
from tui_report.report.store import load

from .conftest import SAMPLE, SEED, run_cli

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed report not available")

DEPARTMENT = "长沙市芙蓉区科学技术协会"


def tree(report) -> list[tuple]:
    return [(level, s.title, s.run_in, s.body) for s, level in report.walk()]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    dest = tmp_path_factory.mktemp("imp") / "furong"
    res = run_cli("import", str(SEED), "-o", str(dest), "--department", DEPARTMENT)
    assert res.returncode == 0, res.stderr
    return dest, res.stdout


def test_section_tree_equals_the_samples(imported):
    dest, _ = imported
    got, want = load(dest), load(SAMPLE)
    assert len(got.sections) == 11
    assert [s.title for s in got.sections] == [s.title for s in want.sections]
    assert tree(got) == tree(want)  # titles verbatim, run-in headings, bodies with placeholders
    assert [s.id for s in got.sections] == [s.id for s in want.sections]


def test_heading_keeps_its_half_width_parentheses(imported):
    got = load(imported[0])
    assert got.sections[0].children[0].title == "部门(单位)基本情况。"
    assert got.sections[0].children[1].title == "部门(单位)整体支出规模、使用方向和主要内容、涉及范围等。"


def test_money_in_prose_became_the_samples_figures(imported):
    got, want = load(imported[0]), load(SAMPLE)
    values = {fid: (f.label, f.value, f.unit) for fid, f in got.figures.items()}
    assert values == {fid: (f.label, f.value, f.unit) for fid, f in want.figures.items()}
    assert values["funds_received"] == ("全年实际到位资金", Decimal("230.32"), None)
    assert values["balance_end"] == ("本年结余", Decimal("0"), "元")
    assert [(c.id, c.rule) for c in got.checks] == [(c.id, c.rule) for c in want.checks]
    assert got.year == 2022 and got.department == DEPARTMENT and got.unit == "万元"


def test_text_export_of_the_import_equals_the_samples(imported):
    dest, _ = imported
    res = run_cli("export", str(dest), "--format", "txt")
    assert res.returncode == 0, res.stderr
    assert res.stdout == to_text(load(SAMPLE))
    assert res.stdout.splitlines()[0] == "长沙市芙蓉区科学技术协会2022年度部门整体支出绩效自评报告"


def test_imported_files_are_written_like_the_samples(imported):
    dest = imported[0]
    for path in (SAMPLE / "sections").glob("*.toml"):
        ours = (dest / "sections" / path.name).read_text(encoding="utf-8")
        theirs = "".join(l for l in path.read_text(encoding="utf-8").splitlines(keepends=True)
                         if not l.startswith("#"))
        assert ours == theirs, path.name
    report = (dest / "report.toml").read_text(encoding="utf-8")
    assert 'funds_received  = { label = "全年实际到位资金", value = 230.32 }' in report


def test_summary_says_what_was_found(imported):
    out = imported[1]
    assert "一级 11 个，二级 11 个，三级 9 个" in out
    assert "数字：7 个" in out
    assert "校验：提议 2 条" in out and "spend-sum" in out and "balance:" in out
    assert "第31行「5、」按顺序是一级标题" in out  # the wrong numbering it corrected
    assert "标题断在两行" in out
    assert "未能归位：无" in out
    assert "年度：2022（取自标题" in out


def test_markdown_export_imports_back_to_the_same_report(tmp_path):
    md = tmp_path / "report.md"
    res = run_cli("export", str(SAMPLE), "--format", "md", "-o", str(md))
    assert res.returncode == 0, res.stderr
    res = run_cli("import", str(md), "-o", str(tmp_path / "back"))
    assert res.returncode == 0, res.stderr
    back = load(tmp_path / "back")
    assert back.department == DEPARTMENT  # taken from the title line
    assert to_text(back) == to_text(load(SAMPLE))
    assert [(lvl, t, r) for lvl, t, r, _ in tree(back)] == [(lvl, t, r) for lvl, t, r, _ in tree(load(SAMPLE))]
