"""Structure edits on the store: numbering follows position, files and the
`sections` list follow the edit, and the git diff stays small."""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_report.report import structure
from tui_report.report.store import Store

from .conftest import IGNORE_STATE, SAMPLE
from .tui_support import changed_lines, git_diff, git_init


def labels(report) -> list[str]:
    return [e.number + e.section.title for e in structure.outline(report)]


def by_label(store: Store, prefix: str):
    return next(e.section for e in structure.outline(store.report)
                if (e.number + e.section.title).startswith(prefix))


def status(folder) -> list[str]:
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    out = subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True,
                         check=True).stdout
    return sorted(line.strip() for line in out.splitlines())


def staged_diff(folder) -> list[str]:
    """Changed lines against the last commit, new and deleted files included."""
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    out = subprocess.run(["git", "diff", "--cached", "--unified=0"], cwd=folder, capture_output=True,
                         text=True, check=True).stdout
    return changed_lines(out)


def reloaded_matches(store: Store) -> None:
    """What the editor shows after an edit is what the saved folder says."""
    fresh = Store.open(store.root).report
    assert labels(fresh) == labels(store.report)
    assert [s.body for s, _ in fresh.walk()] == [s.body for s, _ in store.report.walk()]
    assert [(s.file, s.path) for s, _ in fresh.walk()] == [(s.file, s.path) for s, _ in store.report.walk()]


def test_outline_numbers_every_level():
    store = Store.open(SAMPLE)
    entries = structure.outline(store.report)
    shown = [(e.level, e.number, e.label) for e in entries]
    assert shown[:5] == [(1, "一、", "一"), (2, "（一）", "一（一）"), (3, "1.", "一（一）1."),
                         (3, "2.", "一（一）2."), (2, "（二）", "一（二）")]
    assert (1, "十一、", "十一") in shown
    assert ("二（一）", "基本支出") in [(e.label, e.section.title) for e in entries]


def test_add_top_level_section_creates_a_file_and_one_list_line(sample):
    git_init(sample)
    store = Store.open(sample)
    new = structure.add_section(store, by_label(store, "二、"), title="其他情况")
    assert new.id == "section-1" and new.file == "sections/section-1.toml"
    assert "三、其他情况" in labels(store.report)
    assert "十二、绩效自评结果拟应用和公开情况" in labels(store.report)
    store.save()
    assert status(sample) == ["A  sections/section-1.toml", "M  report.toml"]
    assert staged_diff(sample) == ['+  "section-1",', '+title = "其他情况"']
    reloaded_matches(store)


def test_add_nested_sibling_and_child(sample):
    store = Store.open(sample)
    basic = by_label(store, "（一）基本支出")
    new = structure.add_section(store, basic)
    assert new.path == (1,) and new.title == "新章节"
    assert [c.title for c in store.report.sections[1].children] == ["基本支出", "新章节", "项目支出"]
    child = structure.add_subsection(store, new, title="细项")
    assert child.path == (1, 0)
    store.save()
    data = tomllib.loads((sample / "sections/general-budget.toml").read_text("utf-8"))
    assert [s["title"] for s in data["sections"]] == ["基本支出", "新章节", "项目支出"]
    assert data["sections"][1]["sections"] == [{"title": "细项"}]
    reloaded_matches(store)


def test_no_fifth_level(sample):
    store = Store.open(sample)
    deepest = structure.add_subsection(store, by_label(store, "1.职能职责"))  # level 4
    with pytest.raises(structure.StructureError, match="4"):
        structure.add_subsection(store, deepest)


def test_delete_top_level_removes_its_file_and_list_line(sample):
    git_init(sample)
    store = Store.open(sample)
    nxt = structure.delete(store, by_label(store, "三、部门项目"))
    assert nxt.title == "资产管理情况"
    assert "三、资产管理情况" in labels(store.report)
    store.save()
    assert status(sample) == ["D  sections/project-implementation.toml", "M  report.toml"]
    lines = staged_diff(sample)
    assert lines[0] == '-  "project-implementation",'
    assert lines[1:3] == ['-title = "部门项目组织实施情况"', "-body = '''"] and len(lines) == 5
    reloaded_matches(store)


def test_delete_nested_removes_only_its_block(sample):
    git_init(sample)
    store = Store.open(sample)
    nxt = structure.delete(store, by_label(store, "2.机构设置"))
    assert nxt.title == "职能职责"
    store.save()
    lines = changed_lines(git_diff(sample))
    assert lines == ["-[[sections.sections]]", '-title = "机构设置"', "-body = '''",
                     "-根据编办核定，芙蓉区科学技术协会包括本级，无二级预算机构，内设办公室1个。", "-'''", "-"]
    reloaded_matches(store)


def test_move_top_level_changes_only_the_list(sample):
    git_init(sample)
    store = Store.open(sample)
    moved = structure.move(store, by_label(store, "四、资产管理情况"), -1)
    assert moved.id == "assets"
    assert labels(store.report)[labels(store.report).index("三、资产管理情况") + 1] == "四、部门项目组织实施情况"
    store.save()
    assert changed_lines(git_diff(sample)) == ['-  "project-implementation",', '+  "project-implementation",']
    reloaded_matches(store)


def test_move_first_subsection_down_keeps_the_file_meaning(sample):
    store = Store.open(sample)
    moved = structure.move(store, by_label(store, "（一）部门(单位)基本情况"), 1)
    assert moved.path == (1,)
    store.save()
    data = tomllib.loads((sample / "sections/overview.toml").read_text("utf-8"))
    assert data["title"] == "部门概况"  # the file's own title stays its own
    assert [s["title"] for s in data["sections"]] == [
        "部门(单位)整体支出规模、使用方向和主要内容、涉及范围等。", "部门(单位)基本情况。"]
    assert [s["title"] for s in data["sections"][1]["sections"]] == ["职能职责", "机构设置"]
    reloaded_matches(store)


def test_first_and_last_cannot_move_further(sample):
    store = Store.open(sample)
    with pytest.raises(structure.StructureError, match="已在最前"):
        structure.move(store, store.report.sections[0], -1)
    with pytest.raises(structure.StructureError, match="已在最后"):
        structure.move(store, store.report.sections[-1], 1)
    assert not store.dirty_files()


def test_indent_then_outdent_is_no_change_at_all(sample):
    git_init(sample)
    store = Store.open(sample)
    inner = structure.indent(store, by_label(store, "三、部门项目"))
    assert inner.file == "sections/general-budget.toml" and inner.path == (2,)
    assert "（三）部门项目组织实施情况" in labels(store.report)
    store.save()
    text = (sample / "sections/general-budget.toml").read_text("utf-8")
    assert '\n[[sections]]\ntitle = "部门项目组织实施情况"\nid = "project-implementation"\n' in text
    reloaded_matches(store)
    back = structure.outdent(store, inner)
    assert back.id == "project-implementation"
    store.save()
    assert status(sample) == []
    reloaded_matches(store)


def test_outdent_and_indent_inside_a_file(sample):
    git_init(sample)
    store = Store.open(sample)
    up = structure.outdent(store, by_label(store, "2.机构设置"))
    assert up.path == (1,)
    assert labels(store.report)[1:5] == ["（一）部门(单位)基本情况。", "1.职能职责", "（二）机构设置",
                                          "（三）部门(单位)整体支出规模、使用方向和主要内容、涉及范围等。"]
    down = structure.indent(store, up)
    assert down.path == (0, 1)
    store.save()
    assert status(sample) == []


def test_indent_refuses_past_four_levels(sample):
    store = Store.open(sample)
    child = structure.add_subsection(store, by_label(store, "（二）部门(单位)整体支出"))
    structure.add_subsection(store, child)  # （二） now spans levels 2–4
    with pytest.raises(structure.StructureError, match="超过 4 级"):
        structure.indent(store, by_label(store, "（二）部门(单位)整体支出"))
    with pytest.raises(structure.StructureError, match="一级标题"):
        structure.outdent(store, store.report.sections[0])


def test_rename_moves_the_file_unchanged(sample):
    git_init(sample)
    store = Store.open(sample)
    before = (sample / "sections/assets.toml").read_bytes()
    renamed = structure.rename(store, by_label(store, "四、"), "asset-management")
    assert renamed.file == "sections/asset-management.toml"
    with pytest.raises(structure.StructureError, match="已被使用"):
        structure.rename(store, renamed, "overview")
    with pytest.raises(structure.StructureError):
        structure.rename(store, renamed, "坏名字")
    store.save()
    assert (sample / "sections/asset-management.toml").read_bytes() == before
    assert not (sample / "sections/assets.toml").exists()
    assert status(sample) == ["M  report.toml", "R  sections/assets.toml -> sections/asset-management.toml"]
    reloaded_matches(store)


def test_tidy_spaces_headers_but_not_text_inside_bodies():
    text = "title = \"a\"\n[[sections]]\nbody = '''\n[不是表头]\n\n\n[[也不是]]\n'''\n\n\n\n# 说明\n[[sections]]\n"
    assert structure.tidy(text) == (
        "title = \"a\"\n\n[[sections]]\nbody = '''\n[不是表头]\n\n\n[[也不是]]\n'''\n\n# 说明\n[[sections]]\n")


OPS = st.lists(st.tuples(st.sampled_from(["add", "sub", "delete", "up", "down", "indent", "outdent"]),
                         st.integers(min_value=0, max_value=200)), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_edits_saves_what_the_editor_shows(tmp_path_factory, ops):
    folder = tmp_path_factory.mktemp("r") / "report"
    shutil.copytree(SAMPLE, folder, ignore=IGNORE_STATE)
    store = Store.open(folder)
    for op, pick in ops:
        entries = structure.outline(store.report)
        if not entries:
            break
        section = entries[pick % len(entries)].section
        fn = {"add": structure.add_section, "sub": structure.add_subsection, "delete": structure.delete,
              "up": lambda s, x: structure.move(s, x, -1), "down": lambda s, x: structure.move(s, x, 1),
              "indent": structure.indent, "outdent": structure.outdent}[op]
        try:
            fn(store, section)
        except structure.StructureError:
            pass
    store.save()
    reloaded_matches(store)
