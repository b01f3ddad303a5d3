"""`tui-report compare OLD NEW`: figures side by side with 增减 and 增减率,
sections whose text changed, and per-section text pairs for the editor."""

from __future__ import annotations

from decimal import Decimal

from tui_report.render.blocks import blocks
from tui_report.report.store import load
from tui_report.yearly import compare

from .conftest import run_cli


def new_year(tmp_path, sample):
    dest = tmp_path / "new"
    res = run_cli("new", str(dest), "--from", str(sample))
    assert res.returncode == 0, res.stderr
    return dest


def fill(folder, **values):
    toml = folder / "report.toml"
    text = toml.read_text(encoding="utf-8")
    for fid, value in values.items():
        start = text.index(f"{fid} ")
        line_end = text.index("\n", start)
        line = text[start:line_end]
        text = text[:start] + line.replace('value = ""', f"value = {value}", 1) + text[line_end:]
    toml.write_text(text, encoding="utf-8")


def test_compare_of_sample_and_its_new_year_shows_the_figures(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    res = run_cli("compare", str(sample), str(dest))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "数字：2022 年 → 2023 年"
    assert lines[1].split() == ["项目", "单位", "上年", "本年", "增减", "增减率"]
    rows = {l.split()[0]: l.split()[1:] for l in lines[2:9]}
    assert rows["预算批复"] == ["万元", "150.32", "待填", "—", "—"]
    assert rows["全年实际到位资金"] == ["万元", "230.32", "待填", "—", "—"]
    assert rows["上年结余"] == ["元", "0.00", "0.00", "0.00", "—"]
    assert len(rows) == len(load(sample).figures)
    assert "正文：0 个章节有改动，31 个未改动" in res.stdout


def test_change_and_rate_are_exact_decimals(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    fill(dest, budget_approved="165.35", funds_received="230.32", spend_total="0")
    rows = {r.id: r for r in compare.figure_rows(load(sample), load(dest))}
    assert rows["budget_approved"].change == Decimal("15.03")
    assert rows["budget_approved"].rate == Decimal("10.00")  # 15.03 / 150.32 = 9.998…% → 10.00%
    assert rows["funds_received"].change == Decimal("0.00") and rows["funds_received"].rate == Decimal("0.00")
    assert rows["spend_total"].rate == Decimal("-100.00")
    assert rows["balance_start"].rate is None  # over a zero base: "—", not an error
    res = run_cli("compare", str(sample), str(dest), "--format", "md", "--only", "figures")
    assert res.returncode == 0, res.stderr
    assert "| 预算批复 | 万元 | 150.32 | 165.35 | +15.03 | +10.00% |" in res.stdout
    assert "| 实际支出 | 万元 | 153.99 | 0.00 | -153.99 | -100.00% |" in res.stdout


def test_markdown_table_can_go_into_the_report(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    res = run_cli("compare", str(sample), str(dest), "-f", "md", "--only", "figures")
    table = res.stdout.strip().splitlines()
    assert table[0] == "| 项目 | 单位 | 上年 | 本年 | 增减 | 增减率 |"
    body = dest / "sections" / "disclosure.toml"
    text = body.read_text(encoding="utf-8")
    body.write_text(text.replace("接受社会监督。\n", "接受社会监督。\n" + "\n".join(table) + "\n"), encoding="utf-8")
    tables = [b for b in blocks(load(dest)) if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows[0] == ["项目", "单位", "上年", "本年", "增减", "增减率"]
    assert tables[0].rows[1] == ["预算批复", "万元", "150.32", "待填", "—", "—"]
    assert len(tables[0].rows) == 1 + len(load(sample).figures)


def test_changed_sections_are_listed_and_paired(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    path = dest / "sections" / "assets.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("办公室设立资产专管员", "办公室设立两名资产专管员"),
                    encoding="utf-8")
    res = run_cli("compare", str(sample), str(dest), "--only", "sections")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == ["正文：1 个章节有改动，30 个未改动", "  四、资产管理情况（改动）",
                                       "      办公室设立{+两名+}资产专管员，负责资产管理…"]  # word by word
    pairs = compare.section_pairs(load(sample), load(dest))
    assets = next(p for p in pairs if p.title == "资产管理情况")
    assert assets.status == "changed"
    assert assets.old.body.startswith("办公室设立资产专管员") and assets.new.body.startswith("办公室设立两名资产专管员")
    spend = next(p for p in pairs if p.title.startswith("部门(单位)整体支出规模"))
    assert "预算批复150.32万元" in spend.old_filled and "预算批复【待填】" in spend.new_filled
    assert spend.old.body == spend.new.body and spend.status == "same"


def test_added_and_removed_sections_keep_reading_order(tmp_path, sample):
    old, new = load(sample), load(sample)
    gone = new.sections.pop(5)  # 国有资本经营预算支出情况
    new.sections[0].children.insert(1, type(gone)(title="新增小节", body="新的内容"))
    pairs = compare.section_pairs(old, new)
    titles = [(p.number, p.title, p.status) for p in pairs if p.status != "same"]
    assert titles == [("（二）", "新增小节", "added"), ("六、", "国有资本经营预算支出情况", "removed")]
    order = [p.title for p in pairs if p.level == 1]
    assert order == [s.title for s in old.sections]  # the removed one where it was


def test_compare_with_one_folder_uses_the_recorded_previous_report(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    both = run_cli("compare", str(sample), str(dest))
    one = run_cli("compare", str(dest))
    assert one.returncode == 0, one.stderr
    assert one.stdout == both.stdout
    # a report that records no previous one says what to do
    res = run_cli("compare", str(sample))
    assert res.returncode == 2
    assert "previous_report" in res.stderr and res.stdout == ""


def test_prose_changes_word_by_word_in_markdown(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    path = dest / "sections" / "performance.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("共计300多人", "共计350多人"), encoding="utf-8")
    res = run_cli("compare", str(sample), str(dest), "--only", "sections", "-f", "md")
    assert res.returncode == 0, res.stderr
    line = next(line for line in res.stdout.splitlines() if "350" in line)
    assert line.lstrip().startswith(">")
    assert "~~300~~**350**" in line  # the number is one word: not a changed "0"
    assert "全国科普日" not in line or "…" in line  # the long unchanged rest is cut


def test_a_change_that_looks_like_a_typing_error_is_flagged(tmp_path, sample):
    dest = new_year(tmp_path, sample)
    fill(dest, budget_approved="1503.2", funds_received="230.32", spend_total="-153.99", spend_basic="125",
         spend_project="28.67")
    rows = {r.id: r for r in compare.figure_rows(load(sample), load(dest))}
    assert rows["budget_approved"].doubtful  # ten times last year's: a decimal point moved
    assert rows["spend_total"].doubtful  # the sign changed
    assert not rows["funds_received"].doubtful and not rows["spend_basic"].doubtful
    res = run_cli("compare", str(sample), str(dest), "--only", "figures")
    flagged = [line for line in res.stdout.splitlines() if "请确认" in line]
    assert len(flagged) == 2 and any("预算批复" in line for line in flagged)
    md = run_cli("compare", str(sample), str(dest), "-f", "md", "--only", "figures").stdout
    assert md.splitlines()[0].endswith("| 核对 |") and "| 请确认 |" in md
