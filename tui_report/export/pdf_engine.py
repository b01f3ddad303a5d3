"""Whether this machine can make a PDF at all, asked cheaply.

Kept apart from :mod:`.pdf` because the editor asks at start-up and while
listing commands, and importing the exporter costs a tenth of a second.
"""

from __future__ import annotations

import functools
import importlib.util


def pdf_available() -> bool:
    """WeasyPrint is installed and the Pango library it loads is there.

    Answered without importing WeasyPrint (half a second, and Pango's own
    start-up), because the editor asks whenever it lists its commands.
    """
    try:
        if importlib.util.find_spec("weasyprint") is None:
            return False
    except (ImportError, ValueError):
        return False
    return _pango_found()


@functools.cache
def _pango_found() -> bool:
    import ctypes.util  # only when asked: the editor's start-up does not pay for it

    return ctypes.util.find_library("pango-1.0") is not None


def pango_version() -> str | None:
    """The version of the Pango library WeasyPrint would load (None when absent),
    asked of the library itself through its C API, without WeasyPrint."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("pango-1.0")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        lib.pango_version_string.restype = ctypes.c_char_p
        return lib.pango_version_string().decode("ascii", "replace")
    except (OSError, AttributeError):
        return None


#: what `tui-report --version` names, by distribution
VERSIONED = ("textual", "rich", "tomlkit", "weasyprint", "python-docx")


def versions() -> list[tuple[str, str]]:
    """(component, version) of Python and of each library in use, for bug
    reports and CI logs; read from the installed metadata, so nothing heavy
    is imported."""
    import importlib.metadata
    import platform

    out = [("Python", platform.python_version())]
    for dist in VERSIONED:
        try:
            out.append((dist, importlib.metadata.version(dist)))
        except importlib.metadata.PackageNotFoundError:
            out.append((dist, "未安装"))
    out.insert(5, ("Pango", pango_version() or "未找到"))
    return out
