"""Two colleagues, two clones, one shared repository: the report's merge
driver joins their edits paragraph by paragraph and figure by figure, and a
paragraph both changed is a conflict that `check` reports and that blocks a
final PDF and `check --fix`; so do git's own markers left by a merge
without the driver."""

from __future__ import annotations

import tomllib

import pytest

from tui_report.report import conflict_markers as cm
from tui_report.versions import diff3
from tui_report.versions.merge import merge_texts

from .conftest import SAMPLE
from .versions_support import OVERVIEW, P1_END, cli, edit, git, isolate_git, team

P2_END = "推进创新体系建设。"  # the end of the second, the line below it


@pytest.fixture(autouse=True)
def _git(tmp_path, monkeypatch):
    isolate_git(tmp_path, monkeypatch)


def _save_push(folder, message, user):
    res = cli("save", str(folder), "-m", message, user=user)
    assert res.returncode == 0, res.stderr
    res = cli("push", str(folder), user=user)
    assert res.returncode == 0, res.stderr


# --- the three-way merge of paragraphs ------------------------------------------------------

def test_neighbouring_paragraphs_edited_on_each_side_are_no_conflict():
    base = ["一", "二", "三"]
    merged = diff3.merge(base, ["一甲", "二", "三"], ["一", "二乙", "三"])
    assert merged == ["一甲", "二乙", "三"]


def test_the_same_paragraph_changed_differently_is_a_conflict():
    merged = diff3.merge(["一", "二"], ["一甲", "二"], ["一乙", "二"])
    assert merged[1:] == ["二"]
    assert merged[0] == diff3.Conflict(("一",), ("一甲",), ("一乙",))


def test_two_paragraphs_added_at_one_place_conflict_but_list_entries_do_not():
    assert diff3.conflicts(diff3.merge(["a"], ["a", "b"], ["a", "c"])) == 1
    assert diff3.merge(["a"], ["a", "b"], ["a", "c"], both_inserts=True) == ["a", "b", "c"]


def test_a_changed_title_on_both_sides_stays_valid_toml_with_a_commented_block():
    base = (SAMPLE / OVERVIEW).read_text("utf-8")
    ours = base.replace('title = "机构设置"', 'title = "机构设置（甲）"')
    theirs = base.replace('title = "机构设置"', 'title = "机构设置（乙）"')
    result = merge_texts(OVERVIEW, base, ours, theirs)
    assert result.conflicts == 1
    tomllib.loads(result.text)  # still opens
    blocks, _ = cm.scan(result.text)
    assert [(b.ours, b.theirs, b.commented) for b in blocks] == [
        (['title = "机构设置（甲）"'], ['title = "机构设置（乙）"'], True)]


# --- two clones, a bare repository, the driver ------------------------------------------------

def test_different_paragraphs_of_one_section_merge_cleanly(tmp_path):
    _server, a, b = team(tmp_path)
    edit(a / OVERVIEW, P1_END, P1_END + "甲补充。")
    _save_push(a, "甲改第一段", "甲")
    edit(b / OVERVIEW, P2_END, P2_END + "乙补充。")
    res = cli("save", str(b), "-m", "乙改第二段", user="乙")
    assert res.returncode == 0, res.stderr
    res = cli("pull", str(b), user="乙")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "按段落合并" in res.stdout
    text = (b / OVERVIEW).read_text("utf-8")
    assert P1_END + "甲补充。" in text and P2_END + "乙补充。" in text
    assert not cm.has_markers(text)
    assert git(b, "status", "--porcelain") == ""  # the merge is a saved version
    check = cli("check", str(b))
    assert "merge-conflict" not in check.stdout


def test_different_figures_merge_cleanly(tmp_path):
    _server, a, b = team(tmp_path)
    edit(a / "report.toml", "value = 153.99", "value = 160.00")
    _save_push(a, "实际支出", "甲")
    edit(b / "report.toml", "value = 28.67", "value = 30.00")
    cli("save", str(b), "-m", "项目支出", user="乙")
    res = cli("pull", str(b), user="乙")
    assert res.returncode == 0, res.stdout + res.stderr
    text = (b / "report.toml").read_text("utf-8")
    assert 'spend_total     = { label = "实际支出", value = 160.00 }' in text
    assert 'spend_project   = { label = "项目支出", value = 30.00 }' in text
    assert "# 数字与已公开的原报告一致" in text  # the comments stay
    assert "merge-conflict" not in cli("check", str(b)).stdout


def test_the_same_paragraph_on_both_sides_is_a_conflict_check_names(tmp_path):
    _server, a, b = team(tmp_path)
    edit(a / OVERVIEW, P1_END, P1_END + "甲的说法。")
    _save_push(a, "甲", "甲")
    edit(b / OVERVIEW, P1_END, P1_END + "乙的说法。")
    cli("save", str(b), "-m", "乙", user="乙")
    res = cli("pull", str(b), user="乙")
    assert res.returncode == 1, res.stdout + res.stderr
    assert OVERVIEW in res.stdout
    text = (b / OVERVIEW).read_text("utf-8")
    tomllib.loads(text)  # the driver's block sits inside the body: the file still opens
    line = text.split("\n").index(cm.PLAIN_OPEN) + 1
    check = cli("check", str(b))
    assert check.returncode == 1
    assert f"{OVERVIEW}:{line}:1: error: 合并冲突" in check.stdout and "[merge-conflict]" in check.stdout
    # no final PDF, and --fix leaves the file alone
    pdf = cli("export", str(b), "--format", "pdf", "-o", str(tmp_path / "out.pdf"))
    assert pdf.returncode == 1 and "merge-conflict" in pdf.stderr
    assert not (tmp_path / "out.pdf").exists()
    before = (b / OVERVIEW).read_bytes()
    fix = cli("check", "--fix", str(b))
    assert "未自动修复" in fix.stderr and "合并冲突" in fix.stderr
    assert (b / OVERVIEW).read_bytes() == before
    # saving a version with the markers in it is refused as well
    save = cli("save", str(b), "-m", "合并", user="乙")
    assert save.returncode == 1 and "合并冲突" in save.stderr


def test_the_same_figure_on_both_sides_is_a_conflict_in_report_toml(tmp_path):
    _server, a, b = team(tmp_path)
    edit(a / "report.toml", "value = 153.99", "value = 160.00")
    _save_push(a, "甲", "甲")
    edit(b / "report.toml", "value = 153.99", "value = 170.00")
    cli("save", str(b), "-m", "乙", user="乙")
    assert cli("pull", str(b), user="乙").returncode == 1
    text = (b / "report.toml").read_text("utf-8")
    lines = text.split("\n")
    start = lines.index(cm.COMMENT_OPEN) + 1
    assert lines[start] == 'spend_total     = { label = "实际支出", value = 170.00 }'  # mine, live
    assert '# spend_total     = { label = "实际支出", value = 160.00 }' in lines  # theirs, beside it
    check = cli("check", str(b))
    assert check.returncode == 1 and f"report.toml:{start}:1: error: 合并冲突" in check.stdout


# --- git's own markers, without the driver ---------------------------------------------------

def test_plain_git_markers_in_a_body_are_an_error_and_block_pdf_and_fix(tmp_path):
    _server, a, b = team(tmp_path, driver=False)
    edit(a / OVERVIEW, P1_END, P1_END + "甲的说法。")
    git(a, "commit", "-qam", "甲")
    git(a, "push", "-q")
    edit(b / OVERVIEW, P1_END, P1_END + "乙的说法。")
    git(b, "commit", "-qam", "乙")
    git(b, "fetch", "-q")
    merge = __import__("subprocess").run(["git", "merge", "origin/main"], cwd=b, capture_output=True, text=True)
    assert merge.returncode == 1  # git's markers, inside the ''' body
    text = (b / OVERVIEW).read_text("utf-8")
    line = next(n for n, x in enumerate(text.split("\n"), 1) if x.startswith("<<<<<<< "))
    tomllib.loads(text)  # exactly the measured case: still valid TOML
    check = cli("check", str(b))
    assert check.returncode == 1
    assert f"{OVERVIEW}:{line}:1: error: 合并冲突" in check.stdout
    pdf = cli("export", str(b), "--format", "pdf", "-o", str(tmp_path / "final.pdf"))
    assert pdf.returncode == 1 and not (tmp_path / "final.pdf").exists()
    html = cli("export", str(b), "--format", "html", "-o", str(tmp_path / "final.html"))
    assert html.returncode == 1
    before = text
    cli("check", "--fix", str(b))
    assert (b / OVERVIEW).read_text("utf-8") == before


def test_acknowledging_a_conflict_does_not_let_the_final_pdf_through(tmp_path):
    from tui_report.export.guard import blocking
    from tui_report.report.store import Store

    folder = tmp_path / "r"
    __import__("shutil").copytree(SAMPLE, folder)
    edit(folder / OVERVIEW, P1_END, P1_END + "\n" + "\n".join(cm.plain_block(["甲"], ["乙"])))
    with open(folder / "report.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[acknowledged]]\nproblem = "merge-conflict"\nreason = "以后再说"\n'
                 '\n[[acknowledged]]\nproblem = "check:balance"\nreason = "原报告如此"\n')
    blocked = blocking(Store.open(folder).report)
    assert [p.id for p in blocked] == ["merge-conflict"]


def test_plain_markers_in_report_toml_say_merge_conflict_not_a_syntax_error(tmp_path):
    folder = tmp_path / "r"
    __import__("shutil").copytree(SAMPLE, folder)
    edit(folder / "report.toml", 'spend_total     = { label = "实际支出", value = 153.99 }\n',
         '<<<<<<< HEAD\nspend_total     = { label = "实际支出", value = 153.99 }\n=======\n'
         'spend_total     = { label = "实际支出", value = 160 }\n>>>>>>> origin/main\n')
    line = (folder / "report.toml").read_text("utf-8").split("\n").index("<<<<<<< HEAD") + 1
    check = cli("check", str(folder))
    assert check.returncode == 2
    assert f"report.toml:{line}:1: error: 合并冲突" in check.stderr
