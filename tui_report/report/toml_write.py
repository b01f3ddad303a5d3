"""Escaping text for TOML strings, shared by the store (edits through
tomlkit) and the writer (new report folders), so both write the same bytes
for the same text."""

from __future__ import annotations

import re
from decimal import Decimal

#: Characters TOML strings may not hold literally (tab and, in multi-line
#: strings, newline are allowed).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _unicode_escape(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def escape_basic(text: str) -> str:
    """Inside a one-line ``"…"`` string."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return CONTROL.sub(_unicode_escape, text)


def escape_multiline_basic(text: str) -> str:
    """Inside a ``\"\"\"…\"\"\"`` string: newlines and tabs stay as they are."""
    text = text.replace("\\", "\\\\").replace('"""', '""\\"').replace("\r", "\\r")
    return CONTROL.sub(_unicode_escape, text)


def literal_ok(text: str, multiline: bool) -> bool:
    """Whether ``text`` can be written as a literal (unescaped) string."""
    quote = "'''" if multiline else "'"
    if quote in text or CONTROL.search(text) or "\r" in text:
        return False
    return multiline or "\n" not in text


def basic(text: str) -> str:
    return '"' + escape_basic(text) + '"'


def multiline(text: str) -> str:
    """A body as the sample writes it: ``'''`` literal when the text allows,
    else ``\"\"\"`` escaped; the text starts on the line after the quotes."""
    if literal_ok(text, multiline=True):
        return "'''\n" + text + "\n'''"
    return '"""\n' + escape_multiline_basic(text) + '\n"""'


def string_like(old, text: str, multiline: bool):
    """A tomlkit string for ``text`` written in the same style as ``old``, so
    an edit changes only the lines whose text changed."""
    from tomlkit.items import String, StringType, Trivia

    trivia = old.trivia if hasattr(old, "trivia") else Trivia()
    kind = old.type if isinstance(old, String) else None
    # literal strings cannot hold control characters (TOML allows only tab)
    controls = bool(CONTROL.search(text))
    if multiline:  # a title keeps its newlines escaped: the loader trims only bodies
        if kind not in (StringType.MLB, StringType.MLL):
            kind = StringType.MLL
        if kind == StringType.MLL and ("'''" in text or "\r" in text or controls):
            kind = StringType.MLB
        if kind == StringType.MLB:
            raw = escape_multiline_basic(text)
        else:
            raw = text
        # a newline after the opening delimiter keeps every paragraph on a
        # line of its own; a closing delimiter on its own line likewise
        if not raw:  # an empty multi-line string reads as six quotes: write ""
            return String(StringType.SLB, "", "", trivia)
        return String(kind, text + "\n", "\n" + raw + "\n", trivia)
    if kind == StringType.SLL and "'" not in text and not controls:
        return String(kind, text, text, trivia)
    return String(StringType.SLB, text, escape_basic(text), trivia)


def decimal_item(value: Decimal | None):
    """A TOML number whose text is exactly the Decimal's text (tomlkit's float
    value is never read back: we re-read the text as Decimal)."""
    import tomlkit
    from tomlkit.items import Float, Integer, Trivia

    if value is None:
        return tomlkit.string("")
    text = format(value, "f")
    if "." in text:
        return Float(float(value), Trivia(), text)
    return Integer(int(value), Trivia(), text)
