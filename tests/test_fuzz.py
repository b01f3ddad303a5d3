"""Fuzzing the headless stages with hypothesis: random and mutated report
files through the loader, the checks and every renderer (txt, md, html).
Nothing may escape but the tool's own errors, and no case may take more
than a second. ``make test`` runs a bounded budget; ``make fuzz`` a long one
(the ``fuzz`` hypothesis profile, see conftest.py)."""

from __future__ import annotations

import os
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_report import checks
from tui_report.export.html import standalone
from tui_report.render.markdown import to_markdown
from tui_report.render.text import to_text
from tui_report.report.errors import TuiReportError
from tui_report.report.store import load

from .conftest import IGNORE_STATE, SAMPLE

FILES = ["report.toml", "sections/overview.toml", "sections/general-budget.toml"]
ALPHABET = st.sampled_from(list("其中占比上年同比增加减少增长下降合计小计总计万元元%％，。；：、,.;:()（）|*_[]`!{}\n 0123456789"
                                "\x1b\u202e\u200b\ufeff\x00\t'\"=#") + ["{{spend_total}}", "{{spend_total.rate}}",
                                                                     "{{year}}", "其中：", "比上年增加", "| 合计 |"])
PROSE = st.lists(ALPHABET, max_size=300).map("".join)
#: a bounded budget in ``make test``, thousands of cases in ``make fuzz``
EXAMPLES = 3000 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 40
LIMIT = settings(max_examples=EXAMPLES, deadline=1000,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _everything(root) -> None:
    try:
        report = load(root)
    except TuiReportError:
        return  # a file the loader explains is the right outcome
    checks.run(report)
    to_text(report)
    to_markdown(report)
    standalone(report)


@LIMIT
@given(body=PROSE, index=st.integers(min_value=0, max_value=30))
def test_any_prose_is_checked_and_rendered(tmp_path_factory, body, index):
    root = tmp_path_factory.mktemp("fuzz") / "r"
    shutil.copytree(SAMPLE, root, ignore=IGNORE_STATE)
    report = load(root)
    sections = [s for s, _ in report.walk() if not s.error]
    section = sections[index % len(sections)]
    section.body = body
    checks.run(report)
    to_text(report)
    to_markdown(report)
    standalone(report)


@LIMIT
@given(which=st.sampled_from(FILES), data=st.data())
def test_mutated_report_files_load_or_are_explained(tmp_path_factory, which, data):
    root = tmp_path_factory.mktemp("fuzz") / "r"
    shutil.copytree(SAMPLE, root, ignore=IGNORE_STATE)
    raw = bytearray((root / which).read_bytes())
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        at = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        how = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        byte = data.draw(st.integers(min_value=0, max_value=255))
        if how == "flip":
            raw[at] = byte
        elif how == "delete":
            del raw[at]
        else:
            raw.insert(at, byte)
    (root / which).write_bytes(bytes(raw))
    _everything(root)


# --- the second round of hostile text: each kind under a long budget ------------------------------

#: pieces of hostile Markdown: raw HTML, link schemes and their disguises
MD_PIECES = st.sampled_from(list("<>[]()!:\\&#;/ =\"'x1\n") + [
    "&#106;", "&#x6A;", "&colon;", "java", "script", "JAVA", "javascript:", "file:", "data:", "vbscript:",
    "https://a.cn", "<script>", "<iframe", "<img src=x onerror=", "](", "]:", "![", "\t", "\x00", "**"])
MARKUP = st.lists(MD_PIECES, max_size=40).map("".join)


def _permissive_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md.render(markdown)


@LIMIT
@given(text=MARKUP)
def test_markdown_export_never_yields_markup_or_an_unsafe_link(text):
    import re

    from tui_report.render.markdown import md_inline, unsafe_link

    out = _permissive_html(md_inline(text))
    structure = "p|a|em|strong|code|img|br|blockquote|ul|ol|li|h[1-6]|hr|pre"  # what Markdown itself makes
    assert not re.search(rf"<(?!/?({structure})\b)[a-zA-Z!?/]", out), (text, out)
    for href in re.findall(r'(?:href|src)="([^"]*)"', out):
        assert not unsafe_link(href), (text, out)


@LIMIT
@given(cell=st.text(max_size=20) | st.sampled_from(["=1+1", "-3.5", "@x", "+1", "\t=1", "-2%", "-1+1"]))
def test_no_csv_cell_starts_a_formula(cell):
    import re

    from tui_report.export.run import FORMULA_START, formula_safe

    out = formula_safe(cell)
    assert out in (cell, "'" + cell)
    assert not out.startswith(FORMULA_START) or re.fullmatch(r"[-+]?\d+(\.\d+)?%?", out)


@LIMIT
@given(text=st.text(max_size=200))
def test_terminal_text_never_carries_an_escape(text):
    from tui_report.report.terminal import invisible, safe

    shown = safe(text)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert not any(invisible(c) for c in shown)


@LIMIT
@given(name=st.text(max_size=80) | st.sampled_from(["../../etc/x", "/etc/passwd", "a\x00b", "central", "x" * 5000]))
def test_a_template_name_is_a_name_or_a_message(name):
    from tui_report.report.templates import TemplateError, find

    try:
        path = find(name)
    except TemplateError:
        return
    assert path.stem == name and "/" not in name and ".." not in name


@LIMIT
@given(value=st.text(max_size=300) | st.sampled_from(["a\x00b", "/".join(["a" * 250] * 20), "x" * 300, "../2022"]))
def test_previous_report_is_a_path_or_a_problem(tmp_path_factory, value):
    from tui_report.checks import carried_over
    from tui_report.report.model import Report

    report = Report(root=tmp_path_factory.mktemp("prev"), title="t", department="d", year=2023,
                    settings={"previous_report": value})
    assert all(p.id == "previous-report" for p in carried_over.run(report))


@LIMIT
@given(text=st.text(alphabet=st.sampled_from(list("部门概况本會主要職責是组织開展学术交流，。年预算收入万元ab 1\n")),
                    min_size=1, max_size=200))
def test_an_encoding_is_taken_only_when_it_reads_back_as_the_text(text):
    from tui_report.report.encoding import decode, guess

    for codec in ("gb18030", "cp950"):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        try:
            data.decode("utf-8")
            continue  # a few GBK pairs are valid UTF-8 too ("元"): UTF-8 rightly wins there
        except UnicodeDecodeError:
            pass
        found = guess(data)
        if found.codec is not None:  # a guess taken is never mojibake of the text
            assert data.decode(found.codec) == text, (codec, found)
        try:
            decoded = decode(data)
        except TuiReportError:
            continue
        assert decoded.text == text, (codec, decoded.encoding)


@LIMIT
@given(lines=st.lists(st.text(alphabet=st.sampled_from(list("ab，。 ")), max_size=8), min_size=1, max_size=6),
       crlf=st.booleans(), bom=st.booleans())
def test_a_rewrite_keeps_line_endings_and_the_byte_order_mark(tmp_path_factory, lines, crlf, bom):
    from tui_report.report.store import Store

    root = tmp_path_factory.mktemp("layout") / "r"
    shutil.copytree(SAMPLE, root, ignore=IGNORE_STATE)
    path = root / "sections" / "overview.toml"
    nl = "\r\n" if crlf else "\n"
    text = path.read_text(encoding="utf-8").replace("\n", nl)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    store = Store.open(root)
    section = next(s for s in store.report.sections if s.file == "sections/overview.toml")
    store.set_body(section, "\n".join(lines))
    store.save()
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == bom
    body = data.decode("utf-8-sig")
    if crlf:
        assert "\n" not in body.replace("\r\n", "")
    else:
        assert "\r\n" not in body
    assert Store.open(root).report.sections[0].body == load(root).sections[0].body
