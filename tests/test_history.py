"""Undo and redo of structure and figure edits (report/history.py): walking
back restores every file byte for byte, typing is never lost, and a save
is not undone on disk."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tui_report.report import structure
from tui_report.report.history import History
from tui_report.report.store import Store


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


def test_undo_all_leaves_every_file_byte_identical(sample):
    before = _snapshot(sample)
    store = Store.open(sample)
    history = History(store)
    first = store.report.sections[0]
    history.record("add", lambda: structure.add_section(store, first))
    second = store.report.sections[1]
    history.record("move", lambda: structure.move(store, second, 1))
    third = store.report.sections[2]
    history.record("delete", lambda: structure.delete(store, third))
    fid = next(iter(store.report.figures))
    history.record("unit", lambda: store.set_figure_field(fid, "unit", "元"))
    assert store.dirty_files()
    labels = []
    while (label := history.undo()) is not None:
        labels.append(label)
    assert labels == ["unit", "delete", "move", "add"]
    assert store.dirty_files() == []
    assert store.save() == []
    assert _snapshot(sample) == before


def test_redo_replays_and_typing_is_a_step_of_its_own(sample):
    store = Store.open(sample)
    history = History(store)
    history.record("add", lambda: structure.add_section(store, store.report.sections[0]))
    added = store.report.sections[1]
    store.set_body(added, "新写的一段")
    assert history.undo() == "typing"  # the typing goes first, and is not lost
    assert store.report.sections[1].body == ""
    assert history.redo() == "typing"
    assert store.report.sections[1].body == "新写的一段"
    assert history.undo() == "typing"
    assert history.undo() == "add"
    assert history.redo() == "add"
    assert history.redo() == "typing"
    assert history.redo() is None
    assert store.report.sections[1].body == "新写的一段"


def test_an_edit_after_undo_drops_the_redo_branch(sample):
    store = Store.open(sample)
    history = History(store)
    fid = next(f for f, fig in store.report.figures.items() if not fig.derived)
    history.record("value", lambda: store.set_figure_value(fid, Decimal("1.5")))
    history.undo()
    history.record("label", lambda: store.set_figure_field(fid, "label", "改过的名称"))
    assert not history.can_redo
    assert history.undo() == "label"
    assert history.undo() is None


def test_a_refused_edit_leaves_no_step(sample):
    store = Store.open(sample)
    history = History(store)

    def refused():
        raise structure.StructureError("no")

    try:
        history.record("bad", refused)
    except structure.StructureError:
        pass
    assert not history.can_undo
    assert history.undo() is None


def test_undo_after_save_is_an_edit_of_the_saved_files(sample):
    store = Store.open(sample)
    history = History(store)
    history.record("add", lambda: structure.add_section(store, store.report.sections[0]))
    written = store.save()
    assert written
    history.undo()
    # the file added by the saved edit is to be deleted again, and nothing
    # on disk counts as changed by someone else
    assert set(store.dirty_files()) == set(written)
    assert store.changed_on_disk() == []
    store.save()
    reopened = Store.open(sample)
    assert [s.title for s in reopened.report.sections] == [s.title for s in store.report.sections]


def test_typing_back_to_the_saved_text_is_clean(sample):
    store = Store.open(sample)
    section = store.report.sections[0]
    body = section.body
    store.set_body(section, body + "x")
    assert store.dirty_files() == [section.file]
    store.set_body(section, body)
    assert store.dirty_files() == []


def test_a_body_typed_and_erased_adds_no_key(sample):
    store = Store.open(sample)
    new = structure.add_section(store, store.report.sections[0])
    store.save()
    text = (sample / new.file).read_text(encoding="utf-8")
    store = Store.open(sample)
    section = store.report.sections[1]
    store.set_body(section, "abc")
    store.set_body(section, "")
    assert store.dirty_files() == []
    assert "body" not in store.text_of(section.file)
    assert (sample / new.file).read_text(encoding="utf-8") == text


def test_an_emptied_body_is_written_as_an_empty_string(sample):
    store = Store.open(sample)
    section = store.report.sections[0]
    store.set_body(section, "")
    assert "''''''" not in store.text_of(section.file)
    store.save()
    assert Store.open(sample).report.sections[0].body == ""
