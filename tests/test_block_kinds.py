"""Every writer handles every kind of block: the kinds are closed (a
Literal), each writer matches them all, and mypy fails a writer that
misses one. Here: a bullet, the kind the HTML writer once printed as a bare
paragraph, comes out marked in every output."""

from __future__ import annotations

from typing import get_args

from tui_report.export.html import build
from tui_report.render.blocks import BULLET, AttachmentKind, BodyKind, blocks
from tui_report.render.markdown import to_markdown
from tui_report.render.text import to_text
from tui_report.report.store import Store


def test_kinds_are_closed():
    assert set(get_args(BodyKind)) == {"title", "heading", "para", "item", "bullet", "table"}
    assert set(get_args(AttachmentKind)) == {"attachment", "attachment-title", "caption", "table"}


def test_a_bullet_is_marked_in_every_output(sample):
    store = Store.open(sample)
    section = store.report.sections[0].children[0]
    store.set_body(section, section.body + "\n- 组织科普日活动")
    report = store.report
    assert any(b.kind == "bullet" for b in blocks(report))
    assert "- 组织科普日活动" in to_markdown(report)
    assert "组织科普日活动" in to_text(report)
    html = build(report).html
    assert BULLET in html and "组织科普日活动" in html
