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
    return real, ""


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
