"""Store round trips: nothing changes unless edited, and an edit changes only
its own lines."""

from __future__ import annotations

import difflib
from decimal import Decimal
from pathlib import Path

import pytest
import tomlkit

from tui_report.report.store import ConflictError, ReportError, Store, load

from .conftest import ROOT


def data_files() -> list[Path]:
    return sorted((ROOT / "data").rglob("*.toml"))


def changed_lines(old: str, new: str) -> list[str]:
    return [l for l in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", data_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_tomlkit_round_trip_is_byte_identical(path):
    text = path.read_text(encoding="utf-8")
    assert tomlkit.dumps(tomlkit.parse(text)) == text


def test_load_and_save_without_edit_writes_nothing(sample):
    before = {p: p.read_bytes() for p in sample.rglob("*.toml")}
    store = Store.open(sample)
    assert store.save() == []
    # forcing every file through tomlkit and back is byte-identical too
    for rel in list(store.files):
        store.document(rel)
        store.files[rel].dirty = True
    store.save()
    assert {p: p.read_bytes() for p in sample.rglob("*.toml")} == before


def test_editing_one_paragraph_changes_only_its_lines(sample):
    store = Store.open(sample)
    section = store.report.sections[7].children[1].children[2]  # 八（二）3.
    old_file = (sample / section.file).read_text(encoding="utf-8")
    new_body = section.body.replace("二十场次", "二十一场次")
    store.set_body(section, new_body)
    assert store.save() == [section.file]
    new_file = (sample / section.file).read_text(encoding="utf-8")
    diff = changed_lines(old_file, new_file)
    assert len(diff) == 2
    assert diff[0].startswith("-") and "二十场次" in diff[0]
    assert diff[1].startswith("+") and "二十一场次" in diff[1]
    assert load(sample).sections[7].children[1].children[2].body == new_body


def test_multi_paragraph_body_edit_keeps_other_paragraphs(sample):
    store = Store.open(sample)
    duties = store.report.sections[0].children[0].children[0]
    lines = duties.body.split("\n")
    lines[4] = "1. 新的第五项职责。"
    store.set_body(duties, "\n".join(lines))
    store.save()
    text = (sample / duties.file).read_text(encoding="utf-8")
    old = (ROOT / "data/furong-kexie-2022" / duties.file).read_text(encoding="utf-8")
    assert len(changed_lines(old, text)) == 2


def test_title_edit_changes_one_line_and_keeps_comments(sample):
    store = Store.open(sample)
    overview = store.report.sections[0]
    store.set_title(overview, "部门基本概况")
    store.save()
    text = (sample / overview.file).read_text(encoding="utf-8")
    assert text.startswith("# 部门概况：")  # the comment survived
    old = (ROOT / "data/furong-kexie-2022" / overview.file).read_text(encoding="utf-8")
    assert changed_lines(old, text) == ['-title = "部门概况"', '+title = "部门基本概况"']


def test_figure_value_edit_is_exact_and_one_line(sample):
    store = Store.open(sample)
    store.set_figure_value("balance_end", Decimal("76.33"))
    store.save()
    old = (ROOT / "data/furong-kexie-2022/report.toml").read_text(encoding="utf-8")
    new = (sample / "report.toml").read_text(encoding="utf-8")
    diff = changed_lines(old, new)
    assert len(diff) == 2 and "value = 76.33" in diff[1]
    assert load(sample).figures["balance_end"].value == Decimal("76.33")


def test_body_with_quotes_and_backslashes_survives(sample):
    store = Store.open(sample)
    s = store.report.sections[2]
    text = "含有 ''' 三个单引号、\"\"\" 三个双引号和反斜杠 \\ 的段落\n第二段"
    store.set_body(s, text)
    store.save()
    assert load(sample).sections[2].body == text


def test_save_refuses_to_overwrite_a_file_changed_on_disk(sample):
    store = Store.open(sample)
    s = store.report.sections[2]
    path = sample / s.file
    store.set_body(s, "我的修改")
    path.write_text(path.read_text(encoding="utf-8") + "\n# 同事的修改\n", encoding="utf-8")
    with pytest.raises(ConflictError) as info:
        store.save()
    assert info.value.files == [s.file]
    assert "同事的修改" in path.read_text(encoding="utf-8")
    store.save(force=True)  # "keep mine"
    assert load(sample).sections[2].body == "我的修改"


def test_save_is_atomic_leaves_no_temp_files(sample):
    store = Store.open(sample)
    store.set_body(store.report.sections[3], "新内容")
    store.save()
    assert not [p for p in sample.rglob("*") if p.name.endswith(".tmp")]


def test_positions_point_into_the_file(sample):
    report = load(sample)
    item3 = report.sections[7].children[1].children[2]
    text = (sample / item3.file).read_text(encoding="utf-8").splitlines()
    span = item3.body_span
    offset = item3.body.index("二十场次")
    line, col = span.at(item3.body, offset)
    assert text[line - 1][col - 1:col + 3] == "二十场次"
    t = item3.title_span
    assert text[t.line - 1][t.col - 1:].startswith(item3.title)


def test_missing_report_toml_is_a_clear_error(tmp_path):
    with pytest.raises(ReportError) as info:
        load(tmp_path)
    assert info.value.file == "report.toml" and "tui-report new" in info.value.message


def test_invalid_toml_names_file_line_and_column(sample):
    (sample / "report.toml").write_text('year = 2022\ntitle = "x\n', encoding="utf-8")
    with pytest.raises(ReportError) as info:
        load(sample)
    assert (info.value.file, info.value.line) == ("report.toml", 2)
    assert "TOML" in info.value.message


def test_broken_section_file_still_opens_the_rest(sample):
    (sample / "sections/assets.toml").write_text('title = "资产\n', encoding="utf-8")
    report = load(sample)
    broken = report.sections[3]
    assert broken.error and "sections/assets.toml:1:" in broken.error
    assert report.sections[4].title == "政府性基金预算支出情况"
    assert any(p.file == "sections/assets.toml" and p.severity == "error" for p in report.load_problems)
