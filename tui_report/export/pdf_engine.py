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
