"""Report text never makes the exporter read a local file or the network:
only image files inside the report folder are read, and each refused URL is
a warning naming its section."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pdfplumber
import pytest

from tui_report.export.fetcher import Refused, make_fetcher, screen

from .conftest import ROOT

pytestmark = pytest.mark.xdist_group("pdf-safety")

SECTION = "二、图片与链接 › （一）外部资源（sections/links.toml）"

# Runs the CLI with an audit hook that logs every file opened and every
# network attempt made from Python (WeasyPrint's fetcher, urllib, sockets).
PROBE = textwrap.dedent(r"""
    import json, os, sys
    events = []
    NET = {"socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect"}
    def hook(event, args):
        if event == "open":
            events.append(["open", os.fsdecode(args[0]) if isinstance(args[0], (str, bytes, os.PathLike)) else repr(args[0])])
        elif event in NET:
            events.append([event, repr(args)[:300]])
    sys.addaudithook(hook)
    from tui_report.cli import main
    try:
        rc = main(sys.argv[2:])
    finally:
        data = json.dumps(events)
        with open(sys.argv[1], "w", encoding="utf-8") as fh:
            fh.write(data)
    sys.exit(rc)
""")


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAECAIAAAA8r+mnAAAAFUlEQVR42mM8ISfHgA0wMeAApEsAAGYmAQx+3xsoAAAAAElFTkSuQmCC"
)


def tiny_png(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PNG)


def write_report(root: Path, body: str) -> None:
    (root / "sections").mkdir(parents=True)
    (root / "report.toml").write_text(textwrap.dedent("""\
        title = "{{department}}{{year}}年度部门整体支出绩效自评报告"
        department = "测试单位"
        year = 2023
        unit = "万元"
        sections = ["overview", "links"]
        """), encoding="utf-8")
    (root / "sections" / "overview.toml").write_text("title = \"部门概况\"\nbody = '''\n正常的一段。\n'''\n", encoding="utf-8")
    (root / "sections" / "links.toml").write_text(
        "title = \"图片与链接\"\nbody = '''\n引言。\n'''\n\n[[sections]]\ntitle = \"外部资源\"\nbody = '''\n"
        + body + "\n'''\n", encoding="utf-8")


@pytest.fixture
def listener():
    """A real TCP server nobody should connect to."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def test_hostile_urls_are_refused_unread_with_warnings(tmp_path, listener):
    port = listener.getsockname()[1]
    root = tmp_path / "nest" / "report"
    outside = tmp_path / "secret.png"
    tiny_png(outside)
    hostile = [
        "file:///etc/hostname",
        "../../secret.png",
        "http://127.0.0.1:1/x.png",
        "/dev/urandom",
        f"http://127.0.0.1:{port}/x.png",
        "https://127.0.0.1:1/y.png",
        "pipe.png",  # a FIFO inside the folder: opening it would block
        "link.png",  # a symlink inside the folder pointing out of it
    ]
    body = "\n".join(f"图{k}![图{k}]({url})。" for k, url in enumerate(hostile))
    body += "\n链接[甲](file:///etc/hostname)、[乙](http://127.0.0.1:1/x.png)。"
    body += "\n原始<img src=\"/dev/urandom\">标签。"
    body += "\n合规图片![好](images/ok.png)"
    write_report(root, body)
    os.mkfifo(root / "pipe.png")
    os.symlink(outside, root / "link.png")
    tiny_png(root / "images" / "ok.png")

    out, log = tmp_path / "out.pdf", tmp_path / "events.json"
    res = subprocess.run(
        [sys.executable, "-c", PROBE, str(log), "export", str(root), "--format", "pdf", "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=90,  # generous: a read of /dev/urandom or the FIFO would hang
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert res.returncode == 0, res.stderr
    warnings = [l for l in res.stderr.splitlines() if l.startswith("警告：")]
    for url in hostile + ["file:///etc/hostname", "http://127.0.0.1:1/x.png"]:
        assert any(url in w and SECTION in w for w in warnings), (url, warnings)
    assert not any("images/ok.png" in w for w in warnings)

    events = json.loads(log.read_text(encoding="utf-8"))
    opened = [path for kind, path in events if kind == "open"]
    assert any(p.endswith("report.toml") for p in opened)  # the hook sees our reads
    assert any(p.endswith("images/ok.png") for p in opened)  # and the one allowed image
    for bad in ("/etc/hostname", "secret.png", "/dev/urandom", "pipe.png", "link.png"):
        assert not any(bad in p for p in opened), (bad, [p for p in opened if bad in p])
    assert [e for e in events if e[0] != "open"] == []  # no socket, no URL request
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected

    with pdfplumber.open(out) as pdf:
        assert sum(len(p.images) for p in pdf.pages) == 1  # the allowed picture is in
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert "<img" in text.replace(" ", "")  # raw HTML printed as typed, not rendered
    assert "链接甲、乙。" in text.replace(" ", "")  # links keep their words


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/hostname", "不在报告文件夹内"),
    ("../secret.png", "不在报告文件夹内"),
    ("/dev/urandom", "不在报告文件夹内"),
    ("http://127.0.0.1:1/x.png", "http"),
    ("https://example.org/x.png", "https"),
    ("data:image/png;base64,AAAA", "data"),
    ("//example.org/x.png", "网络"),
    ("file://otherhost/x.png", "网络"),
    ("images/x.png?v=1", "查询"),
    ("notes.txt", "不是图片"),
    ("images/missing.png", "不存在"),
    ("images/../../x.png", "不在报告文件夹内"),
])
def test_screen_refuses(tmp_path, url, reason):
    root = tmp_path / "r"
    (root / "images").mkdir(parents=True)
    (root / "notes.txt").write_text("x")
    path, why = screen(url, root)
    assert path is None and reason in why


def test_screen_allows_images_inside_the_folder(tmp_path):
    root = tmp_path / "r"
    tiny_png(root / "images" / "图一.png")
    want = (root / "images" / "图一.png").resolve()
    assert screen("images/图一.png", root) == (want, "")
    assert screen("images/%E5%9B%BE%E4%B8%80.png", root) == (want, "")
    assert screen(want.as_uri(), root) == (want, "")
    assert screen("./images/../images/图一.png", root) == (want, "")


def test_screen_refuses_symlinks_out_and_fifos_in(tmp_path):
    root = tmp_path / "r"
    root.mkdir()
    tiny_png(tmp_path / "outside.png")
    os.symlink(tmp_path / "outside.png", root / "ln.png")
    os.mkfifo(root / "p.png")
    assert screen("ln.png", root)[1] == "文件链接到报告文件夹之外"
    assert screen("p.png", root)[1] == "不是普通文件"


def test_fetcher_refuses_what_reaches_weasyprint_directly(tmp_path):
    """Second line of defence: HTML that bypassed the screening still gets
    nothing through the fetcher we hand WeasyPrint."""
    from weasyprint import HTML

    root = tmp_path / "r"
    tiny_png(root / "ok.png")
    refused = []
    fetcher = make_fetcher(root, lambda url, reason: refused.append((url, reason)))
    page = "".join(f'<img src="{u}">' for u in ("/dev/urandom", "file:///etc/hostname", "http://127.0.0.1:1/x.png", "ok.png"))
    pdf = HTML(string=page, base_url=root.as_uri() + "/", url_fetcher=fetcher).write_pdf()
    assert [u for u, _ in refused] == ["file:///dev/urandom", "file:///etc/hostname", "http://127.0.0.1:1/x.png"]
    assert pdf.startswith(b"%PDF")
    with pytest.raises(Refused):
        fetcher.fetch("file:///etc/hostname")
    assert fetcher.fetch((root / "ok.png").as_uri()).read().startswith(b"\x89PNG")
