"""Properties over generated input: the store gives back what it was given,
and formulas, the importer and rendering fail only in their own, reported
ways — never with a crash."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui_report import checks
from tui_report.figures import formula
from tui_report.render.markdown import to_markdown
from tui_report.render.text import to_text
from tui_report.report.model import MAX_LEVEL, Figure, Report, Section
from tui_report.report.store import Store

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- generators ----------------------------------------------------------------

#: any text a person could type or paste: everything but lone surrogates
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
#: report-like prose: Chinese, ASCII, quotes, backslashes, tabs, newlines
PROSE_CHARS = st.sampled_from(list("本单位年度预算支出绩效情况（一）、。，；：“”《》") +
                              list("abcXYZ019 .-_{}|*#>'\"\\\t\n\r") + ["'''", '"""', "{{year}}", "\u2028", "\x7f", "\x00"])
PROSE = st.lists(PROSE_CHARS, max_size=40).map("".join)
FIGURE_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
AMOUNTS = st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)


def toml_basic(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_body(text: str) -> str:
    """Bodies as the sample writes them: a ''' block when the text allows."""
    literal_ok = "'''" not in text and not any((ord(c) < 0x20 and c not in "\t\n") or c == "\x7f" for c in text)
    if literal_ok and not text.endswith("'"):
        return "'''\n" + text + "\n'''"
    return toml_basic(text + "\n")


@st.composite
def section_trees(draw, depth: int = 1):
    children = draw(st.lists(section_trees(depth + 1), max_size=2)) if depth < 3 else []
    return {"title": draw(PROSE.filter(lambda t: "\n" not in t)), "body": draw(PROSE), "children": children}


@st.composite
def reports(draw):
    ids = draw(st.lists(FIGURE_IDS, min_size=0, max_size=4, unique=True))
    figures = {fid: (draw(PROSE.filter(lambda t: "\n" not in t)), draw(AMOUNTS)) for fid in ids}
    sections = draw(st.lists(section_trees(), min_size=1, max_size=3))
    return {
        "department": draw(PROSE.filter(lambda t: "\n" not in t)),
        "year": draw(st.integers(1990, 2100)),
        "figures": figures,
        "sections": sections,
    }


def write_report(root: Path, spec: dict) -> None:
    """A report folder in the sample's style, comments included."""
    (root / "sections").mkdir(parents=True)
    ids = [f"s{n}" for n in range(len(spec["sections"]))]
    lines = ["# 生成的报告", f"department = {toml_basic(spec['department'])}", f"year = {spec['year']}",
             'unit = "万元"', "sections = [" + ", ".join(f'"{i}"' for i in ids) + "]", "", "[figures]"]
    for fid, (label, value) in spec["figures"].items():
        lines.append(f"{fid} = {{ label = {toml_basic(label)}, value = {value} }}  # 说明")
    (root / "report.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for sid, tree in zip(ids, spec["sections"], strict=True):
        out: list[str] = []

        def emit(node, header, out=out):
            if header:
                out.extend(["", header])
            out.append(f"title = {toml_basic(node['title'])}")
            out.append(f"body = {toml_body(node['body'])}")
            for child in node["children"]:
                emit(child, "[[" + ".".join(["sections"] * (header.count("sections") + 1 if header else 1)) + "]]")

        emit(tree, "")
        (root / "sections" / f"{sid}.toml").write_text("\n".join(out) + "\n", encoding="utf-8")


def flatten(sections) -> list[tuple[str, str]]:
    out = []
    for s in sections:
        if isinstance(s, dict):
            out.append((s["title"], s["body"]))
            out += flatten(s["children"])
        else:
            for node, _ in s.walk():
                out.append((node.title, node.body))
    return out


# --- the store -------------------------------------------------------------------

@SETTINGS
@given(spec=reports())
def test_load_reads_back_what_was_written_and_save_without_edits_is_byte_identical(spec):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "r"
        write_report(root, spec)
        before = {p: p.read_bytes() for p in root.rglob("*.toml")}
        store = Store.open(root)
        report = store.report
        # an invisible character in the department is rightly a warning; nothing else may be
        assert [p for p in report.load_problems if p.id != "invisible-char"] == []
        assert (report.department, report.year) == (spec["department"], spec["year"])
        assert {fid: (f.label, f.value) for fid, f in report.figures.items()} == spec["figures"]
        assert flatten(report.sections) == flatten(spec["sections"])
        assert store.save() == []
        for rel in list(store.files):  # every file through tomlkit and back
            store.document(rel)
            store.files[rel].dirty = True
        store.save()
        assert {p: p.read_bytes() for p in root.rglob("*.toml")} == before


@SETTINGS
@given(spec=reports(), data=st.data())
def test_edits_survive_save_and_reload_exactly(spec, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "r"
        write_report(root, spec)
        store = Store.open(root)
        nodes = [node for top in store.report.sections for node, _ in top.walk()]
        expected = flatten(store.report.sections)
        for _ in range(data.draw(st.integers(1, 4))):
            i = data.draw(st.integers(0, len(nodes) - 1))
            if data.draw(st.booleans()):
                text = data.draw(st.one_of(ANY_TEXT, PROSE))
                store.set_body(nodes[i], text)
                expected[i] = (expected[i][0], text)
            else:
                text = data.draw(st.one_of(ANY_TEXT, PROSE))
                store.set_title(nodes[i], text)
                expected[i] = (text, expected[i][1])
        values = {fid: data.draw(AMOUNTS) for fid in spec["figures"]}
        for fid, value in values.items():
            store.set_figure_value(fid, value)
        untouched = {rel: (root / rel).read_bytes() for rel in store.files if rel not in store.dirty_files()}
        store.save()
        again = Store.open(root)
        assert [p for p in again.report.load_problems if p.id != "invisible-char"] == []
        assert flatten(again.report.sections) == expected
        assert {fid: f.value for fid, f in again.report.figures.items()} == values
        assert {rel: (root / rel).read_bytes() for rel in untouched} == untouched


# --- formulas ----------------------------------------------------------------------

TOKENS = st.sampled_from(["a", "b", "spend_total", "1", "0", "2.5", "5%", "1e999999", "9" * 60, "0.0000001",
                          "+", "-", "*", "/", "(", ")", ",", "==", "!=", "<", "<=", ">", ">=",
                          "abs", "min", "max", "round", "sum", "%", " ", "..", "1e", "×", "（"])
FORMULAS = st.one_of(ANY_TEXT, st.lists(TOKENS, max_size=30).map("".join),
                     st.lists(TOKENS, max_size=30).map(" ".join))
VALUES = st.dictionaries(st.sampled_from(["a", "b", "spend_total"]),
                         st.one_of(st.none(), AMOUNTS, st.just(Decimal(0)), st.decimals(allow_nan=False, allow_infinity=False)))


@settings(max_examples=100, deadline=None)
@given(text=FORMULAS, values=VALUES)
def test_formulas_fail_only_with_formula_error(text, values):
    try:
        formula.compute(text, values)
    except formula.FormulaError as exc:
        assert isinstance(exc.offset, int) and exc.message


# --- the importer -------------------------------------------------------------------

LINES = st.sampled_from(["一、部门概况", "（一）基本情况", "1.职能职责", "（1）第一项", "二、支出情况",
                         "实际支出153.99万元，其中基本支出125.32万元。", "2022年度", "# 标题", "**加粗。**正文",
                         "| 表 | 格 |", "- 项目", "{{year}}", "", "   ", "十一、其他", "一千、太多"])
SOURCE_TEXT = st.one_of(ANY_TEXT, st.lists(st.one_of(LINES, ANY_TEXT), max_size=25).map("\n".join))


@settings(max_examples=60, deadline=None)
@given(text=SOURCE_TEXT, suffix=st.sampled_from([".txt", ".md"]),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_importer_never_crashes_on_arbitrary_text(text, suffix, encoding):
    from tui_report.importer.pipeline import SourceError, import_file

    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"old{suffix}"
        path.write_bytes(data)
        try:
            imported = import_file(path)
        except SourceError as exc:
            assert exc.message
            return
        assert imported.report.sections


@settings(max_examples=40, deadline=None)
@given(text=SOURCE_TEXT)
def test_an_imported_report_opens_in_the_store(text):
    from tui_report.importer.pipeline import SourceError, import_file
    from tui_report.report.folder_writer import write_report as write_folder

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "old.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            imported = import_file(path)
        except SourceError:
            return
        write_folder(imported.report, Path(tmp) / "r")
        Store.open(Path(tmp) / "r")


# --- rendering ---------------------------------------------------------------------

BODY_LINES = st.sampled_from(["1. 条目", "- 要点", "| a | b |", "|---|---|", "{{x}}", "{{year}}", "{{nope}}",
                              "{{", "}}", "**强**", "# 不是标题", "> 引用", "<script>alert(1)</script>", "",
                              "实际支出153.99万元", "  ", "1) 条目", "[链接](file:///etc/passwd)", "![](http://x/a.png)"])
BODIES = st.lists(st.one_of(BODY_LINES, ANY_TEXT), max_size=8).map("\n".join)


@st.composite
def model_sections(draw, depth: int = 1):
    children = draw(st.lists(model_sections(depth + 1), max_size=2)) if depth < MAX_LEVEL else []
    return Section(title=draw(st.one_of(ANY_TEXT, BODY_LINES)), body=draw(BODIES), run_in=draw(st.booleans()),
                   children=children, error=draw(st.sampled_from([None, None, None, "sections/x.toml:1:1: 坏了"])))


@st.composite
def model_reports(draw):
    figures = {}
    for fid in draw(st.lists(st.sampled_from(["x", "y", "z", "rate"]), unique=True, max_size=4)):
        figures[fid] = Figure(
            id=fid, label=draw(ANY_TEXT),
            value=draw(st.one_of(st.none(), AMOUNTS)),
            unit=draw(st.sampled_from([None, "元", "万元", "亿元", "%", "人", ""])),
            formula=draw(st.sampled_from([None, None, "x + y", "x / y", "rate * 2", "((", "x / 0"])),
            format=draw(st.sampled_from([None, "percent", "bogus"])),
            decimals=draw(st.sampled_from([None, 0, 2, 10])),
            prev=draw(st.one_of(st.none(), AMOUNTS)),
        )
    return Report(root=Path("."), title=draw(st.one_of(ANY_TEXT, st.just("{{department}}{{year}}年度报告"))),
                  department=draw(ANY_TEXT), year=draw(st.integers(1900, 2999)),
                  unit=draw(st.sampled_from(["万元", "元", "千元", "亿元", "美元", ""])),
                  figures=figures, sections=draw(st.lists(model_sections(), max_size=4)))


@settings(max_examples=80, deadline=None)
@given(report=model_reports())
def test_rendering_and_checking_never_crash(report):
    md = to_markdown(report)
    txt = to_text(report)
    assert isinstance(md, str) and isinstance(txt, str)
    for problem in checks.run(report):
        assert problem.message and problem.severity in ("error", "warning", "info")
    from tui_report.export import html  # the PDF's HTML, without WeasyPrint

    page = html.build(report).html
    assert "<script" not in page.lower()  # report text is never markup


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".md", ".docx", ".doc", ""]))
def test_importer_never_crashes_on_arbitrary_bytes(data, suffix):
    from tui_report.importer.pipeline import SourceError, import_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"old{suffix}"
        path.write_bytes(data)
        try:
            import_file(path)
        except SourceError as exc:
            assert exc.message
