"""Malformed and hostile import sources: a damaged zip (bad CRC, truncated,
an unknown compression, encrypted), a zip bomb, XML that is not XML, entity
expansion, nesting deep enough to exhaust a recursive walk, numbering values
Word never writes, binary garbage named .txt or .md.

Each fails with the importer's own :class:`SourceError` (the file and what
is wrong), and `tui-report import` exits 2 with that message, never a
traceback; what can be read despite its oddities is imported. Random byte
mutations of a small Word file and of the sample's text let nothing else
escape."""

from __future__ import annotations

import os
import struct
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_report.importer.pipeline import SourceError, import_file
from tui_report.render.text import to_text
from tui_report.report.store import load

from .conftest import SAMPLE, run_cli

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOC = "word/document.xml"


def para(text: str, num: tuple[str, str] | None = None) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f"{prolog}<w:document {NS}><w:body>{body}</w:body></w:document>"


BODY = "".join([
    para("某某单位2023年度部门整体支出绩效自评报告"),
    para("部门概况", ("1", "0")),
    para("2023年预算批复88.8万元，实际支出80.0万元。"),
    para("绩效情况", ("1", "0")),
    para("全年开展活动20场。"),
])
NUMBERING = (f'<?xml version="1.0"?><w:numbering {NS}><w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
STYLES = (f'<?xml version="1.0"?><w:styles {NS}><w:style w:type="paragraph" w:styleId="1">'
          '<w:name w:val="heading 1"/></w:style></w:styles>')


def docx_bytes(parts: dict[str, str | bytes] | None = None, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A .docx as bytes; ``parts`` replaces (or, with None values, drops) parts."""
    files: dict[str, str | bytes | None] = {"[Content_Types].xml": "<Types/>", DOC: document(BODY),
                                            "word/numbering.xml": NUMBERING, "word/styles.xml": STYLES}
    files.update(parts or {})
    path = Path(tempfile.mkstemp(suffix=".docx")[1])
    try:
        with zipfile.ZipFile(path, "w", compression) as zf:
            for name, data in files.items():
                if data is not None:
                    zf.writestr(name, data)
        return path.read_bytes()
    finally:
        path.unlink()


VALID = docx_bytes()


def headers(data: bytes, name: str) -> tuple[int, int, int]:
    """(local header offset, central header offset, data offset) of a member."""
    with zipfile.ZipFile(BytesIO(data)) as zf:
        info = zf.getinfo(name)
    local = info.header_offset
    n, m = struct.unpack("<HH", data[local + 26:local + 30])
    central = -1
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + length] == name.encode():
            central = at
            break
        at = data.find(b"PK\x01\x02", at + 4)
    return local, central, local + 30 + n + m


def patch(data: bytes, name: str, local_at: int, central_at: int, fmt: str, value: int) -> bytes:
    """Set a field of a member's local and central headers."""
    local, central, _ = headers(data, name)
    out = bytearray(data)
    size = struct.calcsize(fmt)
    out[local + local_at:local + local_at + size] = struct.pack(fmt, value)
    out[central + central_at:central + central_at + size] = struct.pack(fmt, value)
    return bytes(out)


def flip_member_byte(data: bytes, name: str) -> bytes:
    _, _, start = headers(data, name)
    with zipfile.ZipFile(BytesIO(data)) as zf:
        size = zf.getinfo(name).compress_size
    out = bytearray(data)
    out[start + size // 2] ^= 0x55
    return bytes(out)


def corrupt_deflate(data: bytes, name: str) -> bytes:
    _, _, start = headers(data, name)
    with zipfile.ZipFile(BytesIO(data)) as zf:
        size = zf.getinfo(name).compress_size
    out = bytearray(data)
    out[start:start + size] = bytes((b ^ 0xA5) for b in out[start:start + size])
    return bytes(out)


def bomb(lie: bool) -> bytes:
    data = docx_bytes({DOC: document(BODY + " " * (40 * 1024 * 1024))})
    return patch(data, DOC, 22, 24, "<I", 4096) if lie else data


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
          + "]>")

#: (case, file name, how to make its bytes, what the message must say): the
#: bytes are made in the test, so collecting this module stays quick
REFUSED = [
    ("bad-crc", "crc.docx", lambda: flip_member_byte(docx_bytes(compression=zipfile.ZIP_STORED), DOC),
     "word/document.xml 已损坏"),
    ("bad-crc-styles", "styles.docx",
     lambda: flip_member_byte(docx_bytes(compression=zipfile.ZIP_STORED), "word/styles.xml"), "word/styles.xml 已损坏"),
    ("bad-deflate-stream", "deflate.docx", lambda: corrupt_deflate(VALID, DOC), "word/document.xml 已损坏"),
    ("truncated", "half.docx", lambda: VALID[: len(VALID) // 2], "文件不完整或已损坏"),
    ("truncated-as-txt", "half.txt", lambda: VALID[: len(VALID) // 2], "文件不完整或已损坏"),
    ("zip-bomb", "bomb.docx", lambda: bomb(lie=False), "word/document.xml 解压后超过 32 MB"),
    ("zip-bomb-lying-size", "liar.docx", lambda: bomb(lie=True), "word/document.xml 已损坏"),
    ("encrypted-member", "locked.docx", lambda: patch(VALID, DOC, 6, 8, "<H", 0x1), "word/document.xml 已加密"),
    ("unknown-compression", "method.docx", lambda: patch(VALID, DOC, 8, 10, "<H", 99), "不支持的压缩方式"),
    ("not-well-formed", "broken.docx", lambda: docx_bytes({DOC: document("<w:p><w:r></w:p>")}),
     "word/document.xml 不是有效的 XML"),
    ("unknown-encoding", "klingon.docx",
     lambda: docx_bytes({DOC: document(BODY, '<?xml version="1.0" encoding="klingon"?>')}),
     "word/document.xml 不是有效的 XML"),
    ("not-xml-numbering", "numbering.docx", lambda: docx_bytes({"word/numbering.xml": "\x00\x01garbage"}),
     "word/numbering.xml 不是有效的 XML"),
    ("billion-laughs", "lol.docx", lambda: docx_bytes({DOC: document(para("&lol9;"), LAUGHS)}), "DOCTYPE"),
    ("doctype-utf16", "utf16.docx",
     lambda: docx_bytes({DOC: document(para("&a;"), '<?xml version="1.0" encoding="UTF-16"?>'
                                                    '<!DOCTYPE x [<!ENTITY a "aaaa">]>').encode("utf-16")}),
     "DOCTYPE"),
    ("doctype-after-padding", "padded.docx",
     lambda: docx_bytes({DOC: document(para("x"), '<?xml version="1.0"?><!--' + " " * 10000 + "--><!DOCTYPE x>")}),
     "DOCTYPE"),
    ("millions-of-tags", "tags.docx", lambda: docx_bytes({DOC: document("<w:p/>" * 3_000_001)}), "XML 标记"),
    ("no-document", "empty.docx", lambda: docx_bytes({DOC: None}), "缺少 word/document.xml"),
    ("not-a-zip", "text.docx", lambda: "一、部门概况\n".encode() * 10, "不是有效的 .docx 文件"),
    ("binary-txt", "noise.txt", lambda: bytes(range(256)) * 40, "二进制文件"),
    ("binary-md", "noise.md", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096), "二进制文件"),
]


@pytest.mark.parametrize(("case", "name", "make", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_source_is_a_source_error(case, name, make, message, tmp_path):
    src = tmp_path / name
    src.write_bytes(make())
    with pytest.raises(SourceError) as info:
        import_file(src)
    assert info.value.file == name and message in info.value.message, (case, info.value.message)


@pytest.mark.parametrize(("case", "name", "make", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_source_exits_2_with_the_message(case, name, make, message, tmp_path):
    src = tmp_path / name
    src.write_bytes(make())
    res = run_cli("import", str(src), "-o", str(tmp_path / "out"))
    assert res.returncode == 2, (case, res.stderr)
    assert "Traceback" not in res.stderr and f"{src}:1: error: " in res.stderr and message in res.stderr, res.stderr
    assert not (tmp_path / "out").exists()


# --- odd but readable: imported, not crashed on ---------------------------------------------------

def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def titles(imported) -> list[str]:
    return [s.title for s, _ in imported.report.walk()]


def test_content_controls_nested_deeper_than_the_stack(tmp_path):
    depth = 20_000  # far past Python's recursion limit
    wrapped = "<w:sdt><w:sdtContent>" * depth + para("绩效情况", ("1", "0")) + "</w:sdtContent></w:sdt>" * depth
    runs = "<w:hyperlink>" * depth + '<w:r><w:t>全年开展活动20场。</w:t></w:r>' + "</w:hyperlink>" * depth
    body = para("部门概况", ("1", "0")) + para("预算批复88.8万元。") + wrapped + f"<w:p>{runs}</w:p>"
    imported = import_file(write(tmp_path, "deep.docx", docx_bytes({DOC: document(body)})))
    assert titles(imported) == ["部门概况", "绩效情况"]
    assert imported.report.sections[1].body == "全年开展活动20场。"
    res = run_cli("import", str(tmp_path / "deep.docx"), "-o", str(tmp_path / "out"))
    assert res.returncode == 0 and "Traceback" not in res.stderr


def test_absurd_numbering_values_are_ignored(tmp_path):
    huge = "9" * 5000  # more digits than Python turns into an int
    numbering = (f'<?xml version="1.0"?><w:numbering {NS}>'
                 '<w:abstractNum w:abstractNumId="0">'
                 f'<w:lvl w:ilvl="0"><w:start w:val="{huge}"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                 '<w:lvl w:ilvl="abc"><w:start w:val="1"/><w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="-1"><w:start w:val="-5"/><w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="1000000000"><w:start w:val="1"/><w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="²"><w:start w:val="²"/><w:lvlText w:val="%1."/></w:lvl>'
                 f'<w:lvl w:ilvl="2"><w:start w:val="1"/><w:lvlText w:val="{"%3" * 50_000}"/></w:lvl>'
                 '</w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="1">'
                 '<w:lvl w:ilvl="0"><w:start w:val="0"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                 '</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
                 '</w:numbering>')
    body = "".join([
        para("部门概况", ("1", "0")),  # a start of 5000 digits: counted from 1
        para("预算批复88.8万元。"),
        para("甲", ("1", "²")), para("乙", ("1", huge)), para("丙", ("1", "-3")),
        *[para(f"第{n}段", ("1", "2")) for n in range(200)],  # a 100 KB pattern on each: dropped
        para("零号", ("2", "0")),  # a start of 0 in Chinese numerals
        f'<w:p><w:pPr><w:outlineLvl w:val="{huge}"/></w:pPr><w:r><w:t>大纲</w:t></w:r></w:p>',
    ])
    styles = (f'<?xml version="1.0"?><w:styles {NS}><w:style w:type="paragraph" w:styleId="x">'
              f'<w:name w:val="x"/><w:pPr><w:outlineLvl w:val="²"/></w:pPr></w:style></w:styles>')
    src = write(tmp_path, "numbers.docx", docx_bytes({DOC: document(body), "word/numbering.xml": numbering,
                                                      "word/styles.xml": styles}))
    imported = import_file(src)
    assert titles(imported)[0] == "部门概况"
    text = to_text(imported.report)
    assert "%3" not in text and huge[:50] not in text and len(text) < 20_000
    assert "零、零号" in text or "零号" in text
    res = run_cli("import", str(src), "-o", str(tmp_path / "out"))
    assert res.returncode == 0 and "Traceback" not in res.stderr


# --- random mutations ------------------------------------------------------------------------------

SAMPLE_TEXT = to_text(load(SAMPLE)).encode("utf-8")
MUTATIONS = st.lists(st.tuples(st.sampled_from(["set", "insert", "delete", "cut"]),
                               st.integers(0, 1 << 30), st.binary(min_size=1, max_size=8)),
                     min_size=1, max_size=12)


def mutate(data: bytes, mutations) -> bytes:
    out = bytearray(data)
    for op, at, chunk in mutations:
        i = at % max(len(out), 1)
        if op == "set":
            out[i:i + len(chunk)] = chunk
        elif op == "insert":
            out[i:i] = chunk
        elif op == "delete":
            del out[i:i + chunk[0] % 64 + 1]
        else:
            del out[i:]
    return bytes(out)


def only_source_errors(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            import_file(path)
        except SourceError as exc:
            assert exc.message and exc.file == name


FUZZ = settings(max_examples=80, deadline=1000, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(MUTATIONS)
def test_fuzz_docx_bytes(mutations):
    only_source_errors("fuzz.docx", mutate(VALID, mutations))


@FUZZ
@given(st.sampled_from([DOC, "word/numbering.xml", "word/styles.xml"]), MUTATIONS)
def test_fuzz_docx_parts(part, mutations):
    """Mutations inside a part, zipped again: the XML reader, not the CRC, meets them."""
    original = {DOC: document(BODY), "word/numbering.xml": NUMBERING, "word/styles.xml": STYLES}[part]
    only_source_errors("fuzz.docx", docx_bytes({part: mutate(original.encode("utf-8"), mutations)}))


@FUZZ
@given(st.sampled_from(["fuzz.txt", "fuzz.md"]), MUTATIONS)
def test_fuzz_sample_text(name, mutations):
    only_source_errors(name, mutate(SAMPLE_TEXT, mutations))
