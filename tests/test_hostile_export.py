"""Exports of hostile report text: what reaches a spreadsheet, a terminal, a
Markdown viewer or a browser is text, never a formula, an escape sequence,
markup or a link to run; a section that could not be read is not exported
as a bare heading; a picture too large to decode is refused from its
header; a full stdout is a message."""

from __future__ import annotations

import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tui_report import checks
from tui_report.export.fetcher import MAX_PIXELS, image_size, pixels_refused
from tui_report.export.html import standalone
from tui_report.export.run import formula_safe
from tui_report.render.markdown import md_inline, to_markdown, unsafe_link
from tui_report.report.store import Store

from .conftest import ROOT, SAMPLE

ESC_TITLE = r"\u001b]52;c;aGVsbG8=\u0007\u001b]0;pwned\u0007部门概况"


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "tui_report", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env, timeout=120, **kw)


def no_traceback(res: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in res.stderr and "Exception ignored" not in res.stderr, res.stderr


def set_first(path: Path, key: str, value: str) -> None:
    """``key = "value"`` (the raw TOML string body) for the first ``key``."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf'^{key} = "[^"\n]*"', lambda _: f'{key} = "{value}"', text, count=1,
                           flags=re.MULTILINE), encoding="utf-8")


def add_body_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("'''\n", "'''\n" + line + "\n", 1), encoding="utf-8")


# --- CSV: formula injection -------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
                                  "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"点我\")"])
def test_formula_cells_are_written_as_text(cell):
    assert formula_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-3.5", "-2%", "+10", "120.5", "全国科普日", "", "1-2月"])
def test_numbers_and_words_are_left_alone(cell):
    assert formula_safe(cell) == cell


def test_the_csv_export_neutralises_a_formula_in_the_scorecard(sample):
    set_first(sample / "scorecard.toml", "name", "=HYPERLINK(\\\"http://evil\\\",\\\"点我\\\")")
    res = cli("export", str(sample), "--format", "csv", "--part", "scorecard")
    assert res.returncode == 0, res.stderr
    assert "'=HYPERLINK" in res.stdout
    assert not re.search(r'(^|,)"?[=+@]', res.stdout, re.MULTILINE)


# --- a terminal: escape sequences ---------------------------------------------------------------


def run_on_a_terminal(*args: str) -> tuple[int, bytes, str]:
    """The command with its stdout on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tui_report", *args], cwd=ROOT, stdout=slave,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    proc.wait(timeout=120)
    return proc.returncode, out, proc.stderr.read().decode("utf-8") if proc.stderr else ""


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_escape_sequences_of_the_report_never_reach_a_terminal(sample, fmt):
    set_first(sample / "sections" / "overview.toml", "title", ESC_TITLE)
    rc, out, err = run_on_a_terminal("export", str(sample), "--format", fmt, "--draft")
    assert rc == 0, err
    assert b"\x1b" not in out and b"\x07" not in out and b"<U+001B>" in out
    # into a pipe the bytes are the report's own (a file, a program reading it)
    res = subprocess.run([sys.executable, "-m", "tui_report", "export", str(sample), "--format", fmt, "--draft"],
                         cwd=ROOT, capture_output=True, timeout=120)
    assert b"\x1b]52;" in res.stdout


def test_a_binary_export_is_not_sent_to_a_terminal(sample):
    rc, out, err = run_on_a_terminal("export", str(sample), "--format", "docx", "-o", "-")
    assert rc == 2 and out == b"" and "终端" in err


# --- Markdown: raw HTML and unsafe links ------------------------------------------------------------


HOSTILE_MD = ["<script>alert(1)</script>", "<iframe src=//evil>", '<img src=x onerror="alert(1)">',
              "[点我](javascript:alert(1))", "[点我](&#106;avascript:alert(1))", "[点我](javascript\\:alert(1))",
              "![图](file:///etc/passwd)", "[点我]( JAVASCRIPT:alert(1))", "<javascript:alert(1)>",
              "[r]: javascript:alert(1)", "[点我](data:text/html;base64,PHNjcmlwdD4=)", "\\<script>alert(1)"]


def html_of(markdown: str) -> str:
    """What a permissive viewer makes of it: raw HTML on, every link kept."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md.render(markdown)


@pytest.mark.parametrize("text", HOSTILE_MD)
def test_markdown_export_keeps_no_raw_html_and_no_unsafe_link(sample, text):
    add_body_line(sample / "sections" / "overview.toml", text)
    out = html_of(to_markdown(Store.open(sample).report))
    assert "<script" not in out and "<iframe" not in out and "<img src=\"x\"" not in out and "onerror=\"" not in out
    for href in re.findall(r'(?:href|src)="([^"]*)"', out):
        assert not unsafe_link(href), href


def test_markdown_keeps_what_is_safe():
    assert html_of(md_inline("**重点** [官网](https://example.gov.cn) a<b")) == \
        '<p><strong>重点</strong> <a href="https://example.gov.cn">官网</a> a&lt;b</p>\n'


# --- HTML: no author's path ------------------------------------------------------------------------


def test_the_html_file_names_no_path_of_the_authors_machine(sample):
    png = sample / "pic.png"
    write_png(png, 4, 3)
    add_body_line(sample / "sections" / "overview.toml", "![图](pic.png)")
    doc = standalone(Store.open(sample).report)
    assert "<base" not in doc.html and "file:" not in doc.html and str(sample) not in doc.html
    assert 'src="data:image/png;base64,' in doc.html


# --- a section that could not be read ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "txt", "docx", "html", "pdf"])
def test_an_unreadable_section_is_not_exported_as_a_bare_heading(sample, tmp_path, fmt):
    section = sample / "sections" / "assets.toml"
    section.unlink()
    os.mkfifo(section)  # unreadable the way any user can make it
    res = cli("export", str(sample), "--format", fmt, "--draft", "-o", str(tmp_path / f"out.{fmt}"))
    no_traceback(res)
    assert res.returncode == 2 and "sections/assets.toml" in res.stderr and "无法读取" in res.stderr
    assert not (tmp_path / f"out.{fmt}").exists()


def run_as_nobody(args: list[str]) -> tuple[int, str, str]:
    """``tui-report ARGS`` run by a user who may not read what root can: a
    forked child that drops to ``nobody`` and calls the command line in
    process (the interpreter itself may live where nobody may look)."""
    import tui_report.export.run  # noqa: F401 - imported before the drop
    from tui_report.cli import main

    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
            code = main(args)
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            os.write(2, f"Traceback: {exc!r}".encode())
        os._exit(code)
    os.close(out_w)
    os.close(err_w)
    with os.fdopen(out_r, encoding="utf-8") as out, os.fdopen(err_r, encoding="utf-8") as err:
        stdout, stderr = out.read(), err.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), stdout, stderr


@pytest.mark.parametrize("fmt", ["md", "txt", "docx"])
def test_a_section_without_read_permission_is_not_exported(fmt, tmp_path):
    """The real case: a file the user may not read (as root, the command runs as nobody)."""
    import shutil

    base = Path(tempfile.mkdtemp(prefix="unreadable-", dir="/tmp"))
    try:
        shutil.copytree(SAMPLE, base / "r", ignore=shutil.ignore_patterns(".tui-report"))
        for path in [base, *base.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (base / "r" / "sections" / "assets.toml").chmod(0)
        args = ["export", str(base / "r"), "--format", fmt, "-o", "-"]
        if os.geteuid() == 0:
            rc, stdout, stderr = run_as_nobody(args)
        else:
            res = cli(*args)
            rc, stdout, stderr = res.returncode, res.stdout, res.stderr
        assert "Traceback" not in stderr, stderr
        assert rc == 2 and "sections/assets.toml" in stderr and "没有读取权限" in stderr, stderr
        assert stdout == ""
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --- pictures too large to decode ------------------------------------------------------------------------


def write_png(path: Path, width: int, height: int) -> None:
    """A valid 1-bit PNG: a few KB on disk whatever its size in pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def test_image_sizes_are_read_from_headers(tmp_path):
    from PIL import Image

    for fmt, ext in (("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")):
        path = tmp_path / f"a.{ext}"
        Image.new("RGB", (321, 123)).save(path, fmt)
        data = path.read_bytes()
        assert image_size(lambda offset, n, data=data: data[offset:offset + n]) == (321, 123), fmt
        assert pixels_refused(path) == ""
    (tmp_path / "fake.png").write_bytes(b"not a picture")
    assert "尺寸" in pixels_refused(tmp_path / "fake.png")


def test_a_huge_picture_is_refused_from_its_header_quickly(sample, tmp_path):
    pytest.importorskip("weasyprint")
    for n in range(4):
        write_png(sample / f"big{n}.png", 12000, 12000)
        add_body_line(sample / "sections" / "assets.toml", f"![图{n}](big{n}.png)")
    assert 12000 * 12000 > MAX_PIXELS
    started = time.monotonic()
    res = cli("export", str(sample), "--format", "pdf", "--draft", "-o", str(tmp_path / "out.pdf"))
    assert res.returncode == 0, res.stderr
    assert time.monotonic() - started < 30
    assert res.stderr.count("12000×12000 像素") == 4 and "DecompressionBomb" not in res.stderr
    no_traceback(res)


# --- a full stdout ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("export", "--format", "md"), ("export", "--format", "txt"), ("check",)])
def test_a_full_stdout_is_a_message(sample, args):
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "tui_report", args[0], str(sample), *args[1:]], cwd=ROOT,
                             stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    no_traceback(res)
    assert res.returncode == 2 and "无法写入标准输出" in res.stderr, res.stderr


# --- numbers and invisible characters ------------------------------------------------------------------------


def test_negative_zero_prints_without_a_sign(sample):
    text = (sample / "report.toml").read_text(encoding="utf-8")
    (sample / "report.toml").write_text(re.sub(r"(budget_approved\s*=\s*\{[^}]*value = )[-0-9.]+", r"\g<1>-0.0",
                                               text), encoding="utf-8")
    res = cli("export", str(sample), "--format", "txt")
    assert "-0.0" not in res.stdout and "预算批复0.00万元" in res.stdout
    from tui_report.figures.rates import signed

    assert signed(Decimal("-0.00")) == "0.00"


def test_invisible_characters_in_department_and_scorecard_cells_are_found(sample):
    set_first(sample / "report.toml", "department", r"\u202e芙蓉区科协")
    set_first(sample / "scorecard.toml", "name", r"年度\u200b资金总额")
    found = [p for p in checks.run(Store.open(sample).report) if p.id == "invisible-char"]
    assert {p.file for p in found} == {"report.toml", "scorecard.toml"}
    assert all(p.line > 1 for p in found)
    assert any("<U+202E>" in p.message for p in found) and any("<U+200B>" in p.message for p in found)
