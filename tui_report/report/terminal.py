"""Report text made safe to print on a terminal.

Report files are untrusted: a title, a label or a placeholder's name can
hold escape sequences that retitle or clear the terminal of whoever runs
``check`` (a CI log included), and bidi overrides or zero-width characters
that make text read differently from what it is. Everything the commands
print passes through :func:`safe`, which shows such characters as visible
``<U+202E>`` marks; the text itself is untouched.
"""

from __future__ import annotations

import re
import unicodedata

from tui_report.report.errors import SystemFailure

#: line breaks may stay in multi-line output; tabs are harmless
_KEEP = frozenset("\n\t")
#: every control and format character (Unicode Cc, Cf, Zl, Zp) but \t and
#: \n, as one class: a quick search before looking at characters one by one
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def invisible(ch: str) -> bool:
    """A control character, or a format character (bidi controls, zero-width
    spaces and joiners, the BOM): it shows nothing, or changes how the text
    around it is shown."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in _KEEP


def visible(ch: str) -> str:
    return f"<U+{ord(ch):04X}>"


def safe(text: str, keep_newlines: bool = True) -> str:
    """``text`` with every invisible character shown as ``<U+XXXX>``."""
    if not INVISIBLE.search(text) and (keep_newlines or "\n" not in text):
        return text
    return "".join(visible(c) if invisible(c) or (c == "\n" and not keep_newlines) else c for c in text)


class StreamError(OSError, SystemFailure):
    """Writing to standard output or standard error failed (a full disk
    behind ``>``); ``name`` says which."""

    def __init__(self, error: OSError, name: str):
        OSError.__init__(self, error.errno, error.strerror)
        self.error, self.name = error, name
        self.message = f"无法写入{name}：{error.strerror or error}"


class SafeStream:
    """A text stream that writes everything through :func:`safe`: the
    command line wraps stdout and stderr in it, so no message, summary or
    path can carry an escape sequence to the terminal. Bytes written to
    ``.buffer`` (a PDF on stdout) pass untouched."""

    def __init__(self, stream, name: str = "标准输出") -> None:
        self._stream = stream
        self.name = name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(safe(text))
        except BrokenPipeError:
            raise
        except OSError as exc:  # `> /dev/full`: said as the stream's failure, not a file's
            raise StreamError(exc, self.name) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StreamError(exc, self.name) from None

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def invisible_message(text: str, what: str) -> str | None:
    """The ``invisible-char`` warning for a one-line field (a department,
    a 自评表 cell) holding control, bidi or zero-width characters; None
    when it holds none. Prose has its own, with a fix per character."""
    if not INVISIBLE.search(text):
        return None
    found = list(dict.fromkeys(visible(c) for c in text if invisible(c)))
    if not found:
        return None
    names = "、".join(found[:5]) + ("…" if len(found) > 5 else "")
    return (f"{what}中有看不见的字符 {names}：它不显示，却会改变文字的显示顺序或让看似相同的文字不同；"
            "请在文件中删除它")
