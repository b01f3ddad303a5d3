"""Where import cannot tell a heading from a paragraph it says so: in the
summary and as an `import-unsure` info problem at the title or paragraph the
line became in the folder, so the author can look; a clean report has none."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui_report.importer import outline
from tui_report.importer.pipeline import import_file, unsure_problems
from tui_report.report.folder_writer import write_report

from .conftest import ROOT, SEED, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus_score as cs  # noqa: E402

#: a title of 50 characters with no mark in it: within a quarter of the
#: 60 a title may have, so heading or a paragraph that lost its 。 is a narrow call
LONG_TITLE = "加强项目资金管理提高财政资金使用效益推动重点工作任务全面落实落地见效确保年度目标如期完成取得实效"
#: the same, 70 characters: just past the limit, taken as text, still narrow
TOO_LONG = LONG_TITLE + "持续巩固拓展工作成果不断提升服务水平"

CLEAN = """某某局2023年度部门整体支出绩效自评报告
一、部门基本情况
本局内设科室5个，在职人员32人。
二、部门整体支出情况
（一）基本支出
2023年基本支出868.40万元。
（二）项目支出
2023年项目支出400.00万元。
三、存在的问题
1.绩效目标不够细化。
个别指标难以量化考核。
2.资金拨付不够及时。
个别项目进度偏慢。
"""


def _import(tmp_path: Path, text: str):
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    return import_file(src)


def _cli_import(tmp_path: Path, text: str) -> tuple[Path, str]:
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    dest = tmp_path / "out"
    res = run_cli("import", str(src), "-o", str(dest))
    assert res.returncode == 0, res.stderr
    return dest, res.stdout


def test_a_title_near_the_length_limit_is_imported_as_a_heading_and_flagged(tmp_path):
    assert len(LONG_TITLE) == 48
    text = f"一、部门基本情况\n本局内设科室5个。\n二、{LONG_TITLE}\n全年完成各项任务。\n三、存在的问题\n无。\n"
    dest, said = _cli_import(tmp_path, text)
    assert "不确定是标题还是正文（1 处" in said
    line = next(x for x in said.splitlines() if "[import-unsure]" in x)
    place, _, rest = line.strip().partition(": info: ")
    file, row, col = place.rsplit(":", 2)
    assert "原文第3行" in rest and "已按标题导入" in rest
    # the problem points at the title in the folder, where the author can look
    written = (dest / file).read_text("utf-8").splitlines()
    assert LONG_TITLE in written[int(row) - 1]
    assert int(col) >= 1


def test_a_line_just_past_the_limit_is_imported_as_text_and_flagged(tmp_path):
    text = f"一、部门基本情况\n本局内设科室5个。\n1.{TOO_LONG}\n二、存在的问题\n无。\n"
    imp = _import(tmp_path, text)
    assert [(u.line, u.heading) for u in imp.outline.unsure] == [(3, False)]
    dest = tmp_path / "out"
    write_report(imp.report, dest)
    [problem] = unsure_problems(imp, dest)
    assert (problem.id, problem.severity) == ("import-unsure", "info")
    assert "已按正文导入" in problem.message
    written = (dest / problem.file).read_text("utf-8").splitlines()
    assert written[problem.line - 1].startswith("1." + TOO_LONG[:10])
    # the editor's target: the paragraph inside the section's body
    assert problem.target is not None and problem.target.kind == "body"


def test_a_count_begun_inside_the_line_before_is_flagged_once(tmp_path):
    text = ("一、总体运行情况\n"
            "取得的成绩 | 1、深入开展学习教育活动，积极开展机关党建工作。\n"
            "2、攻坚克难，加快征地拆迁。成立了项目指挥部。\n"
            "3、积极稳妥，推进项目融资。完成贷款申报工作。\n"
            "二、收支情况\n无。\n")
    imp = _import(tmp_path, text)
    assert [(u.line, u.heading) for u in imp.outline.unsure] == [(3, False)]
    assert "行内列举" in imp.outline.unsure[0].why
    assert [n.title for n in imp.outline.walk()] == ["总体运行情况", "收支情况"]


def test_a_count_most_of_whose_lines_are_a_forms_cells_flags_the_one_that_reads_as_a_heading():
    cells = "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数100%100%22否"
    lines = [outline.Line(1, f"1、{cells * 3}"), outline.Line(2, "2、营造良好氛围。" + cells),
             outline.Line(3, f"3、{cells * 3}")]
    tree = outline.build(lines)
    assert [(u.line, u.heading) for u in tree.unsure] == [(2, False)]
    assert "多数不像标题" in tree.unsure[0].why


def test_a_clean_report_has_none(tmp_path):
    dest, said = _cli_import(tmp_path, CLEAN)
    assert "import-unsure" not in said and "不确定" not in said
    imp = _import(tmp_path, CLEAN)
    assert imp.outline.unsure == []


@pytest.mark.skipif(not SEED.exists(), reason="seed report not available")
def test_the_seed_report_has_none():
    assert import_file(SEED).outline.unsure == []


def test_it_stays_rare_on_the_corpus():
    counts = [len(import_file(t.path).outline.unsure) for t in cs.truths()]
    assert max(counts) <= 1 and sum(counts) / len(counts) <= 0.15, counts


def test_a_count_whose_other_items_are_headings_takes_one_narrowly_too_long_as_a_heading_and_flags_it(tmp_path):
    long_item = "某某镇人民政府下达上级资金转移支付10个项目均完工，" + "其中部分项目资金执行100%，" * 10 + "其余项目资金全部执行。"
    assert 160 < len(long_item) <= 200
    text = ("一、资金投入情况\n1.某某镇人民政府下达资金755.19万元。其中：中央级124.23万元。\n"
            f"2.{long_item}\n3.某某镇人民政府严格按照上级文件管理资金。安排专人监督项目实施。\n二、总体情况\n完成。\n")
    imp = _import(tmp_path, text)
    assert [n.title for n in imp.outline.sections[0].children][1] == long_item[:-1]
    [u] = imp.outline.unsure
    assert (u.line, u.heading) == (3, True) and "同组编号的其他各个都是标题" in u.why

