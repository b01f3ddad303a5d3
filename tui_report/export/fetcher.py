"""What report text may make the exporter read: image files inside the
report folder, and nothing else.

Report text is untrusted (it arrives in pull requests, or is copied from
last year's file), and WeasyPrint's own fetcher opens ``file:``, ``http:`` and
``https:`` URLs and follows redirects; its timeout does not cover ``file:``,
so a picture of ``/dev/urandom`` hangs the export. :func:`screen` decides on
the URL text alone before anything is touched outside the folder;
:func:`make_fetcher` gives WeasyPrint a fetcher that applies the same rule
again and opens allowed files itself, without following symlinks out or
blocking on FIFOs.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import stat
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
MAX_BYTES = 20 * 1024 * 1024


class Refused(ValueError):
    """Raised to WeasyPrint for a URL the policy refuses (it then skips it)."""


def screen(url: str, root: Path) -> tuple[Path | None, str]:
    """``(path, "")`` for an image file inside ``root``, else ``(None, reason)``.

    Paths are first checked as text, so nothing outside the folder is even
    looked at; only then is the file inside the folder stat-ed (symlinks
    followed, to catch one pointing out of the folder)."""
    url = url.strip()
    if not url:
        return None, "地址为空"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("", "file"):
        return None, f"不读取网络或其他协议的地址（{scheme}:）"
    if parts.netloc and not (scheme == "file" and parts.netloc == "localhost"):
        return None, "不读取网络地址"
    if parts.query:
        return None, "图片地址不能带查询参数"
    raw = unquote(parts.path)
    if not raw or "\x00" in raw:
        return None, "地址不是文件路径"
    root_text = posixpath.normpath(os.path.abspath(root))
    path_text = raw if posixpath.isabs(raw) else posixpath.join(root_text, raw)
    path_text = posixpath.normpath(path_text)
    if not _inside(path_text, root_text):
        return None, "文件不在报告文件夹内"
    if posixpath.splitext(path_text)[1].lower() not in IMAGE_SUFFIXES:
        return None, "不是图片文件（只允许 " + "、".join(sorted(IMAGE_SUFFIXES)) + "）"
    try:
        real = Path(path_text).resolve(strict=True)
        real_root = Path(root_text).resolve(strict=True)
        st = real.stat()
    except (OSError, RuntimeError):
        return None, "文件不存在"
    if not _inside(str(real), str(real_root)):
        return None, "文件链接到报告文件夹之外"
    if not stat.S_ISREG(st.st_mode):
        return None, "不是普通文件"
    if st.st_size > MAX_BYTES:
        return None, f"图片超过 {MAX_BYTES // (1024 * 1024)} MB"
    too_big = pixels_refused(real)
    if too_big:
        return None, too_big
    return real, ""


#: the most pixels a picture may have: a 45-megapixel camera's photo passes;
#: a small file of 12000×12000 pixels (a PNG of one colour is a few KB)
#: would take over a gigabyte and many seconds to decode, so it is refused
#: from its header, before any decoder sees it
MAX_PIXELS = 50_000_000

#: how far into a JPEG its frame header is looked for (EXIF and thumbnails
#: come first)
_JPEG_SCAN = 4 * 1024 * 1024


def pixels_refused(path: Path) -> str:
    """Why the picture at ``path`` is refused for its size in pixels, read
    from its header ("" when it may be decoded). A PNG, JPEG, GIF or WebP
    whose header gives no size is refused too: a decoder would find out
    what it is by decoding it."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return ""  # drawn, not decoded into pixels
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return "文件无法打开"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "不是普通文件"
        size = image_size(lambda offset, n: os.pread(fd, n, offset))
    except OSError:
        return "文件无法读取"
    finally:
        os.close(fd)
    if size is None:
        return "无法从文件头读出图片尺寸（文件可能已损坏，或不是它的扩展名所说的格式）"
    width, height = size
    if width * height > MAX_PIXELS:
        return (f"图片 {width}×{height} 像素，超过上限 {MAX_PIXELS // 10000} 万像素（解码它要占用大量内存和时间）；"
                "请缩小后再插入（报告中的图片 2000 像素宽已足够清晰）")
    return ""


def image_size(read: Callable[[int, int], bytes]) -> tuple[int, int] | None:
    """Width and height from a PNG, JPEG, GIF or WebP header; ``read(offset,
    n)`` gives bytes of the file. None when the header gives none."""
    head = read(0, 32)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_size(head)
    if head[:2] == b"\xff\xd8":
        return _jpeg_size(read)
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    kind = head[12:16]
    if kind == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if kind == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and len(head) >= 30:
        return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    return None


#: JPEG markers that start a frame (and carry its size): SOF0–SOF15 but DHT, JPG, DAC
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(read: Callable[[int, int], bytes]) -> tuple[int, int] | None:
    offset = 2
    while offset < _JPEG_SCAN:
        seg = read(offset, 9)
        if len(seg) < 4 or seg[0] != 0xFF:
            return None
        marker = seg[1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            offset += 2
            continue
        length = int.from_bytes(seg[2:4], "big")
        if marker in _SOF:
            if len(seg) < 9:
                return None
            return int.from_bytes(seg[7:9], "big"), int.from_bytes(seg[5:7], "big")
        if marker == 0xDA or length < 2:  # the scan began before any frame header
            return None
        offset += 2 + length
    return None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def read_image(path: Path) -> bytes:
    """Read a screened file without following a symlink swapped in since, and
    without blocking if it became a FIFO."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            raise Refused(f"{path}: 不是可读取的图片文件")
        chunks, left = [], st.st_size
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def make_fetcher(root: Path, on_refuse: Callable[[str, str], None]):
    """A WeasyPrint URL fetcher bound to ``root``. WeasyPrint is imported
    here, so importing this module stays cheap."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        def __init__(self):
            super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)

        def fetch(self, url, headers=None):
            path, reason = screen(url, root)
            if path is None:
                on_refuse(url, reason)
                raise Refused(f"{url}: {reason}")
            data = read_image(path)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), data, {"Content-Type": mime})

    return ReportFetcher()
