"""What import was unsure of is kept in the folder it writes (``[import]
unsure`` in report.toml): a later `check`, and the editor's problems (what
``checks.engine.run`` returns), list each place as `import-unsure` for as
long as its text is still the import's, until it is edited or acknowledged;
a report without the table has none, and a bad value in it is a format
warning at its line, never a crash."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tui_report import checks
from tui_report.checks import import_notes
from tui_report.importer.pipeline import import_file
from tui_report.report import structure
from tui_report.report.store import Store, load

from .conftest import ROOT, SAMPLE, run_cli
from .test_import_unsure import CLEAN, LONG_TITLE, TOO_LONG

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus_score as cs  # noqa: E402

#: the third line is a heading of 48 characters without a 。: taken as a title, a narrow call
TITLE_TEXT = f"一、部门基本情况\n本局内设科室5个。\n二、{LONG_TITLE}\n全年完成各项任务。\n三、存在的问题\n无。\n"
#: the third line is just past the limit: taken as a paragraph, a narrow call
BODY_TEXT = f"一、部门基本情况\n本局内设科室5个。\n1.{TOO_LONG}\n二、存在的问题\n无。\n"
#: the narrow title is the second subsection of 一、
NESTED_TEXT = (f"一、部门基本情况\n（一）基本情况\n本局内设科室5个。\n（二）{LONG_TITLE}\n全年完成各项任务。\n"
               "二、存在的问题\n无。\n")
_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+): (?P<msg>.*) \[(?P<id>[^\]]+)\]$")


def _import(tmp_path: Path, text: str) -> tuple[Path, str]:
    src = tmp_path / "source.txt"
    src.write_text(text, encoding="utf-8")
    dest = tmp_path / "report"
    res = run_cli("import", str(src), "-o", str(dest), "--year", "2023", "--department", "某某局")
    assert res.returncode == 0, res.stderr
    return dest, res.stdout


def _check_lines(folder: Path, *extra: str) -> list[re.Match]:
    """`tui-report check`'s lines for ``import-unsure``, parsed."""
    res = run_cli("check", str(folder), *extra)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    found = [_LINE.match(line) for line in res.stdout.splitlines()]
    return [m for m in found if m is not None and m["id"] == import_notes.ID]


def _unsure(report) -> list:
    return [p for p in checks.run(report) if p.id == import_notes.ID]


def test_check_lists_the_unsure_title_at_its_line_long_after_the_import(tmp_path):
    dest, said = _import(tmp_path, TITLE_TEXT)
    toml = (dest / "report.toml").read_text("utf-8")
    assert "[import]" in toml and 'kind = "title"' in toml and "source_line = 3" in toml
    [m] = _check_lines(dest)
    assert m["sev"] == "info"
    assert "原文第3行" in m["msg"] and "已按标题导入" in m["msg"]
    written = (dest / m["file"]).read_text("utf-8").splitlines()[int(m["line"]) - 1]
    assert written[int(m["col"]) - 1:].startswith(LONG_TITLE)
    # the summary said the same line
    assert m.group(0) in said
    # the editor's problems: the same, with the place to jump to
    [p] = _unsure(load(dest))
    assert p.target is not None and p.target.kind == "title" and p.offset == 0
    assert load(dest).section_at(p.target.file, p.target.path).title == LONG_TITLE


def test_an_unsure_paragraph_is_listed_at_its_line(tmp_path):
    dest, _ = _import(tmp_path, BODY_TEXT)
    [m] = _check_lines(dest)
    assert "已按正文导入" in m["msg"]
    written = (dest / m["file"]).read_text("utf-8").splitlines()[int(m["line"]) - 1]
    assert int(m["col"]) == 1 and written.startswith("1." + TOO_LONG)
    report = load(dest)
    [p] = _unsure(report)
    section = report.section_at(p.target.file, p.target.path)
    assert p.target.kind == "body" and section.body[p.offset:].startswith("1." + TOO_LONG)


def test_editing_the_title_clears_it_in_the_editor_and_in_check(tmp_path):
    dest, _ = _import(tmp_path, TITLE_TEXT)
    store = Store.open(dest)
    [p] = _unsure(store.report)
    section = store.report.section_at(p.target.file, p.target.path)
    store.set_title(section, LONG_TITLE.replace("取得实效", "取得成效"))
    assert _unsure(store.report) == []  # the live check, before any save
    store.save()
    assert _check_lines(dest) == []
    store.set_title(store.report.section_at(p.target.file, p.target.path), LONG_TITLE)
    assert len(_unsure(store.report)) == 1  # the import's words again: look again


def test_an_edit_past_the_first_characters_of_a_paragraph_clears_it(tmp_path):
    dest, _ = _import(tmp_path, BODY_TEXT)
    store = Store.open(dest)
    [p] = _unsure(store.report)
    section = store.report.section_at(p.target.file, p.target.path)
    paragraph = "1." + TOO_LONG
    assert paragraph in section.body
    store.set_body(section, section.body.replace(paragraph, paragraph + "。"))
    assert _unsure(store.report) == []


def test_the_note_follows_its_words_when_the_section_moves(tmp_path):
    dest, _ = _import(tmp_path, NESTED_TEXT)
    store = Store.open(dest)
    [p] = _unsure(store.report)
    assert p.where.endswith("/1")
    section = store.report.section_at(p.target.file, p.target.path)
    structure.move(store, section, -1)
    [moved] = _unsure(store.report)
    assert moved.where.endswith("/0") and moved.where != p.where
    assert store.report.section_at(moved.target.file, moved.target.path).title == LONG_TITLE


@pytest.mark.parametrize("by", ["section", "text"])
def test_an_acknowledged_entry_clears_it(tmp_path, by):
    dest, _ = _import(tmp_path, TITLE_TEXT)
    [p] = _unsure(load(dest))
    where = p.where if by == "section" else p.extra["text"]
    assert where == ("section-02" if by == "section" else LONG_TITLE[:import_notes.KEY_LENGTH])
    with (dest / "report.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[[acknowledged]]\nproblem = "import-unsure"\nwhere = "{where}"\nreason = "核对原文，确是标题"\n')
    problems = checks.run(load(dest))
    [q] = [x for x in problems if x.id == import_notes.ID]
    assert q.acknowledged and q.reason == "核对原文，确是标题"
    assert not [x for x in problems if x.id.startswith("ack-")]
    [m] = _check_lines(dest)
    assert m["sev"] == "acknowledged"


def test_the_editors_problems_list_it_until_edited_or_acknowledged(tmp_path):
    from tui_report.checks.schedule import CheckSchedule
    from tui_report.tui.session import EditSession

    dest, _ = _import(tmp_path, TITLE_TEXT)
    session = EditSession.open(dest)

    def listed() -> list:
        schedule = CheckSchedule()
        session.accept_checks(schedule.run(session.report, schedule.edited()))
        return [p for p in session.ordered() if p.id == import_notes.ID and not p.acknowledged]

    [p] = listed()
    section = session.report.section_at(p.target.file, p.target.path)
    session.edit_title(section, LONG_TITLE[:-2])
    assert listed() == []
    session.edit_title(section, LONG_TITLE)
    [p] = listed()
    assert session.acknowledge(p, "已核对，确是标题") == 1
    assert listed() == []
    assert "import-unsure" in session.store.text_of("report.toml").split("[[acknowledged]]")[-1]


def test_a_report_without_the_table_has_none(tmp_path):
    report = load(SAMPLE)
    assert report.import_notes == []
    assert _unsure(report) == []
    dest, said = _import(tmp_path, CLEAN)
    assert "[import]" not in (dest / "report.toml").read_text("utf-8")
    assert _check_lines(dest) == []


_NOTE = '{ section = "section-02", kind = "title", text = "加强项目资金管理提高财政资金使用效益推动" }'


@pytest.mark.parametrize(("table", "marker", "words"), [
    ('import = 3\n', "import = 3", "“import”应为表"),
    ('[import]\nunsure = "第3行"\n', "unsure =", "unsure 应为数组"),
    ('[import]\nunsure = [\n  "第3行",\n]\n', "unsure =", "第 1 项应为表"),
    ('[import]\nunsure = [\n  { section = "section-02", kind = "heading", text = "加强项目" },\n]\n',
     "kind = \"heading\"", "kind 应为"),
    ('[import]\nunsure = [\n  { section = "section-02", kind = "title", text = 5 },\n]\n', "text = 5", "text 应为非空文本"),
    ('[import]\nunsure = [\n  ' + _NOTE + ',\n  { kind = "title", text = "x", colour = "红" },\n]\n',
     "colour", "未知的键“colour”"),
    ('[import]\nunsure = []\nkept = true\n', "kept", "未知的键“kept”"),
])
def test_a_bad_value_is_a_format_warning_at_its_line(tmp_path, table, marker, words):
    dest, _ = _import(tmp_path, TITLE_TEXT)
    path = dest / "report.toml"
    text = path.read_text("utf-8")
    head, _, _ = text.partition("[import]")
    if table.startswith("import ="):  # a key of the root table goes before the first table
        text = table + head
    else:
        text = head + table
    path.write_text(text, encoding="utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if marker in x)
    [warning] = [p for p in load(dest).load_problems if words in p.message]
    assert (warning.id, warning.severity, warning.file, warning.line) == ("format", "warning", "report.toml", line)
    # the column is the key's or its value's, on that line
    written = text.splitlines()[line - 1]
    assert written.find(marker) + 1 <= warning.col <= len(written)
    res = run_cli("check", str(dest))
    assert res.returncode == 0 and "Traceback" not in res.stderr
    assert f"report.toml:{line}:{warning.col}: warning: " in res.stdout


def test_a_bad_optional_value_keeps_the_note(tmp_path):
    dest, _ = _import(tmp_path, TITLE_TEXT)
    path = dest / "report.toml"
    text = path.read_text("utf-8").replace("source_line = 3", "source_line = -3")
    path.write_text(text, encoding="utf-8")
    report = load(dest)
    [warning] = [p for p in report.load_problems if "source_line" in p.message]
    assert warning.line == next(n for n, x in enumerate(text.splitlines(), 1) if "source_line = -3" in x)
    [p] = _unsure(report)
    assert "原文第" not in p.message


def test_the_import_in_memory_carries_the_same_notes(tmp_path):
    """`review` checks an import without writing it: the notes are the model's."""
    src = tmp_path / "source.txt"
    src.write_text(TITLE_TEXT, encoding="utf-8")
    imp = import_file(src)
    [note] = imp.report.import_notes
    assert (note.section, note.kind, note.source_line) == ("section-02", "title", 3)
    assert note.text == LONG_TITLE[:import_notes.KEY_LENGTH]
    assert note.digest == import_notes.digest(LONG_TITLE)


def test_the_corpus_scorer_lists_it_once_and_never_as_a_false_alarm(tmp_path):
    """The scorer checks the folder as a user would: the note comes back
    from report.toml once (not also from the import), and info is no alarm."""
    truth = next(t for t in cs.truths() if import_file(t.path).outline.unsure)
    _, problems = cs.imported_problems(truth.path, tmp_path)
    assert cs.unsure_count(problems) == 1
    assert all(pid != import_notes.ID for pid, _ in cs.false_alarms(truth, problems))
